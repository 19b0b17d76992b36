"""The web edition: a page per chapter, a document index, a site index — relative links only.

``build/html/<lang>/<document>/<chapter-slug>.html``, ``build/html/<lang>/<document>/index.html``
and ``build/html/index.html``; assets (CSS, fonts, charts) under ``build/html/assets/``.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from publisher.build.outputs import write_atomic, write_if_changed
from publisher.html.search import chapter_records, index_script
from publisher.load.config import Publication
from publisher.model import DocumentEdition, EditionModel
from publisher.pdf.fonts import FACES, font_face_css, script_font_css
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


def search_index_path(lang: str, doc: str) -> str:
    return f"assets/search/{lang}.{doc}.js"


def _alternates(publication: Publication, page: str, targets: dict[str, str]) -> dict[str, Any]:
    """hreflang alternates of one page: ``targets`` is language → site path of its version.

    Absolute URLs when ``base_url`` is set (what search engines require), relative otherwise;
    ``x-default`` is the source language's version.
    """

    def url(path: str) -> str:
        return f"{publication.base_url}/{path}" if publication.base_url else rel(page, path)

    links = [{"lang": lang, "href": url(path)} for lang, path in targets.items()]
    source = publication.source_language
    if source in targets:
        links.append({"lang": "x-default", "href": url(targets[source])})
    return {"hreflang": links, "canonical": f"{publication.base_url}/{page}" if publication.base_url else ""}


def web_pages(model: EditionModel) -> list[SitePage]:
    """Every page of the web edition as (path, html), with its search indexes, media, downloads and sitemap."""
    publication, available = model.publication, model.available
    pages: list[SitePage] = []
    media: dict[str, Path] = {}
    downloads: dict[str, Path] = {}
    for _, edition in sorted(model.editions.items()):
        pages.extend(_edition_pages(model, edition, media))
        downloads.update((download.path, download.source) for download in edition.downloads)
    for lang in sorted({lang for _, lang in model.editions}):
        pages.append(SitePage(search_path(lang), _search_page(publication, lang, available)))
    pages.extend(SitePage(name, "", source=source) for name, source in sorted(media.items()))
    pages.append(SitePage("index.html", _site_index(publication, available)))
    pages.extend(SitePage(path, "", source=source) for path, source in sorted(downloads.items()))
    if publication.base_url:
        pages.append(SitePage("sitemap.xml", sitemap(publication, available)))
    return pages


def _media_name(path: str) -> str:
    """Where a project image is published: assets/media/<hash>-<name>."""
    return f"assets/media/{hashlib.sha256(path.encode()).hexdigest()[:10]}-{Path(path).name}"


def _edition_pages(model: EditionModel, edition: DocumentEdition, media: dict[str, Path]) -> list[SitePage]:
    """The pages of one document in one language — its index, a page per chapter — and its search index;
    the project images they show are added to ``media``."""
    templates = model.publication.root / "templates"
    text, lang, doc_id = edition.text, edition.lang, edition.document
    names = nouns(templates, lang)
    images = {path: _media_name(path) for path in text.images}
    media.update((name, Path(path)) for path, name in images.items())
    pages: list[SitePage] = []
    records: list[dict[str, str]] = []
    for index, chapter in enumerate([None, *text.chapters]):
        page = index_path(lang, doc_id) if chapter is None else chapter_path(lang, doc_id, chapter.slug)
        context = _page_context(model, edition, page, chapter, index)
        if chapter is None:
            context["abbreviations"] = edition.abbreviations
            pages.append(SitePage(page, render_template(templates, lang, "web/document.html.j2", **context)))
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
        context.update(
            chapter={
                "number": chapter.number,
                "title": chapter.title,
                "id": chapter.id,
                "html": body,
                "headings": [h for h in chapter.headings if h.level == 2],
            }
        )
        pages.append(SitePage(page, render_template(templates, lang, "web/chapter.html.j2", **context)))
        records.extend(chapter_records(body, lang=lang, url=page, title=chapter.title, document=text.title))
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
        root=rel(page, "index.html"),
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
        funding=publication.funding.get(lang, ""),
        stale=chapter is not None and chapter.slug in edition.stale,
        review_pending=any(c.source.meta.get("review") == "pending" for c in ([chapter] if chapter else text.chapters)),
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
    return alternates, same_page


def _site_index(publication: Publication, available: dict[tuple[str, str], list[str]]) -> str:
    """``index.html``: every edition of every document, in the source language."""
    lang0 = publication.source_language
    documents = []
    for document in publication.documents:
        documents.append(
            {
                "title": document.title,
                "editions": [
                    {
                        "lang": lang,
                        "name": LANGUAGE_NAMES[lang],
                        "href": index_path(lang, document.id),
                        "title": document.title[lang],
                    }
                    for lang in document.languages
                    if (document.id, lang) in available
                ],
            }
        )
    return render_template(
        publication.root / "templates",
        lang0,
        "web/index.html.j2",
        lang=lang0,
        page_path="index.html",
        root="index.html",
        assets="assets",
        publication=publication,
        documents=documents,
        language_names=LANGUAGE_NAMES,
        head=_alternates(publication, "index.html", {}),
        search_page=search_path(lang0),
        funding=publication.funding.get(lang0, ""),
    )


def _search_page(publication: Publication, lang: str, available: dict[tuple[str, str], list[str]]) -> str:
    page = search_path(lang)
    scripts = [rel(page, search_index_path(lang, doc)) for doc, other in sorted(available) if other == lang]
    targets = {other: search_path(other) for other in publication.languages if any(o == other for _, o in available)}
    return render_template(
        publication.root / "templates",
        lang,
        "web/search.html.j2",
        lang=lang,
        page_path=page,
        root=rel(page, "index.html"),
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
        head=_alternates(publication, page, targets),
        search_page=rel(page, page),
        index_scripts=scripts,
        site_root=rel(page, "index.html")[: -len("index.html")],
    )


def sitemap(publication: Publication, available: dict[tuple[str, str], list[str]]) -> str:
    """``sitemap.xml``: every page, with its language versions as ``xhtml:link`` alternates."""
    groups: list[dict[str, str]] = [{publication.source_language: "index.html"}]
    groups.append({lang: search_path(lang) for lang in publication.languages if any(o == lang for _, o in available)})
    for document in publication.documents:
        langs = [lang for lang in document.languages if (document.id, lang) in available]
        groups.append({lang: index_path(lang, document.id) for lang in langs})
        slugs = sorted({slug for lang in langs for slug in available[(document.id, lang)]})
        for slug in slugs:
            groups.append(
                {
                    lang: chapter_path(lang, document.id, slug)
                    for lang in langs
                    if slug in available[(document.id, lang)]
                }
            )
    base = publication.base_url
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for group in groups:
        for path in group.values():
            lines.append(f"  <url><loc>{escape(f'{base}/{path}')}</loc>")
            if len(group) > 1:
                for lang, other in group.items():
                    lines.append(
                        f'    <xhtml:link rel="alternate" hreflang="{lang}" href="{escape(f"{base}/{other}")}"/>'
                    )
                source = group.get(publication.source_language)
                if source:
                    lines.append(
                        f'    <xhtml:link rel="alternate" hreflang="x-default" href="{escape(f"{base}/{source}")}"/>'
                    )
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


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
    fonts = {face.file: f"fonts/{face.file}" for face in FACES}
    css = (templates / "web" / "site.css").read_text(encoding="utf-8")
    # swap: text shows at once in a stand-in face, then in the publication's own once it has loaded
    faces = font_face_css(fonts, display="swap") + "\n" + script_font_css(publication.languages)
    write_if_changed(out / "assets" / "site.css", faces + "\n" + css)
    for face in FACES:
        target = out / "assets" / "fonts" / face.file
        data = face.path.read_bytes()
        if not target.exists() or target.read_bytes() != data:
            write_atomic(target, data)
    for name, source in chart_files.items():
        target = out / "assets" / "figures" / name
        data = source.read_bytes()
        if not target.exists() or target.read_bytes() != data:
            write_atomic(target, data)
    for script in sorted((templates / "web").glob("*.js")):
        write_if_changed(out / "assets" / script.name, script.read_bytes())
    # remove pages of chapters that no longer exist — only in the editions this build wrote
    wanted = {os.path.normpath(out / p.path) for p in pages}
    built = {posixpath.dirname(p.path) for p in pages if p.path.endswith("/index.html")}
    for html in out.rglob("*.html"):
        relative = html.relative_to(out).as_posix()
        if posixpath.dirname(relative) in built and relative.count("/") == 2 and os.path.normpath(html) not in wanted:
            html.unlink()
    return written
