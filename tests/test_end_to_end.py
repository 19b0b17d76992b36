"""The whole pipeline on the sample publication: read the PDFs and the site that come out."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import pdf_page_texts
from pypdf import PdfReader

from publisher.diagnostics import Diagnostics
from publisher.load.config import load_publication
from publisher.load.content import load_content
from publisher.text.markdown import make_markdown, typographic

EDITIONS = [(doc, lang) for doc in ("report", "policy") for lang in ("en", "tr", "it")]


def chapter_titles(root: Path, doc: str, lang: str) -> list[str]:
    content = load_content(load_publication(root), Diagnostics())
    md = make_markdown(lang)
    return [typographic(c.title, md) for c in content.chapters_of(doc, lang)]  # as printed: Molise’den


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def test_every_edition_is_built(built_sample) -> None:
    root, results, diags = built_sample
    assert not diags.errors, "\n".join(map(str, diags.errors))
    # pdf.py checks every footnote's page against its call's page and warns otherwise
    assert not [p for p in diags.warnings if "footnote" in p.message]
    for doc, lang in EDITIONS:
        assert (root / "build" / "print" / f"{doc}.{lang}.pdf").stat().st_size > 10_000
        assert (root / "build" / "pdf" / f"{doc}.{lang}.pdf").stat().st_size > 10_000
        assert (root / "build" / "html" / lang / doc / "index.html").is_file()
    assert (root / "build" / "html" / "index.html").is_file()
    formats = sorted({r.edition.format for r in results})
    assert formats == ["epub", "html", "pdf", "print"]


@pytest.mark.parametrize(("doc", "lang"), EDITIONS)
def test_toc_page_numbers_match_chapter_starts(built_sample, doc: str, lang: str) -> None:
    root, _, _ = built_sample
    pdf = root / "build" / "pdf" / f"{doc}.{lang}.pdf"
    reader = PdfReader(pdf)
    texts = [squash(t) for t in pdf_page_texts(pdf, layout=True)]
    titles = chapter_titles(root, doc, lang)
    assert len(titles) >= 5
    # The outline (bookmarks) of the digital PDF: one entry per chapter, at its first page.
    outline = [item for item in reader.outline if not isinstance(item, list)]
    outline_pages = {squash(item.title): reader.get_destination_page_number(item) + 1 for item in outline}
    toc_page = next(i for i, t in enumerate(texts) if all(title.split()[0] in t for title in titles))
    toc = texts[toc_page]
    previous = 0
    for number, title in enumerate(titles, start=1):
        start = outline_pages[squash(title)]
        # chapters open on right-hand (odd) pages
        assert start % 2 == 1, f"{title} starts on page {start}"
        assert start > previous
        previous = start
        # the TOC line of this chapter ends with its page number (dot leaders between)
        match = re.search(rf"{number} {re.escape(squash(title))}[ .]*?(\d+)(?: |$)", toc)
        assert match, f"no TOC line for {title!r} in {toc!r}"
        assert int(match.group(1)) == start
        # and the chapter's title is printed on that page, with its page number
        assert squash(title) in texts[start - 1]


@pytest.mark.parametrize(("doc", "lang"), [("report", "tr"), ("policy", "it"), ("report", "en")])
def test_running_headers_and_page_numbers(built_sample, doc: str, lang: str) -> None:
    root, _, _ = built_sample
    pdf = root / "build" / "print" / f"{doc}.{lang}.pdf"
    texts = pdf_page_texts(pdf, layout=True)
    titles = chapter_titles(root, doc, lang)
    headed = opening_pages = 0
    for index, text in enumerate(texts):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) < 5:
            continue
        # the text block starts at the book's page 3 (its separate cover is pages 1 and 2): a recto
        page_number = index + 3
        if lines[0] in titles and page_number % 2 == 1:
            headed += 1  # recto header: the chapter title
            assert str(page_number) in lines[-1]
        if len(lines) > 1 and lines[1] in titles and lines[0].split()[-1] == str(titles.index(lines[1]) + 1):
            # a chapter's first page ("Chapter 2" / "Yöntem"): no running header above it
            opening_pages += 1
    assert headed >= 3
    assert opening_pages == len(titles)


def test_language_of_text_and_metadata(built_sample) -> None:
    root, _, _ = built_sample
    for doc, lang in EDITIONS:
        pdf = root / "build" / "pdf" / f"{doc}.{lang}.pdf"
        reader = PdfReader(pdf)
        title = load_publication(root).document(doc).title[lang]
        assert reader.metadata.title == title
        assert str(reader.trailer["/Root"].get("/Lang")) == lang
        text = squash(" ".join(pdf_page_texts(pdf, layout=True)))
        for chapter in chapter_titles(root, doc, lang):
            assert squash(chapter) in text


def test_footnotes_sit_on_the_page_of_their_reference(make_project) -> None:
    from publisher.pipeline.stages import build

    filler = "\n\n".join(f"Paragraph {i} " + "lorem ipsum dolor sit amet " * 12 for i in range(12))
    root = make_project(
        chapters={
            f"{lang}/doc/01-intro.md": f"---\ntitle: Intro\n---\n\n{filler}\n\nAnchor sentence ZETA[^n].\n\n"
            f"{filler}\n\n[^n]: Footnote body OMEGA.\n"
            for lang in ("en", "tr", "it")
        }
    )
    results, diags = build(root, languages=["en"], formats=["pdf"])
    assert not diags.errors
    texts = pdf_page_texts(root / "build" / "pdf" / "doc.en.pdf", layout=True)
    anchor = next(i for i, t in enumerate(texts) if "ZETA" in t)
    note = next(i for i, t in enumerate(texts) if "OMEGA" in t)
    assert anchor == note
    assert anchor > 5  # it really is inside the chapter, after the front matter


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.lang: str | None = None
        self.h1 = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        if a.get("id"):
            self.ids.add(str(a["id"]))
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(str(a[key]))


def test_site_lang_and_internal_links(built_sample) -> None:
    root, _, _ = built_sample
    site = root / "build" / "html"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 1 + 6 * 6
    parsed = {}
    for page in pages:
        p = _Links()
        p.feed(page.read_text(encoding="utf-8"))
        parsed[page] = p
    for page, p in parsed.items():
        parts = page.relative_to(site).parts
        expected = parts[0] if parts[0] in ("en", "tr", "it", "ar") else "en"
        assert p.lang == expected, page
        assert p.h1 == 1, page
        for link in p.links:
            if re.match(r"^[a-z]+:", link) or link.startswith("//"):
                continue
            path, _, fragment = link.partition("#")
            target = (page.parent / path).resolve() if path else page
            assert target.exists(), f"{page.relative_to(site)}: broken link {link}"
            if fragment and target.suffix == ".html":
                assert fragment in parsed[target].ids, f"{page.relative_to(site)}: missing anchor {link}"


def test_chapter_images_reach_the_pdf_and_the_site(make_project) -> None:
    import pikepdf
    from PIL import Image

    from publisher.pipeline.stages import build

    chapters = {
        f"{lang}/doc/01-intro.md": '---\ntitle: Intro\n---\n\n![A red square](img/red.png "Red")\n\n'
        "Inline ![dot](img/red.png) too.\n"
        for lang in ("en", "tr", "it")
    }
    root = make_project(chapters=chapters)
    for lang in ("en", "tr", "it"):
        folder = root / "content" / lang / "doc" / "img"
        folder.mkdir()
        Image.new("RGB", (600, 600), (200, 30, 30)).save(folder / "red.png")
    results, diags = build(root, languages=["en"], formats=["pdf", "html"])
    assert not diags.errors, diags.errors
    with pikepdf.open(root / "build" / "pdf" / "doc.en.pdf") as pdf:
        images = [image for page in pdf.pages for image in page.get_images()]
    assert images, "the chapter's image is not in the PDF"
    page = (root / "build" / "html" / "en" / "doc" / "intro.html").read_text(encoding="utf-8")
    srcs = re.findall(r'<img src="([^"]+)" alt="(?:A red square|dot)"', page)
    assert len(srcs) == 2
    for src in srcs:
        assert src.startswith("../../assets/media/")
        assert (root / "build" / "html" / "en" / "doc" / src).resolve().is_file()
