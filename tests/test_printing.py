"""Print production: PDF/X-4 printer's PDFs, preflight, binding, print runs, job sheet, reproducibility.

Uses the session's ``built_sample`` (one full build) and renders one more edition for the
byte-for-byte reproducibility check. Every figure is recomputed here independently of
publisher.pdf.printruns, from publication.yaml's settings and the PDFs themselves.
"""

from __future__ import annotations

import csv
import hashlib
import math
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml
from click.testing import CliRunner

from publisher.pdf.prepress import padded_pages

MM = 72 / 25.4
LANGS = ("en", "tr", "it")


def _settings(root: Path) -> dict:
    return yaml.safe_load((root / "publication.yaml").read_text(encoding="utf-8"))


def _print_pdfs(root: Path) -> list[Path]:
    """The text blocks: the report and the policy document in the three languages ordered (the Arabic
    report has no print run: no printer's PDF)."""
    paths = sorted(p for p in (root / "build" / "print").glob("*.*.pdf") if not p.name.endswith(".cover.pdf"))
    assert len(paths) == 6
    return paths


def _cover_pdfs(root: Path) -> list[Path]:
    """The cover spreads, one per text block (the sample has separate covers)."""
    paths = sorted((root / "build" / "print").glob("*.*.cover.pdf"))
    assert [p.name.removesuffix(".cover.pdf") for p in paths] == [p.stem for p in _print_pdfs(root)]
    return paths


# --- independent scanners ------------------------------------------------------------------


def _rgb_findings(pdf: pikepdf.Pdf) -> list[str]:
    """Every RGB use in the file: colour operators, colour spaces, images, shadings, groups."""
    found = []

    def rgb_space(space, resources=None) -> bool:
        if isinstance(space, pikepdf.Name):
            if str(space) in ("/DeviceRGB", "/CalRGB"):
                return True
            named = resources.get("/ColorSpace", {}).get(space) if resources is not None else None
            return named is not None and rgb_space(named)
        if isinstance(space, pikepdf.Array) and len(space) > 1:
            if str(space[0]) == "/ICCBased":
                return int(space[1].stream_dict.N) == 3
            if str(space[0]) in ("/Indexed", "/Separation", "/DeviceN"):
                return any(rgb_space(s) for s in list(space)[1:] if isinstance(s, (pikepdf.Name, pikepdf.Array)))
        return False

    def scan(stream, resources, where):
        for operands, op in pikepdf.parse_content_stream(stream):
            if str(op) in ("rg", "RG"):
                found.append(f"{where}: {op}")
            if str(op) in ("cs", "CS") and rgb_space(operands[0], resources):
                found.append(f"{where}: {op} {operands[0]}")

    seen = set()

    def visit(resources, where):
        if resources is None:
            return
        for name, x in resources.get("/XObject", {}).items():
            if x.objgen in seen:
                continue
            seen.add(x.objgen)
            if x.Subtype == "/Form":
                scan(x, x.get("/Resources", resources), f"{where} form {name}")
                visit(x.get("/Resources"), where)
                if "/Group" in x and rgb_space(x.Group.get("/CS")):
                    found.append(f"{where} form {name}: RGB group")
            elif x.Subtype == "/Image" and rgb_space(x.get("/ColorSpace")):
                found.append(f"{where} image {name}")
        for name, sh in resources.get("/Shading", {}).items():
            if rgb_space(sh.get("/ColorSpace")):
                found.append(f"{where} shading {name}")

    for number, page in enumerate(pdf.pages, 1):
        scan(page, page.obj.get("/Resources"), f"page {number}")
        visit(page.obj.get("/Resources"), f"page {number}")
    for obj in pdf.objects:  # anything else in the file: images, shadings
        if isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Subtype") == "/Image":
            if rgb_space(obj.stream_dict.get("/ColorSpace")):
                found.append(f"object {obj.objgen}: RGB image")
    return found


# --- the printer's PDFs -----------------------------------------------------------------------


def test_print_pdfs_are_pdfx4_with_a_cmyk_output_intent(built):
    for path in _print_pdfs(built) + _cover_pdfs(built):
        with pikepdf.open(path) as pdf:
            with pdf.open_metadata() as meta:
                assert meta.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4", path
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == "/GTS_PDFX"
            assert str(intent.OutputConditionIdentifier) == "FOGRA39"
            assert int(intent.DestOutputProfile.stream_dict.N) == 4
            assert str(pdf.docinfo.Trapped) == "/False"


def test_every_page_has_trim_and_bleed_3mm_apart_inside_the_media(built):
    """Text blocks A4; cover spreads two A4 covers wide (saddle-stitched: a fold, no spine)."""
    bleed = 3.0
    for path in _print_pdfs(built) + _cover_pdfs(built):
        width = 420 if path.name.endswith(".cover.pdf") else 210
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                trim = [float(v) for v in page.obj.TrimBox]
                box = [float(v) for v in page.obj.BleedBox]
                media = [float(v) for v in page.obj.MediaBox]
                assert (trim[2] - trim[0]) / MM == pytest.approx(width, abs=0.1)
                assert (trim[3] - trim[1]) / MM == pytest.approx(297, abs=0.1)
                sides = [trim[0] - box[0], trim[1] - box[1], box[2] - trim[2], box[3] - trim[3]]
                assert [s / MM for s in sides] == pytest.approx([bleed] * 4, abs=0.01), (path, number)
                assert media[0] < box[0] and media[1] < box[1] and media[2] > box[2] and media[3] > box[3]
                assert "/Annots" not in page.obj


