"""The reference of the ``publisher`` command, read from its click definitions."""

from __future__ import annotations

from collections.abc import Iterator

import click

EXIT_STATUS = [
    "| status | meaning |",
    "|---|---|",
    "| 0 | done (warnings may have been printed); also when the reader of stdout closed it early (`\\| head`) |",
    "| 1 | problems in your files: each printed as `path:line: error: message` on stderr |",
    "| 2 | a wrong command line (an unknown option, a missing argument) |",
    '| 70 | a bug in publisher: "internal error", the traceback saved under `build/.logs/` |',
    "| 130 | interrupted (Ctrl-C) |",
]


def commands() -> Iterator[tuple[str, click.Command]]:
    """The main group, then each command, by name."""
    from publisher.cli import main

    yield "publisher", main
    assert isinstance(main, click.Group)
    for name in sorted(main.commands):
        yield f"publisher {name}", main.commands[name]


def _options(command: click.Command) -> Iterator[click.Parameter]:
    for param in command.params:
        if param.name not in ("help",):
            yield param


def _type(param: click.Parameter) -> str:
    if isinstance(param, click.Option) and param.is_flag:
        return "flag"
    if isinstance(param.type, click.Choice):
        return " \\| ".join(map(str, param.type.choices))
    if isinstance(param.type, click.IntRange):
        return f"whole number {param.type.min}–{param.type.max}"
    if isinstance(param.type, click.Path):
        return "folder" if not param.type.file_okay else "file" if not param.type.dir_okay else "path"
    return {"integer": "whole number", "text": "text"}.get(param.type.name, param.type.name)


def _default(param: click.Parameter, given: str | None) -> str:
    """entries.yaml's word for it (``all documents``), else the option's own default."""
    if given:
        return given
    if isinstance(param, click.Option) and param.is_flag:
        return "off"
    if param.default is None or type(param.default).__name__ == "Sentinel" or param.multiple:  # click's UNSET
        return "—"
    return f"`{param.default}`"


def _name(param: click.Parameter) -> str:
    if isinstance(param, click.Argument):
        return (param.name or "").upper()
    long = [o for o in param.opts if o.startswith("--")]
    return (long or param.opts)[0]


def example(command: str, param: click.Parameter, examples: dict[str, str]) -> str:
    """The option's example from entries.yaml, else one made from its type."""
    given = examples.get(f"{command} {_name(param)}")
    if given:
        return given
    if isinstance(param, click.Argument):
        return f"{command} {'my-report' if param.name == 'directory' else (param.name or '').upper()}"
    if isinstance(param, click.Option) and param.is_flag:
        return f"{command} {_name(param)}"
    if isinstance(param.type, click.Choice):
        return f"{command} {_name(param)} {param.type.choices[0]}"
    return f"{command} {_name(param)} {param.default if param.default is not None else 'VALUE'}"


def undocumented(arguments: dict[str, str]) -> list[str]:
    """Commands, options and arguments with nothing to say about them: no help text (an argument:
    no entry in ``arguments``)."""
    missing = []
    for name, command in commands():
        if not (command.help or "").strip():
            missing.append(name)
        for param in _options(command):
            said = param.help if isinstance(param, click.Option) else arguments.get(f"{name} {_name(param)}")
            if not (said or "").strip():
                missing.append(f"{name} {_name(param)}")
    return missing


def render(examples: dict[str, str], defaults: dict[str, str], arguments: dict[str, str]) -> list[str]:
    out = ["## Commands", "", "`publisher [-C DIR] COMMAND [OPTIONS]`; `publisher COMMAND --help` says the same.", ""]
    for name, command in commands():
        out += [f"### `{name}`", "", (command.help or "").strip().split("\n\n")[0], ""]
        params = list(_options(command))
        if params:
            out += ["| option | short | type | default | example | what it does |", "|---|---|---|---|---|---|"]
        else:
            out += ["No options.", ""]
        for param in params:
            short = ", ".join(f"`{o}`" for o in param.opts if not o.startswith("--") and o.startswith("-"))
            key = f"{name} {_name(param)}"
            text = str(getattr(param, "help", None) or arguments.get(key, "")).replace("|", "\\|")
            out.append(
                f"| `{_name(param)}` | {short or '—'} | {_type(param)} | {_default(param, defaults.get(key))} | "
                f"`{example(name, param, examples)}` | {text} |"
            )
        out.append("")
    return [*out, "## Exit status", "", *EXIT_STATUS]
