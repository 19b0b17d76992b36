"""The site's indexes: ``index.html`` for every reader, and ``<lang>/index.html`` for each language's.

A publication's documents need not exist in every language (a call for municipalities in
Italian only). The two kinds of index answer two questions:

* ``index.html`` — *what is published?* Every document, each edition named in its own
  language (``Türkçe``, ``Italiano``), so that any reader finds theirs; it is in the source
  language, and a document that has no edition in it is titled in its own first language.
* ``<lang>/index.html`` — *what can I read?* First the documents that exist in ``lang``, titled
  in ``lang``; then, under "Also available in other languages", the documents that do not,
  each titled in its own language and each edition's language named in ``lang`` ("İtalyanca"),
  so that a reader learns that the document exists, and in which language, without being
  offered a link to an edition that does not exist. (See docs/web.md.)

Every page of a document links its site title to its own language's index.
"""

from __future__ import annotations

from typing import Any

from publisher.html.paths import index_path, rel, search_path, statement_path
from publisher.html.social import SiteHead
from publisher.languages import language
from publisher.load.config import Document, Publication
from publisher.model import EditionModel, Listing
from publisher.text.jinja import render_template
from publisher.text.labels import LANGUAGE_NAMES


def language_index_path(lang: str) -> str:
    """The index of the documents a reader of ``lang`` can read: ``tr/index.html``."""
    return f"{lang}/index.html"


def _editions(model: EditionModel, document: Document, page: str) -> list[dict[str, Any]]:
    """The editions of ``document`` that exist, in the publication's order of languages: each with
    its address, its title, its review state and its downloads (format, size, pages)."""
    editions = []
    for lang in document.languages:
        if (document.id, lang) not in model.available:
            continue
        listing = model.listings.get((document.id, lang), Listing())
        editions.append(
            {
                "lang": lang,
                "name": LANGUAGE_NAMES[lang],
                "href": rel(page, index_path(lang, document.id)),
                "title": document.title[lang],
                "review_pending": listing.review_pending,
                "downloads": [
                    {"href": rel(page, d.path), "format": d.format.upper(), "size": d.size, "pages": d.pages}
                    for d in listing.downloads
                ],
            }
        )
    return editions


def _card(document: Document, lang: str, editions: list[dict[str, Any]]) -> dict[str, Any]:
    """One document as an index shows it: its title and summary in ``lang`` (or its own), its cover,
    its editions (the one in ``lang`` first, when there is one)."""
    title_lang = lang if lang in document.title else document.source_language
    summary_lang = lang if lang in document.summary else document.source_language
    title = document.title[title_lang]
    return {
        "id": document.id,
        "title": title,
        "lang": title_lang,
        "summary": document.summary.get(summary_lang, ""),
        "summary_lang": summary_lang,
        "cover": cover_lines(title),
        "own": next((e for e in editions if e["lang"] == lang), None),
        "editions": editions,
    }


def cover_lines(title: str, width: int = 17, most: int = 7) -> list[str]:
    """The title broken into the lines of the cover thumbnail (an SVG draws no line breaks itself)."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[: most - 1] + ["…"] if len(lines) > most else lines


def index_pages(model: EditionModel, site: SiteHead) -> list[tuple[str, str]]:
    """``(path, html)`` of ``index.html`` and of each language's index."""
    pages = [("index.html", _site_index(model, site))]
    for lang in model.publication.languages:
        pages.append((language_index_path(lang), _language_index(model, lang, site)))
    return pages


def _head(publication: Publication, page: str) -> dict[str, Any]:
    """hreflang alternates of an index (only with ``base_url``, as for every page): each language's
    index; ``x-default`` is ``index.html``."""
    base = publication.base_url
    languages = list(publication.languages)
    if not base:
        return {"hreflang": [], "canonical": "", "languages": languages}
    links = [{"lang": lang, "href": f"{base}/{language_index_path(lang)}"} for lang in publication.languages]
    links.append({"lang": "x-default", "href": f"{base}/index.html"})
    return {"hreflang": links, "canonical": f"{base}/{page}", "languages": languages}


def _switcher(publication: Publication, page: str, current: str | None) -> list[dict[str, Any]]:
    return [
        {
            "lang": lang,
            "name": LANGUAGE_NAMES[lang],
            "href": rel(page, language_index_path(lang)),
            "current": lang == current,
            "path": language_index_path(lang),
        }
        for lang in publication.languages
    ]


def _site_index(model: EditionModel, site: SiteHead) -> str:
    """``index.html``: every edition of every document, in the source language."""
    publication = model.publication
    lang0 = publication.source_language
    documents = []
    for document in publication.documents:
        editions = _editions(model, document, "index.html")
        if editions:
            documents.append(_card(document, lang0, editions))
    return _render(model, lang0, "index.html", documents, [], None, site)


def _language_index(model: EditionModel, lang: str, site: SiteHead) -> str:
    """``<lang>/index.html``: the documents in ``lang``, then those that exist only in other languages."""
    page = language_index_path(lang)
    here, elsewhere = [], []
    for document in model.publication.documents:
        editions = _editions(model, document, page)
        if not editions:
            continue
        if any(edition["lang"] == lang for edition in editions):
            # the reader's own edition first, then the others named in themselves
            editions.sort(key=lambda edition: edition["lang"] != lang)
            here.append(_card(document, lang, editions))
        else:
            for edition in editions:
                edition["name"] = language(edition["lang"]).label_in(lang)
            elsewhere.append(_card(document, lang, editions))
    return _render(model, lang, page, here, elsewhere, lang, site)


def _render(
    model: EditionModel,
    lang: str,
    page: str,
    documents: list[dict[str, Any]],
    elsewhere: list[dict[str, Any]],
    current: str | None,
    site: SiteHead,
) -> str:
    publication = model.publication
    has_search = any(other == lang for _, other in model.available)
    extra = {"search_page": rel(page, search_path(lang))} if has_search else {}
    return render_template(
        publication.root / "templates",
        lang,
        "web/index.html.j2",
        source_lang=publication.source_language,
        lang=lang,
        page_path=page,
        root=rel(page, page if current is None else language_index_path(lang)),
        assets=rel(page, "assets"),
        publication=publication,
        documents=documents,
        elsewhere=elsewhere,
        alternates=_switcher(publication, page, current),
        # hreflang of the indexes, then what every page's head shares (description, Open Graph, icons)
        head={
            **_head(publication, page),
            **site.site_tags(page, lang, [o for o in publication.languages if o != lang]),
        },
        funding=publication.funding.get(lang, ""),
        statement_page=rel(page, statement_path(lang)),
        **extra,
    )
