"""Print production: the printer's PDF, made from the book's one painted PDF.

WeasyPrint lays the book out once with ``device-cmyk()`` inks and a 3 mm bleed, and paints it
once: a tagged PDF with its links, the bleed kept, CMYK where WeasyPrint picks the colour space
(``publisher.pipeline.workers``). The digital edition is that file cut to the trim
(``publisher.pdf.digital``); :func:`finish_print_pdf` makes the printer's from the same bytes:

* what only the digital edition needs goes: the structure tree, the link annotations and the
  viewer preferences (the marked-content operators stay: they draw nothing);
* it becomes PDF/X-4 (PDF 1.6, the XMP WeasyPrint writes for its ``pdf/x-4`` variant,
  ``/Trapped /False``); the output intent names the printing condition, with the CMYK profile
  (compressed once per process), and every RGB colour becomes CMYK (``publisher.pdf.colour``);
* with a separate cover (``print.cover``) the cover pages leave the text block
  (``publisher.pdf.binding.text_block``; the cover is its own file, ``publisher.pdf.cover``); the
  pages WeasyPrint left blank for a recto/verso break are marked blank by design, and blank pages
  are added (before the back cover of a self-covered book, else at the end of the text block) until
  the page count fits the binding;
* the MediaBox grows by a slug that holds crop marks drawn in registration colour
  (C=M=Y=K=100 %) outside the bleed, so that the marks never touch the artwork;
* links are dropped (nothing to click on paper), the XMP and info dates and identifiers
  are fixed, a right-to-left book is marked as bound on its right edge (``/Direction /R2L``,
  ``publisher.pdf.direction``), and the file is saved deterministically: same sources, same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.diagnostics import Problem, PublisherError
from publisher.pdf.colour import (
    OUTPUT_CONDITION,
    OUTPUT_CONDITION_TEXT,
    REGISTRY,
    CmykMapper,
    OutputProfile,
    convert_rgb,
    output_profile,
)

MM = 72 / 25.4
"""PDF points per millimetre."""

MARK_OFFSET_MM = 3.0
"""Crop marks start this far outside the trim (at least the bleed), so they stay off the artwork."""
MARK_LENGTH_MM = 6.0
SLUG_MM = 2.0
"""Paper beyond the end of the marks."""
MARK_WIDTH_PT = 0.25
BLANK_KEY = "/PublisherBlank"
"""PieceInfo key marking the blank pages (for the print-run tables): ``/Kind /Padding`` for those
inserted for the binding, ``/Kind /Design`` for those the layout leaves blank (a verso before a
chapter opening on a recto)."""
PADDING = "/Padding"
DESIGN = "/Design"


@dataclass(frozen=True)
class PrintJob:
    """What the worker needs to finish one printer's PDF (picklable)."""

    profile: OutputProfile
    bleed_mm: float
    binding: str
    signature: int
    date: str
    """Creation/modification date of the file, ``YYYY-MM-DDTHH:MM:SSZ`` (fixed: reproducible)."""
    cover: str = "self"
    """``separate``: the text block leaves the cover pages out (they are the cover's own file)."""


def print_job(publication: Any) -> PrintJob:
    """The finishing settings for ``publication``; raises when no output profile is installed."""
    return PrintJob(
        output_profile(),
        publication.print.bleed_mm,
        publication.print.binding,
        publication.print.signature,
        fixed_date(publication.date),
        publication.print.cover,
    )


def fixed_date(date: dt.date | None) -> str:
    """The date written into the PDFs: the publication date, else ``SOURCE_DATE_EPOCH``, else 1980-01-01."""
    if date is not None:
        moment = dt.datetime.combine(date, dt.time(), dt.UTC)
    elif os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        moment = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.UTC)
    else:
        moment = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _untag(pdf: Any) -> None:
    """Drop what only the digital edition needs: the structure tree, links, the viewer's settings."""
    for key in ("/StructTreeRoot", "/MarkInfo", "/ViewerPreferences"):
        if key in pdf.Root:
            del pdf.Root[key]
    for page in pdf.pages:
        for key in ("/StructParents", "/Tabs", "/Annots"):
            if key in page.obj:
                del page.obj[key]


@functools.lru_cache(maxsize=2)
def _compressed(path: Path, sha256: str) -> bytes:
    """The profile's bytes, deflated (a megabyte: once per process, not once per book)."""
    return zlib.compress(path.read_bytes())


