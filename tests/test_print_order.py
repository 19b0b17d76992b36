"""What the printer receives besides the PDFs: the print-run tables, the job sheet, preflight; and
the printer's PDFs made again byte for byte.

Uses the session's ``built_sample`` (one full build) and renders one more edition for the
byte-for-byte reproducibility check. Every figure is recomputed here independently of
publisher.pdf.printruns, from publication.yaml's settings and the PDFs themselves.
"""

from __future__ import annotations

import csv
import hashlib
import math
import shutil

import pikepdf
import pytest
from helpers import pdf_text, printer_pdfs, publication_settings, run_cli

LANGS = ("en", "tr", "it")


# --- print runs --------------------------------------------------------------------------------


def test_print_runs_csv_lists_the_order_and_recomputes(built):
    config = publication_settings(built)
    settings = config["print"]
    rows = list(csv.DictReader((built / "build" / "print" / "print-runs.csv").open(encoding="utf-8")))
    report = {r["language"]: r for r in rows if r["document"] == "report"}
    assert {lang: int(report[lang]["copies"]) for lang in LANGS} == {"tr": 800, "it": 350, "en": 350}
    assert int(report["total"]["copies"]) == 1500
    sheet_w, sheet_h = (float(v) for v in settings["press_sheet"]["size"].removesuffix("mm").split("x"))
    per_sheet = settings["press_sheet"]["pages_per_sheet"]
    overs = settings["overs_percent"] / 100
    sheets_total = kg_total = 0.0
    for lang in LANGS:
        row = report[lang]
        path = built / "build" / "print" / f"report.{lang}.pdf"
        with pikepdf.open(path) as pdf:
            pages = len(pdf.pages)
        copies = int(row["copies"])
        sheets = math.ceil(pages / per_sheet * copies * (1 + overs))
        kg = sheets * sheet_w * sheet_h / 1e6 * settings["paper"]["text_gsm"] / 1000
        spine = pages / 2 * settings["paper"]["caliper_um"] / 1000
        cover_m2 = (2 * 210 + spine) * 297 / 1e6
        cover_kg = math.ceil(copies * (1 + overs)) * cover_m2 * settings["paper"]["cover_gsm"] / 1000
        assert int(row["printed_pages"]) == pages
        assert int(row["content_pages"]) + int(row["blank_pages"]) == pages
        assert int(row["signatures"]) == pages // settings["signature"]
        assert int(row["total_press_sheets"]) == sheets
        assert float(row["text_paper_kg"]) == pytest.approx(kg, abs=0.06)
        assert float(row["cover_paper_kg"]) == pytest.approx(cover_kg, abs=0.06)
        assert float(row["spine_mm"]) == pytest.approx(spine, abs=0.006)
        assert row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        sheets_total += sheets
        kg_total += float(row["text_paper_kg"])
    assert int(report["total"]["total_press_sheets"]) == sheets_total
    assert float(report["total"]["text_paper_kg"]) == pytest.approx(kg_total, abs=0.06)
    order = next(r for r in rows if r["document"] == "all")
    assert int(order["copies"]) == sum(sum(d["print_runs"].values()) for d in config["documents"])


def test_print_runs_command_writes_the_same_tables(built):

    before = (built / "build" / "print" / "print-runs.json").read_bytes()
    result = run_cli(built, "print-runs", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "1,500" in result.output
    assert (built / "build" / "print" / "print-runs.json").read_bytes() == before


def test_job_sheet_lists_editions_files_and_checksums(built):
    path = built / "build" / "print" / "job-sheet.pdf"
    text = " ".join(pdf_text(path).split())
    assert "210 × 297 mm" in text and "CMYK 4/4" in text and "Perfect bound" in text
    assert "1,500" in text and "800" in text
    for lang in LANGS:
        pdf = built / "build" / "print" / f"report.{lang}.pdf"
        assert pdf.name in text
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() in text.replace(" ", "")


# --- preflight ---------------------------------------------------------------------------------


def test_preflight_command_passes_on_the_build(built):

    result = run_cli(built, "preflight", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "FOGRA39" in result.output


def test_the_reports_the_workers_stored_are_those_of_a_new_preflight(built):
    """The build's workers preflight each printer's PDF they write; the stored reports are what
    reading the files again finds."""
    import json

    from publisher.load.config import load_publication
    from publisher.pdf.preflight import _to_cache, preflight_publication

    stored = json.loads((built / "build" / ".cache" / "preflight.json").read_text(encoding="utf-8"))
    publication = load_publication(built)
    again = preflight_publication(publication, built / "build", use_cache=False)
    assert {r.path.name for r in again} == {p.name for p in printer_pdfs(built)} == set(stored)
    for report in again:
        key = hashlib.sha256(report.path.read_bytes() + repr(publication.print).encode()).hexdigest()
        assert stored[report.path.name] == json.loads(json.dumps(_to_cache(report, key))), report.path.name


def test_preflight_reports_rgb_boxes_fonts_resolution_and_binding(tmp_path):
    from publisher.pdf.preflight import preflight_file

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595.28, 841.89))
    image = pikepdf.Stream(
        pdf,
        b"\xff\x00\x00" * 4,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=2,
        Height=2,
        ColorSpace=pikepdf.Name.DeviceRGB,
        BitsPerComponent=8,
    )
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=image), Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(
        b"1 0 0 rg 0 0 10 10 re f q 100 0 0 100 0 0 cm /Im1 Do Q BT /F1 12 Tf (x) Tj ET"
    )
    path = tmp_path / "bad.pdf"
    pdf.save(path)
    report = preflight_file(path, trim_mm=(210, 297), bleed_mm=3, binding="saddle-stitch", signature=0)
    messages = [str(p) for p in report.problems]
    text = "\n".join(messages)
    assert all(m.startswith(f"{path}: error: ") or "bad.pdf: error:" in m for m in messages)
    assert "not PDF/X-4" in text
    assert "no PDF/X output intent" in text
    assert "page 1: no TrimBox" in text
    assert "page 1: RGB colour (1 0 0 rg) in page content" in text
    assert "page 1: RGB image /Im1" in text
    assert "page 1: image /Im1 is 1 dpi" in text
    assert "page 1: font Helvetica is not embedded" in text
    assert "1 pages do not fit saddle-stitch binding" in text


def test_missing_output_profile_names_the_package(monkeypatch):
    from publisher.diagnostics import PublisherError
    from publisher.pdf import colour as printing

    monkeypatch.setattr(printing, "PROFILE_CANDIDATES", (("/nonexistent/FOGRA39.icc", "colord-data"),))
    monkeypatch.delenv(printing.PROFILE_ENV, raising=False)
    with pytest.raises(PublisherError) as info:
        printing.output_profile()
    assert "scribus-data" in str(info.value) and "FOGRA39" in str(info.value)


# --- reproducibility -----------------------------------------------------------------------------


def test_two_builds_give_identical_printer_pdfs(built, tmp_path_factory):
    from publisher.pipeline.stages import build

    # The same sources as the session's build (copied from it: the checkout may change meanwhile).
    again = tmp_path_factory.mktemp("again")
    for part in ("publication.yaml", "content", "figures", "templates"):
        source = built / part
        if source.is_dir():
            shutil.copytree(source, again / part)
        elif source.is_file():
            shutil.copy2(source, again / part)
    results, diags = build(again, documents=["report"], languages=["en"], formats=["print"], jobs=1)
    assert not diags.errors, "\n".join(map(str, diags.errors))
    first = (built / "build" / "print" / "report.en.pdf").read_bytes()
    second = (again / "build" / "print" / "report.en.pdf").read_bytes()
    assert first == second
