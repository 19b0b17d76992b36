"""Print production: the PDF/X-4 printer's PDFs (boxes, fonts, CMYK only, marks, binding) and the digital PDF.

Uses the session's ``built_sample`` (one full build). The print-run tables, the job sheet, preflight and
reproducibility are in ``test_print_order.py``.
"""

from __future__ import annotations

import pikepdf
import pytest
from helpers import cover_pdfs, pdf_text, printer_pdfs

from publisher.pdf.prepress import padded_pages

MM = 72 / 25.4
LANGS = ("en", "tr", "it")


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
    for path in printer_pdfs(built) + cover_pdfs(built):
        with pikepdf.open(path) as pdf:
            with pdf.open_metadata() as meta:
                assert meta.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4", path
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == "/GTS_PDFX"
            assert str(intent.OutputConditionIdentifier) == "FOGRA39"
            assert int(intent.DestOutputProfile.stream_dict.N) == 4
            assert str(pdf.docinfo.Trapped) == "/False"


def test_every_page_has_trim_and_bleed_3mm_apart_inside_the_media(built):
    bleed = 3.0
    for path in printer_pdfs(built) + cover_pdfs(built):
        width = 420 if path.name.endswith(".cover.pdf") else 210  # saddle-stitched: two covers, a fold
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
    for path in printer_pdfs(built) + cover_pdfs(built):
        with pikepdf.open(path) as pdf:
            fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]
            assert fonts
            for font in fonts:
                target = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
                if target.get("/Subtype") == "/Type3":
                    continue
                descriptor = target.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")


def test_no_rgb_anywhere_in_theprinter_pdfs(built):
    for path in printer_pdfs(built) + cover_pdfs(built):
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
        text = pdf_text(built / "build" / "print" / f"report.{lang}.pdf")
        assert phrase in text, lang
        others = [p for other, p in expected.items() if other != lang]
        assert not any(p in text for p in others)


def test_funding_statement_is_on_the_cover(built):
    text = pdf_text(built / "build" / "print" / "report.en.cover.pdf", page=1)
    assert "financially supported by the European Union and the Republic of Turkey" in " ".join(text.split())


def test_digital_pdf_stays_rgb_tagged_with_links_and_bookmarks(built):
    with pikepdf.open(built / "build" / "pdf" / "report.en.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert "/Outlines" in pdf.Root
        assert "/OutputIntents" not in pdf.Root
        assert any("/Annots" in page.obj for page in pdf.pages)