def make_pdfx(pdf: Any, profile: OutputProfile, xmp: bytes) -> None:
    """PDF/X-4: the XMP of WeasyPrint's ``pdf/x-4`` variant, ``/Trapped /False`` and the output intent
    (named by :func:`fix_metadata`) with the CMYK profile."""
    import pikepdf

    stream = pdf.make_stream(b"")
    stream.write(_compressed(profile.path, profile.sha256), filter=pikepdf.Name.FlateDecode)
    stream.N = 4
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(OUTPUT_CONDITION),
        DestOutputProfile=stream,
    )
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    pdf.docinfo.Trapped = pikepdf.Name("/False")


# --- page counts for the binding ------------------------------------------------------------

SADDLE_STITCH_MAX = 64


def padded_pages(pages: int, binding: str, signature: int) -> int:
    """The printed page count for ``pages`` of content: saddle-stitch → ×4; perfect → ×signature or even."""
    from publisher.pdf.binding import padded, padding_unit

    return padded(pages, padding_unit(binding, signature))


def binding_problems(pages: int, binding: str, signature: int) -> list[str]:
    """Why ``pages`` does not suit the binding (empty when it does); the last items are warnings."""
    problems = []
    if pages != padded_pages(pages, binding, signature):
        unit = 4 if binding == "saddle-stitch" else (signature or 2)
        problems.append(f"{pages} pages do not fit {binding} binding (a multiple of {unit} is needed)")
    return problems


def binding_warnings(pages: int, binding: str, most: int = SADDLE_STITCH_MAX) -> list[str]:
    if binding == "saddle-stitch" and pages > most:
        return [f"{pages} pages is more than saddle-stitching holds ({most}); use print.binding: perfect"]
    return []


# --- pages, boxes and marks ------------------------------------------------------------------


def _box(page: Any, name: str) -> list[float]:
    return [float(v) for v in page.obj.get(name, page.obj.MediaBox)]


def _blank_info(pdf: Any, date: str, kind: str) -> Any:
    import pikepdf

    private = pikepdf.Dictionary(Blank=True, Kind=pikepdf.Name(kind))
    return pikepdf.Dictionary(
        {BLANK_KEY: pikepdf.Dictionary(LastModified=pikepdf.String(_pdf_date(date)), Private=private)}
    )


def insert_blank_pages(pdf: Any, count: int, date: str, at_end: bool = False) -> None:
    """Insert ``count`` blank pages before the last page (the back cover), or after it (``at_end``:
    a text block without covers), with its page boxes."""
    import pikepdf

    if count <= 0:
        return
    model = pdf.pages[-1]
    for _ in range(count):
        blank = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=pikepdf.Array(model.obj.MediaBox),
            TrimBox=pikepdf.Array(model.obj.get("/TrimBox", model.obj.MediaBox)),
            BleedBox=pikepdf.Array(model.obj.get("/BleedBox", model.obj.MediaBox)),
            Resources=pikepdf.Dictionary(),
            Contents=pdf.make_stream(b""),
            PieceInfo=_blank_info(pdf, date, PADDING),
        )
        page = pikepdf.Page(pdf.make_indirect(blank))
        if at_end:
            pdf.pages.append(page)
        else:
            pdf.pages.insert(len(pdf.pages) - 1, page)


def mark_blank_by_design(pdf: Any, indexes: Any, date: str) -> None:
    """Mark the pages at ``indexes`` as left blank by the design (a verso before a recto opening)."""
    for index in indexes:
        pdf.pages[index].obj.PieceInfo = _blank_info(pdf, date, DESIGN)


def blank_kind(page: Any) -> str:
    """``/Padding``, ``/Design`` or '' (a page with content)."""
    info = page.obj.get("/PieceInfo")
    if info is None or BLANK_KEY not in info:
        return ""
    return str(info[BLANK_KEY].get("/Private", {}).get("/Kind", PADDING))


def is_blank_page(page: Any) -> bool:
    """Whether ``page`` is a blank page inserted for the binding."""
    return blank_kind(page) == PADDING


def _mark_stream(trim: list[float], offset: float, length: float) -> bytes:
    x0, y0, x1, y1 = trim
    lines = []
    for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        lines.append(f"{x + sx * offset:.3f} {y:.3f} m {x + sx * (offset + length):.3f} {y:.3f} l S")
        lines.append(f"{x:.3f} {y + sy * offset:.3f} m {x:.3f} {y + sy * (offset + length):.3f} l S")
    body = "\n".join(lines)
    # Registration colour: every plate, so the marks appear on each separation.
    return f"q\n{MARK_WIDTH_PT} w 0 J [] 0 d 1 1 1 1 K\n{body}\nQ\n".encode()


