"""One layout, two PDFs: each book (document × language) is laid out once; the printer's and the
digital PDF are written from that one layout.

Checked on the PDFs themselves: every page carries the same words at the same place relative
to its trim box in both (poppler's ``pdftotext -bbox``, page boxes read with pikepdf); and on
the build: an edited chapter lays out its book once, whichever of its PDFs are made.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from publisher.load.config import load_publication
from publisher.pipeline.stages import build

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def _words(path: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page: each word with its box in points, relative to the top left corner of the trim box."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    with pikepdf.open(path) as pdf:
        offsets = []
        for page in pdf.pages:
            crop = [float(v) for v in page.obj.get("/CropBox", page.obj.MediaBox)]
            trim = [float(v) for v in page.obj.get("/TrimBox", crop)]
            offsets.append((trim[0] - crop[0], crop[3] - trim[3]))  # poppler measures from the crop box's top left
    pages = []
    for number, chunk in enumerate(out.split("<page ")[1:]):
        dx, dy = offsets[number]
        pages.append(
            [
                (
                    html.unescape(text),
                    round(float(x0) - dx, 1),
                    round(float(y0) - dy, 1),
                    round(float(x1) - dx, 1),
                    round(float(y1) - dy, 1),
                )  # fmt: skip
                for x0, y0, x1, y1, text in WORD.findall(chunk)
            ]
        )
    return pages


def _books(root: Path) -> list[str]:
    """Every book of the publication (document × its languages), each found as a digital PDF."""
    publication = load_publication(root)
    names = sorted(f"{doc.id}.{lang}" for doc in publication.documents for lang in doc.languages)
    assert len(names) > len(publication.languages)  # more than one document
    assert sorted(p.stem for p in (root / "build" / "pdf").glob("*.*.pdf")) == names
    return names


def test_every_page_has_the_same_text_at_the_same_place_in_both_pdfs(built):
    """The printer's text block is the book from its title page (page 3) to the page before the back
    cover (and before the blank right-hand page ahead of it), then the padding: page for page the
    digital edition's (the covers are the cover spread's: tests/test_cover_spread.py)."""
    for name in _books(built):
        printed_path = built / "build" / "print" / f"{name}.pdf"
        if name == "report.ar":  # no print run: no printer's PDF
            assert not printed_path.exists()
            continue
        digital, printed = _words(built / "build" / "pdf" / f"{name}.pdf"), _words(printed_path)
        block = digital[2:-2] if digital[-2] == [] else digital[2:-1]
        assert len(printed) >= len(block) and digital[0] and digital[-1]  # the covers were read
        assert sum(1 for page in digital if page) > len(digital) // 2  # the words were read (versos may be blank)
        for number, (seen, printed_page) in enumerate(zip(block, printed, strict=False), 1):
            # as sets of placed words: poppler's reading order of a right-to-left page may differ
            # between the two (it groups Arabic words into lines by position, which the bleed shifts)
            assert sorted(printed_page) == sorted(seen), f"{name}: page {number} differs between the two PDFs"
        assert all(page == [] for page in printed[len(block) :])


def test_the_digital_pdf_is_cut_to_the_trim_the_printers_has_bleed_and_marks(built):
    for name in _books(built):
        with pikepdf.open(built / "build" / "pdf" / f"{name}.pdf") as pdf:
            for page in pdf.pages:
                media = [float(v) for v in page.obj.MediaBox]
                assert media == [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
                assert media[2] - media[0] == pytest.approx(595.28, abs=0.05)  # A4
        if name == "report.ar":
            continue
        with pikepdf.open(built / "build" / "print" / f"{name}.pdf") as pdf:
            page = pdf.pages[0]
            media, trim = [float(v) for v in page.obj.MediaBox], [float(v) for v in page.obj.TrimBox]
            assert trim[0] - media[0] > 3 * 72 / 25.4  # bleed and the marks' slug around the trim
            assert "/Annots" not in page.obj


def _edit(root: Path, rel: str) -> None:
    path = root / "content" / rel
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def test_an_edited_chapter_lays_out_its_book_once(make_project, monkeypatch):
    from publisher.pdf import engine

    root = make_project()
    results, diags = build(root, formats=["print", "pdf"], jobs=1, allow_stale=True)
    assert not diags.errors, "\n".join(map(str, diags.errors))
    laid_out: list[str] = []
    real = engine.lay_out

    def counting(html: str, base_dir: Path, roots: list[Path], **options: object) -> engine.Layout:
        if '<article class="chapter"' in html:  # a book (the job sheet is laid out too)
            laid_out.append(re.search(r"<html lang=\"(\w+)\"", html).group(1))  # type: ignore[union-attr]
        return real(html, base_dir, roots, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "lay_out", counting)
    _edit(root, "tr/doc/01-intro.md")
    results, diags = build(root, formats=["print", "pdf"], jobs=1, allow_stale=True)
    assert not diags.errors, "\n".join(map(str, diags.errors))
    assert laid_out == ["tr"]
    assert sorted(r.edition.name for r in results if r.rendered) == ["doc.tr.pdf", "doc.tr.print"]
    made = [r for r in results if r.rendered]
    assert made[0].layouts == made[1].layouts > 0  # both written from the one layout


def test_a_missing_digital_pdf_is_written_again_from_one_layout(make_project):
    root = make_project()
    results, diags = build(root, formats=["print", "pdf"], jobs=1, allow_stale=True)
    assert not diags.errors, "\n".join(map(str, diags.errors))
    before = (root / "build" / "print" / "doc.en.pdf").read_bytes()
    (root / "build" / "pdf" / "doc.en.pdf").unlink()
    results, diags = build(root, formats=["print", "pdf"], jobs=1, allow_stale=True)
    assert sorted(r.edition.name for r in results if r.rendered) == ["doc.en.pdf"]
    assert (root / "build" / "pdf" / "doc.en.pdf").is_file()
    assert (root / "build" / "print" / "doc.en.pdf").read_bytes() == before
