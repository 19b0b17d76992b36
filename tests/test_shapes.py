"""A matrix of publication shapes, each built end to end: the web edition and one PDF.

Every shape is a tiny publication written by tests/shapes.py into a temporary folder. Each test
asserts what the shape promises — the editions that exist and no others, links that resolve, the
printer's page count and trim, preflight — measured from the outputs themselves.
(Shapes about documents in a subset of the languages and new languages are in their own module.)
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pikepdf
import pytest
from helpers import broken_links, pdf_text, run_cli
from shapes import write_shape

from publisher.load.config import load_publication
from publisher.pdf.preflight import preflight_publication
from publisher.pipeline.stages import build

MM = 72 / 25.4
LINK = re.compile(r'(?:href|src)="([^"]+)"')


def built(root: Path, pdf_format: str, pdf_languages: list[str] | None = None) -> dict[tuple[str, str, str], Path]:
    """Build the whole web edition, then the PDFs of ``pdf_format`` in ``pdf_languages`` (default: all).

    No problem is expected (a partial build names no edition it was not asked for).
    Returns (document, language, format) → output.
    """
    results, diags = build(root, formats=["html"], jobs=1)
    assert not diags.problems, "\n".join(map(str, diags.problems))
    pdfs, diags = build(root, formats=[pdf_format], languages=pdf_languages, jobs=1)
    assert not diags.problems, "\n".join(map(str, diags.problems))
    results += pdfs
    assert all(not r.problems and not r.crash for r in results), [r.problems or r.crash for r in results]
    return {(r.edition.document, r.edition.lang, r.edition.format): r.path for r in results}


def printer_pdf(path: Path) -> tuple[int, tuple[float, float]]:
    """Pages and the TrimBox (width, height in points) of every page — they must all agree."""
    with pikepdf.open(path) as pdf:
        sizes = {
            (round(float(p.TrimBox[2]) - float(p.TrimBox[0]), 3), round(float(p.TrimBox[3]) - float(p.TrimBox[1]), 3))
            for p in pdf.pages
        }
        assert len(sizes) == 1, sizes
        return len(pdf.pages), sizes.pop()


def preflight_errors(root: Path, pdf: Path) -> list[str]:
    """Preflight as `publisher preflight` does (the PDFs of the languages not built are not checked)."""
    reports = preflight_publication(load_publication(root), root / "build", missing_is_error=False, use_cache=False)
    cover = pdf.with_name(pdf.stem + ".cover.pdf")  # a separate cover's spread, preflighted too
    assert [r.path for r in reports if r.pages] == ([pdf, cover] if cover.is_file() else [pdf])
    return [str(p) for r in reports for p in r.errors]


def test_one_language_only(tmp_path: Path) -> None:
    root = write_shape(tmp_path / "en-only", languages=("en",), print_settings="")
    outputs = built(root, "print")
    assert set(outputs) == {("visit", "en", "html"), ("visit", "en", "print")}
    site = root / "build" / "html"
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["assets", "en"]
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    # no base_url: no (relative) alternates in the heads; the index's links name their language
    assert set(re.findall(r'hreflang="([^"]*)"', pages)) == {"en"} and 'rel="alternate"' not in pages
    assert 'href="en/visit/index.html"' in (site / "index.html").read_text(encoding="utf-8")
    assert broken_links(site) == []
    # A4 perfect binding by default: an even page count, the A4 trim.
    count, trim = printer_pdf(outputs[("visit", "en", "print")])
    assert count % 2 == 0 and count >= 8
    assert trim == pytest.approx((210 * MM, 297 * MM), abs=0.01)
    assert preflight_errors(root, outputs[("visit", "en", "print")]) == []
    text = pdf_text(outputs[("visit", "en", "print")])
    assert "Print run: 10 copies" in text
    assert re.search(r"Languages\s*English", text)
    # No publisher, place or partners in publication.yaml: no dangling ", 2020" and no empty colophon rows.
    assert not re.search(r"^\s*[,·]", text, re.MULTILINE)
    assert not re.search(r"^(Project|Publisher|Partners)$", text, re.MULTILINE)
    with (root / "build" / "print" / "print-runs.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["language"] == "en"]
    assert [(r["document"], r["copies"], r["printed_pages"]) for r in rows] == [("visit", "10", str(count))]


def test_no_data_files_and_no_charts(tmp_path: Path) -> None:
    root = write_shape(tmp_path / "plain", charts=False)
    assert not (root / "content" / "data").exists() and not (root / "figures").exists()
    result = run_cli(root, "check", "--strict")
    assert result.exit_code == 0 and result.stdout == "ok: 3 editions, 9 chapters, 0 charts\n", result.output
    outputs = built(root, "pdf")
    assert {key for key in outputs if key[2] == "pdf"} == {("visit", lang, "pdf") for lang in ("en", "tr", "it")}
    site = root / "build" / "html"
    assert broken_links(site) == []
    # no chart drawn (the site icon is an SVG too: only assets/figures/ holds charts)
    assert not list((site / "assets" / "figures").rglob("*.svg"))
    assert not list((root / "build" / "figures").glob("*.svg"))
    chapter = (site / "tr" / "visit" / "part-2.html").read_text(encoding="utf-8")
    assert "Ripalimosani Belediye Başkanı" in chapter
    text = pdf_text(outputs[("visit", "it", "pdf")])
    assert "Sindaco di Ripalimosani" in " ".join(text.replace("-\n", "").split()) and "Figura" not in text


def test_a5_saddle_stitched(tmp_path: Path) -> None:
    root = write_shape(
        tmp_path / "a5", languages=("en", "tr"), print_settings="print: {trim: A5, binding: saddle-stitch}\n"
    )
    outputs = built(root, "print", ["tr"])
    assert set(outputs) == {("visit", "en", "html"), ("visit", "tr", "html"), ("visit", "tr", "print")}
    count, trim = printer_pdf(outputs[("visit", "tr", "print")])
    assert count % 4 == 0
    assert trim == pytest.approx((148 * MM, 210 * MM), abs=0.01)
    assert preflight_errors(root, outputs[("visit", "tr", "print")]) == []
    assert broken_links(root / "build" / "html") == []
    with (root / "build" / "print" / "print-runs.csv").open(encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["language"] == "tr")
    assert int(row["printed_pages"]) == count
    assert int(row["content_pages"]) + int(row["blank_pages"]) + int(row["padding_pages"]) == count
    assert int(row["padding_pages"]) > 0, "the shape should need padding to a multiple of 4 (make it longer)"
    assert not (root / "build" / "print" / "visit.tr.cover.pdf").exists()  # saddle-stitch: a self cover by default


@pytest.mark.parametrize("signature", [32])
def test_custom_trim_perfect_bound_in_32_page_signatures(tmp_path: Path, signature: int) -> None:
    root = write_shape(
        tmp_path / "custom",
        languages=("en", "tr", "it"),
        print_settings=f"print: {{trim: 170x240mm, binding: perfect, signature: {signature}}}\n",
    )
    outputs = built(root, "print", ["it"])
    count, trim = printer_pdf(outputs[("visit", "it", "print")])
    assert count % signature == 0 and count >= signature
    assert trim == pytest.approx((170 * MM, 240 * MM), abs=0.01)
    with pikepdf.open(outputs[("visit", "it", "print")]) as pdf:
        bleed = pdf.pages[0].BleedBox
        assert float(bleed[2]) - float(bleed[0]) == pytest.approx((170 + 2 * 3) * MM, abs=0.01)
    assert preflight_errors(root, outputs[("visit", "it", "print")]) == []
    assert broken_links(root / "build" / "html") == []
    with (root / "build" / "print" / "print-runs.csv").open(encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["language"] == "it")
    assert (int(row["printed_pages"]), int(row["signatures"])) == (count, count // signature)
