"""The web edition: a page per chapter, a document index, a site index — relative links only.

``build/html/<lang>/<document>/<chapter-slug>.html``, ``build/html/<lang>/<document>/index.html``
and ``build/html/index.html``; assets (CSS, fonts, charts) under ``build/html/assets/``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from publisher.html.indexes import index_pages
from publisher.html.paths import SitePage, chapter_path, index_path, rel, search_index_path, search_path, statement_path
from publisher.html.search import chapter_records, index_script, plural_samples
from publisher.html.sitemap import sitemap
from publisher.html.social import SiteHead, chapter_description
from publisher.html.webassets import site_assets, site_head
from publisher.load.config import Publication
from publisher.load.review import review_of
from publisher.model import DocumentEdition, EditionModel
from publisher.numerals import counter_style
from publisher.text.document import Chapter
from publisher.text.jinja import render_template
from publisher.text.labels import LANGUAGE_NAMES, nouns
from publisher.text.locale import digits_of
from publisher.text.markdown import MarkupContext


def _alternates(publication: Publication, page: str, targets: dict[str, str]) -> dict[str, Any]:
    """hreflang alternates of one page: ``targets`` is language → site path of its version.

    Only with ``base_url``: search engines ignore relative alternates (and Lighthouse marks them
    invalid), so without it the head declares none (``publisher check`` says what it would add);
    ``languages`` names the versions either way. ``x-default`` is the source language's version.
    """
    base = publication.base_url
    canonical = f"{base}/{page}" if base else ""
    languages = [lang for lang in targets if len(targets) > 1]
    if len(targets) < 2 or not base:  # no other language version, or no address: nothing to declare
        return {"hreflang": [], "canonical": canonical, "languages": languages}
    links = [{"lang": lang, "href": f"{base}/{path}"} for lang, path in targets.items()]
    source = publication.source_language
    if source in targets:
        links.append({"lang": "x-default", "href": f"{base}/{targets[source]}"})
    return {"hreflang": links, "canonical": canonical, "languages": languages}


def web_pages(model: EditionModel) -> list[SitePage]:
    """Every page of the web edition as (path, html), with its search indexes, media, downloads and sitemap."""
    publication, available = model.publication, model.available
    head = site_head(model, publication.root / "templates")
    pages: list[SitePage] = []
    media: dict[str, Path] = {}
    downloads: dict[str, Path] = {}
    for _, edition in sorted(model.editions.items()):
        pages.extend(_edition_pages(model, edition, media, head))
    for listing in model.listings.values():  # the indexes offer every edition's PDF
        downloads.update((download.path, download.source) for download in listing.downloads)
    languages = sorted({lang for _, lang in model.editions} | {publication.source_language})
    for lang in sorted({lang for _, lang in model.editions}):
        pages.append(SitePage(search_path(lang), _search_page(publication, lang, available, head)))
        pages.append(SitePage(statement_path(lang), _statement_page(publication, lang, available, head)))
    pages.extend(SitePage(name, "", source=source) for name, source in sorted(media.items()))
    pages.extend(SitePage(path, html) for path, html in index_pages(model, head))
    pages.extend(site_assets(model, head, publication.root / "templates", languages))
    pages.extend(SitePage(path, "", source=source) for path, source in sorted(downloads.items()))
    if publication.base_url:
        pages.append(SitePage("sitemap.xml", sitemap(publication, available)))
    return pages


def _media_name(path: str) -> str:
    """Where a project image is published: assets/media/<hash>-<name>."""
    return f"assets/media/{hashlib.sha256(path.encode()).hexdigest()[:10]}-{Path(path).name}"


def _edition_pages(
    model: EditionModel, edition: DocumentEdition, media: dict[str, Path], head: SiteHead
) -> list[SitePage]:
    """The pages of one document in one language — its index, a page per chapter — and its search index,
    each rendered once; the project images they show are added to ``media``."""
    text, lang, doc_id = edition.text, edition.lang, edition.document
    images = {path: _media_name(path) for path in text.images}
    media.update((name, Path(path)) for path, name in images.items())
    names = nouns(model.publication.root / "templates", lang, model.publication.source_language)
    bodies = [_chapter_body(edition, chapter, names, images) for chapter in text.chapters]
    descriptions = [chapter_description(c.source.meta, body) for c, body in zip(text.chapters, bodies, strict=True)]
    index = index_path(lang, doc_id)
    context = _page_context(model, edition, index, None, 0)
    context["abbreviations"] = edition.abbreviations
    # the document's description is that of its first chapter
    tags = head.document_tags(index, edition, context["head"], (text.title, (descriptions or [text.title])[0]))
    context["head"].update(tags)
    pages = [SitePage(index, _render(model, lang, "web/document.html.j2", context))]
    records: list[dict[str, str]] = []
    for number, (chapter, body, description) in enumerate(zip(text.chapters, bodies, descriptions, strict=True), 1):
        page = chapter_path(lang, doc_id, chapter.slug)
        context = _page_context(model, edition, page, chapter, number)
        title = f"{chapter.title} · {text.title}"
        context["head"].update(head.document_tags(page, edition, context["head"], (title, description), "article"))
        context["chapter"] = {
            "number": chapter.number,
            "title": chapter.title,
            "id": chapter.id,
            "html": body,
            "headings": [h for h in chapter.headings if h.level == 2],
        }
        pages.append(SitePage(page, _render(model, lang, "web/chapter.html.j2", context)))
        records.extend(chapter_records(body, lang=lang, url=page, title=chapter.title, document=text.title))
    pages.append(SitePage(search_index_path(lang, doc_id), index_script(records)))
    return pages


def _chapter_body(edition: DocumentEdition, chapter: Chapter, names: dict[str, str], images: dict[str, str]) -> str:
    """A chapter's HTML on its web page (links relative to that page); ``names``: the nouns of its labels,
    ``images``: project image → its published path."""
    text, lang, doc_id = edition.text, edition.lang, edition.document
    page = chapter_path(lang, doc_id, chapter.slug)
    ctx = MarkupContext(
        lang=lang,
        target="web",
        labels=text.labels,
        names=names,
        charts=edition.charts,
        chapter_urls={c.slug: rel(page, chapter_path(lang, doc_id, c.slug)) for c in text.chapters},
        chart_urls={cid: rel(page, f"assets/figures/{c.file_name}") for cid, c in edition.charts.items()},
        image_urls={path: rel(page, name) for path, name in images.items()},
    )
    return text.chapter_html(chapter, ctx)


def _render(model: EditionModel, lang: str, template: str, context: dict[str, Any]) -> str:
    publication = model.publication
    return render_template(
        publication.root / "templates", lang, template, source_lang=publication.source_language, **context
    )


def _page_context(
    model: EditionModel, edition: DocumentEdition, page: str, chapter: Chapter | None, index: int
) -> dict[str, Any]:
    """What the page templates see, for the document's index (``chapter`` None) or one chapter's page."""
    publication, text, lang, doc_id = model.publication, edition.text, edition.lang, edition.document
    alternates, same_page = _language_versions(model, edition, page, chapter)
    prev_ch: Chapter | None = text.chapters[index - 2] if chapter is not None and index >= 2 else None
    next_ch: Chapter | None = text.chapters[index] if index < len(text.chapters) else None
    return dict(
        lang=lang,
        page_path=page,
        root=rel(page, f"{lang}/index.html"),
        assets=rel(page, "assets"),
        doc=text.document,
        doc_title=text.title,
        publication_title=publication.title.get(lang, ""),
        chapters=[
            {
                "number": c.number,
                "title": c.title,
                "href": rel(page, chapter_path(lang, doc_id, c.slug)),
                "current": chapter is not None and c.slug == chapter.slug,
            }
            for c in text.chapters
        ],
        doc_index=rel(page, index_path(lang, doc_id)),
        alternates=alternates,
        base_url=publication.base_url,
        prev=(
            {"title": prev_ch.title, "href": rel(page, chapter_path(lang, doc_id, prev_ch.slug))} if prev_ch else None
        ),
        next=(
            {"title": next_ch.title, "href": rel(page, chapter_path(lang, doc_id, next_ch.slug))} if next_ch else None
        ),
        pdfs=[
            {"href": rel(page, d.path), "size": d.size, "pages": d.pages, "label": d.format} for d in edition.downloads
        ],
        head=_alternates(publication, page, same_page),
        search_page=rel(page, search_path(lang)),
        digits_style=counter_style(digits_of(lang)),
        statement_page=rel(page, statement_path(lang)),
        funding=publication.funding.get(lang, ""),
        stale=chapter is not None and chapter.slug in edition.stale,
        review_pending=any(c.source.meta.get("review") == "pending" for c in ([chapter] if chapter else text.chapters)),
        reviewed=review_of(chapter.source.meta)
        if chapter is not None and lang != text.document.source_language
        else None,
    )


def _language_versions(
    model: EditionModel, edition: DocumentEdition, page: str, chapter: Chapter | None
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The language switcher's links of a page, and language → site path of each version of this very page
    (the same chapter, when that language has it; the document's index otherwise)."""
    alternates = []
    same_page: dict[str, str] = {}
    doc_id = edition.document
    for other in edition.text.document.languages:
        slugs = model.available.get((doc_id, other))
        if slugs is None:
            continue
        has = chapter is None or chapter.slug in slugs
        target = chapter_path(other, doc_id, chapter.slug) if chapter is not None and has else index_path(other, doc_id)
        if has:
            same_page[other] = target
        alternates.append(
            {
                "lang": other,
                "name": LANGUAGE_NAMES[other],
                "href": rel(page, target),
                "current": other == edition.lang,
                "path": target,
            }
        )
    # one language only: no switcher (it would offer nothing but the page itself)
    return (alternates if len(alternates) > 1 else []), same_page


