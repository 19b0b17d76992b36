"""Counts that match the files: what the print-run tables and the job sheet say a printer's PDF holds —
printed pages, pages blank by design, padding — is what rendering the file shows.

Every page of each text block is rasterised (poppler, 20 dpi, grey) and looked at inside its trim box:
a page is blank when nothing is drawn there. The figures are then compared with print-runs.csv, the
job sheet and the marks the file carries; the text block is compared with the digital edition (the
same layout, covers included).
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
import yaml

MM = 72 / 25.4
DPI = 20


def _text_blocks(root: Path) -> list[Path]:
    paths = sorted(p for p in (root / "build" / "print").glob("*.*.pdf") if not p.name.endswith(".cover.pdf"))
    assert [p.name for p in paths] == [f"{d}.{lang}.pdf" for d in ("policy", "report") for lang in ("en", "it", "tr")]
    return paths


def drawn_pages(path: Path, tmp_path: Path) -> list[bool]:
    """For every page of ``path``: whether anything is drawn inside its trim box (one pixel in)."""
    from PIL import Image

    prefix = tmp_path / path.stem.replace(".", "-")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(path), str(prefix)], check=True, timeout=120)
    images = sorted(tmp_path.glob(f"{prefix.name}-*.pgm"))
    drawn = []
    scale = DPI / 72
    with pikepdf.open(path) as pdf:
        assert len(images) == len(pdf.pages)
        for page, image_path in zip(pdf.pages, images, strict=True):
            media = [float(v) for v in page.obj.MediaBox]
            trim = [float(v) for v in page.obj.TrimBox]
            box = (
                math.ceil((trim[0] - media[0]) * scale) + 1,
                math.ceil((media[3] - trim[3]) * scale) + 1,
                math.floor((trim[2] - media[0]) * scale) - 1,
                math.floor((media[3] - trim[1]) * scale) - 1,
            )
            with Image.open(image_path) as image:
                drawn.append(image.crop(box).getextrema()[0] < 250)
    return drawn


def _marks(path: Path) -> list[str]:
    """The blank mark of each page: '', '/Design' or '/Padding'."""
    with pikepdf.open(path) as pdf:
        kinds = []
        for page in pdf.pages:
            info = page.obj.get("/PieceInfo", {}).get("/PublisherBlank")
            kinds.append(str(info.Private.Kind) if info is not None else "")
    return kinds


def _page_texts(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


def _letters(page: str) -> Counter[str]:
    return Counter(c for c in page if c.isalnum())


@pytest.fixture(scope="module")
def rendered(built, tmp_path_factory) -> dict[str, list[bool]]:
    folder = tmp_path_factory.mktemp("raster")
    return {path.name: drawn_pages(path, folder) for path in _text_blocks(built)}


def test_blank_pages_are_the_pages_rendering_shows_blank(built, rendered):
    """Each page marked blank (by design or padding) draws nothing inside the trim; every other page does."""
    for path in _text_blocks(built):
        marks, drawn = _marks(path), rendered[path.name]
        assert [not d for d in drawn] == [bool(m) for m in marks], (path.name, marks, drawn)
        assert "/Padding" in marks and "/Design" in marks  # the sample has both: the checks above ran
        # the padding ends the text block (its cover is a separate file)
        first = marks.index("/Padding")
        assert set(marks[first:]) == {"/Padding"}, path.name


def test_print_runs_and_job_sheet_give_the_rendered_counts(built, rendered):
    rows = {
        f"{r['document']}.{r['language']}.pdf": r
        for r in csv.DictReader((built / "build" / "print" / "print-runs.csv").open(encoding="utf-8"))
    }
    sheet = " ".join(
        subprocess.run(
            ["pdftotext", str(built / "build" / "print" / "job-sheet.pdf"), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    for path in _text_blocks(built):
        marks, drawn = _marks(path), rendered[path.name]
        row = rows[path.name]
        counts = (sum(drawn), marks.count("/Design"), marks.count("/Padding"), len(drawn))
        columns = ("content_pages", "blank_pages", "padding_pages", "printed_pages")
        assert tuple(int(row[c]) for c in columns) == counts, path.name
        assert counts[0] + counts[1] + counts[2] == counts[3]
        assert row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        # the job sheet's row: (copies,) pages, printed, blank by design, padding
        lang = path.name.split(".")[1]
        row_text = rf"\({lang}\) [^()]{{0,40}}{counts[3]} {counts[0]} {counts[1]} {counts[2]} "
        assert re.search(row_text, sheet), path.name
        assert f"{path.name} text block: {counts[3]} pages" in sheet


def test_text_block_is_the_book_without_its_covers(built):
    """The text block's pages are the book's pages 3 to the last before the back cover (the digital
    edition has them all), then the padding; a saddle-stitched block is a multiple of 4 pages."""
    settings = yaml.safe_load((built / "publication.yaml").read_text(encoding="utf-8"))["print"]
    assert (settings["binding"], settings["cover"]) == ("saddle-stitch", "separate")
    for path in _text_blocks(built):
        block, book = _page_texts(path), _page_texts(built / "build" / "pdf" / path.name)
        marks = _marks(path)
        content = len(block) - marks.count("/Padding")
        assert len(block) % 4 == 0, path.name
        assert [_letters(t) for t in block[:content]] == [_letters(t) for t in book[2 : 2 + content]], path.name
        # what is left of the book is the back cover, and the blank recto before it when there is one
        rest = book[2 + content :]
        assert 1 <= len(rest) <= 2 and not "".join(rest[:-1]).strip() and rest[-1].strip(), path.name
        assert _letters(book[0]) not in [_letters(t) for t in block], path.name  # no front cover
