"""The e-book (EPUB 3.3) of every document-language: its container, package, parts, accessibility
metadata, direction, page list of the printed book and reproducibility (docs/epub.md)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from epubs import (
    OPF,
    OPS_TYPE,
    SAMPLE_BOOKS,
    XH,
    comparable,
    documents,
    metadata,
    package,
    pdf_pages,
    read,
    text_after_markers,
)


def test_every_document_language_has_its_e_book(built: Path) -> None:
    assert sorted(p.name for p in (built / "build" / "epub").glob("*.epub")) == [f"{b}.epub" for b in SAMPLE_BOOKS]


@pytest.mark.parametrize("book", ["report.en", "report.ar"])
def test_mimetype_comes_first_stored_and_every_entry_has_the_publication_date(built: Path, book: str) -> None:
    with zipfile.ZipFile(built / "build" / "epub" / f"{book}.epub") as archive:
        entries = archive.infolist()
        first = entries[0]
        assert (first.filename, first.compress_type, first.extra) == ("mimetype", zipfile.ZIP_STORED, b"")
        assert archive.read(first) == b"application/epub+zip"
        assert entries[1].filename == "META-INF/container.xml"
        assert {e.date_time for e in entries} == {(2020, 1, 6, 0, 0, 0)}  # publication.yaml's date
    # the container's first 38 bytes are what a reading system sniffs
    data = (built / "build" / "epub" / f"{book}.epub").read_bytes()
    assert data[30:38] == b"mimetype" and data[38:58] == b"application/epub+zip"


def test_the_sample_report_is_light(built: Path) -> None:
    for book in SAMPLE_BOOKS:
        assert (built / "build" / "epub" / f"{book}.epub").stat().st_size < 1024 * 1024, book


@pytest.mark.parametrize("book", ["report.en", "report.tr", "report.ar"])
def test_accessibility_metadata_in_the_books_language(built: Path, book: str) -> None:
    meta = metadata(built / "build" / "epub" / f"{book}.epub")
    assert meta["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert set(meta["schema:accessMode"]) == {"textual", "visual"}
    assert "textual" in meta["schema:accessModeSufficient"]  # a screen reader or braille display reads it all
    assert {"structuralNavigation", "tableOfContents", "pageNavigation", "pageBreakMarkers", "alternativeText"} <= set(
        meta["schema:accessibilityFeature"]
    )
    assert meta["schema:accessibilityHazard"] == ["none"]
    assert meta["a11y:certifiedBy"] and meta["dc:source"] and meta["#print-edition source-of"] == ["pagination"]
    summary = meta["schema:accessibilitySummary"][0]
    expected = {"report.en": "This e-book meets", "report.tr": "Bu e-kitap", "report.ar": "يستوفي هذا الكتاب"}[book]
    assert summary.startswith(expected), summary
    assert meta["dc:language"] == [book.split(".")[1]]
    assert meta["dcterms:modified"] == ["2020-01-06T00:00:00Z"]


def test_the_arabic_spine_runs_right_to_left(built: Path) -> None:
    arabic, english = (built / "build" / "epub" / f"report.{lang}.epub" for lang in ("ar", "en"))
    assert package(arabic).find(f"{OPF}spine").get("page-progression-direction") == "rtl"
    assert package(english).find(f"{OPF}spine").get("page-progression-direction") is None
    for name, root in documents(arabic).items():
        assert (root.get("dir"), root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")) == (
            "rtl",
            "ar",
            "ar",
        ), name
    assert {root.get("dir") for root in documents(english).values()} == {"ltr"}


def test_language_changes_are_marked_for_reading_systems(built: Path) -> None:
    chapter = documents(built / "build" / "epub" / "report.tr.epub")["EPUB/ch-findings-molise.xhtml"]
    spans = [s for s in chapter.iter(f"{XH}span") if s.get("lang") == "en"]
    assert [s.text for s in spans] == ["Salvini Decree"]
    assert spans[0].get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


@pytest.mark.parametrize("book", SAMPLE_BOOKS)
def test_each_page_marker_is_where_that_page_of_the_printed_book_begins(built: Path, book: str) -> None:
    """The text after marker "page-14" is on page 14 of the printed book (pdftotext): of the book as
    laid out, covers included (the digital PDF), and, for an edition ordered from the printer, of its
    text block, which starts at the title page when the cover is a separate spread; every page of the
    printed book but the back cover and the blank pages before it has a marker, in order."""
    _markers_on_their_pages(built, book, pdf_pages(built / "build" / "pdf" / f"{book}.pdf"))
    printed = built / "build" / "print" / f"{book}.pdf"
    if printed.is_file():  # the Arabic report is not ordered: it has no printer's PDF
        skipped = 2 if printed.with_name(f"{book}.cover.pdf").is_file() else 0  # the front cover and its inside
        _markers_on_their_pages(built, book, [""] * skipped + pdf_pages(printed))


def _markers_on_their_pages(built: Path, book: str, pages: list[str]) -> None:
    after = text_after_markers(built / "build" / "epub" / f"{book}.epub")
    nav = documents(built / "build" / "epub" / f"{book}.epub")["EPUB/nav.xhtml"]
    listed = [a.text for a in nav.find(f".//{XH}nav[@id='page-list']").iter(f"{XH}a")]
    assert listed == [str(n) for n in range(1, len(listed) + 1)] and listed == sorted(after, key=int)
    assert len(listed) >= len([p for p in pages if p.strip()]) - 2  # all but the back cover (and its blank)
    checked = 0
    for folio, text in after.items():
        probe, page = comparable(text)[:12], comparable(pages[int(folio) - 1])
        if probe:  # a blank page has no text of its own
            # the first words in a row; or (pdftotext orders right-to-left blocks its own way) each of them
            words = [w for w in map(comparable, text.split()) if len(w) > 2][:4]
            # (and pdftotext splits a word whose letters carry shadda and damma: three of four words will do);
            # in a left-to-right book, the first words in order, a printed page reference between them
            found = probe in page or _in_order(words, page)
            found = found or (book.endswith(".ar") and sum(w in page for w in words) >= len(words) - 1 >= 2)
            assert found, f"{book} p. {folio}: {text[:60]!r}"
            checked += 1
    assert checked >= len(listed) // 2


def test_the_book_has_the_parts_of_the_print_edition(built: Path) -> None:
    epub = built / "build" / "epub" / "report.en.epub"
    docs = documents(epub)
    assert list(docs)[:4] == ["EPUB/cover.xhtml", "EPUB/title.xhtml", "EPUB/colophon.xhtml", "EPUB/nav.xhtml"]
    colophon = "".join(docs["EPUB/colophon.xhtml"].itertext())
    assert "Print run: 350 copies" in colophon
    assert "".join(docs["EPUB/abbreviations.xhtml"].itertext()).count("Central Finance") == 1
    nav = docs["EPUB/nav.xhtml"]
    assert {n.get(OPS_TYPE) for n in nav.iter(f"{XH}nav")} == {"toc", "landmarks", "page-list"}
    toc = [a.get("href") for a in nav.find(f"{XH}body/{XH}nav").iter(f"{XH}a")]
    assert "ch-methodology.xhtml" in toc and any(h.startswith("ch-methodology.xhtml#") for h in toc)
    manifest = {i.get("href"): i for i in package(epub).iter(f"{OPF}item")}
    assert manifest["cover.svg"].get("properties") == "cover-image"
    assert manifest["nav.xhtml"].get("properties") == "nav"
    chapter = docs["EPUB/ch-findings-izmir.xhtml"]
    refs = [a for a in chapter.iter(f"{XH}a") if a.get(OPS_TYPE) == "noteref"]
    notes = {n.get("id"): n for n in chapter.iter(f"{XH}aside") if n.get(OPS_TYPE) == "footnote"}
    assert refs and len(refs) == len(notes) and all(a.get("role") == "doc-noteref" for a in refs)
    for ref in refs:  # each call leads to its note, and the note back to the call
        note = notes[ref.get("href").lstrip("#")]
        assert note.get("role") == "doc-footnote"
        assert [a.get("href") for a in note.iter(f"{XH}a") if a.get("role") == "doc-backlink"] == [f"#{ref.get('id')}"]
    charts = [f for f in chapter.iter(f"{XH}figure") if "chart" in (f.get("class") or "")]
    assert charts
    for figure in charts:
        image = figure.find(f"{XH}img")
        assert image.get("alt") and manifest[image.get("src")].get("media-type") == "image/svg+xml"
        # its numbers, with header cells, right after it (a figure's caption is its last child)
        data = figure.getnext()
        assert data is not None and "chart-data" in (data.get("class") or ""), figure.get("id")
        assert data.find(f".//{XH}table/{XH}thead/{XH}tr/{XH}th") is not None
    assert read(epub, f"EPUB/{charts[0].find(f'{XH}img').get('src')}").startswith(b"<?xml")


def test_a_sample_translation_carries_its_review_notice(built: Path) -> None:
    arabic = documents(built / "build" / "epub" / "report.ar.epub")["EPUB/colophon.xhtml"]
    english = documents(built / "build" / "epub" / "report.en.epub")["EPUB/colophon.xhtml"]
    assert arabic.find(f".//{XH}p[@class='review-notice']") is not None
    assert english.find(f".//{XH}p[@class='review-notice']") is None


def test_fonts_are_embedded_subsets_of_the_scripts_used(built: Path) -> None:
    def fonts(book: str) -> dict[str, int]:
        with zipfile.ZipFile(built / "build" / "epub" / f"{book}.epub") as archive:
            return {
                i.filename.split("/")[-1].split(".")[0]: i.file_size
                for i in archive.infolist()
                if "/fonts/" in i.filename
            }

    arabic, italian = fonts("report.ar"), fonts("report.it")
    assert {"NotoNaskhArabic-Regular", "SourceSerifPro-Regular"} <= set(arabic)
    assert "NotoNaskhArabic-Regular" in italian  # the colophon names the languages: العربية
    assert max(arabic.values()) < 40_000  # subsets: the whole Naskh face is over 100 KB
    assert "SourceSansPro-Light" not in arabic  # a face the stylesheet does not use


def test_the_web_edition_offers_the_e_book_with_its_size(built: Path) -> None:
    page = (built / "build" / "html" / "en" / "report" / "index.html").read_text(encoding="utf-8")
    size = (built / "build" / "epub" / "report.en.epub").stat().st_size
    assert 'href="../../downloads/epub/report.en.epub"' in page
    assert f"(EPUB, {round(size / 1024)} KB" in page
    copied = built / "build" / "html" / "downloads" / "epub" / "report.en.epub"
    assert copied.read_bytes() == (built / "build" / "epub" / "report.en.epub").read_bytes()


def test_turkish_running_text_carries_soft_hyphens_where_the_print_dictionary_breaks(built: Path) -> None:
    """Reading systems have no Turkish patterns: the publisher's own (the PDFs') are in the text."""
    turkish = documents(built / "build" / "epub" / "report.tr.epub")["EPUB/ch-findings-molise.xhtml"]
    paragraphs = "".join("".join(p.itertext()) for p in turkish.iter(f"{XH}p"))
    assert "gö\u00adçmen" in paragraphs or "göç\u00admen" in paragraphs
    assert "\u00ad" not in "".join("".join(h.itertext()) for h in turkish.iter(f"{XH}h1", f"{XH}h2", f"{XH}h3"))
    assert [s.text for s in turkish.iter(f"{XH}span") if s.get("lang") == "en"] == ["Salvini Decree"]  # not Turkish
    english = documents(built / "build" / "epub" / "report.en.epub")["EPUB/ch-findings-molise.xhtml"]
    assert "\u00ad" not in "".join(english.itertext())  # reading systems hyphenate English themselves


def _in_order(words: list[str], page: str, gap: int = 12) -> bool:
    """``words`` on ``page`` one after the other, at most ``gap`` characters between two (the book prints
    "Table 2 (p. 14)" where the e-book says "Table 2")."""
    for start in range(len(page)):
        at, ok = start, True
        for i, word in enumerate(words):
            found = page.find(word, at, at + len(word) + (gap if i else 0))
            if found < 0:
                ok = False
                break
            at = found + len(word)
        if ok and words:
            return True
    return False
