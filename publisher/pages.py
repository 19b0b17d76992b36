"""Where the printed book's pages begin, as plain data every writer can read.

The print layout (``publisher.pdf.pagestarts``) records, for each page it lays out, the place in
the book's text where that page begins; the e-book puts a page-break marker there, so that a
reader can cite "p. 14" of the printed report. A place is named without the layout: the ``id``
of an element of the book's HTML (a chapter, a paragraph, a heading, a front-matter section) and
how many characters of that element's text, white space left out, come before it on earlier
pages. This is the whole interface between a layout and the e-book: a layout made chapter by
chapter gives the same records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageStart:
    """Where one page of the printed book begins."""

    folio: str
    """The page's number as the printed book counts it (the printer's PDF's page label)."""
    anchor: str
    """The ``id`` of the element the page's first text belongs to; ``""`` for a page with no text
    (a blank page: it begins where the next page with text begins)."""
    offset: int = 0
    """Characters of the anchor's own text (white space, soft hyphens and footnotes left out) set on
    earlier pages: 0 when the page begins with the element."""

    def to_json(self) -> list[Any]:
        return [self.folio, self.anchor, self.offset]

    @classmethod
    def from_json(cls, item: list[Any]) -> PageStart:
        return cls(str(item[0]), str(item[1]), int(item[2]))


def counted(text: str) -> int:
    """The characters of ``text`` a :class:`PageStart` offset counts: no white space, no soft hyphen."""
    return sum(1 for c in text if not c.isspace() and c != "\u00ad")
