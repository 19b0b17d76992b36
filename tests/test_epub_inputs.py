"""The e-book's writer on its own: the printed pages placed in the text (a word broken over two pages,
blank pages, a page outside the e-book), the zip, and an input it cannot take (a located error)."""

from __future__ import annotations

import io
import zipfile

from click.testing import CliRunner
from lxml import etree

from publisher.cli import main
from publisher.epub.package import zip_entries
from publisher.epub.pagelist import fill_page_list, place_markers
from publisher.epub.xhtml import parse_html, serialise
from publisher.pages import PageStart

CHAPTER = """<!DOCTYPE html><html lang="en"><body>
<section id="ch-a"><h1 id="ch-a-title">A title</h1>
<p id="a-p1">One two <em>three</em> four-teen five<sup class="footnote-ref"><a href="#n">1</a></sup> six.</p>
<ul><li>first item</li><li>second item</li></ul>
</section></body></html>"""


def _placed(starts: list[PageStart]) -> tuple[str, list[tuple[str, str]]]:
    root = parse_html(CHAPTER)
    pages = place_markers({"a.xhtml": root}, starts)
    return serialise(root), pages


def _after(xhtml: str, folio: str) -> str:
    """The text right after marker ``folio``."""
    root = etree.fromstring(xhtml.encode())
    marker = root.find(f".//*[@id='page-{folio}']")
    return (marker.tail or "") + "".join(marker.getnext().itertext() if marker.getnext() is not None else [])


def test_a_page_that_begins_inside_a_paragraph_is_marked_after_its_characters() -> None:
    xhtml, pages = _placed([PageStart("7", "a-p1", 6)])  # "One", "two": 6 characters on the page before
    assert _after(xhtml, "7").startswith(" three") or _after(xhtml, "7").startswith("three")
    assert pages == [("7", "a.xhtml#page-7")]


def test_a_word_broken_over_two_pages_is_marked_after_the_word() -> None:
    # "four-" ends page 7: the marker goes after "four-teen", whose end is on page 8
    xhtml, _ = _placed([PageStart("8", "a-p1", 6 + 5 + 5)])
    root = etree.fromstring(xhtml.encode())
    marker = root.find(".//*[@id='page-8']")
    assert marker.getprevious().tail == " four-teen" and marker.tail == " five"


def test_note_calls_are_not_counted_and_blank_pages_go_with_the_next_page() -> None:
    # 24 characters of the paragraph (its note call "1" is not one): the page begins at "six."
    xhtml, pages = _placed([PageStart("9", "", 0), PageStart("10", "a-p1", 24)])
    assert [p for p, _ in pages] == ["9", "10"]
    root = etree.fromstring(xhtml.encode())
    nine, ten = root.find(".//*[@id='page-9']"), root.find(".//*[@id='page-10']")
    assert nine.getnext() is ten and ten.tail == "six."
    assert ten.get("{http://www.idpf.org/2007/ops}type") == "pagebreak" and ten.get("aria-label") == "10"


def test_a_page_starting_with_an_element_is_marked_before_it_or_in_a_list_item() -> None:
    xhtml, _ = _placed([PageStart("3", "ch-a", 0), PageStart("4", "a-p1", 0), PageStart("5", "ch-a", 43)])
    root = etree.fromstring(xhtml.encode())
    section = root.find(".//*[@id='ch-a']")
    assert section.getprevious().get("id") == "page-3"
    assert root.find(".//*[@id='a-p1']").getprevious().get("id") == "page-4"
    five = root.find(".//*[@id='page-5']")
    assert etree.QName(five.getparent()).localname == "li" and five.tail == "second item"


def test_a_page_outside_the_e_book_has_no_marker_and_the_page_list_links_the_others() -> None:
    root = parse_html(CHAPTER)
    nav = parse_html('<html><body><nav id="page-list"><ol></ol></nav></body></html>')
    pages = place_markers(
        {"a.xhtml": root}, [PageStart("1", "ch-a", 0), PageStart("2", ""), PageStart("3", "back-cover")]
    )
    fill_page_list(nav, pages)
    assert [(a.text, a.get("href")) for a in nav.iter("{http://www.w3.org/1999/xhtml}a")] == [("1", "a.xhtml#page-1")]


def test_the_zip_is_the_same_bytes_for_the_same_entries() -> None:
    entries = [("META-INF/container.xml", b"<container/>"), ("EPUB/a.xhtml", b"<html/>" * 100)]
    first, second = zip_entries(entries, None), zip_entries(list(entries), None)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        info = archive.infolist()
        assert [i.filename for i in info] == ["mimetype", "META-INF/container.xml", "EPUB/a.xhtml"]
        assert info[0].compress_type == zipfile.ZIP_STORED and info[2].compress_type == zipfile.ZIP_DEFLATED
        assert {i.date_time for i in info} == {(1980, 1, 1, 0, 0, 0)}


def test_an_image_the_e_book_cannot_take_is_a_located_error(make_project, monkeypatch) -> None:
    chapters = {
        f"{lang}/doc/01-intro.md": f"---\ntitle: Intro {lang}\n---\n\nText.\n\n![A map of the region](images/map.bmp)\n"
        for lang in ("en", "tr", "it")
    }
    root = make_project(chapters=chapters)
    from PIL import Image

    for lang in ("en", "tr", "it"):
        folder = root / "content" / lang / "doc" / "images"
        folder.mkdir(parents=True)
        Image.new("RGB", (40, 30), "#0072b2").save(folder / "map.bmp")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "-f", "epub", "-f", "html", "--jobs", "1"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    for lang in ("en", "tr", "it"):
        assert (
            f"content/{lang}/doc/01-intro.md:7: error: image 'map.bmp' cannot go into the e-book: "
            "use PNG, JPEG, GIF, WebP or SVG (EPUB 3.3 core media types)"
        ) in result.output
    assert not (root / "build" / "epub").exists()
    assert (root / "build" / "html" / "en" / "doc" / "index.html").is_file()  # the other editions are made
