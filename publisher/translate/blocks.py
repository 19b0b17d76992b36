"""A chapter cut into translatable blocks, by the source lines markdown-it gives each token.

Nothing is re-rendered: a block is a region of the chapter's own text (character offsets into
it), so a block whose translation did not change is written back byte for byte. A block's
*text* is what a translator sees: the region without the structure a line carries (``## ``,
``1. ``, the indentation of a continuation line, ``[^id]: ``, a caption's ``: `` and
``{#tbl-…}``), with ``\\n`` between its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

#: The kinds of block, as they appear in unit ids (``report/01-introduction.md#p-3f2a9c01``).
KINDS = {
    "title": "front-matter title",
    "h": "heading",
    "p": "paragraph",
    "li": "list item",
    "td": "table cell",
    "cap": "table caption",
    "fig": "figure",
    "fn": "footnote",
    "adm": "admonition title",
}
SINGLE_LINE = {"title", "h", "td", "cap", "adm"}
CAPTION = re.compile(r"^:\s+(.*?)(\s*\{#tbl-[^}]*\})?\s*$")
ADMONITION_TITLE = re.compile(r'^(\s*[!?]{3}\+?\s+\S+\s+")(.*)("\s*)$')


@dataclass(frozen=True)
class Block:
    """One translatable region of a chapter's text."""

    kind: str
    start: int
    """Offset of the region in the chapter text (front matter included)."""
    end: int
    text: str
    """What a translator translates: the region without its line structure."""
    line: int
    """1-based line of the chapter file on which the block starts."""
    continuation: str
    """What starts each further line of the block (its indentation)."""

    def region(self, whole: str) -> str:
        return whole[self.start : self.end]

    def render(self, text: str) -> str:
        """The region for a new ``text``: its lines joined with this block's continuation."""
        if self.kind in SINGLE_LINE:
            return " ".join(part.strip() for part in text.split("\n") if part.strip())
        return ("\n" + self.continuation).join(text.split("\n"))