def _search_page(
    publication: Publication, lang: str, available: dict[tuple[str, str], list[str]], head: SiteHead
) -> str:
    page = search_path(lang)
    scripts = [rel(page, search_index_path(lang, doc)) for doc, other in sorted(available) if other == lang]
    return _language_page(
        publication,
        lang,
        available,
        page,
        "web/search.html.j2",
        head,
        index_scripts=scripts,
        plural_samples=plural_samples(lang),
        site_root=rel(page, "index.html")[: -len("index.html")],
    )


def _statement_page(
    publication: Publication, lang: str, available: dict[tuple[str, str], list[str]], head: SiteHead
) -> str:
    """The accessibility statement: what the editions conform to, how it was checked, whom to tell."""
    return _language_page(
        publication,
        lang,
        available,
        statement_path(lang),
        "web/accessibility.html.j2",
        head,
        accessibility=publication.accessibility,
        publisher_name=publication.publisher.get(lang, "") or publication.title.get(lang, ""),
    )


def _language_page(
    publication: Publication,
    lang: str,
    available: dict[tuple[str, str], list[str]],
    page: str,
    template: str,
    head: SiteHead,
    **extra: Any,
) -> str:
    """A page of the site in one language (search, accessibility statement), with its language versions."""
    same = search_path if template == "web/search.html.j2" else statement_path
    targets = {other: same(other) for other in publication.languages if any(o == other for _, o in available)}
    return render_template(
        publication.root / "templates",
        lang,
        template,
        source_lang=publication.source_language,
        lang=lang,
        page_path=page,
        root=rel(page, f"{lang}/index.html"),
        assets=rel(page, "assets"),
        publication_title=publication.title.get(lang, ""),
        funding=publication.funding.get(lang, ""),
        alternates=[
            {
                "lang": other,
                "name": LANGUAGE_NAMES[other],
                "href": rel(page, path),
                "current": other == lang,
                "path": path,
            }
            for other, path in targets.items()
        ],
        head={**_alternates(publication, page, targets), **head.site_tags(page, lang, list(targets))},
        search_page=rel(page, search_path(lang)),
        statement_page=rel(page, statement_path(lang)),
        **extra,
    )
