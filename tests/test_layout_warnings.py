"""WeasyPrint's warnings are reported where they come from (issue 23 §6): a style declaration it
ignores at the template's line; what it cannot place says what is known (the book), not the PDF."""

from __future__ import annotations

from pathlib import Path

from helpers import override
from tinyproject import copy_tiny

from publisher.pipeline.stages import build


def test_an_ignored_style_declaration_is_reported_at_its_template_line(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path / "tiny")
    css = override(root, "print/document.css.j2")
    lines = css.read_text(encoding="utf-8").splitlines()
    css.write_text("\n".join([*lines, ".cover-title { colr: red; }"]) + "\n", encoding="utf-8")
    _, diags = build(root, languages=["en"], formats=["pdf"], jobs=1)
    assert not diags.errors, [str(p) for p in diags.errors]
    found = [p for p in diags.warnings if "colr" in p.message]
    assert found, [str(p) for p in diags.warnings]
    assert all(p.path.endswith("templates/print/document.css.j2") and p.line == len(lines) + 1 for p in found), found
    assert found[0].message.startswith("WeasyPrint: Ignored `colr: red` at ")
