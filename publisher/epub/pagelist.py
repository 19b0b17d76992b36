"""The printed book's pages in the e-book: a page-break marker where each printed page begins, and
the nav document's page list of them (EPUB 3.3 §D.4.1, EPUB Accessibility 1.1 "page navigation").

The places come from the print layout as :class:`publisher.pages.PageStart` records (an element's
``id``, characters of its text before the break); here they are found again in the content
documents, whose elements have the print edition's ids and text. A break inside a word (a
hyphenated word runs over the page) moves to the end of that word: the text after a marker is on its
page. A page with no text (a blank verso) is marked where the next page with text begins; a page
whose place is not in the e-book (the back cover) has no marker.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from publisher.epub.xhtml import EPUB_TYPE, XHTML, by_id
from publisher.pages import PageStart, counted

SKIPPED = {"footnote-ref", "chart-data", "footnotes"}
"""Classes of what only the e-book has (note calls, charts' data tables, the notes): not in the
print edition's flow, so not counted."""
NO_TEXT_CHILD = frozenset("html head table thead tbody tfoot tr ul ol dl colgroup".split())
"""Elements a ``span`` may not be a child of: a marker before one of their children goes into its text."""


def place_markers(documents: dict[str, Any], starts: list[PageStart]) -> list[tuple[str, str]]:
    """Put the markers of ``starts`` into ``documents`` (href → XHTML tree, in reading order); returns
    the page list: (folio, ``href#id`` of its marker), in page order."""
    index: dict[str, tuple[str, Any]] = {}
    for href, root in documents.items():
        for key, element in by_id(root).items():
            index.setdefault(key, (href, element))
    pages: list[tuple[str, str]] = []
    waiting: list[str] = []  # folios of blank pages: marked with the next page that has text
    for start in starts:
        if not start.anchor:
            waiting.append(start.folio)
            continue
        folios, waiting = [*waiting, start.folio], []
        found = index.get(start.anchor)
        if found is None:
            continue
        href, element = found
        markers = [_marker(folio) for folio in folios]
        _insert(element, start.offset, markers)
        pages += [(folio, f"{href}#page-{folio}") for folio in folios]
    return pages


def _marker(folio: str) -> Any:
    span = etree.Element(f"{{{XHTML}}}span")
    span.set("id", f"page-{folio}")
    span.set("role", "doc-pagebreak")
    span.set(EPUB_TYPE, "pagebreak")
    span.set("aria-label", folio)
    return span


def _local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _insert(element: Any, offset: int, markers: list[Any]) -> None:
    parent = element.getparent()
    if offset == 0 and parent is not None and _local(parent) not in NO_TEXT_CHILD and _local(element) != "body":
        for marker in markers:
            element.addprevious(marker)
            marker.tail = None
        return
    node, attribute, at = _position(element, offset)
    text = getattr(node, attribute) or ""
    before, after = text[:at], text[at:]
    if attribute == "text":
        node.text = before
        for i, marker in enumerate(markers):
            node.insert(i, marker)
    else:
        node.tail = before
        for marker in reversed(markers):
            node.addnext(marker)
    markers[-1].tail = after or None


def _position(element: Any, offset: int) -> tuple[Any, str, int]:
    """Where the character after ``offset`` counted characters of ``element``'s text is: (node, ``text``
    or ``tail``, index), moved to the end of the word it falls in; the start of ``element`` for 0."""
    last: tuple[Any, str, int] = (element, "text", 0)
    seen = 0
    for node, attribute in _texts(element):
        text = getattr(node, attribute) or ""
        for i, char in enumerate(text):
            if seen >= offset and counted(char):
                if i > 0 and counted(text[i - 1]) and seen > 0:  # inside a word: after it
                    j = i
                    while j < len(text) and counted(text[j]):
                        j += 1
                    return node, attribute, j
                return node, attribute, i
            seen += counted(char)
        last = (node, attribute, len(text))
    return last


def _texts(element: Any) -> Any:
    """(node, ``text``/``tail``) of ``element``'s text in reading order, what the print edition lacks left out."""
    yield element, "text"
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if not SKIPPED & set((child.get("class") or "").split()) and child.get(EPUB_TYPE) != "pagebreak":
            yield from _texts(child)
        yield child, "tail"


def fill_page_list(nav: Any, pages: list[tuple[str, str]]) -> None:
    """The nav document's ``page-list`` ``ol``: a link to each page's marker."""
    target = nav.find(f".//{{{XHTML}}}nav[@id='page-list']/{{{XHTML}}}ol")
    if target is None:
        return
    for folio, href in pages:
        item = etree.SubElement(target, f"{{{XHTML}}}li")
        link = etree.SubElement(item, f"{{{XHTML}}}a")
        link.set("href", href)
        link.text = folio
