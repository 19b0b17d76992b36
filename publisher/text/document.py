"""One document in one language, parsed and resolved: chapters, numbering, cross-references.

The flow per (document, language): run each chapter's Jinja expressions in the
sandbox, parse the Markdown to tokens, then number chapters, figures and tables
across the whole document and check every reference — before any output is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.load.config import Document, Publication
from publisher.load.content import ChapterSource, Content
from publisher.load.images import data_url_problem, image_problem
from publisher.load.urls import check_resource, resolve_resource
from publisher.numerals import LATIN
from publisher.text.jinja import render_chapter_text
from publisher.text.markdown import (
    Label,
    MarkupContext,
    footnote_bodies,
    make_markdown,
    plain_text,
    strip_footnote_block,
    typographic,
)
from publisher.text.sanitize import anchor_or_project_url, sanitize_html

CHAPTER_SLUG = re.compile(r"^\d{2}-")


@dataclass
class Heading:
    level: int
    id: str
    text: str


@dataclass
class Chapter:
    """A chapter parsed into tokens, with what it contains."""

    source: ChapterSource
    number: int
    tokens: list[Token]
    env: dict[str, Any]
    headings: list[Heading] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    """Resolved paths of the project images it shows (figures and inline images)."""

    @property
    def slug(self) -> str:
        return self.source.slug

    display_title: str = ""
    """The title as printed: smart quotes and apostrophes of the language (``Molise’den``)."""

    @property
    def title(self) -> str:
        return self.display_title or self.source.title

    @property
    def id(self) -> str:
        return f"ch-{self.source.slug}"

    def line(self, token_map: list[int] | None) -> int:
        return self.source.body_line + (token_map[0] if token_map else 0)


@dataclass
class DocumentText:
    """Every chapter of one document in one language, numbered and cross-checked."""

    document: Document
    lang: str
    chapters: list[Chapter]
    labels: dict[str, Label]
    markdown: MarkdownIt

    @property
    def title(self) -> str:
        return typographic(self.document.title[self.lang], self.markdown)

    @property
    def images(self) -> list[str]:
        """Resolved paths of every project image the document shows, in reading order."""
        return [path for chapter in self.chapters for path in chapter.images]

    @property
    def passage_languages(self) -> tuple[str, ...]:
        """The languages of the document's passages in another language (``[text]{lang=hi}``), in order."""
        found: dict[str, None] = {}
        for chapter in self.chapters:
            for token in chapter.tokens:
                for child in token.children or []:
                    code = child.attrGet("lang") if child.type == "span_open" else None
                    if code and str(code) != self.lang:
                        found[str(code)] = None
        return tuple(found)

    def chapter_html(self, chapter: Chapter, ctx: MarkupContext) -> str:
        """The chapter body as an HTML fragment, for a book or the web."""
        env = dict(chapter.env)
        env["markup"] = ctx
        tokens = chapter.tokens
        if ctx.target == "book":
            env["footnote_html"] = footnote_bodies(self.markdown, tokens, env)
            tokens = strip_footnote_block(tokens)
        return self.markdown.renderer.render(tokens, self.markdown.options, env)


def jinja_context(publication: Publication, content: Content, lang: str) -> dict[str, Any]:
    """What chapter text can reach: ``data.<file>.<key>`` and a little of the publication."""
    return {
        "data": content.data,
        "lang": lang,
        "publication": {
            "title": publication.title.get(lang, ""),
            "date": publication.date,
            "documents": {
                d.id: {"title": d.title.get(lang, ""), "print_runs": dict(d.print_runs)} for d in publication.documents
            },
        },
    }


def _walk_inline(tokens: list[Token]) -> list[tuple[Token, Token]]:
    """(inline child, its block token) pairs, for checks that need a line."""
    out: list[tuple[Token, Token]] = []
    for tok in tokens:
        for child in tok.children or []:
            out.append((child, tok))
            for grandchild in child.children or []:
                out.append((grandchild, tok))
    return out


REJECTED_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|file|data):[^)\s>]*)", re.IGNORECASE)
"""A link or image target markdown-it refuses to parse (so it stays text): reported, not printed."""


