"""One e-book made ready for a worker: its content documents, cover, stylesheet and package
(:class:`publisher.epub.package.EpubBook`); the worker adds the printed pages and zips it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from publisher.epub.book import ContentDocument, book_context, content_documents, resources
from publisher.epub.cover import cover_svg
from publisher.epub.package import EpubBook, EpubFont, font_css, identifier, manifest, modified, spine
from publisher.epub.xhtml import parse_xhtml
from publisher.languages import language
from publisher.numerals import counter_style
from publisher.text.catalogs import load_translations
from publisher.text.jinja import render_template
from publisher.text.locale import digits_of
from publisher.theme import find

if TYPE_CHECKING:
    from publisher.model import DocumentEdition, EditionModel

EXTRA_CHARACTERS = "0123456789 .,:;–—()[]‐-‘’“”«»…↩\u00ad"
"""What the worker adds to the text (page numbers of the page list) or a reading system may show."""


def documents(model: EditionModel, edition: DocumentEdition) -> list[ContentDocument]:
    """The book's content documents (see :func:`publisher.epub.book.content_documents`)."""
    return content_documents(model, edition)


def characters(docs: list[ContentDocument]) -> str:
    """Every character the book's documents show (for the font subsets), sorted."""
    chars = set(EXTRA_CHARACTERS)
    for doc in docs:
        chars |= set("".join(parse_xhtml(doc.xhtml).itertext()))
    return "".join(sorted(c for c in chars if c.isprintable() or c in "\u00a0\u00ad"))


def epub_book(
    model: EditionModel, edition: DocumentEdition, docs: list[ContentDocument], fonts: list[EpubFont]
) -> EpubBook:
    """The e-book of ``edition``, its ``docs`` made by :func:`documents` and its faces ``fonts``."""
    publication, text = model.publication, edition.text
    context = book_context(model, edition)
    templates = publication.root / "templates"
    lang = text.lang
    files = resources(edition)
    date = publication.date
    print_source = ", ".join(
        part
        for part in (text.title, context["publisher_name"], context["place"], str(date.year) if date else "")
        if part
    )
    package = render_template(
        templates,
        lang,
        "epub/package.xml.j2",
        **context,
        identifier=identifier(
            publication.title.get(publication.source_language, ""), text.document.id, lang, publication.base_url or ""
        ),
        modified=modified(date),
        print_source=print_source,
        manifest=manifest(docs, files, fonts),
        spine=spine(docs),
    )
    stylesheet = font_css(fonts) + "\n" + find(templates, "epub/book.css").read_text(encoding="utf-8")
    stylesheet += "\n" + _font_stacks(lang, fonts)
    if digits_style := counter_style(digits_of(lang)):  # ordered lists in the publication's digits
        stylesheet += f"\n{digits_style}\nol {{ list-style-type: digits; }}\n"
    comma = load_translations(templates / "locales", lang, publication.source_language).gettext(", ")
    place_date = comma.join(p for p in (context["place"], str(date.year) if date else "") if p)
    cover = cover_svg(
        title=text.title,
        publication=context["publication_title"],
        project=context["project_name"],
        publisher=context["publisher_name"],
        place_date=place_date,
        direction=language(lang).direction,
        lang=lang,
    )
    return EpubBook(f"{text.document.id}.{lang}", lang, date, docs, package, stylesheet, cover, files, fonts)


def _font_stacks(lang: str, fonts: list[EpubFont]) -> str:
    """``--serif`` and ``--sans``: the embedded families, the book's script's first."""
    own = language(lang).fonts
    serif = [
        *(f for f in own[:1] if any(e.family == f for e in fonts)),
        *(f.family for f in fonts if f.role == "serif"),
    ]
    sans = [*(f for f in own[1:2] if any(e.family == f for e in fonts)), *(f.family for f in fonts if f.role == "sans")]
    stack = ", ".join(f'"{f}"' for f in dict.fromkeys(serif))
    heads = ", ".join(f'"{f}"' for f in dict.fromkeys(sans))
    serif_stack, sans_stack = f"{stack + ', ' if stack else ''}serif", f"{heads + ', ' if heads else ''}sans-serif"
    return f":root {{ --serif: {serif_stack}; --sans: {sans_stack}; }}\n"
