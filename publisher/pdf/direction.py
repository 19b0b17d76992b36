"""The reading direction of a PDF: a right-to-left book is bound on its right edge.

A viewer showing two pages side by side puts page 2 to the *left* of page 1 only when the
catalog says so: ``/ViewerPreferences << /Direction /R2L >>`` (PDF 32000-1, 12.2). WeasyPrint 70
writes no such entry, so both finishing steps (the printer's and the digital PDF) set it from the
document's language (``/Lang`` in the catalog, which WeasyPrint takes from ``<html lang>``).
The viewer preferences WeasyPrint does write (``/DisplayDocTitle`` of PDF/UA) are kept.
"""

from __future__ import annotations

import pikepdf

from publisher.languages import find


def set_reading_direction(pdf: pikepdf.Pdf) -> str:
    """Set ``/Direction`` from the catalog's ``/Lang``; returns the direction, ``L2R`` or ``R2L``."""
    found = find(str(pdf.Root.get("/Lang", "")))
    direction = "R2L" if found is not None and found.direction == "rtl" else "L2R"
    preferences = pdf.Root.get("/ViewerPreferences")
    if not isinstance(preferences, pikepdf.Dictionary):
        if direction == "L2R":
            return direction  # the default: nothing to write
        preferences = pdf.Root.ViewerPreferences = pikepdf.Dictionary()
    preferences.Direction = pikepdf.Name("/" + direction)
    return direction
