"""Contents leaders that line up in a right-to-left book too: a correction to WeasyPrint 70.

WeasyPrint 70 (``layout/leader.py``, ``handle_leader``) sets a leader's dots on a grid from the
right end of the line's box, then, in a right-to-left line, moves the whole leader left by the
space it fills. Upstream's function is kept;
:func:`handle_leader` runs it, then, in a right-to-left line only, sets the dots again on a grid
from the line's *left* end — where its page numbers are, the same for every entry — inside the span
the leader fills. (Upstream's grid starts at the right end of the entry's box, which is indented for
a section under its chapter: its dots were off the chapters' grid.)
"""

from __future__ import annotations

from typing import Any

from weasyprint.layout import inline as inline_layout
from weasyprint.layout.leader import leader_index

_UPSTREAM = inline_layout.handle_leader


def handle_leader(context: Any, line: Any, containing_block: Any) -> None:
    """Upstream's leader; in a right-to-left line, its dots on a grid from the line's left end."""
    _UPSTREAM(context, line, containing_block)
    if line.style["direction"] != "rtl":
        return
    _, leader = leader_index(line)
    if leader is None or not leader.children:
        return
    dot = leader.children[0]
    if dot.width <= 0:
        return
    start, end = leader.position_x, leader.position_x + leader.width
    left = containing_block.content_box_x()
    first = int((start - left) // dot.width) + 1
    children = []
    x = left + first * dot.width
    while x + dot.width <= end + 1e-6:
        copy = dot.copy()
        copy.position_x = x
        children.append(copy)
        x += dot.width
    leader.children = tuple(children)


LEADER_CASE = (
    "<html dir='rtl' lang='ar'><style>@page { size: 120mm 60mm; margin: 10mm } body { font: 10pt serif; margin: 0 }"
    " a { display: block } a::after { content: '\\2002' leader('. ') '\\2002' attr(data-n) }</style>"
    "<a data-n='9'>one</a><a data-n='10' style='margin-right: 7.3mm'>second entry</a><a data-n='123'>x</a></html>"
)
"""Three entries, right to left, with page numbers of three widths, one indented (as a section is
under its chapter): stock WeasyPrint 70 sets the indented entry's dots off the others' grid."""


def dot_columns(document: Any) -> list[set[float]]:
    """The x of every leader dot, one set per line, rounded to 0.01 pt, modulo the dot's width."""
    columns = []
    for box in document.pages[0]._page_box.descendants():
        if type(box).__name__ == "LineBox":
            _, leader = leader_index(box)
            if leader is not None and leader.children:
                width = leader.children[0].width
                columns.append({round(dot.position_x % width, 2) for dot in leader.children})
    return columns


def leaders_line_up() -> bool:
    """The dots of :data:`LEADER_CASE`'s three entries are on one grid."""
    import weasyprint

    columns = dot_columns(weasyprint.HTML(string=LEADER_CASE).render())
    return len(columns) == 3 and all(len(c) == 1 for c in columns) and len(set.union(*columns)) == 1
