"""What a typographer looks for on each page, read from WeasyPrint's laid-out boxes.

The layout is read rather than the PDF's text: the boxes say which element each line belongs to
(a paragraph, a list item, a heading), which lines a paragraph has on each page, whether a line was
hyphenated by WeasyPrint (it ends with the ``hyphenate-character``; a hyphen typed in the text does
not) and how much a justified line was stretched (``justification_spacing``). Text extracted from a
PDF knows none of that and would have to guess it from positions.

Only the chapters' running text is read (not the cover, front matter, tables, figures or
footnotes). The faults, each on a page of the layout (the printer's PDF page number):

* ``stranded heading``: a heading followed on its page by fewer than two lines of text;
* ``orphan`` / ``widow``: a paragraph or list item with a single line left at a page's foot / top;
  a list of three or more items with a single one left at a page's foot or top;
* ``page-end hyphen``: a word broken across a page turn;
* ``hyphen ladder``: more than two hyphenated lines in a row;
* ``runt``: a paragraph's last line holding one short word;
* ``loose line``: a justified line whose spaces are stretched past :data:`LOOSE_SPACE` em;
* ``hyphenated name``: a proper name, brand or abbreviation broken at a line's end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from publisher.text.hyphenation_rules import HyphenationRules

HYPHEN = "\u2010"
"""The hyphenate-character WeasyPrint adds at a break (CSS initial value)."""
LOOSE_SPACE = 0.5
"""Stretch per space, in em, past which a justified line is loose (a space is about 0.23 em)."""
RUNT_LETTERS = 9
"""A paragraph's last line of one word of at most this many letters is a runt ("them.", "almıştır.");
the end of a hyphenated word alone on the last line, up to :data:`RUNT_FRAGMENT` letters ("sibilities.")."""
RUNT_FRAGMENT = 12
TEXT_BLOCKS = frozenset({"p", "li", "dd", "dt", "h2", "h3", "h4", "h5", "h6"})
HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6", "dt"})
_LETTERS_AT_END = re.compile(r"[^\W\d_]*$")
_LETTERS_AT_START = re.compile(r"[^\W\d_]*")
_SKIPPED = frozenset({"table", "figure", "aside", "nav"})


@dataclass(frozen=True)
class Fault:
    """One composition fault: its page (1-based), its kind, the words concerned."""

    page: int
    kind: str
    text: str
    remedy: str = field(default="", compare=False)
    """What the relayout can do about it: ``word:<word>`` (do not hyphenate it), ``break:<id>`` (start
    the page at that heading), ``respace:<id>`` (another word spacing for the paragraph, then its last
    words kept together); empty: nothing automatic."""

    def message(self) -> str:
        return f"{self.kind}: “{self.text}”"


@dataclass
class Line:
    """One line of running text as laid out."""

    page: int
    block: Any
    """The element of its paragraph, list item or heading."""
    tag: str
    text: str
    hyphenated: bool
    stretch: float
    """Extra width per space added by justification, in em."""
    width: float
    measure: float
    item_list: Any
    anchor: str = ""
    """The id of its block's element (headings have one)."""
    """The list element (ul/ol) of a list item's line, else None."""


def _classes(element: Any) -> list[str]:
    return (element.get("class") or "").split() if element is not None else []


def _walk(box: Any, page: int, block: Any, in_chapter: bool, lists: list[Any]) -> Iterator[Line]:
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", "") or ""
    if tag in _SKIPPED or "footnote" in _classes(element) or type(box).__name__ in ("FootnoteAreaBox", "MarginBox"):
        return
    in_chapter = in_chapter or "chapter-body" in _classes(element)
    if tag in ("ul", "ol") and not tag.endswith("::marker"):
        lists = [*lists, element]
    if type(box).__name__ == "LineBox":
        line = _line(box, page, block, lists) if in_chapter and block is not None else None
        if line is not None and line.text:  # (an outside list marker is a line of its own)
            yield line
        return
    if tag in TEXT_BLOCKS and type(box).__name__ in ("BlockBox", "InlineBlockBox"):
        block = box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child, page, block, in_chapter, lists)


def _line(box: Any, page: int, block: Any, lists: list[Any]) -> Line:
    texts = [b for b in box.descendants() if type(b).__name__ == "TextBox" and "::marker" not in b.element_tag]
    text = "".join(b.text for b in texts)
    stretch = max((getattr(b, "justification_spacing", 0) or 0) / b.style["font_size"] for b in texts) if texts else 0
    width = sum(b.width for b in texts)
    tag = block.element_tag
    return Line(
        page,
        block.element,
        tag,
        text.strip(),
        bool(texts) and texts[-1].text.endswith(HYPHEN),
        stretch,
        width,
        block.width,
        lists[-1] if tag == "li" and lists else None,
        block.element.get("id") or "" if block.element is not None else "",
    )


