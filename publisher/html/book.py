"""The HTML of a book, ready for WeasyPrint: one HTML, laid out once, for both the printer's PDF
and the digital PDF.

It is the printer's page (trim plus bleed, the covers' colour running into the bleed) in
the screen's colours (sRGB); what makes each PDF is done after layout: the digital one
is cut to the trim (``publisher.pdf.digital``), the printer's gets its inks in CMYK, its
marks and its blank pages (``publisher.pdf.prepress``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from publisher.colours import ink
from publisher.fonts import css_font_stacks, edition_writings
from publisher.model import DocumentEdition, EditionModel
from publisher.numerals import counter_style
from publisher.scriptcss import book_font_css
from publisher.text.jinja import render_template
from publisher.text.labels import LANGUAGE_NAMES, nouns
from publisher.text.locale import digits_of
from publisher.text.markdown import MarkupContext

SPREAD_GEOMETRY = "/* publisher: spread geometry */"
"""Where ``print/cover.html.j2`` receives the spread's geometry: ``publisher.pdf.cover`` replaces this
string (it knows the same one: the writers do not import one another)."""


def _localised(record: dict[str, Any], key: str, lang: str) -> str:
    """``record[key][lang]`` when the data gives a per-language text, else ''."""
    texts = record.get(key)
    return str(texts.get(lang, "")) if isinstance(texts, dict) else ""


def book_html(model: EditionModel, edition: DocumentEdition) -> str:
    """The full HTML (cover to back cover) of one document in one language, for both its PDFs."""
    return _render(model, edition, "print/document.html.j2")


def cover_html(model: EditionModel, edition: DocumentEdition) -> str:
    """The HTML of the printer's cover spread (back, spine, front) of one book; the geometry, which
    depends on the text block's page count, is added where it says ``SPREAD_GEOMETRY``
    (``publisher.pdf.cover``)."""
    return _render(model, edition, "print/cover.html.j2", chapters=False)


def _render(model: EditionModel, edition: DocumentEdition, template: str, chapters: bool = True) -> str:
    publication, text, project = model.publication, edition.text, model.project
    templates = publication.root / "templates"
    lang = text.lang
    source = publication.source_language
    names = nouns(templates, lang, source)
    ctx = MarkupContext(
        lang=lang,
        target="book",
        labels=text.labels,
        names=names,
        charts=edition.charts,
        chart_urls={cid: chart.svg.as_uri() for cid, chart in edition.charts.items()},
        image_urls={path: Path(path).as_uri() for path in text.images},
    )
    chapter_list = []
    for chapter in text.chapters if chapters else []:
        chapter_list.append(
            {
                "id": chapter.id,
                "number": chapter.number,
                "title": chapter.title,
                "html": text.chapter_html(chapter, ctx),
                "sections": [h for h in chapter.headings if h.level == 2],
            }
        )
    trim_w, trim_h = publication.print.trim_mm
    bleed = publication.print.bleed_mm
    date = publication.date
    html = render_template(
        templates,
        lang,
        template,
        source_lang=source,
        lang=lang,
        doc=text.document,
        doc_title=text.title,
        css=_CSS_SLOT,
        chapters=chapter_list,
        ink=ink,
        fonts=css_font_stacks(lang),
        spread_geometry=SPREAD_GEOMETRY,
        spine_text=" · ".join(t for t in (text.title, project.get("short_name", "")) if t),
        publication_title=publication.title.get(lang, ""),
        publisher_name=publication.publisher.get(lang, ""),
        place=publication.place.get(lang, ""),
        date=date,
        date_iso=(dt.datetime.combine(date, dt.time()).isoformat() + "Z") if date else "",
        funding=publication.funding.get(lang, ""),
        date_provisional="date" in publication.provisional,
        printer=publication.printers.get(lang, publication.printer),
        copies=edition.copies,
        copies_provisional=text.document.print_runs_provisional,
        project_name=project.get("short_name", ""),
        project_full_name=_localised(project, "title", lang) or project.get("name", ""),
        partners=[_localised(p, "names", lang) or p.get("name", "") for p in project.get("partners", [])],
        languages=[(code, LANGUAGE_NAMES[code]) for code in text.document.languages],
        abbreviations=edition.abbreviations,
        review_pending=any(c.source.meta.get("review") == "pending" for c in text.chapters),
    )
    # The faces the book uses are known once its text is: its language's, Latin, and those of every
    # other script in it (a Chinese language name in the colophon, a Hindi passage), nothing more.
    writings = edition_writings(lang, html)
    css = render_template(
        templates,
        lang,
        "print/document.css.j2",
        source_lang=source,
        trim_w=trim_w,
        trim_h=trim_h,
        bleed=bleed,
        ink=ink,
        digits_style=counter_style(digits_of(lang)),
        **book_font_css(lang, writings, text.passage_languages),
    )
    return html.replace(_CSS_SLOT, css, 1)


#: Where the stylesheet goes in the book's HTML, filled in once the text (and so its scripts) is known.
_CSS_SLOT = "/*publisher:stylesheet*/"
