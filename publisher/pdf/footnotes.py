"""Where WeasyPrint put each footnote: the check that a note is on the page of its call."""

from __future__ import annotations

from typing import Any


def misplaced_footnotes(document: Any) -> list[tuple[str, int]]:
    """(paragraph id, page index) of footnote calls whose note is on another page.

    WeasyPrint 70 defers notes to a later page when the footnote area has a margin or
    padding (see templates/print/document.css.j2); this check makes sure it never happens
    unnoticed.
    """
    calls: dict[str, tuple[int, str]] = {}
    bodies: dict[str, int] = {}

    def walk(box: Any, page: int, paragraph: str) -> None:
        element = getattr(box, "element", None)
        tag = getattr(box, "element_tag", "")
        if element is not None and tag == "p" and element.get("id"):
            paragraph = element.get("id")
        if element is not None and tag.startswith("span"):
            fid = element.get("id") or ""
            if tag == "span::footnote-call" and fid not in calls:
                calls[fid] = (page, paragraph)
            elif tag == "span" and "footnote" in (element.get("class") or "").split() and fid not in bodies:
                bodies[fid] = page
        for child in getattr(box, "children", None) or []:
            walk(child, page, paragraph)

    for number, page in enumerate(document.pages):
        walk(page._page_box, number, "")
    return [(paragraph, page) for fid, (page, paragraph) in calls.items() if fid in bodies and bodies[fid] != page]