def add_boxes_and_marks(pdf: Any, bleed_mm: float) -> None:
    """Set TrimBox/BleedBox, widen the MediaBox by a slug and draw crop marks outside the bleed."""
    import pikepdf

    bleed = bleed_mm * MM
    offset = max(MARK_OFFSET_MM * MM, bleed)
    length = MARK_LENGTH_MM * MM
    slug = offset + length + SLUG_MM * MM
    for page in pdf.pages:
        trim = _box(page, "/TrimBox")
        bleed_box = [trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed]
        media = [trim[0] - slug, trim[1] - slug, trim[2] + slug, trim[3] + slug]
        page.obj.TrimBox = pikepdf.Array([round(v, 4) for v in trim])
        page.obj.BleedBox = pikepdf.Array([round(v, 4) for v in bleed_box])
        page.obj.MediaBox = pikepdf.Array([round(v, 4) for v in media])
        for key in ("/CropBox", "/ArtBox", "/Annots"):
            if key in page.obj:
                del page.obj[key]
        # Isolate WeasyPrint's graphics state from the marks.
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(pdf.make_stream(b"Q\n" + _mark_stream(trim, offset, length)))


# --- metadata ----------------------------------------------------------------------------------


def _pdf_date(iso: str) -> str:
    return "D:" + re.sub(r"[-:TZ]", "", iso) + "Z"


def fix_metadata(pdf: Any, job: PrintJob, identifier: str, profile_name: str) -> None:
    """Name the output condition, and make the XMP and info dates and ids depend on the input only."""
    import pikepdf

    intents = pdf.Root.get("/OutputIntents")
    if not intents:
        raise PublisherError(Problem("", 0, "WeasyPrint wrote no PDF/X output intent"))
    for intent in intents:
        intent.OutputConditionIdentifier = pikepdf.String(OUTPUT_CONDITION)
        intent.OutputCondition = pikepdf.String(OUTPUT_CONDITION_TEXT)
        intent.RegistryName = pikepdf.String(REGISTRY)
        intent.Info = pikepdf.String(profile_name)
    pdf.docinfo.CreationDate = pikepdf.String(_pdf_date(job.date))
    pdf.docinfo.ModDate = pikepdf.String(_pdf_date(job.date))
    metadata = pdf.Root.get("/Metadata")
    if metadata is not None:
        xml = metadata.read_bytes().decode("utf-8")
        document_id = uuid.uuid5(uuid.NAMESPACE_URL, f"publisher:{identifier}")
        xml = re.sub(r"xmp\.did:[0-9a-f-]+", f"xmp.did:{document_id}", xml)
        for tag in ("xmp:MetadataDate", "xmp:CreateDate", "xmp:ModifyDate"):
            xml = re.sub(rf"<{tag}>[^<]*</{tag}>", f"<{tag}>{job.date}</{tag}>", xml)
        metadata.write(xml.encode("utf-8"))


def _make_text_block(pdf: Any, job: PrintJob, blank: frozenset[int]) -> None:
    """Leave a separate cover's pages out, mark the pages blank by design, pad for the binding."""
    from publisher.pdf.binding import text_block

    block = text_block(len(pdf.pages), set(blank), job.cover == "separate")
    mark_blank_by_design(pdf, [i for i in blank if i in block.pages], job.date)
    for index in reversed(block.cover):
        del pdf.pages[index]
    pages = len(pdf.pages)
    insert_blank_pages(pdf, padded_pages(pages, job.binding, job.signature) - pages, job.date, bool(block.cover))


def finish_print_pdf(
    data: bytes,
    edition: Any,
    base_dir: Path,
    job: PrintJob | None = None,
    xmp: bytes = b"",
    blank: frozenset[int] = frozenset(),
) -> tuple[bytes, int]:
    """The printer's PDF from the book's painted PDF ``data`` (``xmp``: its PDF/X-4 metadata,
    ``publisher.pdf.engine.pdfx_metadata``; ``blank``: the indexes of the pages the layout left blank);
    returns (bytes, page count including blank pages).
    Without a ``job`` (no finishing asked for) the file is only untagged."""
    import pikepdf

    from publisher.pdf.direction import set_reading_direction

    pdf = pikepdf.open(io.BytesIO(data))
    _untag(pdf)
    if job is not None:
        make_pdfx(pdf, job.profile, xmp)
        convert_rgb(pdf, CmykMapper(job.profile))
        _make_text_block(pdf, job, blank)
        add_boxes_and_marks(pdf, job.bleed_mm)
        fix_metadata(pdf, job, getattr(edition, "name", str(edition)), job.profile.description)
    set_reading_direction(pdf)  # an Arabic book is bound on its right edge
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.preserve,
        force_version="1.6",
    )
    return out.getvalue(), len(pdf.pages)
