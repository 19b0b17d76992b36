"""YAML reading that keeps line numbers, so every problem can be reported at ``path:line``."""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

import yaml

from publisher.diagnostics import Diagnostics, PublisherError, display_path
from publisher.languages import DEFAULT
from publisher.load.textfile import read_text

KeyPath = tuple[str | int, ...]


class LocatedYAML:
    """Parsed YAML plus the source line (1-based) of every key path in it."""

    def __init__(self, data: Any, lines: dict[KeyPath, int], path: str, base_line: int = 0):
        self.data = data
        self.lines = lines
        self.path = path
        self.base_line = base_line

    def line(self, *keys: str | int) -> int:
        """The line of ``keys``, or of the nearest enclosing key that has one."""
        key = tuple(keys)
        while key:
            if key in self.lines:
                return self.lines[key] + self.base_line
            key = key[:-1]
        return self.lines.get((), 1) + self.base_line


class _Lines:
    """Line numbers from character offsets, counting ``\n`` only.

    PyYAML's marks also count U+0085, U+2028 and U+2029 as line breaks, which editors show
    inside a line: an offset gives the line the editor shows.
    """

    def __init__(self, text: str):
        self.starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        self.last = max(len(self.starts) - (1 if text.endswith("\n") else 0), 1)
        """The last line of the text: the end of the stream, after a final newline, is on it."""

    def at_offset(self, index: int) -> int:
        return min(bisect.bisect_right(self.starts, index), self.last)

    def of(self, mark: yaml.Mark) -> int:
        return self.at_offset(mark.index)


def _walk(node: yaml.Node, prefix: KeyPath, lines: dict[KeyPath, int], at: _Lines) -> None:
    lines.setdefault(prefix, at.of(node.start_mark))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            lines[prefix + (key,)] = at.of(key_node.start_mark)
            _walk(value_node, prefix + (key,), lines, at)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[prefix + (index,)] = at.of(item.start_mark)
            _walk(item, prefix + (index,), lines, at)


def _tab_problem(text: str, mark: yaml.Mark, at: _Lines) -> str | None:
    """What to tell an editor whose YAML has a tab where PyYAML refuses one (None: not a tab)."""
    if text[mark.index : mark.index + 1] != "\t":
        return None
    line_start = at.starts[at.of(mark) - 1]
    column = mark.index - line_start + 1
    if not text[line_start : mark.index].strip(" \t"):
        return (
            f"a tab in the indentation (column {column}): YAML indents with spaces only — replace the tab with spaces"
        )
    return f"a tab at column {column}: YAML separates with spaces — replace the tab with a space"


def parse_yaml(text: str, path: str | Path, base_line: int = 0) -> LocatedYAML:
    """Parse YAML text; a syntax error becomes a :class:`PublisherError` at its line.

    ``base_line`` shifts reported lines, for YAML embedded in another file (front matter).
    """
    shown = display_path(path)
    at = _Lines(text)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        tab_mark = exc.problem_mark
        tab = _tab_problem(text, tab_mark, at) if tab_mark is not None else None
        if tab is not None and tab_mark is not None:
            raise PublisherError.at(shown, at.of(tab_mark) + base_line, f"invalid YAML: {tab}") from None
        # "while parsing a flow sequence / scanning a quoted scalar …": the construct that was
        # left open starts at the context mark, which is where the editor has to look.
        mark = exc.context_mark or exc.problem_mark
        line = (at.of(mark) if mark else 1) + base_line
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark is not None and exc.problem:
            problem = f"{exc.context}: {exc.problem}"
        raise PublisherError.at(shown, line, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line = at.at_offset(exc.position) + base_line
        raise PublisherError.at(
            shown, line, f"invalid YAML: the control character U+{char:04X} is not allowed"
        ) from None
    except yaml.YAMLError as exc:
        raise PublisherError.at(shown, 1 + base_line, f"invalid YAML: {exc}") from None
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _walk(node, (), lines, at)
    return LocatedYAML(data, lines, shown, base_line)


_CACHE: dict[tuple[str, int, int], LocatedYAML] = {}


def load_yaml(path: Path) -> LocatedYAML:
    """Read and parse a YAML file (UTF-8, see :func:`publisher.load.textfile.read_text`).

    Parsed files are kept per (path, mtime, size), so a long-running process (the live
    preview) re-parses only the files that changed. Callers must not modify the result.
    """
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    located = parse_yaml(read_text(path), path)
    if key is not None:
        if len(_CACHE) > 512:
            _CACHE.clear()
        _CACHE[key] = located
    return located


class Reader:
    """Validation helpers that record problems with the YAML line of each key."""

    def __init__(self, doc: LocatedYAML, diags: Diagnostics):
        self.doc = doc
        self.diags = diags
        self.languages_known = True
        """False once ``languages`` is unusable: texts per language are then not checked against it
        (one error, not one per language)."""

    def error(self, keys: tuple[str | int, ...], message: str) -> None:
        shown = ".".join(str(k) for k in keys)
        prefix = f"{shown}: " if shown else ""
        self.diags.error(self.doc.path, self.doc.line(*keys), prefix + message)

    def unknown_keys(self, value: dict[str, Any], allowed: set[str], keys: tuple[str | int, ...]) -> None:
        for key in value:
            if key not in allowed:
                self.error(keys + (key,), f"unknown key (expected one of: {', '.join(sorted(allowed))})")

    def per_language(
        self,
        value: Any,
        keys: tuple[str | int, ...],
        languages: tuple[str, ...],
        required: bool = True,
        also: tuple[str, ...] = (),
        owner: str = "`languages`",
    ) -> dict[str, str]:
        """A ``{language: text}`` mapping with a text for each of ``languages`` (if ``required``);
        texts in the languages ``also`` are allowed too. ``owner`` names whose languages they are."""
        if value is None and not required:
            return {}
        if isinstance(value, str) and not required:
            return {lang: value for lang in languages}
        if not isinstance(value, dict):
            example = ", ".join(f"{code}: …" for code in languages[:2]) or f"{DEFAULT}: …"
            self.error(keys, f"expected a mapping of language → text, e.g. {{{example}}}")
            return {}
        result: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in languages and lang not in also and self.languages_known:
                self.error(keys + (lang,), f"language {lang!r} is not in {owner}")
            elif not isinstance(text, str) or not text.strip():
                self.error(keys + (lang,), "expected non-empty text")
            else:
                result[lang] = text
        for lang in languages if self.languages_known else ():
            if lang not in value and required:
                self.error(keys, f"missing the {lang!r} text")
        return result

    def number(self, value: Any, keys: tuple[str | int, ...], minimum: float = 0) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(keys, f"expected a number, got {value!r}")
            return None
        if value < minimum:
            self.error(keys, f"must be at least {minimum:g}")
            return None
        return float(value)

    def provisional(self, value: Any, keys: tuple[str | int, ...], allowed: tuple[str, ...]) -> frozenset[str]:
        """``provisional: [key, …]``: the keys (among ``allowed``) whose values are to be confirmed."""
        if value is None:
            return frozenset()
        if not isinstance(value, list):
            self.error(keys, f"expected a list of keys, such as [{allowed[0]}], got {value!r}")
            return frozenset()
        marked: set[str] = set()
        for index, key in enumerate(value):
            if key not in allowed:
                self.error(keys + (index,), f"{key!r} cannot be marked provisional (expected: {', '.join(allowed)})")
            else:
                marked.add(key)
        return frozenset(marked)
