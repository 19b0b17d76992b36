"""The e-book's parts as plain data, made from the edition model (in the main process): its content
documents in reading order — cover, title page, colophon, contents (the nav document), abbreviations,
chapters — each an XHTML string, and the text they hold (for the font subsets).

The chapters keep the print edition's structure and ids (``templates/print/document.html.j2``), so
that the printed pages' breaks can be found in them (:mod:`publisher.epub.pagelist`); what only the
e-book has — the chapter's notes, the charts' data tables — follows the text it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.epub.hyphens import add_soft_hyphens
from publisher.epub.xhtml import parse_html, serialise
from publisher.languages import language
from publisher.text.jinja import render_template
from publisher.text.labels import LANGUAGE_NAMES, nouns
from publisher.text.markdown import MarkupContext

if TYPE_CHECKING:
    from publisher.model import DocumentEdition, EditionModel

IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
IMAGE_TYPES |= {".gif": "image/gif", ".webp": "image/webp"}


@dataclass(frozen=True)
class ContentDocument:
    """One XHTML content document of the spine."""

    href: str
    """Its name in the book (the package's folder): ``ch-introduction.xhtml``."""
    title: str
    xhtml: str
    landmark: str = ""
    """Its ``epub:type`` in the nav's landmarks (``cover``, ``bodymatter`` …), if it is one."""
    properties: str = ""
    """Manifest properties: ``nav``, ``svg`` …"""


@dataclass(frozen=True)
class Resource:
    """A file the content documents use: an image or a chart's drawing, copied from the build."""

    href: str
    media_type: str
    source: Path


def book_context(model: EditionModel, edition: DocumentEdition) -> dict[str, Any]:
    """What every template of the e-book shows of the publication and the edition."""
    publication, text, project = model.publication, edition.text, model.project
    lang = text.lang
    return {
        "lang": lang,
        "source_lang": publication.source_language,
        "doc_title": text.title,
        "publication_title": publication.title.get(lang, ""),
        "publisher_name": publication.publisher.get(lang, ""),
        "place": publication.place.get(lang, ""),
        "date": publication.date,
        "date_provisional": "date" in publication.provisional,
        "funding": publication.funding.get(lang, ""),
        "printer": publication.printer,
        "copies": edition.copies,
        "copies_provisional": text.document.print_runs_provisional,
        "project_name": project.get("short_name", ""),
        "project_full_name": _localised(project, "title", lang) or project.get("name", ""),
        "partners": [_localised(p, "names", lang) or p.get("name", "") for p in project.get("partners", [])],
        "languages": [(code, LANGUAGE_NAMES[code]) for code in text.document.languages],
        "abbreviations": edition.abbreviations,
        "review_pending": any(c.source.meta.get("review") == "pending" for c in text.chapters),
    }


def _localised(record: dict[str, Any], key: str, lang: str) -> str:
    texts = record.get(key)
    return str(texts.get(lang, "")) if isinstance(texts, dict) else ""


def resources(edition: DocumentEdition) -> list[Resource]:
    """The charts' drawings and the project images the chapters show, as the book names them."""
    found = [Resource(f"images/{c.file_name}", "image/svg+xml", c.svg) for _, c in sorted(edition.charts.items())]
    for index, path in enumerate(dict.fromkeys(edition.text.images), start=1):
        source = Path(path)
        found.append(Resource(_image_href(index, source), IMAGE_TYPES.get(source.suffix.lower(), ""), source))
    return found


def _image_href(index: int, source: Path) -> str:
    return f"images/{index:02d}-{source.name}"


def content_documents(model: EditionModel, edition: DocumentEdition) -> list[ContentDocument]:
    """The book's content documents in reading order (the nav document among them)."""
    text = edition.text
    context = book_context(model, edition)
    templates = model.publication.root / "templates"
    render = _renderer(templates, context)
    names = nouns(templates, text.lang, model.publication.source_language)
    translate = _translator(templates, text.lang, model.publication.source_language)
    docs = [
        render("cover.xhtml", "epub/cover.html.j2", translate("Cover"), "cover"),
        render("title.xhtml", "epub/title.html.j2", text.title, "titlepage"),
        render("colophon.xhtml", "epub/colophon.html.j2", translate("Colophon"), "colophon"),
    ]
    chapters = _chapters(edition, names)
    toc: list[dict[str, Any]] = []
    if edition.abbreviations:
        toc.append({"href": "abbreviations.xhtml", "number": "", "title": translate("Abbreviations"), "sections": []})
    for chapter in chapters:
        sections = [{"href": f"{chapter['href']}#{h.id}", "title": h.text} for h in chapter["sections"]]
        toc.append(
            {"href": chapter["href"], "number": chapter["number"], "title": chapter["title"], "sections": sections}
        )
    landmarks = [
        {"type": "cover", "href": "cover.xhtml", "title": translate("Cover")},
        {"type": "titlepage", "href": "title.xhtml", "title": text.title},
        {"type": "toc", "href": "nav.xhtml#contents", "title": translate("Contents")},
    ]
    if chapters:
        landmarks.append({"type": "bodymatter", "href": chapters[0]["href"], "title": chapters[0]["title"]})
    docs.append(
        render(
            "nav.xhtml",
            "epub/nav.html.j2",
            translate("Contents"),
            "toc",
            properties="nav",
            toc=toc,
            landmarks=landmarks,
        )
    )
    if edition.abbreviations:
        docs.append(render("abbreviations.xhtml", "epub/abbreviations.html.j2", translate("Abbreviations"), "glossary"))
    for chapter in chapters:
        docs.append(render(chapter["href"], "epub/chapter.html.j2", chapter["title"], "chapter", chapter=chapter))
    return docs


def _renderer(templates: Path, context: dict[str, Any]) -> Any:
    """What renders one of the e-book's templates into a :class:`ContentDocument`."""
    lang, source = context["lang"], context["source_lang"]

    def render(href: str, template: str, title: str, landmark: str, properties: str = "", **extra: Any) -> Any:
        matter = "bodymatter" if landmark == "chapter" else "frontmatter"
        html = render_template(
            templates, lang, template, **{**context, "source_lang": source}, page_title=title, body_type=matter, **extra
        )
        root = parse_html(html)
        if landmark == "chapter":  # as in print, the running text only (publisher.epub.hyphens)
            add_soft_hyphens(root, lang)
        return ContentDocument(href, title, serialise(root), landmark, properties)

    return render


def _translator(templates: Path, lang: str, source: str) -> Any:
    from publisher.text.catalogs import load_translations

    return load_translations(templates / "locales", lang, source).gettext


def _chapters(edition: DocumentEdition, names: dict[str, str]) -> list[dict[str, Any]]:
    """Each chapter's HTML for the e-book: notes at its end, the charts' tables, links between files."""
    text = edition.text
    hrefs = {chapter.slug: f"{chapter.id}.xhtml" for chapter in text.chapters}
    images = {path: _image_href(i, Path(path)) for i, path in enumerate(dict.fromkeys(text.images), start=1)}
    ctx = MarkupContext(
        lang=text.lang,
        target="epub",
        labels=text.labels,
        names=names,
        chapter_urls=hrefs,
        charts=edition.charts,
        chart_urls={cid: f"images/{chart.file_name}" for cid, chart in edition.charts.items()},
        image_urls=images,
    )
    return [
        {
            "id": chapter.id,
            "href": hrefs[chapter.slug],
            "number": chapter.number,
            "title": chapter.title,
            "html": text.chapter_html(chapter, ctx),
            "sections": [h for h in chapter.headings if h.level == 2],
        }
        for chapter in text.chapters
    ]


def direction(lang: str) -> str:
    """``rtl`` or ``ltr``: the language registry's writing direction."""
    return language(lang).direction
