"""Inline codes: the Markdown and Jinja inside a block that a translator moves but must not edit.

A block's text becomes a list of segments — plain text and :class:`Code` — found by scanning
the text itself (offsets, not a rendering): Jinja (``{{ … }}``, ``{% … %}``), code spans,
footnote references (``[^id]``), cross-references (``@fig-…``), raw HTML and autolinks,
attribute blocks, and the *pairs* around translatable text — emphasis (``*…*``, ``**…**``),
links (``[…](url)``), images (``![…](src)``) and spans (``[…]{lang=it}``). Codes are numbered
1, 2, … in the order of the text; the two halves of a pair share a number. Pairs that do not
nest (a hand-made crossing) become two standalone codes. A literal ``{3}`` in the text is a
code too, so that a PO file's placeholders are never ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PH, OPEN, CLOSE = "ph", "open", "close"
XREF = re.compile(r"@(fig|tbl|ch)-([a-z0-9][a-z0-9-]*[a-z0-9]|[a-z0-9])")
ATTRS = re.compile(r"\{(?:[#.][^{}\s][^{}]*|[a-z][\w-]*=[^{}]*)\}")
LITERAL = re.compile(r"\{/?\d+\}")
HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<[a-z][a-z0-9+.-]*:[^<>\s]*>|<!--.*?-->", re.DOTALL)
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
ESCAPABLE = "\\`*_{}[]()#+-.!|<>@~\"'$%&,/:;=?^"


@dataclass(frozen=True)
class Code:
    """One inline code: ``role`` ph (standalone), open or close; ``text`` as in the Markdown."""

    id: int
    role: str
    text: str
    ctype: str


Segment = str | Code


@dataclass
class _Item:
    start: int
    end: int
    role: str
    ctype: str
    partner: _Item | None = None


def _matching(text: str, start: int, opening: str, closing: str) -> int:
    """Index of the bracket closing the one at ``start`` (escapes and code spans skipped), or -1."""
    depth, i = 0, start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            end = text.find("`" * run, i + run)
            i = end + run if end >= 0 else i + run
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _bracket(text: str, i: int, items: list[_Item], pending: dict[int, _Item]) -> int:
    """A link, image or span starting at ``i``: its opening code now, its closing one pending."""
    opener = 2 if text.startswith("![", i) else 1
    close = _matching(text, i + opener - 1, "[", "]")
    if close < 0 or close + 1 >= len(text) or text[close + 1] not in "({[":
        return i + opener
    follower = text[close + 1]
    end = _matching(text, close + 1, follower, {"(": ")", "{": "}", "[": "]"}[follower])
    if end < 0:
        return i + opener
    ctype = "x-image" if opener == 2 else "link" if follower != "{" else "x-span"
    first = _Item(i, i + opener, OPEN, ctype)
    last = _Item(close, end + 1, CLOSE, ctype, partner=first)
    first.partner = last
    items.append(first)
    pending[close] = last
    return i + opener


def _delimiter_run(text: str, i: int) -> tuple[int, bool, bool]:
    """(length, can open, can close) of the ``*``/``_``/``~`` run at ``i``."""
    char = text[i]
    end = i
    while end < len(text) and text[end] == char:
        end += 1
    before = text[i - 1] if i > 0 else " "
    after = text[end] if end < len(text) else " "
    can_open = not after.isspace()
    can_close = not before.isspace()
    if char == "_":
        can_open = can_open and not before.isalnum()
        can_close = can_close and not after.isalnum()
    if char == "~" and end - i != 2:
        return end - i, False, False
    return end - i, can_open, can_close


def _scan(text: str) -> list[_Item]:
    items: list[_Item] = []
    pending: dict[int, _Item] = {}
    delimiters: list[tuple[_Item, bool, bool]] = []
    i = 0
    while i < len(text):
        if i in pending:
            item = pending.pop(i)
            items.append(item)
            i = item.end
            continue
        char = text[i]
        standalone: tuple[int, str] | None = None
        if char == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPABLE:
            i += 2
            continue
        if char == "{" and text.startswith(("{{", "{%", "{# "), i):
            closing = {"{{": "}}", "{%": "%}", "{#": "#}"}[text[i : i + 2]]
            end = text.find(closing, i + 2)
            if end >= 0:
                standalone = (end + 2, "x-jinja")
        if standalone is None and char == "{":
            match = LITERAL.match(text, i) or ATTRS.match(text, i)
            if match:
                standalone = (match.end(), "x-attributes")
        elif char == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            end = text.find("`" * run, i + run)
            if end >= 0:
                standalone = (end + run, "x-code")
            else:
                i += run
                continue
        elif char == "<":
            match = HTML.match(text, i)
            if match:
                standalone = (match.end(), "x-html")
        elif char == "[" and FOOTNOTE.match(text, i):
            standalone = (FOOTNOTE.match(text, i).end(), "x-footnote-ref")  # type: ignore[union-attr]
        elif char == "@" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "@")):
            match = XREF.match(text, i)
            if match:
                standalone = (match.end(), "x-cross-reference")
        if standalone is not None:
            items.append(_Item(i, standalone[0], PH, standalone[1]))
            i = standalone[0]
            continue
        if char == "[" or text.startswith("![", i):
            i = _bracket(text, i, items, pending)
            continue
        if char in "*_~":
            length, can_open, can_close = _delimiter_run(text, i)
            delimiters.append((_Item(i, i + length, "", "x-emphasis"), can_open, can_close))
            i += length
            continue
        i += 1
    items.extend(_pair_emphasis(text, delimiters))
    return sorted(items, key=lambda item: item.start)


def _pair_emphasis(text: str, delimiters: list[tuple[_Item, bool, bool]]) -> list[_Item]:
    """Pair emphasis runs: a closer takes the nearest opener of the same characters."""
    openers: list[_Item] = []
    paired: list[_Item] = []
    for item, can_open, can_close in delimiters:
        run = text[item.start : item.end]
        if can_close:
            match = next((o for o in reversed(openers) if text[o.start : o.end] == run), None)
            if match is not None:
                del openers[openers.index(match) :]
                ctype = {"*": "italic", "_": "italic", "**": "bold", "__": "bold", "~~": "x-strikethrough"}
                match.role, match.ctype = OPEN, ctype.get(run, "x-emphasis")
                item.role, item.ctype, item.partner, match.partner = CLOSE, match.ctype, match, item
                paired += [match, item]
                continue
        if can_open:
            openers.append(item)
    return paired


def _demote_crossing(items: list[_Item]) -> None:
    """Pairs that do not nest inside each other become standalone codes."""
    stack: list[_Item] = []
    for item in items:
        if item.role == OPEN:
            stack.append(item)
        elif item.role == CLOSE:
            if stack and stack[-1] is item.partner:
                stack.pop()
                continue
            assert item.partner is not None
            for half in (item, item.partner):
                half.role, half.partner = PH, None
            if item.partner in stack:
                stack.remove(item.partner)


def parse_inline(text: str) -> list[Segment]:
    """``text`` as plain-text segments and numbered codes."""
    items = _scan(text)
    _demote_crossing(items)
    segments: list[Segment] = []
    numbers: dict[int, int] = {}
    position = 0
    for item in items:
        if item.start < position:
            continue  # inside an earlier code (a pair's text never overlaps a standalone code)
        if item.start > position:
            segments.append(text[position : item.start])
        if item.role == CLOSE and item.partner is not None:
            number = numbers[id(item.partner)]
        else:
            number = len(numbers) + 1
            numbers[id(item)] = number
        segments.append(Code(number, item.role, text[item.start : item.end], item.ctype))
        position = item.end
    if position < len(text):
        segments.append(text[position:])
    return segments


def markdown(segments: list[Segment]) -> str:
    """The Markdown text of segments (codes as their original text)."""
    return "".join(s if isinstance(s, str) else s.text for s in segments)


def source_codes(segments: list[Segment]) -> dict[tuple[int, str], Code]:
    """(number, role) → code, for checking a translation's codes."""
    return {(s.id, s.role): s for s in segments if isinstance(s, Code)}


