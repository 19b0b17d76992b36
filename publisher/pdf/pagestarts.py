"""Where each page of a laid-out book begins (:class:`publisher.pages.PageStart`), read from
WeasyPrint's boxes.

A page's boxes know the elements of the book's HTML they were made from. The first text (or
image) of a page's main flow — not its running heads, page numbers or footnote area — belongs to
an element; the page begins in the nearest element around it that has an ``id`` (its *anchor*),
after the characters of the anchor's text set on earlier pages. Generated text (``::before``,
``::after``, list markers, footnote calls) is no element's text and is not counted, nor the hyphen
WeasyPrint adds where it breaks a word.
"""

from __future__ import annotations

from typing import Any

from publisher.pages import PageStart, counted


def page_starts(document: Any) -> list[PageStart]:
    """Each page of a WeasyPrint ``document`` (``HTML(...).render()``), in order, with where it begins."""
    from weasyprint.formatting_structure import boxes

    parents: dict[Any, Any] = {}
    seen: dict[Any, int] = {}  # anchor element → characters of its text set so far
    starts: list[PageStart] = []
    for number, page in enumerate(document.pages, start=1):
        first: tuple[str, int] | None = None
        for box in _flow(page._page_box, boxes):
            element = box.element
            if element is None:
                continue
            if not parents:
                parents.update(_parent_map(element, page._page_box))
            anchors = _anchors(element, parents)
            if not anchors:
                continue
            text = _own_text(box, boxes)
            if first is None and (text or isinstance(box, boxes.ReplacedBox)):
                first = (anchors[0].get("id"), seen.get(anchors[0], 0))
            if text:
                for anchor in anchors:
                    seen[anchor] = seen.get(anchor, 0) + counted(text)
        starts.append(PageStart(str(number), *(first or ("", 0))))
    return starts


def _flow(page_box: Any, boxes: Any) -> Any:
    """The page's main-flow leaf boxes in document order (text and replaced boxes)."""
    stack = [child for child in page_box.children if not isinstance(child, boxes.MarginBox | boxes.FootnoteAreaBox)]
    stack.reverse()
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.TextBox | boxes.ReplacedBox):
            yield box
        elif isinstance(box, boxes.ParentBox):
            stack.extend(reversed(box.children))


def _own_text(box: Any, boxes: Any) -> str:
    """The element text a box sets: none for generated content; without the hyphen of a broken word."""
    if not isinstance(box, boxes.TextBox) or "::" in (box.element_tag or ""):
        return ""
    text = box.text
    hyphen = box.style["hyphenate_character"]
    if hyphen and hyphen != "-" and text.endswith(hyphen):
        text = text[: -len(hyphen)]
    return text


def _parent_map(element: Any, page_box: Any) -> dict[Any, Any]:
    """Child element → parent, for the whole HTML tree (found from the page's root box)."""
    root = next((child.element for child in page_box.children if getattr(child, "element_tag", "") == "html"), None)
    if root is None:
        root = element
    return {child: parent for parent in root.iter() for child in parent}


def _anchors(element: Any, parents: dict[Any, Any]) -> list[Any]:
    """``element`` and its ancestors that have an ``id``, nearest first."""
    found = []
    while element is not None:
        if element.get("id"):
            found.append(element)
        element = parents.get(element)
    return found
