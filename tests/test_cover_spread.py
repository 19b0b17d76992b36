"""The cover and the binding as a printer takes them: a perfect-bound book's cover spread (back, spine,
front) with the spine computed from the text block, the right-to-left book's front on the left, and
``publisher check`` saying when a binding cannot be made.

The sample is saddle-stitched (its books are too thin to perfect-bind: ``check`` says so); here a copy
of it is switched to perfect binding on thick paper (a spine wide enough for its title) and orders
the Arabic report, and its English and Arabic reports are printed.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from conftest import copy_project

from publisher.load.print_settings import Paper, PrintSettings
from publisher.pdf.binding import binding_advice

MM = 72 / 25.4
CALIPER_UM, BOARD_UM = 500, 250


@pytest.fixture(scope="module")
def perfect(tmp_path_factory) -> Path:
    from publisher.pipeline.stages import build

    root = copy_project(tmp_path_factory.mktemp("perfect"))
    config = root / "publication.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("binding: saddle-stitch", "binding: perfect").replace("  cover: separate", "  # cover")
    text = text.replace("caliper_um: 100", f"caliper_um: {CALIPER_UM}")
    text = text.replace("print_runs: {tr: 800, it: 350, en: 350}", "print_runs: {tr: 800, it: 350, en: 350, ar: 40}")
    config.write_text(text, encoding="utf-8")
    _, diags = build(root, documents=["report"], languages=["en", "ar"], formats=["print"])
    assert not diags.errors, "\n".join(map(str, diags.errors))
    return root


def _region_text(path: Path, x_mm: float, width_mm: float) -> str:
    """The text poppler reads in a vertical band of the cover's trim box (from its left edge)."""
    with pikepdf.open(path) as pdf:
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
        media = [float(v) for v in pdf.pages[0].obj.MediaBox]
    x = trim[0] - media[0] + x_mm * MM
    height = media[3] - media[1]
    out = subprocess.run(
        [
            "pdftotext",
            "-x",
            str(int(x)),
            "-y",
            "0",
            "-W",
            str(int(width_mm * MM)),
            "-H",
            str(int(height)),
            str(path),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(out.split())


def test_spread_is_back_spine_front_with_the_computed_spine(perfect):
    from publisher.load.config import load_publication
    from publisher.pdf.preflight import preflight_publication

    folder = perfect / "build" / "print"
    for lang in ("en", "ar"):
        with pikepdf.open(folder / f"report.{lang}.pdf") as pdf:
            pages = len(pdf.pages)
        assert pages % 16 == 0  # 16-page signatures
        spine = pages / 2 * CALIPER_UM / 1000 + 2 * BOARD_UM / 1000
        with pikepdf.open(folder / f"report.{lang}.cover.pdf") as pdf:
            assert len(pdf.pages) == 1
            page = pdf.pages[0]
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            assert (trim[2] - trim[0]) / MM == pytest.approx(2 * 210 + spine, abs=0.05), lang
            assert (trim[3] - trim[1]) / MM == pytest.approx(297, abs=0.05)
            assert [(trim[0] - bleed[0]) / MM, (bleed[3] - trim[3]) / MM] == pytest.approx([3, 3], abs=0.01)
            # fold marks in registration colour at the spine's two edges, above and below the trim
            ops = list(pikepdf.parse_content_stream(page))
            xs = {round(float(o[0]), 1) for o, op in ops if str(op) == "m" and float(o[1]) > trim[3]}
            for fold in (trim[0] + 210 * MM, trim[0] + (210 + spine) * MM):
                assert round(fold, 1) in xs, (lang, fold, xs)
    reports = preflight_publication(load_publication(perfect), perfect / "build", use_cache=False)
    covers = [r for r in reports if r.path.name.endswith(".cover.pdf")]
    assert [r.path.name for r in covers] == ["report.en.cover.pdf", "report.ar.cover.pdf"]
    assert all(r.pdfx == "PDF/X-4" and not r.problems for r in covers), [p for r in covers for p in r.problems]


def test_front_on_the_right_or_on_the_left_for_a_right_to_left_book(perfect):
    folder = perfect / "build" / "print"
    english = folder / "report.en.cover.pdf"
    assert "Governorship of Izmir, Bureau of European Union" in _region_text(english, 215, 205)  # front
    assert "Governorship of Izmir, Bureau" not in _region_text(english, 0, 205)  # back
    arabic = folder / "report.ar.cover.pdf"  # the date is on the front cover only
    assert "2020" in _region_text(arabic, 0, 205)  # front on the left
    assert "2020" not in _region_text(arabic, 215, 205)
    assert "2020" in _region_text(english, 215, 205) and "2020" not in _region_text(english, 0, 205)
    for lang in ("en", "ar"):  # the text block says which edge it is bound on
        with pikepdf.open(folder / f"report.{lang}.pdf") as pdf:
            direction = str(pdf.Root.get("/ViewerPreferences", {}).get("/Direction", "/L2R"))
        assert direction == ("/R2L" if lang == "ar" else "/L2R")


def test_spine_carries_the_title_when_wide_enough(perfect):
    spine_text = _region_text(perfect / "build" / "print" / "report.en.cover.pdf", 210.5, 7)
    assert "Sustainable Migration" in spine_text, spine_text


def test_check_says_when_a_binding_cannot_be_made(perfect, built):
    from publisher.cli import main

    runner = CliRunner(env={"COLUMNS": "200"})
    result = runner.invoke(main, ["-C", str(built), "check"])  # the sample: saddle-stitched, and why
    assert result.exit_code == 0, result.output
    assert re.search(
        r"publication\.yaml:\d+: note: report\.en: saddle-stitched, \d+ pages with the cover", result.output
    )
    assert "perfect-bound, its spine would be" in result.output
    config = perfect / "publication.yaml"  # the perfect-bound copy on ordinary paper: too thin to glue
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f"caliper_um: {CALIPER_UM}", "caliper_um: 100"), encoding="utf-8")
    try:
        result = runner.invoke(main, ["-C", str(perfect), "check", "--strict"])
    finally:
        config.write_text(text, encoding="utf-8")  # the other tests read the built copy's settings
    assert result.exit_code == 1, result.output
    assert re.search(
        r"publication\.yaml:\d+: warning: report\.ar: a 32-page text block makes a 2\.1 mm spine, under the "
        r"printer's minimum of 3 mm \(print\.min_spine_mm\): it cannot be perfect-bound; use print\.binding: "
        r"saddle-stitch \(28 pages with a separate cover\)",
        result.output,
    ), result.output
    assert "8-page signatures would leave 2 (print.signature: 8)" in result.output


