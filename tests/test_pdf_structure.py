"""The PDFs' structure: tags, links and bookmarks of the digital PDF; cross-references with page numbers.

"Figure 3 (p. 16)" must name the page its target is on, and click there in the digital PDF.
Everything is read back from the session's ``built_sample`` with poppler's pdftotext and
pikepdf, independently of the code that made it: the target is looked up by its printed
caption or chapter heading, the page by its folio, the link by its annotation, the tags by
walking the structure tree from each page's marked content.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from helpers import pdf_page_texts

from publisher.languages import language

LANGS = ("en", "tr", "it")
DOCUMENTS = ("report", "policy")
NAMES = {  # what a reference to a figure, a table and a chapter prints in each language
    "en": {"fig": "Figure", "tbl": "Table", "ch": "Chapter"},
    "tr": {"fig": "Şekil", "tbl": "Tablo", "ch": "Bölüm"},
    "it": {"fig": "Figura", "tbl": "Tabella", "ch": "Capitolo"},
}
PAGE_WORD = {"en": "p.", "tr": "s.", "it": "p."}
SOURCE_REF = re.compile(r"(?<![\w@`])@(fig|tbl|ch)-[\w-]*\w")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _references(text: str, lang: str) -> list[tuple[str, int, int]]:
    """Every printed reference on a page: (kind, number, page), hyphenated names joined again. Inside
    parentheses the page follows a comma ("(see Table 1, p. 10)"); of "Table 2 in Chapter 2, p. 14" (a
    table located in its chapter) the page is the table's, and the chapter's reference is counted with
    it (page 0: no page of its own)."""
    joined = re.sub(r"[-\u2010\u00ad]\n", "", text).replace("\u00a0", " ")
    by_name = {name: kind for kind, name in NAMES[lang].items()}
    names, word = "|".join(by_name), re.escape(PAGE_WORD[lang])
    page = rf"(?:\s+\({word}\s+(\d+)\)|,\s+{word}\s+(\d+))"
    located = "|".join(map(re.escape, language(lang).located_in))
    pair = re.compile(rf"({names})\s+(\d+)\s+(?:{located})\s+({names})\s+(\d+){page}")
    found = []
    for m in pair.finditer(joined):
        first, second, at = (by_name[m[1]], int(m[2])), (by_name[m[3]], int(m[4])), int(m[5] or m[6])
        found += [(kind, number, 0 if kind == "ch" else at) for kind, number in (first, second)]
    single = re.compile(rf"({names})\s+(\d+){page}")
    rest = pair.sub(" ", joined)
    return found + [(by_name[m[1]], int(m[2]), int(m[3] or m[4])) for m in single.finditer(rest)]


def _target_on_page(text: str, lang: str, kind: str, number: int) -> bool:
    """Whether the page shows the caption of figure/table ``number`` or the heading of chapter ``number``."""
    name = NAMES[lang][kind]
    lines = [" ".join(line.replace("\u00a0", " ").split()) for line in text.splitlines()]
    if kind == "ch":  # the chapter opener's "CHAPTER 3" line
        return any(line.casefold() == f"{name} {number}".casefold() for line in lines)
    caption = re.compile(rf"{re.escape(name)} {number}(?! \({re.escape(PAGE_WORD[lang])})(\s|$)")
    return any(caption.match(line) for line in lines)


def _pairs(root: Path, document: str, lang: str, word: str) -> list[str]:
    """The "@tbl-x in @ch-y" of the sources: one page number for the two references."""
    pair = re.compile(rf"@(?:fig|tbl|ch)-[\w-]*\w {re.escape(word)} @(?:fig|tbl|ch)-[\w-]*\w")
    return [
        m for path in (root / "content" / lang / document).glob("*.md") for m in pair.findall(path.read_text("utf-8"))
    ]


def _source_reference_count(root: Path, document: str, lang: str) -> int:
    return sum(
        len(SOURCE_REF.findall(path.read_text(encoding="utf-8")))
        for path in (root / "content" / lang / document).glob("*.md")
    )


@pytest.mark.parametrize("fmt", ["pdf", "print"])
@pytest.mark.parametrize("lang", LANGS)
def test_printed_references_name_the_page_their_target_is_on(built: Path, fmt: str, lang: str) -> None:
    for document in DOCUMENTS:
        path = built / "build" / fmt / f"{document}.{lang}.pdf"
        pages = pdf_page_texts(path)
        # the folios count the book's pages from its cover (as a booklet "plus cover" is paged: its first
        # inside page is page 3); the printer's text block leaves the cover's two pages out
        skipped = 2 if fmt == "print" else 0
        found = [(index, ref) for index, text in enumerate(pages) for ref in _references(text, lang)]
        # every @fig-/@tbl-/@ch- of the sources is printed with a page number, none is lost
        assert len(found) == _source_reference_count(built, document, lang), (path, found)
        for index, (kind, number, page) in found:
            if page == 0:  # a chapter holding the figure or table referred to with it
                continue
            assert 1 <= page - skipped <= len(pages), (path, index + 1, kind, number, page)
            target = pages[page - skipped - 1]
            assert str(page) in target.split(), f"{path.name}: page {page} does not carry the folio {page}"
            assert _target_on_page(target, lang, kind, number), (
                f"{path.name} p. {index + 1}: {NAMES[lang][kind]} {number} is not on p. {page}"
            )


def _destination_pages(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Every named destination of the PDF and the (1-based) page it leads to."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    names = pikepdf.NameTree(pdf.Root.Names.Dests)
    return {str(name): pages[dest[0].objgen] for name, dest in names.items()}


def _link_targets(pdf: pikepdf.Pdf, page: pikepdf.Page, dests: dict[str, int]) -> list[tuple[list[float], int]]:
    """(rectangle in pdftotext's top-down coordinates, target page) of each internal link on ``page``."""
    height = float(page.mediabox[3])
    links = []
    for annot in page.obj.get("/Annots", []):
        if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
            continue
        x0, y0, x1, y1 = (float(v) for v in annot.Rect)
        links.append(([min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1)], dests[str(annot.Dest)]))
    return links


