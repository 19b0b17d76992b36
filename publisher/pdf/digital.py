"""The digital PDF: how it is made from a book's one painted PDF.

The same layout as the printer's PDF, and the same painted file (``publisher.pipeline.workers``
lays each book out once and paints it once); what makes it the digital edition is set here:

* :data:`WRITE_OPTIONS` — WeasyPrint ``write_pdf`` options of that one file: tagged, with its
  links and bookmarks (the printer's PDF drops them, ``publisher.pdf.prepress``);
* :func:`finish_digital_pdf` — on the written bytes: every page cut to its trim (MediaBox and
  BleedBox set to the TrimBox: the bleed is outside the page, and the marks are only ever drawn
  on the printer's copy), then the PDF/UA-1 fixes with pikepdf (``publisher.pdf.accessibility``).
"""

from __future__ import annotations

import io
from typing import Any

WRITE_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}
"""``write_pdf`` options of the painted PDF: PDF/UA-1 (WeasyPrint 70's variant; it implies ``pdf_tags``):
tagged, ``pdfuaid:part`` 1 in the XMP, DisplayDocTitle, ``/Tabs /S`` (docs/accessibility.md)."""


def finish_digital_pdf(data: bytes, edition: Any) -> bytes:
    """The digital PDF from the painted PDF ``data`` (``edition``: a :class:`publisher.pipeline.plan.Edition`)."""
    import pikepdf

    from publisher.pdf.accessibility import make_accessible

    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            trim = page.obj.get("/TrimBox", page.obj.MediaBox)
            page.obj.MediaBox = pikepdf.Array(trim)
            page.obj.BleedBox = pikepdf.Array(trim)
        make_accessible(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()