def test_a_saddle_stitched_book_too_thick_is_told_to_use_perfect_binding():
    settings = PrintSettings(binding="saddle-stitch", cover="separate", paper=Paper(caliper_um=100))
    advice = binding_advice("big.en", 90, 6, 0, settings)
    assert advice[0] == (
        "warning: big.en: 100 pages is more than saddle-stitching holds (64, print.saddle_max_pages); "
        "use print.binding: perfect (a 5.3 mm spine)"
    )
    assert binding_advice("small.en", 20, 4, 0, settings)[0].startswith("note: small.en: saddle-stitched, 28 pages")


def test_spine_text_only_from_6_mm():
    """The spread's geometry hides the spine's title below 6 mm (a 64-page block at 70 µm: 2.7 mm)."""
    from publisher.pdf.cover import spread_geometry

    thin = PrintSettings(paper=Paper(caliper_um=70))
    thick = PrintSettings(paper=Paper(caliper_um=170))  # 64 pages: 5.44 + 0.5 = 5.94 mm, still under
    thicker = PrintSettings(paper=Paper(caliper_um=175))  # 5.6 + 0.5 = 6.1 mm
    assert "display: none" in spread_geometry(thin, 64)
    assert "display: none" in spread_geometry(thick, 64)
    assert "display: none" not in spread_geometry(thicker, 64)
    assert "size: 426.100mm 297.000mm" in spread_geometry(thicker, 64)
