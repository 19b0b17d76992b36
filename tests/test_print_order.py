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
import subprocess

import pikepdf
import pytest
from helpers import copy_project, cover_pdfs, printer_pdfs, publication_settings, run_cli

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
        spine = 0.0  # saddle-stitched: a fold, no spine
        cover_m2 = 2 * 210 * 297 / 1e6  # the separate cover: two A4 covers of board
        cover_kg = math.ceil(copies * (1 + overs)) * cover_m2 * settings["paper"]["cover_gsm"] / 1000
        assert int(row["printed_pages"]) == pages
        assert int(row["content_pages"]) + int(row["blank_pages"]) + int(row["padding_pages"]) == pages
        assert int(row["signatures"]) == math.ceil(pages / per_sheet)  # saddle-stitch: the press sheet's pages
        cover = path.with_name(f"report.{lang}.cover.pdf")
        assert (row["cover_file"], row["cover_size_mm"]) == (cover.name, "420.0×297")
        assert row["cover_sha256"] == hashlib.sha256(cover.read_bytes()).hexdigest()
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
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "210 × 297 mm" in text and "CMYK 4/4" in text
    assert "Saddle-stitched (2 staples) with a separate 4-page cover on cover board, printed 4/0" in text
    assert "1,500" in text and "800" in text
    assert "Not ordered (no print run in publication.yaml, so no printer's files): report.ar (Arabic)" in text
    for lang in LANGS:
        for name in (f"report.{lang}.pdf", f"report.{lang}.cover.pdf"):
            pdf = built / "build" / "print" / name
            assert name in text
            assert hashlib.sha256(pdf.read_bytes()).hexdigest() in text.replace(" ", "")
        assert f"report.{lang}.cover.pdf cover spread: 1 page, 420.0 × 297 mm" in text


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
    files = printer_pdfs(built) + cover_pdfs(built)
    assert {r.path.name for r in again} == {p.name for p in files} == set(stored)
    for report in again:
        cover_for = len(pikepdf.open(built / "build" / "print" / report.path.name.replace(".cover", "")).pages)
        salt = str(cover_for if report.path.name.endswith(".cover.pdf") else 0).encode()
        key = hashlib.sha256(report.path.read_bytes() + repr(publication.print).encode() + salt).hexdigest()
        assert stored[report.path.name] == json.loads(json.dumps(_to_cache(report, key))), report.path.name


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
    again = copy_project(tmp_path_factory.mktemp("again"), built)
    results, diags = build(again, documents=["report"], languages=["en"], formats=["print"], jobs=1)
    assert not diags.errors, "\n".join(map(str, diags.errors))
    first = (built / "build" / "print" / "report.en.pdf").read_bytes()
    second = (again / "build" / "print" / "report.en.pdf").read_bytes()
    assert first == second