def sanitize_raw_html(chapter: Chapter, root: Path, diags: Diagnostics) -> None:
    """Rebuild every raw HTML token of ``chapter`` from the allow-list (see sanitize.py);
    what is refused is an error at its line and never reaches an output."""
    check = anchor_or_project_url(lambda url: check_resource(url, root, chapter.source.path.parent))
    for block in chapter.tokens:
        targets = (
            [block] if block.type == "html_block" else [c for c in block.children or [] if c.type == "html_inline"]
        )
        for tok in targets:
            if tok.type not in ("html_block", "html_inline"):
                continue
            tok.content, problems = sanitize_html(tok.content, check)
            for problem in dict.fromkeys(problems):
                diags.error(chapter.source.path, chapter.line(block.map), problem)


def _in_failed(ref: dict[str, Any], failed: list[Path]) -> bool:
    """Whether a reference may point into a chapter that failed to load (its error says enough)."""
    if not failed:
        return False
    if ref["kind"] != "ch":
        return True  # figures and tables of a broken chapter are unknown
    return any(CHAPTER_SLUG.sub("", path.stem) == ref["id"][3:] for path in failed)


def parse_document(
    publication: Publication, content: Content, document: Document, lang: str, diags: Diagnostics, chart_ids: set[str]
) -> DocumentText | None:
    """Parse and resolve one document in one language; problems go to ``diags``."""
    md = make_markdown(lang, publication.allow_raw_html, publication.digits.get(lang, LATIN))
    # chapters already reported as broken: references into them are not reported again
    failed: list[Path] = list(content.unreadable.get((document.id, lang), []))
    chapters = _parse_chapters(publication, content, document, lang, md, diags, failed)
    labels = _number(chapters, publication.root, chart_ids, diags)
    untranslated = _untranslated_labels(content, document, lang)
    _check_inline(chapters, labels, failed, publication.root, diags, untranslated)
    return DocumentText(document, lang, chapters, labels, md)


_EXPLICIT_IDS = re.compile(r"\{#((?:tbl|fig)-[\w-]+)|\]\(figure:([\w-]+)\)")


def _untranslated_labels(content: Content, document: Document, lang: str) -> dict[str, str]:
    """Labels of the source's chapters that this translation lacks (a missing translation):
    id → the chapter's slug. A reference to one is a warning, not an error: the other chapters,
    and the other editions, are still built."""
    if lang == document.source_language:
        return {}
    have = {source.slug for source in content.chapters_of(document.id, lang)}
    labels: dict[str, str] = {}
    for source in content.chapters_of(document.id, document.source_language):
        if source.slug in have:
            continue
        labels[f"ch-{source.slug}"] = source.slug
        for explicit, chart in _EXPLICIT_IDS.findall(source.body):
            labels[explicit or f"fig-{chart}"] = source.slug
    return labels


def _parse_chapters(
    publication: Publication,
    content: Content,
    document: Document,
    lang: str,
    md: MarkdownIt,
    diags: Diagnostics,
    failed: list[Path],
) -> list[Chapter]:
    """Each chapter's Jinja run in the sandbox, then parsed to tokens; a failed chapter joins ``failed``."""
    context = jinja_context(publication, content, lang)
    heading_ids: set[str] = set()
    chapters: list[Chapter] = []
    for number, source in enumerate(content.chapters_of(document.id, lang), start=1):
        try:
            text = render_chapter_text(source.body, source.path, source.body_line, lang, context)
        except PublisherError as exc:
            diags.extend(exc.problems)
            failed.append(source.path)
            continue
        env: dict[str, Any] = {"chapter_slug": source.slug, "lang": lang, "heading_ids": heading_ids}
        tokens = md.parse(text, env)
        chapter = Chapter(source, number, tokens, env, display_title=typographic(source.title, md))
        if publication.allow_raw_html:
            sanitize_raw_html(chapter, publication.root, diags)
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open":
                heading = Heading(int(tok.tag[1]), str(tok.attrGet("id")), plain_text(tokens[i + 1].children or []))
                chapter.headings.append(heading)
            elif tok.type == "figure":
                tok.meta["line"] = chapter.line(tok.map)
                chapter.figures.append(tok.meta)
        chapters.append(chapter)
    return chapters


