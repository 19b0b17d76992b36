"""Small modules and short functions, kept so: no module over 400 lines and no function over 80,
in the package, the tests and the benchmarks alike."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("publisher", "tests", "benchmarks")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def python_files() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py") if "node_modules" not in p.parts)


def too_long(path: Path, shown: str) -> list[str]:
    """``shown:line: what`` for the module at ``path`` if it is too long, and for each function that is
    (from its ``def`` line to its last, decorators not counted)."""
    source = path.read_text(encoding="utf-8")
    found = []
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(f"{shown}: {lines} lines (at most {MAX_MODULE_LINES})")
    for node in ast.walk(ast.parse(source, filename=shown)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{shown}:{node.lineno}: {node.name}() has {length} lines (at most {MAX_FUNCTION_LINES})")
    return found


def test_no_module_or_function_is_too_long() -> None:
    files = python_files()
    assert len(files) > 100  # the three folders were found
    assert [problem for path in files for problem in too_long(path, path.relative_to(ROOT).as_posix())] == []


@pytest.mark.parametrize(("lines", "body", "expected"), [(400, 79, 0), (401, 79, 1), (400, 80, 1), (401, 80, 2)])
def test_the_check_sees_a_long_module_and_a_long_function(tmp_path: Path, lines: int, body: int, expected: int) -> None:
    """The limits themselves: 400 lines and a function of 80 (its ``def`` line and 79 more) pass; one more fails."""
    module = tmp_path / "probe.py"
    function = ["def f() -> None:", *["    pass"] * body]
    module.write_text("\n".join(function + ["# filler"] * (lines - len(function))) + "\n", encoding="utf-8")
    assert len(too_long(module, "probe.py")) == expected
