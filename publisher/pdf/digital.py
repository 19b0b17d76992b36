"""The digital PDF: how it is written from a book's layout, and what is done to it after.

The same layout as the printer's PDF (``publisher.build.workers`` lays each book out once);
what makes it the digital edition is set here, after layout:

* :data:`WRITE_OPTIONS` — WeasyPrint ``write_pdf`` options: tagged, with its links and
  bookmarks (the printer's PDF drops them);
* the page's MediaBox is its trim: the bleed the layout has for the printer is cut off
  (``publisher.pdf.engine.write_pdf(bleed=False)``), and no marks are drawn;
* :func:`finish_digital_pdf` — the finishing step on the written bytes: PDF/UA-1 fixes with
  pikepdf (``publisher.pdf.accessibility``).
"""

from __future__ import annotations

from typing import Any

WRITE_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}
"""``write_pdf`` options of the digital PDF: PDF/UA-1 (WeasyPrint 70's variant; it implies ``pdf_tags``):
tagged, ``pdfuaid:part`` 1 in the XMP, DisplayDocTitle, ``/Tabs /S`` (docs/accessibility.md)."""


def finish_digital_pdf(data: bytes, edition: Any) -> bytes:
    """The digital PDF after WeasyPrint wrote it (``edition``: its :class:`publisher.build.plan.Edition`)."""
    from publisher.pdf.accessibility import finish_digital_pdf as accessible

    return accessible(data)
