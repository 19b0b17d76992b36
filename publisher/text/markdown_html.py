"""The Markdown dialect's HTML: figures, captions, cross-references and footnotes, for a book or the web."""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from publisher.languages import is_accepted, language
from publisher.numerals import LATIN, to_digits
from publisher.text.figures import figure_html
from publisher.text.markup import context_of as _ctx
from publisher.text.ties import tie_last_words, xref_placement
from publisher.text.wordbreak import with_word_breaks

_SLASH = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")


def _n(options: OptionsDict, number: object) -> str:
    """A number the text shows (a figure's, a footnote's), in the document's digits (``publisher_digits``)."""
    return to_digits(str(number), options.get("publisher_digits") or LATIN)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class PublisherRenderer(RendererHTML):
    """HTML renderer with the publishing rules (figures, captions, references, footnotes)."""

    def render(self, tokens: Sequence[Token], options: OptionsDict, env: MutableMapping[str, Any]) -> str:
        """Each reference's page placed (on the whole paragraph), then, in a book, each paragraph's last words
        tied (``publisher.text.ties``)."""
        ctx = _ctx(env)
        located_in = language(ctx.lang).located_in if is_accepted(ctx.lang) else ()
        for token in tokens:
            for i, child in enumerate(token.children or []):
                if child.type == "xref":
                    child.meta["placement"] = xref_placement(token.children or [], i, ctx.labels, located_in)
        if ctx.target == "book":
            tokens = [
                tie_last_words(t) if t.type == "inline" and i and tokens[i - 1].type == "paragraph_open" else t
                for i, t in enumerate(tokens)
            ]
        return str(super().render(tokens, options, env))

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: MutableMapping[str, Any]) -> str:
        """Text; in a book, with a break opportunity at each word boundary of the scripts written
        without spaces (``publisher.text.wordbreak``: Pango does not find them) and after a slash
        between words (``Otoritelerin/Yönetimlerin``)."""
        content = tokens[idx].content
        if "markup" not in env or _ctx(dict(env)).target != "book":
            return _escape(content)
        return _SLASH.sub("/<wbr>", _escape(with_word_breaks(content)))

    def xref(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        ctx = _ctx(env)
        ref = tokens[idx].meta["id"]
        label = ctx.labels.get(ref)
        if label is None:
            return f'<span class="xref-missing">{_escape(tokens[idx].content)}</span>'
        name = ctx.names.get(label.kind, label.kind)
        placement = tokens[idx].meta.get("placement") or ("", "")
        classes, page_of = placement if ctx.target == "book" else ("", "")  # (the web has no page numbers)
        # "Table 2 in Chapter 2, p. 14": the chapter's reference leads to the table, whose page it gives
        href = ctx.href(ctx.labels[page_of]) if page_of else ctx.href(label)
        shown = f"{_escape(name)}\u00a0{_n(options, label.number)}"
        return f'<a class="xref xref-{label.kind}{classes}" href="{_escape(href)}">{shown}</a>'

    def figure(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        ctx = _ctx(env)
        meta = tokens[idx].meta
        label = ctx.labels.get(meta.get("id", ""))
        number = _n(options, label.number if label else 0)
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
        number = f"{ctx.names.get('tbl', 'Table')}\u00a0{_n(options, label.number)}" if label else ""
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
        adjust their breaking so that footnotes stay on the page of their call; the e-book has
        the same ids, where the printed pages' breaks are placed (``publisher.pages``)."""
        token = tokens[idx]
        if _ctx(env).target in ("book", "epub") and not token.hidden and token.map:
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
        if ctx.target == "epub":  # a note reading systems can show where it is called (EPUB 3.3 §E.3)
            return (
                f'<sup class="footnote-ref"><a href="#{prefix}-fn{n}" id="{prefix}-fnref{n}" '
                f'epub:type="noteref" role="doc-noteref">{_n(options, n)}</a></sup>'
            )
        return (
            f'<sup class="footnote-ref"><a href="#{prefix}-fn{n}" id="{prefix}-fnref{n}" '
            f'role="doc-noteref">{_n(options, n)}</a></sup>'
        )

    def footnote_block_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        target = _ctx(env).target
        if target == "epub":
            return '<section class="footnotes">\n'
        return "" if target == "book" else '<section class="footnotes" role="doc-endnotes">\n<ol>\n'

    def footnote_block_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        target = _ctx(env).target
        if target == "epub":
            return "</section>\n"
        return "" if target == "book" else "</ol>\n</section>\n"

    def footnote_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        prefix = env.get("chapter_slug", "")
        n = tokens[idx].meta["id"] + 1
        if _ctx(env).target == "epub":
            return (
                f'<aside id="{prefix}-fn{n}" epub:type="footnote" role="doc-footnote">'
                f'<p class="footnote-number">{_n(options, n)}</p>'
            )
        return f'<li id="{prefix}-fn{n}">'

    def footnote_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        return "</aside>\n" if _ctx(env).target == "epub" else "</li>\n"

    def footnote_anchor(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]) -> str:
        prefix = env.get("chapter_slug", "")
        n = tokens[idx].meta["id"] + 1
        label = f'aria-label="↩ {_n(options, n)}"'
        if _ctx(env).target == "epub":
            return f' <a href="#{prefix}-fnref{n}" class="footnote-backref" role="doc-backlink" {label}>↩</a>'
        return f' <a href="#{prefix}-fnref{n}" class="footnote-backref" {label}>↩</a>'


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
