"""The EPUB container: the package document (metadata, manifest, spine) and the zip.

Reproducible: the same book gives the same bytes — every entry dated with the publication's date
(or 1980-01-01, the zip format's first day), in a fixed order, with fixed permissions; ``mimetype``
first and stored (OCF 3.3 §4.3), the rest deflated.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.epub.book import ContentDocument, Resource
from publisher.epub.pagelist import fill_page_list, place_markers
from publisher.epub.xhtml import parse_xhtml, serialise
from publisher.pages import PageStart

FOLDER = "EPUB"
CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    f'  <rootfiles><rootfile full-path="{FOLDER}/package.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles>\n</container>\n"
)
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class EpubFont:
    """A face embedded in the book: a WOFF2 subset to the book's characters (made by the build)."""

    family: str
    weight: int
    style: str
    source: Path
    role: str = "serif"
    """``serif`` (running text) or ``sans`` (headings, captions, tables)."""

    @property
    def href(self) -> str:
        return f"fonts/{self.source.name}"


@dataclass
class EpubBook:
    """Everything a worker needs to write one e-book (picklable): the page list is the one thing
    it adds, from the layout of the print edition."""

    name: str
    """``document.lang``."""
    lang: str
    date: dt.date | None
    documents: list[ContentDocument]
    package: str
    """The package document (``package.opf``)."""
    stylesheet: str
    cover: str
    """The cover's SVG."""
    resources: list[Resource] = field(default_factory=list)
    fonts: list[EpubFont] = field(default_factory=list)


def identifier(publication_title: str, document: str, lang: str, base_url: str) -> str:
    """The book's identifier: a UUID derived from the publication and the edition (the same at every build)."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url or publication_title}/{document}/{lang}/epub"))


def modified(date: dt.date | None) -> str:
    """``dcterms:modified``: the publication's date (a fixed value: rebuilds are byte-identical)."""
    return f"{(date or dt.date(1980, 1, 1)).isoformat()}T00:00:00Z"


def manifest(
    documents: list[ContentDocument], resources: list[Resource], fonts: list[EpubFont]
) -> list[dict[str, str]]:
    """The package's manifest items (documents first, in reading order), for its template."""
    items = [
        {"id": _item_id(d.href), "href": d.href, "media_type": "application/xhtml+xml", "properties": d.properties}
        for d in documents
    ]
    items.append({"id": "css", "href": "book.css", "media_type": "text/css", "properties": ""})
    items.append({"id": "cover-image", "href": "cover.svg", "media_type": "image/svg+xml", "properties": "cover-image"})
    items += [{"id": _item_id(r.href), "href": r.href, "media_type": r.media_type, "properties": ""} for r in resources]
    items += [{"id": _item_id(f.href), "href": f.href, "media_type": "font/woff2", "properties": ""} for f in fonts]
    return items


def spine(documents: list[ContentDocument]) -> list[dict[str, Any]]:
    return [{"id": _item_id(d.href), "linear": True} for d in documents]


def _item_id(href: str) -> str:
    return "i-" + "".join(c if c.isalnum() or c in "-_." else "-" for c in href)


def font_css(fonts: list[EpubFont]) -> str:
    """``@font-face`` rules of the embedded subsets."""
    return "\n".join(
        f'@font-face {{ font-family: "{f.family}"; src: url("{f.href}") format("woff2"); '
        f"font-weight: {f.weight}; font-style: {f.style}; }}"
        for f in fonts
    )


def write_epub(book: EpubBook, starts: list[PageStart]) -> bytes:
    """The e-book's bytes: the markers of the printed pages placed, the page list filled, zipped."""
    trees = {doc.href: parse_xhtml(doc.xhtml) for doc in book.documents}
    pages = place_markers(trees, starts)
    nav = next((d.href for d in book.documents if "nav" in d.properties.split()), None)
    if nav is not None:
        fill_page_list(trees[nav], pages)
    entries: list[tuple[str, bytes]] = [
        ("META-INF/container.xml", CONTAINER.encode()),
        (f"{FOLDER}/package.opf", book.package.encode()),
    ]
    entries += [(f"{FOLDER}/{doc.href}", serialise(trees[doc.href]).encode()) for doc in book.documents]
    entries.append((f"{FOLDER}/book.css", book.stylesheet.encode()))
    entries.append((f"{FOLDER}/cover.svg", book.cover.encode()))
    entries += [(f"{FOLDER}/{r.href}", r.source.read_bytes()) for r in book.resources]
    entries += [(f"{FOLDER}/{f.href}", f.source.read_bytes()) for f in book.fonts]
    return zip_entries(entries, book.date)


def zip_entries(entries: list[tuple[str, bytes]], date: dt.date | None) -> bytes:
    """An OCF zip of ``entries`` (in this order), ``mimetype`` first and stored, every entry dated ``date``."""
    stamp = (date.year, date.month, date.day, 0, 0, 0) if date and date.year >= 1980 else ZIP_EPOCH
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(_info("mimetype", stamp, zipfile.ZIP_STORED), b"application/epub+zip")
        for name, data in entries:
            archive.writestr(_info(name, stamp, zipfile.ZIP_DEFLATED), data, compresslevel=9)
    return out.getvalue()


def _info(name: str, stamp: tuple[int, int, int, int, int, int], compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, stamp)
    info.compress_type = compression
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info
