"""The Markdown dialect: one MarkdownIt per language, with plugins and render rules.

CommonMark plus tables, footnotes, definition lists, attributes, admonitions
(``!!! note "Title"``), heading ids, smart quotes per language, and three
publishing extensions, all as markdown-it rules over tokens (never regular
expressions over HTML):

* a paragraph holding only an image is a numbered **figure**;
  ``![alt](figure:ID)`` places the chart ``figures/ID.yaml``;
* a paragraph ``: Caption {#tbl-ID}`` right after a table is its numbered **caption**;
* ``@fig-ID``, ``@tbl-ID`` and ``@ch-SLUG`` are **cross-references**, resolved to
  "Figure 3", "Şekil 3", "Capitolo 2" … once the whole document is numbered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from publisher.charts.html import figure_html
from publisher.languages import DEFAULT, is_accepted, language
from publisher.text.locale import slugify

if TYPE_CHECKING:
    from publisher.model import Chart

XREF = re.compile(r"@(fig|tbl|ch)-([a-z0-9][a-z0-9-]*[a-z0-9]|[a-z0-9])")
CAPTION_ID = re.compile(r"\s*\{#(tbl-[a-z0-9-]+)\}\s*$")
SAFE_ATTRIBUTES = ("id", "class", "lang", "dir", "title")
FIGURE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class Label:
    """A numbered thing that can be referenced: a chapter, figure or table."""

    kind: str  # "ch" | "fig" | "tbl"
    id: str  # e.g. "fig-interviews"
    number: int
    chapter: str  # slug of the chapter that holds it
    line: int = 0


@dataclass
class MarkupContext:
    """What the render rules need to know about the edition being written: plain data, no callbacks."""

    lang: str
    target: str = "web"
    """``book`` (both PDFs: footnotes at the foot of the page, paragraph ids) or ``web``."""
    labels: dict[str, Label] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Localised nouns: "fig" → "Figure", "tbl" → "Table", "ch" → "Chapter"."""
    chapter_urls: dict[str, str] = field(default_factory=dict)
    """Chapter slug → the URL of its page (web); empty in a book, where every chapter is in one HTML."""
    charts: Mapping[str, Chart] = field(default_factory=dict)
    """Chart id → the chart in this language: title, source and data table of its figure."""
    chart_urls: Mapping[str, str] = field(default_factory=dict)
    """Chart id → the URL of its drawing from this page."""
    image_urls: Mapping[str, str] = field(default_factory=dict)
    """Resolved file path of a project image → the URL this edition uses."""

    def href(self, label: Label) -> str:
        """Where a reference to ``label`` points."""
        page = self.chapter_urls.get(label.chapter)
        if page is None:
            return f"#{label.id}"
        return page if label.kind == "ch" else f"{page}#{label.id}"


def _table_captions(state: StateCore) -> None:
    """``: Caption {#tbl-id}`` right after a table becomes the table's caption.

    The table is wrapped in ``table_figure_open`` / ``table_figure_close`` tokens and
    the caption's inline token moves before the table, so the inline rules
    (smart quotes, emphasis, references) still apply to it.
    """
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        out.append(tok)
        if tok.type == "table_close" and i + 3 < len(tokens):
            p_open, inline = tokens[i + 1], tokens[i + 2]
            if p_open.type == "paragraph_open" and inline.type == "inline" and inline.content.startswith(": "):
                caption = inline.content[2:]
                match = CAPTION_ID.search(caption)
                table_id = match.group(1) if match else ""
                if match:
                    caption = caption[: match.start()]
                inline.content = caption.strip()
                # find the matching table_open in what we have emitted
                depth = 0
                for j in range(len(out) - 1, -1, -1):
                    if out[j].type == "table_close":
                        depth += 1
                    elif out[j].type == "table_open":
                        depth -= 1
                        if depth == 0:
                            break
                table_open = out[j]
                table_open.meta["caption"] = True
                table_open.meta["id"] = table_id
                figure_open = Token(
                    "table_figure_open", "figure", 1, map=table_open.map, meta={"id": table_id, "table": table_open}
                )
                out[j:j] = [figure_open, inline, Token("table_caption_close", "figcaption", -1)]
                out.append(Token("table_figure_close", "figure", -1))
                i += 4
                continue
        i += 1
    state.tokens = out


