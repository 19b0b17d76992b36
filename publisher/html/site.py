"""The web edition: a page per chapter, a document index, a site index — relative links only.

``build/html/<lang>/<document>/<chapter-slug>.html``, ``build/html/<lang>/<document>/index.html``
and ``build/html/index.html``; assets (CSS, fonts, charts) under ``build/html/assets/``.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher import theme
from publisher.build.outputs import write_atomic, write_if_changed
from publisher.html.search import chapter_records, index_script, plural_samples
from publisher.html.social import SiteHead, chapter_description
from publisher.html.webassets import site_assets, site_head
from publisher.load.config import Publication
from publisher.load.review import review_of
from publisher.model import DocumentEdition, EditionModel
from publisher.text.document import Chapter
from publisher.text.jinja import render_template
from publisher.text.labels import LANGUAGE_NAMES, nouns
from publisher.text.markdown import MarkupContext


@dataclass
class SitePage:
    """One page of the web edition, before it is written."""

    path: str
    """Relative to build/html, POSIX style: ``tr/report/methodology.html``."""
    html: str
    source: Path | None = None
    """A file copied as it is (a PDF download) instead of ``html``."""


def rel(from_page: str, to: str) -> str:
    """A relative URL from one site page to another site path."""
    return posixpath.relpath(to, posixpath.dirname(from_page) or ".")


def chapter_path(lang: str, doc: str, slug: str) -> str:
    return f"{lang}/{doc}/{slug}.html"


def index_path(lang: str, doc: str) -> str:
    return f"{lang}/{doc}/index.html"


def search_path(lang: str) -> str:
    return f"{lang}/search.html"


def statement_path(lang: str) -> str:
    return f"{lang}/accessibility.html"


def search_index_path(lang: str, doc: str) -> str:
    return f"assets/search/{lang}.{doc}.js"


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
    from publisher.html.indexes import index_pages

    pages.extend(SitePage(path, html) for path, html in index_pages(model, head))
    pages.extend(site_assets(model, head, publication.root / "templates", languages))
    pages.extend(SitePage(path, "", source=source) for path, source in sorted(downloads.items()))
    if publication.base_url:
        from publisher.html.sitemap import sitemap

        pages.append(SitePage("sitemap.xml", sitemap(publication, available)))
    return pages


def _media_name(path: str) -> str:
    """Where a project image is published: assets/media/<hash>-<name>."""
    return f"assets/media/{hashlib.sha256(path.encode()).hexdigest()[:10]}-{Path(path).name}"


def _edition_pages(
    model: EditionModel, edition: DocumentEdition, media: dict[str, Path], head: SiteHead
) -> list[SitePage]:
    """The pages of one document in one language — its index, a page per chapter — and its search index;
    the project images they show are added to ``media``."""
    templates = model.publication.root / "templates"
    text, lang, doc_id = edition.text, edition.lang, edition.document
    source = model.publication.source_language
    names = nouns(templates, lang, source)
    images = {path: _media_name(path) for path in text.images}
    media.update((name, Path(path)) for path, name in images.items())
    pages: list[SitePage] = []
    records: list[dict[str, str]] = []
    index_page: tuple[str, dict[str, Any]] | None = None
    for index, chapter in enumerate([None, *text.chapters]):
        page = index_path(lang, doc_id) if chapter is None else chapter_path(lang, doc_id, chapter.slug)
        context = _page_context(model, edition, page, chapter, index)
        if chapter is None:
            context["abbreviations"] = edition.abbreviations
            index_page = (page, context)  # written once its first chapter gives it a description
            continue
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
        body = text.chapter_html(chapter, ctx)
        description = chapter_description(chapter.source.meta, body)
        if index_page is not None:
            index_page[1]["head"].update(
                head.document_tags(index_page[0], edition, index_page[1]["head"], (text.title, description))
            )
            pages.append(
                SitePage(
                    index_page[0],
                    render_template(templates, lang, "web/document.html.j2", source_lang=source, **index_page[1]),
                )
            )
            index_page = None
        context["head"].update(
            head.document_tags(
                page, edition, context["head"], (f"{chapter.title} · {text.title}", description), "article"
            )
        )
        context.update(
            chapter={
                "number": chapter.number,
                "title": chapter.title,
                "id": chapter.id,
                "html": body,
                "headings": [h for h in chapter.headings if h.level == 2],
            }
        )
        pages.append(
            SitePage(page, render_template(templates, lang, "web/chapter.html.j2", source_lang=source, **context))
        )
        records.extend(chapter_records(body, lang=lang, url=page, title=chapter.title, document=text.title))
    if index_page is not None:  # a document without chapters
        index_page[1]["head"].update(
            head.document_tags(index_page[0], edition, index_page[1]["head"], (text.title, text.title))
        )
        pages.append(
            SitePage(
                index_page[0],
                render_template(templates, lang, "web/document.html.j2", source_lang=source, **index_page[1]),
            )
        )
    pages.append(SitePage(search_index_path(lang, doc_id), index_script(records)))
    return pages


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


def write_site(out: Path, pages: list[SitePage], publication: Publication, chart_files: dict[str, Path]) -> list[str]:
    """Write pages and assets into ``out`` (build/html); returns the paths of the pages that changed."""
    templates = publication.root / "templates"
    written: list[str] = []
    for page in pages:
        data = page.source.read_bytes() if page.source is not None else page.html.encode("utf-8")
        target = out / page.path
        # unchanged files are left alone: a live preview rewrites only what an edit changed
        if not target.is_file() or target.stat().st_size != len(data) or target.read_bytes() != data:
            write_atomic(target, data)
            written.append(page.path)
    # fonts are named by their content: those of an earlier build go
    for font in sorted((out / "assets" / "fonts").glob("*")):
        if font.relative_to(out).as_posix() not in {p.path for p in pages}:
            font.unlink()
    for name, source in chart_files.items():
        target = out / "assets" / "figures" / name
        data = source.read_bytes()
        if not target.exists() or target.read_bytes() != data:
            write_atomic(target, data)
    for script in theme.glob(templates, "web/*.js"):
        write_if_changed(out / "assets" / script.name, script.read_bytes())
    # remove pages of chapters that no longer exist — only in the editions this build wrote
    wanted = {os.path.normpath(out / p.path) for p in pages}
    built = {posixpath.dirname(p.path) for p in pages if p.path.endswith("/index.html")}
    for html in out.rglob("*.html"):
        relative = html.relative_to(out).as_posix()
        if posixpath.dirname(relative) in built and relative.count("/") == 2 and os.path.normpath(html) not in wanted:
            html.unlink()
    return written