@pytest.mark.parametrize("lang", LANGS)
def test_references_in_the_digital_pdf_link_to_their_target_page(built: Path, lang: str) -> None:
    for document in DOCUMENTS:
        path = built / "build" / "pdf" / f"{document}.{lang}.pdf"
        bbox = subprocess.run(
            ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        page_words = [
            [(tuple(float(v) for v in m.groups()[:4]), html.unescape(m[5])) for m in WORD.finditer(chunk)]
            for chunk in bbox.split("<page ")[1:]
        ]
        checked = 0
        with pikepdf.open(path) as pdf:
            dests = _destination_pages(pdf)
            assert len(page_words) == len(pdf.pages)
            for page, words in zip(pdf.pages, page_words, strict=True):
                links = _link_targets(pdf, page, dests)
                for i in range(len(words) - 2):
                    (box, number), (_, page_word), (_, folio) = words[i : i + 3]
                    folio_match = re.fullmatch(r"(\d+)\).*", folio)
                    if number.endswith(",") and page_word == PAGE_WORD[lang]:  # "(see Table 1, p. 10)"
                        number, folio_match = number[:-1], re.fullmatch(r"(\d+)\W*", folio)
                    elif page_word != f"({PAGE_WORD[lang]}":
                        continue
                    if not (number.isdigit() and folio_match):
                        continue
                    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
                    targets = [t for rect, t in links if rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]]
                    assert targets, f"{path.name}: reference '{number} ({page_word} {folio}' is not a link"
                    assert set(targets) == {int(folio_match[1])}, (path.name, number, folio, targets)
                    checked += 1
        located = sum(len(_pairs(built, document, lang, word)) for word in language(lang).located_in)
        assert checked == _source_reference_count(built, document, lang) - located, path


def _struct_types(node: object, types: list[str]) -> None:
    """Collect the structure types (/P, /H1, /Link …) of the tree under ``node``."""
    if isinstance(node, pikepdf.Array):
        for child in node:
            _struct_types(child, types)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        types.append(str(node.S))
        _struct_types(node.get("/K"), types)


def _in_link_element(element: pikepdf.Object) -> bool:
    """Whether a structure element is a /Link or lies inside one (WeasyPrint tags a link's ::after as a /Span)."""
    while isinstance(element, pikepdf.Dictionary) and "/S" in element:
        if element.S == "/Link":
            return True
        element = element.get("/P")
    return False


def _marked_content_ids(page: pikepdf.Page) -> list[int]:
    return [
        int(operands[1].MCID)
        for operands, op in pikepdf.parse_content_stream(page)
        if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]
    ]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_digital_pdf_is_tagged_with_working_links_and_bookmarks(built: Path, document: str) -> None:
    path = built / "build" / "pdf" / f"{document}.en.pdf"
    texts = pdf_page_texts(path)
    with pikepdf.open(path) as pdf:
        assert "/OutputIntents" not in pdf.Root  # an RGB screen PDF, not the printer's
        assert pdf.Root.get("/MarkInfo", {}).get("/Marked") is True, "not a tagged PDF"
        tree = pdf.Root.StructTreeRoot
        types: list[str] = []
        _struct_types(tree.K, types)
        assert {"/Document", "/H1", "/H2", "/P", "/L", "/LI", "/Figure", "/Table", "/TH", "/Link"} <= set(types)
        parents = pikepdf.NumberTree(tree.ParentTree)
        for number, (page, text) in enumerate(zip(pdf.pages, texts, strict=True), start=1):
            if not text.strip():
                continue
            # every piece of marked content on a page with text belongs to an element of the tree
            ids = _marked_content_ids(page)
            assert ids, f"page {number} has text but no tagged content"
            elements = parents[int(page.obj.StructParents)]
            assert all(isinstance(elements[i], pikepdf.Dictionary) and "/S" in elements[i] for i in ids), number
        dests = _destination_pages(pdf)
        internal = 0
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                assert _in_link_element(parents[int(annot.StructParent)]), "the link is not tagged as a link"
                if "/Dest" in annot:
                    assert str(annot.Dest) in dests, f"link to a missing destination {annot.Dest}"
                    internal += 1
        # the contents page links every chapter, and each heading it names is on the page it links to
        assert internal >= types.count("/H1") + _source_reference_count(built, document, "en")
        page_of = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        with pdf.open_outline() as outline:
            bookmarks = [(item.title, page_of[item.destination[0].objgen]) for item in outline.root]
        assert len(bookmarks) >= len(list((built / "content" / "en" / document).glob("*.md")))
        assert [page for _, page in bookmarks] == sorted(page for _, page in bookmarks)
        for title, page_number in bookmarks:  # each bookmark leads to the page of its heading
            heading = " ".join(title.split()).casefold()
            assert heading in " ".join(texts[page_number - 1].split()).casefold(), (title, page_number)
