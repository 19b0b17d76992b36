"""The examples of README.md and docs/*.md, as the tests run them (doctests for the docs).

Every fenced block of a page is preceded by a directive, an HTML comment that GitHub does not show::

    <!-- example: excerpt -->                 part of a file, a listing or an output: not run
    <!-- example: write PATH -->              the block is the whole file PATH of a scratch project
    <!-- example: merge PATH -->              its top-level keys replace PATH's (a YAML mapping)
    <!-- example: append PATH -->             added at the end of PATH (a few lines of a chapter)
    <!-- example: run -->                     shell lines run one after another in a scratch project
    <!-- example: commands -->                `publisher …` lines: parsed against the CLI, not run
    <!-- example: output -->                  what the previous example prints (each line must appear)

A directive may add options after its path: ``in=empty`` (an empty folder, not the sample),
``full`` (slow: run by ``make test-full`` only), ``expect="text"`` (the example fails, and its
messages contain the text). ``write``/``merge``/``append`` examples end with ``publisher check``;
several directives may share a scratch project: ``then`` on the next one goes on in the
previous example's project (a step of a walk-through).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DIRECTIVE = re.compile(r"^\s*<!--\s*example:\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
RUNNABLE = ("write", "merge", "append", "run")
KINDS = {"excerpt", "commands", "output", *RUNNABLE}


@dataclass
class Example:
    """One fenced block of a page and what its directive asks."""

    page: Path
    line: int
    """Line of the opening fence (1-based)."""
    info: str
    text: str
    kind: str = ""
    path: str = ""
    options: dict[str, str] = field(default_factory=dict)
    output: str | None = None
    """The text of the ``output`` block that follows it, if any."""
    steps: list[Example] = field(default_factory=list)
    """The examples done first in its project (``then``: a step of a walk-through)."""

    @property
    def where(self) -> str:
        shown = self.page.relative_to(REPO) if self.page.is_relative_to(REPO) else self.page.name
        return f"{shown}:{self.line}"

    @property
    def full(self) -> bool:
        return "full" in self.options


def pages() -> list[Path]:
    """README.md and every page of docs/ (a page added later is included)."""
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def _directive(text: str) -> tuple[str, str, dict[str, str]]:
    words = shlex.split(text)
    kind = words[0] if words else ""
    path, options = "", {}
    for word in words[1:]:
        if "=" in word:
            key, value = word.split("=", 1)
            options[key] = value
        elif word in ("full", "then"):
            options[word] = ""
        else:
            path = word
    return kind, path, options


def parse(page: Path) -> tuple[list[Example], list[str]]:
    """The page's examples, and its problems (a fence without a directive, an unknown directive)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    examples: list[Example] = []
    problems: list[str] = []
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence, info = match.groups()
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        body = "\n".join(line[len(indent) :] if line.startswith(indent) else line for line in lines[index + 1 : end])
        example = Example(page, index + 1, info.strip(), body + "\n")
        before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        directive = DIRECTIVE.match(before)
        if directive is None:
            problems.append(f"{example.where}: a fenced block without a directive (<!-- example: … --> before it)")
        else:
            example.kind, example.path, example.options = _directive(directive.group(1))
            if example.kind not in KINDS:
                problems.append(
                    f"{example.where}: unknown directive {example.kind!r} (expected one of {sorted(KINDS)})"
                )
            elif example.kind in ("write", "merge", "append") and not example.path:
                problems.append(f"{example.where}: `{example.kind}` needs the path the block is written to")
        if example.kind == "output" and examples:
            examples[-1].output = example.text
        if "then" in example.options:
            previous = next((e for e in reversed(examples) if e.kind in RUNNABLE), None)
            if previous is None:
                problems.append(f"{example.where}: `then` with no example before it")
            else:
                example.steps = [*previous.steps, previous]
                example.options.setdefault("in", previous.options.get("in", ""))
        examples.append(example)
        index = end + 1
    return examples, problems


def all_examples() -> tuple[list[Example], list[str]]:
    examples: list[Example] = []
    problems: list[str] = []
    for page in pages():
        found, wrong = parse(page)
        examples += found
        problems += wrong
    return examples, problems


def runnable(full: bool) -> list[Example]:
    """The examples the tests run: ``make test``'s (full=False) or ``make test-full``'s."""
    examples, _ = all_examples()
    return [e for e in examples if e.kind in (*RUNNABLE, "commands") and e.full == full]


# Running one example -------------------------------------------------------------------------------------


