"""The Markdown dialect's HTML: figures, captions, cross-references and footnotes, for a book or the web."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from publisher.text.figures import figure_html
from publisher.text.markup import context_of as _ctx


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