def _number(chapters: list[Chapter], root: Path, chart_ids: set[str], diags: Diagnostics) -> dict[str, Label]:
    """Number chapters, figures and tables across the document; check each figure."""
    labels: dict[str, Label] = {}

    def add(label: Label, path: Path) -> None:
        if label.id in labels:
            diags.error(path, label.line, f"{label.id!r} is defined twice in this document")
        labels[label.id] = label

    figure_no = table_no = 0
    for chapter in chapters:
        add(Label("ch", chapter.id, chapter.number, chapter.slug, 1), chapter.source.path)
        for tok in chapter.tokens:
            if tok.type == "figure":
                figure_no += 1
                _check_figure(chapter, tok.meta, root, chart_ids, diags)
                if not tok.meta["id"]:
                    tok.meta["id"] = f"fig-{chapter.slug}-{figure_no}"
                add(Label("fig", tok.meta["id"], figure_no, chapter.slug, tok.meta["line"]), chapter.source.path)
            elif tok.type == "table_open" and tok.meta.get("caption") is not None:
                table_no += 1
                table_id = tok.meta.get("id") or f"tbl-{chapter.slug}-{table_no}"
                tok.meta["id"] = table_id
                add(Label("tbl", table_id, table_no, chapter.slug, chapter.line(tok.map)), chapter.source.path)
    return labels


def _check_figure(chapter: Chapter, meta: dict[str, Any], root: Path, chart_ids: set[str], diags: Diagnostics) -> None:
    """A figure needs alt text and a known chart, or an image inside the project (resolved here)."""
    if not meta["alt"].strip():
        diags.error(chapter.source.path, meta["line"], "figure without alt text: write ![what the figure shows](…)")
    if (
        meta["kind"] == "chart"
        and meta["chart"] not in chart_ids
        and not (root / "figures" / f"{meta['chart']}.yaml").is_file()
    ):
        # (a spec with errors is reported at its own lines)
        diags.error(
            chapter.source.path, meta["line"], f"unknown figure {meta['chart']!r} (no figures/{meta['chart']}.yaml)"
        )
    if meta["kind"] == "image":
        problem = check_resource(meta["src"], root, chapter.source.path.parent)
        resolved = None if problem else resolve_resource(meta["src"], chapter.source.path.parent)
        problem = problem or _unreadable(meta["src"], resolved)
        meta["path"] = str(resolved) if resolved and not problem else ""
        if problem:
            diags.error(chapter.source.path, meta["line"], problem)
        elif meta["path"]:
            chapter.images.append(meta["path"])


def _unreadable(src: str, resolved: Path | None) -> str | None:
    """Why an accepted image reference cannot be printed (see :mod:`publisher.load.images`)."""
    if src.strip().lower().startswith("data:"):
        problem = data_url_problem(src.strip())
        return f"the data: URL image is not a readable image: {problem}" if problem else None
    problem = image_problem(resolved) if resolved is not None else None
    return f"{src.strip()} is not a readable image: {problem}" if problem else None


def _check_inline(
    chapters: list[Chapter],
    labels: dict[str, Label],
    failed: list[Path],
    root: Path,
    diags: Diagnostics,
    untranslated: dict[str, str],
) -> None:
    """Every cross-reference resolves (or points into a chapter not translated yet: a warning), no
    refused link is left as text, every image is inside the project."""
    for chapter in chapters:
        for child, block in _walk_inline(chapter.tokens):
            line = chapter.line(block.map)
            if child.type == "xref" and child.meta["id"] not in labels and child.meta["id"] in untranslated:
                diags.warning(
                    chapter.source.path,
                    line,
                    f"cross-reference {child.content!r} points into the chapter {untranslated[child.meta['id']]!r}, "
                    f"not translated into {chapter.source.lang!r} yet: shown as written until it is",
                )
            elif child.type == "xref" and child.meta["id"] not in labels and not _in_failed(child.meta, failed):
                diags.error(
                    chapter.source.path,
                    line,
                    f"broken cross-reference {child.content!r}: no {child.meta['kind']} with that id in this document",
                )
            elif child.type == "text" and "](" in child.content and (bad := REJECTED_LINK.search(child.content)):
                # markdown-it leaves these as text (its validateLink): say so rather than print them
                diags.error(
                    chapter.source.path,
                    line,
                    f"refused URL {bad.group(1)[:80]!r}: only files inside the project can be used",
                )
            elif child.type == "image" and block.type != "figure":
                src = str(child.attrGet("src") or "")
                problem = check_resource(src, root, chapter.source.path.parent)
                problem = problem or _unreadable(src, resolve_resource(src, chapter.source.path.parent))
                if problem:
                    diags.error(chapter.source.path, line, problem)
                else:
                    resolved = resolve_resource(src, chapter.source.path.parent)
                    child.meta["path"] = str(resolved) if resolved else ""
                    if resolved:
                        chapter.images.append(str(resolved))