def scratch(example: Example, folder: Path) -> Path:
    """The folder the example runs in: a copy of the sample publication, or an empty folder."""
    from helpers import copy_project

    if example.options.get("in") == "empty":
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return copy_project(folder)


def merge_yaml(path: Path, block: str) -> None:
    """Replace ``path``'s top-level keys by those of ``block`` (as an editor pastes a snippet)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    data.update(yaml.safe_load(block) or {})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def publisher_check(project: Path) -> tuple[int, str]:
    """``publisher check`` in the project (in this process: the tool's own command)."""
    from click.testing import CliRunner

    from publisher.cli import main

    result = CliRunner().invoke(main, ["-C", str(project), "check"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def run_shell(example: Example, project: Path) -> tuple[int, str]:
    """The block's lines in bash (stopping at the first failure), ``publisher`` the tool under test."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    home = project.parent / "home"
    home.mkdir(exist_ok=True)
    env["HOME"] = str(home)
    script = "set -e -o pipefail\n" + example.text.replace("~/", f"{home}/").replace("cd ~ ", f"cd {home} ")
    done = subprocess.run(
        ["bash", "-c", script], cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    return done.returncode, done.stdout + done.stderr


def _command_lines(text: str) -> list[tuple[str, list[str]]]:
    """The ``publisher …`` commands of shell lines, split at ``&&``, ``;`` and ``|``, without their
    redirections (``> file``) and comments: (as shown, the words passed to the tool)."""
    found = []
    for line in text.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        words: list[str] = []
        redirected = False
        for token in [*lexer, ";"]:
            if token in (";", "&&", "||", "|", "&"):
                if words and words[0] == "publisher":
                    found.append((" ".join(words), words))
                words, redirected = [], False
            elif token in (">", ">>", "<"):
                redirected = True  # the next word is a file, not an argument
            elif redirected:
                redirected = False
            else:
                words.append(token)
    return found


def parse_commands(example: Example) -> list[str]:
    """Each ``publisher …`` line of the block parsed by the CLI as the shell would pass it: the
    problems (an unknown option, a wrong choice, a missing argument)."""
    import click

    from publisher.cli import main

    problems = []
    for line, words in _command_lines(example.text):
        try:
            ctx = main.make_context("publisher", words[1:])
            rest = [*ctx._protected_args, *ctx.args]
            if not rest:
                raise click.UsageError("no command")
            name, command, args = main.resolve_command(ctx, rest)
            assert command is not None and name is not None
            command.make_context(name, args, parent=ctx)
        except click.exceptions.Exit:
            pass  # --version, --help: eager options that end the parsing
        except click.UsageError as exc:
            problems.append(f"`{line}`: {exc.format_message()}")
    return problems


def missing_output(expected: str, actual: str) -> list[str]:
    """The lines of ``expected`` that no line of ``actual`` shows (``…`` stands for any text)."""
    lines = [" ".join(line.split()) for line in actual.splitlines()]
    missing = []
    for want in expected.splitlines():
        if not want.strip():
            continue
        parts = [re.escape(" ".join(p.split())) for p in want.split("…")]
        pattern = re.compile(".*".join(parts))
        if not any(pattern.search(line) for line in lines):
            missing.append(want)
    return missing


def apply(example: Example, project: Path, check: bool = True) -> tuple[int, str]:
    """Do what the example says in ``project``; its exit status and output (``check``: of
    ``publisher check`` after a file is written)."""
    if example.kind == "run":
        return run_shell(example, project)
    target = project / example.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if example.kind == "merge" and target.exists():
        merge_yaml(target, example.text)
    elif example.kind == "append":
        with target.open("a", encoding="utf-8") as fh:
            fh.write("\n" + example.text)
    else:
        target.write_text(example.text, encoding="utf-8")
    return publisher_check(project) if check else (0, "")


def run_example(example: Example, folder: Path) -> str:
    """Run the example in ``folder`` (after the steps it follows); what went wrong ("" when it does
    what its page says)."""
    if example.kind == "commands":
        return "\n".join(parse_commands(example))
    project = scratch(example.steps[0] if example.steps else example, folder / "project")
    for step in example.steps:
        apply(step, project, check=False)
    status, output = apply(example, project)
    expect = example.options.get("expect")
    if expect is not None:
        if status == 0:
            return f"expected it to fail with {expect!r}, but it succeeded:\n{output}"
        return "" if not missing_output(expect, output) else f"expected {expect!r} in:\n{output}"
    if status != 0:
        return f"exit status {status}:\n{output}"
    missing = missing_output(example.output or "", output)
    return f"the output lacks {missing}:\n{output}" if missing else ""
