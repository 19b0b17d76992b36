"""A hyphen-minus comes back from the PDF as a hyphen-minus, though its face draws it with the glyph of
the hyphen WeasyPrint adds where it hyphenates (``publisher.pdf.actualtext``); hyphenated lines are
still joined by a reader."""

from __future__ import annotations

from pathlib import Path

from helpers import pdf_text

from publisher.pdf.actualtext import needs_actual_text


def test_a_hyphen_minus_in_the_turkish_report_comes_back_as_typed(built: Path) -> None:
    source = (built / "content" / "tr" / "report" / "05-recommendations.md").read_text(encoding="utf-8")
    assert "Partner-search" in source
    for folder in ("pdf", "print"):
        text = " ".join(pdf_text(built / "build" / folder / "report.tr.pdf").split())
        assert "Partner-search" in text and "Partner\u2010search" not in text, folder


def test_only_lines_with_a_hyphen_minus_inside_carry_their_text() -> None:
    assert needs_actual_text("По-английски это town twinning.")
    assert needs_actual_text("Online Partner-search Portal")
    assert not needs_actual_text("no hyphen on this line")
    assert not needs_actual_text("a line that ends in a hyphen\u2010")  # joined to the next by a reader
    assert not needs_actual_text("a co-applicant at the end of a line broken at its own hyphen co-")
