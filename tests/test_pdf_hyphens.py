"""A hyphen-minus comes back from the PDF as a hyphen-minus, though its face draws it with the glyph of
the hyphen WeasyPrint adds where it hyphenates (``publisher.pdf.actualtext``); hyphenated lines are
joined by a reader."""

from __future__ import annotations

from pathlib import Path

from helpers import pdf_text


def test_a_hyphen_minus_in_the_turkish_report_comes_back_as_typed(built: Path) -> None:
    source = (built / "content" / "tr" / "report" / "05-recommendations.md").read_text(encoding="utf-8")
    assert "Partner-search" in source
    for folder in ("pdf", "print"):
        text = " ".join(pdf_text(built / "build" / folder / "report.tr.pdf").split())
        assert "Partner-search" in text and "Partner\u2010search" not in text, folder


def test_hyphenated_lines_come_back_joined(built: Path) -> None:
    """The glyph shared by the added hyphen and the hyphen-minus reads as a hyphen-minus, which Poppler
    joins to the next line: the Turkish report's hyphenated words come back whole."""
    text = pdf_text(built / "build" / "pdf" / "report.tr.pdf")
    assert not [line for line in text.splitlines() if line.endswith("\u2010")]
    assert "kapsamında" in text and "Ripalimosani" in text
