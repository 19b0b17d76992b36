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
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore, replace, smartquotes
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from publisher.languages import DEFAULT, is_accepted, language
from publisher.numerals import LATIN, to_digits
from publisher.text.locale import slugify
from publisher.text.markdown_html import PublisherRenderer, footnote_bodies, strip_footnote_block
from publisher.text.markup import Label, MarkupContext

XREF = re.compile(r"@(fig|tbl|ch)-([a-z0-9][a-z0-9-]*[a-z0-9]|[a-z0-9])")
CAPTION_ID = re.compile(r"\s*\{#(tbl-[a-z0-9-]+)\}\s*$")
SAFE_ATTRIBUTES = ("id", "class", "lang", "dir", "title")
FIGURE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
                code = str(child.attrGet("lang") or "")
                stack.append(language(code).quotes if is_accepted(code) or is_accepted(code.split("-")[0]) else None)
            elif child.type == "span_close" and stack:
                stack.pop()
            elif child.type == "text" and stack:
                quotes = next((marks for marks in reversed(stack) if marks), None)
                if quotes is not None and quotes != doc_quotes:
                    table = {ord(a): b for a, b in zip(doc_quotes, quotes, strict=True)}
                    # the document's ’ is also the apostrophe: keep it (dell’amministrazione)
                    table.pop(ord("’"), None)
                    child.content = child.content.translate(table)


def _prose_digits(state: StateCore) -> None:
    """The digits the editor typed, in the document's digits (``publisher_digits``: ``12`` → ``۱۲`` in
    Persian): the text of the prose only, not code, URLs, attributes, raw HTML, nor a passage in
    another language (``[Law 5/2014]{lang=en}`` keeps that language's own digits)."""
    own = state.md.options.get("publisher_lang") or DEFAULT
    digits = state.md.options.get("publisher_digits") or LATIN
    if digits == LATIN:
        return
    for token in state.tokens:
        stack: list[bool] = []  # per open span or link: whether its text is left as it is
        for child in token.children or [] if token.type == "inline" else []:
            if child.type == "link_open":  # an autolink shows its URL
                stack.append(child.markup == "autolink")
            elif child.type == "link_close" and stack:
                stack.pop()
            elif child.type == "span_open":
                code = str(child.attrGet("lang") or "")
                stack.append(bool(code) and code != own and code.split("-")[0] != own.split("-")[0])
            elif child.type == "span_close" and stack:
                stack.pop()
            elif child.type == "text" and not any(stack):
                child.content = to_digits(child.content, digits)


def _leftover_quotes(state: StateCore) -> None:
    """The straight quotes smart quotes leave: a closing mark followed by a Turkish suffix
    (``"Ripalimosani Kabul Merkezi"ni``) is neither an opening nor a closing one to markdown-it, so
    neither of the pair is made curly. What is left is paired in order (open, close) with the
    language's double marks; a single ``'`` left is an apostrophe (``’``)."""
    quotes = state.md.options.get("quotes") or language(DEFAULT).quotes
    for token in state.tokens:
        texts = [child for child in token.children or [] if child.type == "text"]
        opened = False
        for child in texts:
            if '"' not in child.content and "'" not in child.content:
                continue
            out = []
            for char in child.content:
                if char == '"':
                    char, opened = (quotes[1] if opened else quotes[0]), not opened
                elif char == "'":
                    char = "’"
                out.append(char)
            child.content = "".join(out)


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


def _passage_direction(state: StateCore) -> None:
    """A passage in a language written the other way (``[A.R.E.S. Scarl.]{lang=en}`` in Arabic)
    gets its own ``dir``: isolated, its punctuation stays at its own end."""
    page = language(state.md.options.get("publisher_lang") or DEFAULT).direction
    for token in state.tokens:
        for child in token.children or [] if token.type == "inline" else []:
            if child.type != "span_open" or child.attrGet("dir") or not child.attrGet("lang"):
                continue
            code = str(child.attrGet("lang")).split("-")[0].lower()
            if is_accepted(code) and language(code).direction != page:
                child.attrSet("dir", language(code).direction)


def plain_text(children: list[Token]) -> str:
    """The text of inline tokens as printed (smart quotes made), without markup."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.children:
            parts.append(plain_text(child.children))
    return "".join(parts)


def typographic(text: str, md: MarkdownIt) -> str:
    """A plain-text title as the language prints it: curly quotes and apostrophes (``Piano d’azione``);
    its characters otherwise as written (no Markdown is interpreted)."""
    if not any(mark in text for mark in "'\"") and "--" not in text and "..." not in text:
        return text
    state = StateCore(text, md, {})
    token = Token("inline", "", 0)
    token.content, token.children = text, [Token("text", "", 0)]
    token.children[0].content = text
    state.tokens = [token]
    replace(state)
    smartquotes(state)
    return plain_text(token.children)


def make_markdown(lang: str, allow_html: bool = False, digits: str = LATIN) -> MarkdownIt:
    """The Markdown parser for one language, whose numbers are written in ``digits`` (a CLDR numbering system)."""
    options = {"quotes": language(lang).quotes, "html": allow_html, "publisher_lang": lang, "publisher_digits": digits}
    md = MarkdownIt(
        "commonmark",
        {"typographer": True, **options},
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
    md.core.ruler.after("smartquotes", "leftover_quotes", _leftover_quotes)
    md.core.ruler.after("leftover_quotes", "passage_quotes", _passage_quotes)
    md.core.ruler.after("passage_quotes", "passage_direction", _passage_direction)
    md.core.ruler.after("passage_direction", "prose_digits", _prose_digits)
    return md


__all__ = ["Label", "MarkupContext", "footnote_bodies", "make_markdown", "strip_footnote_block"]
