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
from publisher.text.jinja import render_template
from publisher.text.labels import LANGUAGE_NAMES


def language_index_path(lang: str) -> str:
    """The index of the documents a reader of ``lang`` can read: ``tr/index.html``."""
    return f"{lang}/index.html"


def _editions(document: Document, available: dict[tuple[str, str], list[str]], page: str) -> list[dict[str, str]]:
    """The editions of ``document`` that exist, in the publication's order of languages."""
    return [
        {
            "lang": lang,
            "name": LANGUAGE_NAMES[lang],
            "href": rel(page, index_path(lang, document.id)),
            "title": document.title[lang],
        }
        for lang in document.languages
        if (document.id, lang) in available
    ]


def _card(document: Document, lang: str, editions: list[dict[str, str]]) -> dict[str, Any]:
    """One document as an index shows it: its title in ``lang`` (or its own), its editions."""
    title_lang = lang if lang in document.title else document.source_language
    return {"id": document.id, "title": document.title[title_lang], "lang": title_lang, "editions": editions}


def index_pages(
    publication: Publication, available: dict[tuple[str, str], list[str]], site: SiteHead
) -> list[tuple[str, str]]:
    """``(path, html)`` of ``index.html`` and of each language's index."""
    pages = [("index.html", _site_index(publication, available, site))]
    for lang in publication.languages:
        pages.append((language_index_path(lang), _language_index(publication, available, lang, site)))
    return pages


def _head(publication: Publication, page: str) -> dict[str, Any]:
    """hreflang alternates of an index: each language's index; ``x-default`` is ``index.html``."""

    def url(path: str) -> str:
        return f"{publication.base_url}/{path}" if publication.base_url else rel(page, path)

    links = [{"lang": lang, "href": url(language_index_path(lang))} for lang in publication.languages]
    links.append({"lang": "x-default", "href": url("index.html")})
    return {"hreflang": links, "canonical": f"{publication.base_url}/{page}" if publication.base_url else ""}


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


def _site_index(publication: Publication, available: dict[tuple[str, str], list[str]], site: SiteHead) -> str:
    """``index.html``: every edition of every document, in the source language."""
    lang0 = publication.source_language
    documents = []
    for document in publication.documents:
        editions = _editions(document, available, "index.html")
        if editions:
            documents.append(_card(document, lang0, editions))
    return _render(publication, available, lang0, "index.html", documents, [], None, site)


def _language_index(
    publication: Publication, available: dict[tuple[str, str], list[str]], lang: str, site: SiteHead
) -> str:
    """``<lang>/index.html``: the documents in ``lang``, then those that exist only in other languages."""
    page = language_index_path(lang)
    here, elsewhere = [], []
    for document in publication.documents:
        editions = _editions(document, available, page)
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
    return _render(publication, available, lang, page, here, elsewhere, lang, site)


def _render(
    publication: Publication,
    available: dict[tuple[str, str], list[str]],
    lang: str,
    page: str,
    documents: list[dict[str, Any]],
    elsewhere: list[dict[str, Any]],
    current: str | None,
    site: SiteHead,
) -> str:
    has_search = any(other == lang for _, other in available)
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
