"""YAML reading that keeps line numbers, so every problem can be reported at ``path:line``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from publisher.diagnostics import PublisherError, display_path

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


def _walk(node: yaml.Node, prefix: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            lines[prefix + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, prefix + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[prefix + (index,)] = item.start_mark.line + 1
            _walk(item, prefix + (index,), lines)


def parse_yaml(text: str, path: str | Path, base_line: int = 0) -> LocatedYAML:
    """Parse YAML text; a syntax error becomes a :class:`PublisherError` at its line.

    ``base_line`` shifts reported lines, for YAML embedded in another file (front matter).
    """
    shown = display_path(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # "while parsing a flow sequence / scanning a quoted scalar …": the construct that was
        # left open starts at the context mark, which is where the editor has to look.
        mark = exc.context_mark or exc.problem_mark
        line = (mark.line + 1 if mark else 1) + base_line
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark is not None and exc.problem:
            problem = f"{exc.context}: {exc.problem}"
        raise PublisherError.at(shown, line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise PublisherError.at(shown, 1 + base_line, f"invalid YAML: {exc}") from None
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return LocatedYAML(data, lines, shown, base_line)


_CACHE: dict[tuple[str, int, int], LocatedYAML] = {}


def load_yaml(path: Path) -> LocatedYAML:
    """Read and parse a YAML file (UTF-8).

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
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PublisherError.at(path, 1, f"not UTF-8 text: {exc.reason}") from None
    except OSError as exc:
        raise PublisherError.at(path, 0, f"cannot read: {exc.strerror}") from None
    located = parse_yaml(text, path)
    if key is not None:
        if len(_CACHE) > 512:
            _CACHE.clear()
        _CACHE[key] = located
    return located