def laid_out_lines(document: Any) -> list[Line]:
    """Every line of the chapters' running text, page by page, in reading order."""
    lines: list[Line] = []
    for number, page in enumerate(document.pages, start=1):
        lines.extend(_walk(page._page_box, number, None, False, []))
    return lines


def composition_faults(document: Any, rules: HyphenationRules | None = None) -> list[Fault]:
    """Every composition fault of a laid-out book (``rules``: which words are names)."""
    return find_faults(laid_out_lines(document), rules or HyphenationRules())


def find_faults(lines: list[Line], rules: HyphenationRules) -> list[Fault]:
    faults: list[Fault] = []
    faults += _headings(lines)
    faults += _widows_and_orphans(lines)
    faults += _hyphens(lines, rules)
    faults += _runts_and_loose(lines)
    return sorted(set(faults), key=lambda f: (f.page, f.kind, f.text))


def _pages_of(lines: list[Line], key: Any) -> dict[Any, dict[int, list[Line]]]:
    out: dict[Any, dict[int, list[Line]]] = {}
    for line in lines:
        owner = key(line)
        if owner is not None:
            out.setdefault(owner, {}).setdefault(line.page, []).append(line)
    return out


def _headings(lines: list[Line]) -> Iterator[Fault]:
    for index, line in enumerate(lines):
        if line.tag not in HEADINGS:
            continue
        after = lines[index + 1 :]
        if not after or (after[0].tag in HEADINGS and after[0].block is not line.block and after[0].page == line.page):
            continue  # a heading is judged by the text under the last of a run of headings
        if after[0].block is line.block and after[0].page == line.page:
            continue  # judged at its last line
        on_page = [other for other in after if other.page == line.page]
        if len(on_page) < 2 and len(after) > len(on_page):
            first = line
            for earlier in reversed(lines[:index]):
                if earlier.page != line.page or earlier.tag not in HEADINGS:
                    break
                first = earlier
            remedy = f"break:{first.anchor}" if first.anchor else ""
            yield Fault(line.page, "stranded heading", line.text, remedy)


def _widows_and_orphans(lines: list[Line]) -> Iterator[Fault]:
    for pages in _pages_of(lines, lambda line: line.block if line.tag not in HEADINGS else None).values():
        numbers = sorted(pages)
        for first, second in zip(numbers, numbers[1:], strict=False):
            if len(pages[first]) == 1:
                yield Fault(first, "orphan", pages[first][0].text)
            if len(pages[second]) == 1:
                yield Fault(second, "widow", pages[second][0].text)
    for pages in _pages_of(lines, lambda line: line.item_list).values():
        items = {page: {id(line.block) for line in group} for page, group in pages.items()}
        if len(set().union(*items.values())) < 3:
            continue
        numbers = sorted(pages)
        for first, second in zip(numbers, numbers[1:], strict=False):
            if len(items[first]) == 1:
                yield Fault(first, "single list item at the foot", pages[first][0].text)
            if len(items[second]) == 1:
                yield Fault(second, "single list item at the top", pages[second][0].text)


def _hyphens(lines: list[Line], rules: HyphenationRules) -> Iterator[Fault]:
    last_on_page = {line.page: index for index, line in enumerate(lines)}
    run = 0
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        same_block = following is not None and following.block is line.block
        run = run + 1 if line.hyphenated and (run == 0 or lines[index - 1].block is line.block) else 0
        if not line.hyphenated:
            continue
        words = line.text.rstrip(HYPHEN).split()
        head = _LETTERS_AT_END.search(words[-1]).group(0) if words else ""  # type: ignore[union-attr]
        first = following.text.split()[0] if same_block and following and following.text.split() else ""
        tail = _LETTERS_AT_START.match(first).group(0)  # type: ignore[union-attr]
        word = head + tail
        if last_on_page.get(line.page) == index:
            yield Fault(line.page, "page-end hyphen", f"{head}-{tail}", f"word:{word}")
        if run > 2:
            yield Fault(
                line.page, "hyphen ladder", f"{run} hyphenated lines in a row, up to {head}-{tail}", f"word:{word}"
            )
        if rules.is_name(word):
            yield Fault(line.page, "hyphenated name", f"{head}-{tail}")


def _runts_and_loose(lines: list[Line]) -> Iterator[Fault]:
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        last = following is None or following.block is not line.block
        if line.tag in HEADINGS:
            continue
        if last:
            previous = lines[index - 1] if index else None
            several = previous is not None and previous.block is line.block
            limit = RUNT_FRAGMENT if several and previous is not None and previous.hyphenated else RUNT_LETTERS
            letters = sum(char.isalpha() for char in line.text)
            if several and len(line.text.split()) == 1 and letters <= limit:
                yield Fault(line.page, "runt", line.text, f"respace:{line.anchor}" if line.anchor else "")
        elif line.stretch > LOOSE_SPACE:
            yield Fault(line.page, "loose line", line.text, f"respace:{line.anchor}" if line.anchor else "")