@cache
def block_parser() -> MarkdownIt:
    """The dialect's block rules (publisher.text.markdown) without its rewriting core rules."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.use(footnote_plugin).use(deflist_plugin).use(admon_plugin).use(attrs_block_plugin)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _inline_block(kind: str, token: Token, text: str, starts: list[int], first: int) -> Block | None:
    """The block of a paragraph's or heading's inline token: its content found line by line."""
    assert token.map is not None
    lines = token.content.split("\n")
    begin = first + token.map[0]
    segments: list[tuple[int, int]] = []
    row = begin
    for content in lines:
        while row < first + token.map[1]:
            line_start = starts[row]
            line_end = starts[row + 1] - 1 if row + 1 < len(starts) else len(text)
            position = text.find(content, line_start, line_end) if content else -1
            row += 1
            if position >= 0:
                segments.append((position, position + len(content)))
                break
        else:
            return None  # a line markdown-it joined differently (lazy continuation): not cut
    start, end = segments[0][0], segments[-1][1]
    continuation = ""
    if len(segments) > 1:
        continuation = text[text.rfind("\n", 0, segments[1][0]) + 1 : segments[1][0]]
    block = Block(kind, start, end, "\n".join(text[a:b] for a, b in segments), text.count("\n", 0, start) + 1, "")
    if kind == "cap":
        match = CAPTION.match(block.text)
        if not match:
            return None
        offset = start + match.start(1)
        return Block(kind, offset, offset + len(match.group(1)), match.group(1), block.line, "")
    if kind == "li" and len(segments) == 1:
        continuation = " " * (start - starts[text.count("\n", 0, start)])
    elif kind == "fn" and len(segments) == 1:
        continuation = "    "
    return Block(kind, start, end, block.text, block.line, continuation)


def _cells(token: Token, text: str, starts: list[int], first: int, cursor: list[int]) -> Block | None:
    """A table cell: found in its row after the previous cell."""
    assert token.map is not None
    row = first + token.map[0]
    if cursor[0] < starts[row]:
        cursor[0] = starts[row]
    content = token.content
    if not content:
        return None
    position = text.find(content, cursor[0])
    if position < 0:
        return None
    cursor[0] = position + len(content)
    return Block("td", position, position + len(content), content, row + 1, "")


def _admonition(token: Token, text: str, starts: list[int], first: int) -> Block | None:
    assert token.map is not None
    row = first + token.map[0]
    line_end = starts[row + 1] - 1 if row + 1 < len(starts) else len(text)
    match = ADMONITION_TITLE.match(text[starts[row] : line_end])
    if not match or not match.group(2):
        return None
    start = starts[row] + match.start(2)
    return Block("adm", start, start + len(match.group(2)), match.group(2), row + 1, "")


MASK = "\ue000"
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _mask(text: str) -> str:
    """``text`` with the ``|`` of Jinja filters hidden (the build renders Jinja before Markdown,
    so ``{{ n | number }}`` in a table cell is one cell); offsets are unchanged."""
    if MASK in text:
        return text
    return JINJA.sub(lambda m: m.group(0).replace("|", MASK), text)


def cut_blocks(text: str, body_line: int) -> list[Block]:
    """The translatable blocks of a chapter's body, in the order of the file.

    ``text`` is the whole chapter (``\\n`` line ends); its body starts on line ``body_line``.
    """
    original, text = text, _mask(text)
    starts = _line_starts(text)
    first = body_line - 1
    body = text[starts[first] :] if first < len(starts) else ""
    tokens = block_parser().parse(body)
    blocks: list[Block] = []
    context: list[str] = []
    cursor = [0]
    for index, token in enumerate(tokens):
        if token.nesting == 1 and token.type not in ("paragraph_open", "heading_open", "td_open", "th_open"):
            context.append(token.type)
        elif token.nesting == -1 and context and context[-1] == token.type.replace("_close", "_open"):
            context.pop()
        block: Block | None = None
        if token.type == "inline" and token.map is not None:
            opener = tokens[index - 1].type
            if opener == "heading_open":
                block = _inline_block("h", token, text, starts, first)
            elif opener in ("td_open", "th_open"):
                block = _cells(token, text, starts, first, cursor)
            elif opener == "admonition_title_open":
                block = None  # the title is cut from the admonition's own line
            elif opener == "paragraph_open":
                after_table = index >= 2 and tokens[index - 2].type == "table_close"
                block = _inline_block(_paragraph_kind(token, context, after_table), token, text, starts, first)
        elif token.type == "admonition_open" and token.map is not None:
            block = _admonition(token, text, starts, first)
        if block is not None and block.text.strip():
            if text is not original:
                block = replace(block, text=block.text.replace(MASK, "|"))
            blocks.append(block)
    return sorted(blocks, key=lambda b: b.start)


def _paragraph_kind(token: Token, context: list[str], after_table: bool) -> str:
    if after_table and token.content.startswith(": "):
        return "cap"
    if "footnote_open" in context:
        return "fn"
    if "list_item_open" in context:
        return "li"
    if token.content.startswith("![") and token.content.rstrip().endswith(")"):
        return "fig"
    return "p"


def title_block(text: str, title: str) -> Block | None:
    """The front matter's ``title:`` value as a block (its text: the title YAML gives)."""
    match = re.search(r"^title:[ \t]*(.*?)[ \t]*$", text, re.MULTILINE)
    if not match or not match.group(1) or match.group(1) in ("|", ">", "|-", ">-"):
        return None
    return Block("title", match.start(1), match.end(1), title, text.count("\n", 0, match.start()) + 1, "")


def yaml_title(title: str) -> str:
    """A title as a one-line YAML scalar: plain when YAML reads it back unchanged, else quoted."""
    import json

    import yaml

    if title and "\n" not in title:
        try:
            if yaml.safe_load(f"title: {title}") == {"title": title}:
                return title
        except yaml.YAMLError:
            pass
    return json.dumps(title, ensure_ascii=False)
