"""The printer's cover spread: ``build/print/<doc>.<lang>.cover.pdf``.

One page of cover board, printed on its outside (4/0): the back cover, the spine and the front
cover side by side — the front on the right, or on the left in a right-to-left book, whose binding
edge is on the right — with the bleed around the spread, crop marks at its corners and fold marks
at the spine's edges (at the centre of a saddle-stitched cover, which has a fold, no spine). The
panels are the book's own covers (the theme's ``print/covers.html.j2``); the spine's width comes
from the text block's page count (``publisher.pdf.binding.spine_mm``), so the spread is laid out
after the text block, by the worker that made it. The title runs down the spine (top to bottom, as
ISO 6357 recommends) when the spine is at least :data:`~publisher.pdf.binding.SPINE_TEXT_MIN_MM` wide.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

from publisher.pdf.binding import SPINE_TEXT_MIN_MM, spine_mm
from publisher.pdf.prepress import MARK_LENGTH_MM, MARK_OFFSET_MM, MARK_WIDTH_PT, MM, PrintJob, finish_print_pdf

SPREAD_GEOMETRY = "/* publisher: spread geometry */"
"""Where ``print/cover.html.j2`` receives the spread's geometry (``publisher.html.book.cover_html``)."""
SPINE_MARGIN_MM = 20.0
"""The spine's title stops this far from the head and the foot."""


def cover_path(print_pdf: Path) -> Path:
    """``build/print/report.en.pdf`` → ``build/print/report.en.cover.pdf``."""
    return print_pdf.with_name(print_pdf.stem + ".cover.pdf")


def spread_size_mm(settings: Any, text_pages: int) -> tuple[float, float]:
    """The trimmed cover spread (width, height) in millimetres: two covers and the spine."""
    width, height = settings.trim_mm
    return 2 * width + spine_mm(text_pages, settings.paper, settings.binding), height


def spread_geometry(settings: Any, text_pages: int) -> str:
    """The CSS that places the panels and the spine on a spread for ``text_pages`` pages."""
    w, h = settings.trim_mm
    b = settings.bleed_mm
    s = spine_mm(text_pages, settings.paper, settings.binding)
    text_w = h - 2 * SPINE_MARGIN_MM
    font_pt = min(9.0, s * 0.45 / 25.4 * 72)
    return f"""
@page {{ size: {2 * w + s:.3f}mm {h:.3f}mm; margin: 0; bleed: {b}mm; }}
@page :left, :right {{ margin: 0; }}
.spread {{ position: relative; margin: -{b}mm; width: {2 * w + s + 2 * b:.3f}mm; height: {h + 2 * b:.3f}mm; }}
.spread-panel {{ height: {h + 2 * b:.3f}mm; width: {w + b:.3f}mm; }}
.spread-left {{ left: 0; }}
.spread-right {{ left: {w + s + b:.3f}mm; }}
.spread-panel .cover, .spread-panel .back-cover {{ width: {w + 2 * b:.3f}mm; height: {h + 2 * b:.3f}mm; }}
.spread-right .cover, .spread-right .back-cover {{ margin-left: -{b}mm; }}
.spine {{ left: {w + b:.3f}mm; width: {s:.3f}mm; height: {h + 2 * b:.3f}mm; }}
.spine-text {{ width: {text_w:.3f}mm; height: {s:.3f}mm; line-height: {s:.3f}mm; font-size: {font_pt:.2f}pt;
  left: {s / 2 - text_w / 2:.3f}mm; top: {(h + 2 * b) / 2 - s / 2:.3f}mm;
  {"" if s >= SPINE_TEXT_MIN_MM else "display: none;"} }}
"""


def _fold_marks(trim: list[float], folds: list[float], offset: float, length: float) -> bytes:
    lines = []
    for x in folds:
        lines.append(f"{x:.3f} {trim[3] + offset:.3f} m {x:.3f} {trim[3] + offset + length:.3f} l S")
        lines.append(f"{x:.3f} {trim[1] - offset:.3f} m {x:.3f} {trim[1] - offset - length:.3f} l S")
    body = "\n".join(lines)
    return f"q\n{MARK_WIDTH_PT} w 0 J [] 0 d 1 1 1 1 K\n{body}\nQ\n".encode()


def add_fold_marks(data: bytes, settings: Any, text_pages: int) -> bytes:
    """Draw the fold marks at the spine's edges, in the slug above and below the spread."""
    import pikepdf

    width = settings.trim_mm[0]
    spine = spine_mm(text_pages, settings.paper, settings.binding)
    offset = max(MARK_OFFSET_MM, settings.bleed_mm) * MM
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            folds = sorted({trim[0] + width * MM, trim[0] + (width + spine) * MM})
            page.contents_add(pdf.make_stream(_fold_marks(trim, folds, offset, MARK_LENGTH_MM * MM)))
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True, force_version="1.6")
    return out.getvalue()


def make_cover(
    html: str, base_dir: Path, roots: list[Path], job: PrintJob, settings: Any, name: str, text_pages: int
) -> bytes:
    """The cover spread of the book ``name`` whose text block has ``text_pages`` pages: laid out, painted
    and finished as the text block is (PDF/X-4, CMYK, bleed, marks), plus the fold marks."""
    from publisher.pdf.digital import WRITE_OPTIONS
    from publisher.pdf.engine import lay_out, pdfx_metadata, write_pdf

    layout = lay_out(html.replace(SPREAD_GEOMETRY, spread_geometry(settings, text_pages)), base_dir, roots)
    identifier = f"{name}.cover"
    painted = write_pdf(layout, identifier=identifier, options=WRITE_OPTIONS, output_intent="device-cmyk")
    one_sheet = dataclasses.replace(job, binding="none", cover="self")
    data, _ = finish_print_pdf(painted, identifier, base_dir, one_sheet, pdfx_metadata(layout, job.date))
    return add_fold_marks(data, settings, text_pages)