def _figures(state: StateCore) -> None:
    """A paragraph holding only an image becomes a ``figure`` token."""
    tokens = state.tokens
    for i in range(len(tokens) - 2):
        p_open, inline, p_close = tokens[i], tokens[i + 1], tokens[i + 2]
        if p_open.type != "paragraph_open" or inline.type != "inline" or p_close.type != "paragraph_close":
            continue
        children = [c for c in (inline.children or []) if not (c.type == "text" and not c.content.strip())]
        if len(children) != 1 or children[0].type != "image":
            continue
        image = children[0]
        src = str(image.attrGet("src") or "")
        alt = "".join(c.content for c in (image.children or []))
        meta: dict[str, Any] = {
            "src": src,
            "alt": alt,
            "title": str(image.attrGet("title") or ""),
            "line": (p_open.map[0] if p_open.map else 0),
        }
        if src.startswith("figure:"):
            meta["kind"] = "chart"
            meta["chart"] = src[len("figure:") :]
            meta["id"] = "fig-" + meta["chart"]
        else:
            meta["kind"] = "image"
            meta["id"] = str(image.attrGet("id") or "")
        figure = Token("figure", "figure", 0, map=p_open.map, meta=meta)
        tokens[i] = figure
        tokens[i + 1] = Token("text_join_skip", "", 0)
        tokens[i + 2] = Token("text_join_skip", "", 0)
    state.tokens = [t for t in tokens if t.type != "text_join_skip"]


def _passage_quotes(state: StateCore) -> None:
    """Quotes inside ``[a passage]{lang=it}`` follow that passage's language.

    Smart quotes are made for the document's language; within a span whose ``lang``
    differs, each quote mark is swapped for the same role's mark in that language
    (Turkish and English “ ” ‘ ’ ↔ Italian « » “ ”: the registry's ``quotes``), for the
    accepted languages.
    """
    doc_quotes = state.md.options.get("quotes") or language(DEFAULT).quotes
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        stack: list[str | None] = []
        for child in token.children:
            if child.type == "span_open":
                code = str(child.attrGet("lang") or "").split("-")[0].lower()
                stack.append(language(code).quotes if is_accepted(code) else None)
            elif child.type == "span_close" and stack:
                stack.pop()
            elif child.type == "text" and stack:
                quotes = next((marks for marks in reversed(stack) if marks), None)
                if quotes is not None and quotes != doc_quotes:
                    table = {ord(a): b for a, b in zip(doc_quotes, quotes, strict=True)}
                    # the document's ’ is also the apostrophe: keep it (dell’amministrazione)
                    table.pop(ord("’"), None)
                    child.content = child.content.translate(table)


def _heading_ids(state: StateCore) -> None:
    """Give every heading a stable id (slug of its text, prefixed by the chapter)."""
    env = state.env
    prefix = env.get("chapter_slug", "")
    seen: set[str] = env.setdefault("heading_ids", set())
    lang = env.get("lang", DEFAULT)
    for i, tok in enumerate(state.tokens):
        if tok.type == "heading_open" and not tok.attrGet("id"):
            text = state.tokens[i + 1].content
            base = "-".join(filter(None, [prefix, slugify(text, lang)])) or "section"
            slug, n = base, 1
            while slug in seen:
                n += 1
                slug = f"{base}-{n}"
            seen.add(slug)
            tok.attrSet("id", slug)


