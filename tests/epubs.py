"""Reading built e-books in the tests: their files, their XHTML, and the printed pages."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

XH = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
SKIPPED = {"footnote-ref", "chart-data", "footnotes"}
SAMPLE_BOOKS = ["policy.en", "policy.it", "policy.tr", "report.ar", "report.en", "report.it", "report.tr"]
"""The sample's e-books: every document-language."""


def read(epub: Path, name: str) -> bytes:
    with zipfile.ZipFile(epub) as archive:
        return archive.read(name)


def xml(epub: Path, name: str) -> etree._Element:
    return etree.fromstring(read(epub, name))


def package(epub: Path) -> etree._Element:
    return xml(epub, "EPUB/package.opf")


def documents(epub: Path) -> dict[str, etree._Element]:
    """Every XHTML content document of the book, by its name in the zip."""
    with zipfile.ZipFile(epub) as archive:
        return {n: etree.fromstring(archive.read(n)) for n in archive.namelist() if n.endswith(".xhtml")}


def text_after_markers(epub: Path) -> dict[str, str]:
    """Folio → the text that follows its page-break marker up to the next marker (what the print
    edition has: note calls, notes and the charts' data tables left out); ``""`` for a blank page."""
    found: dict[str, str] = {}
    for root in documents(epub).values():
        sequence = _reading_order(root)
        for i, (kind, value) in enumerate(sequence):
            if kind == "page":
                text = ""
                for other_kind, other in sequence[i + 1 :]:
                    if other_kind == "page" or len(comparable(text)) > 40:
                        break
                    text += other
                found[value] = text
    return found


def _reading_order(element: etree._Element) -> list[tuple[str, str]]:
    """("page", folio) and ("text", text) in reading order, what the print edition lacks left out."""
    found = [("page", element.get("aria-label") or "")] if element.get("role") == "doc-pagebreak" else []
    if not SKIPPED & set((element.get("class") or "").split()):
        found.append(("text", element.text or ""))
        for child in element:
            found += _reading_order(child)
    found.append(("text", element.tail or ""))
    return found


def comparable(text: str) -> str:
    """Text as pdftotext and the e-book can both give it: letters and digits only, folded (Turkish
    dotted and dotless i alike), compatibility forms (Arabic presentation forms) decomposed. Alef and
    lam are left out: pdftotext gives the lam-alef ligature in visual order."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ı", "i")
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN" and c not in "اأإآل")


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF (:func:`helpers.pdf_page_texts`), by page index."""
    from helpers import pdf_page_texts

    return pdf_page_texts(pdf)


def metadata(epub: Path) -> dict[str, list[str]]:
    """The package's ``meta`` properties and Dublin Core elements: name → values."""
    found: dict[str, list[str]] = {}
    for element in package(epub).find(f"{OPF}metadata"):
        if not isinstance(element.tag, str):
            continue
        name = element.get("property") or re.sub(r"\{.*\}", "dc:", element.tag)
        if element.get("refines"):
            name = f"{element.get('refines')} {name}"
        found.setdefault(name, []).append((element.text or element.get("href") or "").strip())
    return found