def renumber(source: list[Segment], translation: str) -> list[Segment]:
    """A translation's text as segments numbered like ``source``'s codes.

    A code of the translation takes the number of the first unused source code with the same
    text (a pair: the same opening and closing text); one the source does not have stays text.
    """
    available = [s for s in source if isinstance(s, Code) and s.role != CLOSE]
    closers = {s.id: s for s in source if isinstance(s, Code) and s.role == CLOSE}
    own = parse_inline(translation)
    own_closers = {s.id: s for s in own if isinstance(s, Code) and s.role == CLOSE}
    numbers: dict[int, int] = {}
    out: list[Segment] = []
    for segment in own:
        if isinstance(segment, str):
            out.append(segment)
            continue
        if segment.role == CLOSE:
            number = numbers.get(segment.id)
            out.append(Code(number, CLOSE, segment.text, segment.ctype) if number else segment.text)
            continue
        match = next(
            (
                s
                for s in available
                if s.role == segment.role
                and s.text == segment.text
                and (s.role == PH or closers[s.id].text == own_closers[segment.id].text)
            ),
            None,
        )
        if match is None:
            out.append(segment.text)
            continue
        available.remove(match)
        numbers[segment.id] = match.id
        out.append(Code(match.id, segment.role, segment.text, segment.ctype))
    return _merge_text(out)


def _merge_text(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for segment in segments:
        if isinstance(segment, str) and out and isinstance(out[-1], str):
            out[-1] += segment
        elif segment != "":
            out.append(segment)
    return out
