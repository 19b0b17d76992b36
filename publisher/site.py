"""The web edition: a page per chapter, a document index, a site index — relative links only.

``build/html/<lang>/<document>/<chapter-slug>.html``, ``build/html/<lang>/<document>/index.html``
and ``build/html/index.html``; assets (CSS, fonts, charts) under ``build/html/assets/``.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Publication
from .document import Chapter, DocumentText
from .figure_html import ChartInfo, figure_renderer
from .fonts import FACES, font_face_css
from .labels import LANGUAGE_NAMES, nouns
from .markdown import Label, RenderContext
from .outputs import write_atomic
from .render import render_template


@dataclass
class SitePage:
    """One page of the web edition, before it is written."""

    path: str
    """Relative to build/html, POSIX style: ``tr/report/methodology.html``."""
    html: str


@dataclass
class SiteDocument:
    """What a web page needs to know about one document in one language."""

    text: DocumentText
    pdf_links: list[dict[str, Any]] = field(default_factory=list)


def rel(from_page: str, to: str) -> str:
    """A relative URL from one site page to another site path."""
    return posixpath.relpath(to, posixpath.dirname(from_page) or ".")


def chapter_path(lang: str, doc: str, slug: str) -> str:
    return f"{lang}/{doc}/{slug}.html"


def index_path(lang: str, doc: str) -> str:
    return f"{lang}/{doc}/index.html"


def web_pages(publication: Publication, texts: dict[tuple[str, str], DocumentText], *,
              chart_info: Callable[[str, str], ChartInfo | None],
              pdf_info: Callable[[str, str], dict[str, Any] | None],
              stale: Callable[[str, str, str], bool] | None = None) -> list[SitePage]:
    """Every page of the web edition as (path, html)."""
    templates = publication.root / "templates"
    pages: list[SitePage] = []
    for (doc_id, lang), text in sorted(texts.items()):
        names = nouns(templates, lang)
        langs = text.document.languages
        for index, chapter in enumerate([None, *text.chapters]):
            page = index_path(lang, doc_id) if chapter is None else chapter_path(lang, doc_id, chapter.slug)

            def href(label: Label, page: str = page) -> str:
                return rel(page, chapter_path(lang, doc_id, label.chapter)) + (
                    "" if label.kind == "ch" else f"#{label.id}")

            ctx = RenderContext(
                lang=lang, mode="web", labels=text.labels, names=names, href=href,
                figure=figure_renderer(
                    noun=names["fig"], mode="web",
                    chart_url=lambda cid, page=page: rel(page, f"assets/figures/{cid}.{lang}.svg"),
                    chart_info=lambda cid: chart_info(cid, lang), image_url=lambda src: src),
            )
            alternates = []
            for other in langs:
                other_text = texts.get((doc_id, other))
                if other_text is None:
                    continue
                has = chapter is None or any(c.slug == chapter.slug for c in other_text.chapters)
                target = (chapter_path(other, doc_id, chapter.slug) if chapter is not None and has
                          else index_path(other, doc_id))
                alternates.append({"lang": other, "name": LANGUAGE_NAMES[other], "href": rel(page, target),
                                   "current": other == lang, "path": target})
            prev_ch: Chapter | None = text.chapters[index - 2] if chapter is not None and index >= 2 else None
            next_ch: Chapter | None = text.chapters[index] if index < len(text.chapters) else None
            context: dict[str, Any] = dict(
                lang=lang, page_path=page, root=rel(page, "index.html"),
                assets=rel(page, "assets"),
                doc=text.document, doc_title=text.title,
                publication_title=publication.title.get(lang, ""),
                chapters=[{"number": c.number, "title": c.title, "href": rel(page, chapter_path(lang, doc_id, c.slug)),
                           "current": chapter is not None and c.slug == chapter.slug} for c in text.chapters],
                doc_index=rel(page, index_path(lang, doc_id)),
                alternates=alternates, base_url=publication.base_url,
                prev=({"title": prev_ch.title, "href": rel(page, chapter_path(lang, doc_id, prev_ch.slug))}
                      if prev_ch else None),
                next=({"title": next_ch.title, "href": rel(page, chapter_path(lang, doc_id, next_ch.slug))}
                      if next_ch else None),
                pdfs=[dict(info, href=rel(page, info["path"])) for fmt in ("pdf",)
                      if (info := pdf_info(doc_id, lang + ":" + fmt))],
                funding=publication.funding.get(lang, ""),
                stale=bool(stale and chapter is not None and stale(doc_id, lang, chapter.slug)),
            )
            if chapter is None:
                html = render_template(templates, lang, "web/document.html.j2", **context)
            else:
                context.update(chapter={"number": chapter.number, "title": chapter.title, "id": chapter.id,
                                        "html": text.render_chapter(chapter, ctx),
                                        "headings": [h for h in chapter.headings if h.level == 2]})
                html = render_template(templates, lang, "web/chapter.html.j2", **context)
            pages.append(SitePage(page, html))
    lang0 = publication.source_language
    documents = []
    for document in publication.documents:
        documents.append({
            "title": document.title,
            "editions": [{"lang": lang, "name": LANGUAGE_NAMES[lang], "href": index_path(lang, document.id),
                          "title": document.title[lang]}
                         for lang in document.languages if (document.id, lang) in texts],
        })
    pages.append(SitePage("index.html", render_template(
        templates, lang0, "web/index.html.j2", lang=lang0, page_path="index.html", root="index.html",
        assets="assets", publication=publication, documents=documents, language_names=LANGUAGE_NAMES)))
    return pages


def write_site(out: Path, pages: list[SitePage], publication: Publication, chart_files: dict[str, Path]) -> int:
    """Write pages and assets into ``out`` (build/html); returns the number of files written."""
    templates = publication.root / "templates"
    count = 0
    for page in pages:
        write_atomic(out / page.path, page.html)
        count += 1
    fonts = {face.file: f"fonts/{face.file}" for face in FACES}
    css = (templates / "web" / "site.css").read_text(encoding="utf-8")
    write_atomic(out / "assets" / "site.css", font_face_css(fonts) + "\n" + css)
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
        write_atomic(out / "assets" / script.name, script.read_bytes())
    # remove pages of chapters that no longer exist
    wanted = {os.path.normpath(out / p.path) for p in pages}
    for html in out.rglob("*.html"):
        if "assets" not in html.relative_to(out).parts and os.path.normpath(html) not in wanted:
            html.unlink()
    return count
