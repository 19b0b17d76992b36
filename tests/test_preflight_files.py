"""Preflight on files made to fail it: every problem a printer would find, one line each."""

from __future__ import annotations

import pikepdf


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


def test_preflight_reports_a_missing_cover_spread(built, tmp_path):
    """A separate cover's spread that is not there is an error of ``publisher preflight``."""
    import shutil

    from publisher.load.config import load_publication
    from publisher.pdf.preflight import preflight_publication

    root = tmp_path / "copy"
    shutil.copytree(built, root, ignore=shutil.ignore_patterns("html", "figures", "pdf"))
    (root / "build" / "print" / "report.en.cover.pdf").unlink()
    reports = preflight_publication(load_publication(root), root / "build", use_cache=False)
    problems = [str(p) for r in reports for p in r.problems]
    assert len(reports) == 12
    assert [p for p in problems if "report.en.cover.pdf" in p and "cannot open" in p], problems
    assert all("report.en.cover.pdf" in p for p in problems), problems