def test_only_embedded_fonts(built):
    for path in _print_pdfs(built) + _cover_pdfs(built):
        with pikepdf.open(path) as pdf:
            fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]
            assert fonts
            for font in fonts:
                target = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
                if target.get("/Subtype") == "/Type3":
                    continue
                descriptor = target.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")


def test_no_rgb_anywhere_in_the_print_pdfs(built):
    for path in _print_pdfs(built) + _cover_pdfs(built):
        with pikepdf.open(path) as pdf:
            assert _rgb_findings(pdf) == [], path


def test_colours_rewritten_on_the_bytes_are_those_of_the_parsed_stream():
    """The printer's PDF rewrites ``r g b rg`` lines on the content's bytes when nothing else in
    it needs parsing; the result is what rewriting the parsed operators gives, and anything the
    bytes cannot be trusted for (a string, a colour space set) is left to the parser."""
    from publisher.pdf.colour import CmykMapper, _recolour, _recolour_bytes, output_profile

    mapper = CmykMapper(output_profile())
    content = b"q\n0.039216 0.290196 0.478431 rg\n0 0 10 10 re\nf\n1 1 1 RG\n0.5 w\n0 0 m\n5 5 l\nS\nQ"
    rewritten = _recolour_bytes(content, None, mapper)
    assert rewritten is not None and b"rg" not in rewritten and b"RG" not in rewritten
    pdf = pikepdf.new()
    parsed, _ = _recolour(list(pikepdf.parse_content_stream(pdf.make_stream(content))), None, mapper)

    def ops(instructions):  # operators and operands as numbers, for comparison
        return [(str(op), [round(float(v), 4) for v in operands]) for operands, op in instructions]

    fast = list(pikepdf.parse_content_stream(pdf.make_stream(rewritten)))
    assert ops(fast) == ops(parsed)
    assert ("k", [1.0, 0.5, 0.0, 0.0]) not in ops(fast)  # a real conversion happened: the ink is not the chart blue
    assert any(op == "K" and values == [0.0, 0.0, 0.0, 0.0] for op, values in ops(fast))  # white stroke
    for unsure in (b"(a) Tj\n1 0 0 rg", b"/DeviceRGB cs\n1 0 0 scn", b"1 0 0 rg 0 0 m"):
        assert _recolour_bytes(unsure, None, mapper) is None, unsure


def test_charts_print_in_the_palette_cmyk_builds(built):
    # report.en has the workshop chart: its bars are Okabe-Ito blue = C100 M50 Y0 K0.
    with pikepdf.open(built / "build" / "print" / "report.en.pdf") as pdf:
        fills = set()
        for page in pdf.pages:
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "k":
                    fills.add(tuple(round(float(v), 3) for v in operands))
        assert (1.0, 0.5, 0.0, 0.0) in fills


def test_crop_marks_are_drawn_in_registration_colour_outside_the_bleed(built):
    with pikepdf.open(built / "build" / "print" / "report.tr.pdf") as pdf:
        page = pdf.pages[0]
        box = [float(v) for v in page.obj.BleedBox]
        ops = list(pikepdf.parse_content_stream(page))
        k = [
            i for i, (operands, op) in enumerate(ops) if str(op) == "K" and [float(v) for v in operands] == [1, 1, 1, 1]
        ]
        assert k, "no registration-colour stroke"
        moves = [(float(o[0]), float(o[1])) for o, op in ops[k[-1] :] if str(op) == "m"]
        assert len(moves) == 8
        for x, y in moves:  # every mark starts outside the bleed box
            assert x <= box[0] or x >= box[2] or y <= box[1] or y >= box[3]


def test_padding_rules():
    assert padded_pages(38, "perfect", 16) == 48
    assert padded_pages(48, "perfect", 16) == 48
    assert padded_pages(37, "perfect", 0) == 38
    assert padded_pages(30, "saddle-stitch", 0) == 32
    assert padded_pages(33, "perfect", 8) == 40


def test_each_colophon_states_its_own_print_run(built):
    expected = {"tr": "Baskı adedi: 800", "it": "Tiratura: 350 copie", "en": "Print run: 350 copies"}
    for lang, phrase in expected.items():
        text = subprocess.run(
            ["pdftotext", str(built / "build" / "print" / f"report.{lang}.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert phrase in text, lang
        others = [p for other, p in expected.items() if other != lang]
        assert not any(p in text for p in others)


def test_funding_statement_is_on_the_cover(built):
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(built / "build" / "print" / "report.en.cover.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "financially supported by the European Union and the Republic of Turkey" in " ".join(text.split())


def test_digital_pdf_stays_rgb_tagged_with_links_and_bookmarks(built):
    with pikepdf.open(built / "build" / "pdf" / "report.en.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert "/Outlines" in pdf.Root
        assert "/OutputIntents" not in pdf.Root
        assert any("/Annots" in page.obj for page in pdf.pages)


# --- print runs --------------------------------------------------------------------------------


def test_print_runs_csv_lists_the_order_and_recomputes(built):
    config = _settings(built)
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
    from publisher.cli import main

    before = (built / "build" / "print" / "print-runs.json").read_bytes()
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["-C", str(built), "print-runs"])
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
    from publisher.cli import main

    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["-C", str(built), "preflight"])
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
    files = _print_pdfs(built) + _cover_pdfs(built)
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
    from publisher.build.pipeline import build

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