def _xref(state: StateInline, silent: bool) -> bool:
    """Inline rule: ``@fig-ID`` / ``@tbl-ID`` / ``@ch-SLUG``."""
    if state.src[state.pos] != "@":
        return False
    if state.pos > 0 and (state.src[state.pos - 1].isalnum() or state.src[state.pos - 1] == "@"):
        return False  # an e-mail address or similar
    match = XREF.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("xref", "a", 0)
        token.meta = {"kind": match.group(1), "id": f"{match.group(1)}-{match.group(2)}"}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _ctx(env: dict[str, Any]) -> MarkupContext:
    ctx = env.get("markup")
    if not isinstance(ctx, MarkupContext):
        return MarkupContext(lang=env.get("lang", DEFAULT))
    return ctx


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class PublisherRenderer(RendererHTML):
    """HTML renderer with the publishing rules (figures, captions, references, footnotes)."""

    def xref(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        ctx = _ctx(env)
        ref = tokens[idx].meta["id"]
        label = ctx.labels.get(ref)
        if label is None:
            return f'<span class="xref-missing">{_escape(tokens[idx].content)}</span>'
        name = ctx.names.get(label.kind, label.kind)
        return (
            f'<a class="xref xref-{label.kind}" href="{_escape(ctx.href(label))}">'
            f"{_escape(name)}\u00a0{label.number}</a>"
        )

    def figure(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        ctx = _ctx(env)
        meta = tokens[idx].meta
        label = ctx.labels.get(meta.get("id", ""))
        number = label.number if label else 0
        chart = meta.get("chart", "")
        image = ctx.image_urls.get(meta.get("path") or "", meta.get("src", ""))
        return figure_html(
            meta,
            number,
            noun=ctx.names.get("fig", "Figure"),
            target=ctx.target,
            chart=ctx.charts.get(chart),
            url=ctx.chart_urls.get(chart, "") if chart else image,
        )

    def image(  # type: ignore[override]
        self,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: dict[str, Any],
    ) -> str:
        ctx = _ctx(env)
        token = tokens[idx]
        url = ctx.image_urls.get(token.meta.get("path") or "") if token.meta else None
        if url is None:
            return super().image(tokens, idx, options, env)
        original = token.attrGet("src")
        token.attrSet("src", url)  # tokens are shared by every edition: restore after
        try:
            return super().image(tokens, idx, options, env)
        finally:
            token.attrSet("src", str(original or ""))

    def table_figure_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        ctx = _ctx(env)
        table_id = tokens[idx].meta["table"].meta.get("id", "")
        label = ctx.labels.get(table_id)
        number = f"{ctx.names.get('tbl', 'Table')}\u00a0{label.number}" if label else ""
        id_attr = f' id="{_escape(table_id)}"' if table_id else ""
        # the caption's inline token follows, then table_caption_close
        # on the web a wide table scrolls inside its figure: keyboard users must reach it (WCAG 2.1.1)
        focus = ' tabindex="0"' if ctx.target == "web" else ""
        return f'<figure class="table"{id_attr}{focus}><figcaption><span class="label">{number}</span> '

    def table_caption_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        return "</figcaption>\n"

    def table_figure_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        return "</figure>\n"

    def table_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        if tokens[idx].meta.get("caption"):
            return "<table>\n"
        focus = ' tabindex="0"' if _ctx(env).target == "web" else ""
        return f'<div class="table-wrap"{focus}><table>\n'

    def table_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        for j in range(idx, -1, -1):
            if tokens[j].type == "table_open":
                return "</table>\n" if tokens[j].meta.get("caption") else "</table></div>\n"
        return "</table>\n"

    def paragraph_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        """In print, paragraphs get ids (chapter + source line): the PDF stage may need to
        adjust their breaking so that footnotes stay on the page of their call."""
        token = tokens[idx]
        if _ctx(env).target == "book" and not token.hidden and token.map:
            return f'<p id="{env.get("chapter_slug", "")}-p{token.map[0] + 1}">'
        return super().renderToken(tokens, idx, options, env)

    # Footnotes: in print they float to the foot of their page; on the web they end the page.
    def footnote_ref(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        ctx = _ctx(env)
        fid = tokens[idx].meta["id"]
        if ctx.target == "book":
            body = env.get("footnote_html", {}).get(fid, "")
            prefix = env.get("chapter_slug", "")
            return f'<span class="footnote" id="{prefix}-fn{fid + 1}">{body}</span>'
        prefix = env.get("chapter_slug", "")
        n = fid + 1
        return (
            f'<sup class="footnote-ref"><a href="#{prefix}-fn{n}" id="{prefix}-fnref{n}" '
            f'role="doc-noteref">{n}</a></sup>'
        )

    def footnote_block_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        return "" if _ctx(env).target == "book" else '<section class="footnotes" role="doc-endnotes">\n<ol>\n'

    def footnote_block_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        return "" if _ctx(env).target == "book" else "</ol>\n</section>\n"

    def footnote_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        prefix = env.get("chapter_slug", "")
        return f'<li id="{prefix}-fn{tokens[idx].meta["id"] + 1}">'

    def footnote_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        return "</li>\n"

    def footnote_anchor(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        prefix = env.get("chapter_slug", "")
        n = tokens[idx].meta["id"] + 1
        return f' <a href="#{prefix}-fnref{n}" class="footnote-backref" aria-label="↩ {n}">↩</a>'


def footnote_bodies(md: MarkdownIt, tokens: list[Token], env: dict[str, Any]) -> dict[int, str]:
    """The inline HTML of each footnote, for footnotes placed at their reference (print)."""
    bodies: dict[int, str] = {}
    current: int | None = None
    parts: list[str] = []
    for tok in tokens:
        if tok.type == "footnote_open":
            current, parts = tok.meta["id"], []
        elif tok.type == "footnote_close" and current is not None:
            bodies[current] = " ".join(parts)
            current = None
        elif current is not None and tok.type == "inline":
            children = [c for c in tok.children or [] if c.type != "footnote_anchor"]
            parts.append(md.renderer.renderInline(children, md.options, env))  # type: ignore[attr-defined]
    return bodies


def strip_footnote_block(tokens: list[Token]) -> list[Token]:
    """Tokens without the trailing footnote list (print places notes at their reference)."""
    out: list[Token] = []
    inside = False
    for tok in tokens:
        if tok.type == "footnote_block_open":
            inside = True
        elif tok.type == "footnote_block_close":
            inside = False
            continue
        if not inside:
            out.append(tok)
    return out


def make_markdown(lang: str, allow_html: bool = False) -> MarkdownIt:
    """The Markdown parser for one language."""
    md = MarkdownIt(
        "commonmark",
        {"typographer": True, "quotes": language(lang).quotes, "html": allow_html},
        renderer_cls=PublisherRenderer,
    )
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(footnote_plugin).use(deflist_plugin).use(admon_plugin)
    # Attributes only from a safe list: no event handlers or styles from content.
    md.use(attrs_plugin, spans=True, allowed=SAFE_ATTRIBUTES).use(attrs_block_plugin, allowed=SAFE_ATTRIBUTES)
    # The footnote plugin installs its own render rules: ours must come after it.
    for rule in (
        "footnote_ref",
        "footnote_block_open",
        "footnote_block_close",
        "footnote_open",
        "footnote_close",
        "footnote_anchor",
    ):
        md.add_render_rule(rule, getattr(PublisherRenderer, rule))
    md.inline.ruler.before("link", "xref", _xref)
    md.core.ruler.after("block", "table_captions", _table_captions)
    md.core.ruler.after("inline", "figures", _figures)
    md.core.ruler.after("figures", "heading_ids", _heading_ids)
    md.core.ruler.after("smartquotes", "passage_quotes", _passage_quotes)
    return md
