"""Our corrections to WeasyPrint 70, in one place, applied only to that version.

Each patch assigns an object of ours to one attribute of a WeasyPrint module (no
edited source is compiled), only on the pinned WeasyPrint, and is then checked: the
attribute must be ours and a small behavioural check must pass. :func:`apply` returns
one warning per patch not in effect (another WeasyPrint version, say); the PDF engine
adds them to the edition's WeasyPrint warnings, so the build reports them, and
``tests/test_patches.py`` fails.

1. ``weasyprint.layout.block._linebox_layout``: footnotes stay on the page of their call.
2. ``weasyprint.text.line_break.pyphen``: hyphenation dictionaries of our own (Turkish),
   without writing into Pyphen's global tables.
3. ``weasyprint.pdf.tags._build_box_tree``: the tagged PDF's structure tree gets what only the
   HTML knows (``/Lang`` of a passage, ``/Scope`` of header cells, footnotes as ``/Note``):
   ``publisher.pdf.tagging``.
4. ``weasyprint.css.targets.TargetCollector`` (two methods) and ``weasyprint.layout.page.make_page``:
   page references laid out once, not three times (``publisher.pdf.relayout``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import weasyprint

from publisher.languages import DOTTED_I, own_dictionaries
from publisher.pdf import relayout, tagging
from publisher.pdf.footnotes import misplaced_footnotes
from publisher.text import hyphenation

try:  # the names the copied function below uses, as WeasyPrint 70's layout/block.py sees them
    from weasyprint.layout.block import _break_line, collapse_margin, iter_line_boxes, remove_placeholders
except ImportError:  # another WeasyPrint: apply() patches nothing and says so
    pass

PINNED_VERSION = "70.0"
"""The WeasyPrint these patches are written for (requirements.lock pins it)."""

_FOOTNOTE_FIX = """
WeasyPrint 70 (layout/block.py, ``_linebox_layout``): when a line at the foot of a page
overflows and the paragraph could not have been broken before it (orphans), WeasyPrint
"reports" the page's last footnotes -- moves them to the next page -- to make room for
the line, so a note leaves the page of its call (``report = not context.in_column and
can_break_now and not could_break_before``). A printed report must keep every note with
its call, so our copy sets ``report = False``: the page is broken before that line
instead (orphans and widows kept), and ``footnote-policy: line`` (print CSS) does the
same for a note that does not fit. Everything else is upstream's code, unchanged; two
blocks of its loop are moved, statement for statement, into ``_linebox_overflow`` and
``_linebox_footnotes`` only to keep each function short (they take the locals they read
and return those they rebind); ``tests/test_patches.py`` puts them back in place and
compares the result with upstream's function.
"""


# fmt: off
def _linebox_layout(context, box, index, child, new_children, page_is_empty,
                    absolute_boxes, fixed_boxes, adjoining_margins,
                    bottom_space, position_y, skip_stack, first_letter_style,
                    first_line_style, draw_bottom_decoration, max_lines):
    abort = stop = False
    resume_at = None
    new_footnotes = []  # type: ignore[var-annotated]

    assert len(box.children) == 1, 'line box with siblings before layout'

    if adjoining_margins:
        position_y += collapse_margin(adjoining_margins)
    new_containing_block = box
    lines_iterator = iter_line_boxes(
        context, child, position_y, bottom_space, skip_stack, new_containing_block,
        absolute_boxes, fixed_boxes, first_letter_style, first_line_style)
    for i, (line, resume_at) in enumerate(lines_iterator):  # noqa: B007
        # Break box if we reached max-lines
        if max_lines is not None:
            if max_lines == 0:
                new_children[-1].block_ellipsis = box.style['block_ellipsis']
                break
            max_lines -= 1

        # Update line resume_at and position_y
        line.resume_at = resume_at
        new_position_y = line.position_y + line.height

        # Add bottom padding and border to the bottom position of the
        # box if needed
        draw_bottom_decoration |= resume_at is None
        if draw_bottom_decoration:
            offset_y = box.border_bottom_width + box.padding_bottom
        else:
            offset_y = 0

        # Allow overflow if the first line of the page is higher than the page itself so
        # that we put *something* on this page and can advance in the context.
        overflow = (
            (new_children or not page_is_empty) and
            context.overflows_page(bottom_space, new_position_y + offset_y))
        if overflow:
            abort, stop, resume_at = _linebox_overflow(
                context, box, line, lines_iterator, new_children, page_is_empty, index,
                skip_stack, resume_at, absolute_boxes, fixed_boxes, bottom_space,
                new_position_y, offset_y, abort, stop)
            break

        # TODO: this is incomplete.
        # See https://drafts.csswg.org/css-page-3/#allowed-pg-brk
        # "When an unforced page break occurs here, both the adjoining
        #  ‘margin-top’ and ‘margin-bottom’ are set to zero."
        # See issue #115.
        elif page_is_empty and context.overflows_page(bottom_space, new_position_y):
            # Remove the top border when a page is empty and the box is
            # too high to be drawn in one page
            new_position_y -= box.margin_top
            line.translate(0, -box.margin_top)
            box.margin_top = 0

        if context.footnotes:
            abort, stop, resume_at, break_linebox = _linebox_footnotes(
                context, box, line, lines_iterator, new_children, new_footnotes,
                page_is_empty, index, skip_stack, resume_at, absolute_boxes,
                fixed_boxes, bottom_space, new_position_y, offset_y, abort, stop)
            if break_linebox:
                break

        new_children.append(line)
        position_y = new_position_y
        skip_stack = resume_at

    if new_children:
        resume_at = {index: new_children[-1].resume_at}

    return abort, stop, resume_at, position_y, new_footnotes, max_lines


# Upstream's statements for a line that overflows the page (see _FOOTNOTE_FIX).
def _linebox_overflow(context, box, line, lines_iterator, new_children,
                      page_is_empty, index, skip_stack, resume_at, absolute_boxes,
                      fixed_boxes, bottom_space, new_position_y, offset_y, abort,
                      stop):
    # If we couldn’t break the line before but can break now, first try to
    # report footnotes and see if we don’t overflow.
    could_break_before = can_break_now = True
    needed = box.style['widows'] - 1
    for next_line, _ in lines_iterator:
        needed -= 1
        remove_placeholders(
            context, next_line.children, absolute_boxes, fixed_boxes)
        # Don’t iterate over all lines as it can be long.
        if needed == -1:
            break
    if len(new_children) + 1 < box.style['orphans']:
        can_break_now = False
    elif needed >= 0:
        can_break_now = False  # noqa: F841
    if len(new_children) < box.style['orphans']:
        could_break_before = False
    elif needed > 0:
        could_break_before = False  # noqa: F841
    needed = max(0, needed)
    # publisher: upstream reports (moves) notes, see _FOOTNOTE_FIX above.
    report = False
    reported_footnotes = 0
    while report and context.current_page_footnotes:
        context.report_footnote(context.current_page_footnotes[-1])
        reported_footnotes += 1
        if not context.overflows_page(bottom_space, new_position_y + offset_y):
            new_children.append(line)
            stop = True
            break
    else:
        abort, stop, resume_at = _break_line(
            context, box, line, new_children, needed, page_is_empty, index,
            skip_stack, resume_at, absolute_boxes, fixed_boxes)

    # Revert reported footnotes, as they’ve been reported starting from the last
    # one.
    if reported_footnotes >= 2:
        extra = context.reported_footnotes[-1:-reported_footnotes-1:-1]
        context.reported_footnotes[-reported_footnotes:] = extra

    return abort, stop, resume_at


# Upstream's statements that lay out the footnotes called in a line, unchanged.
def _linebox_footnotes(context, box, line, lines_iterator, new_children,
                       new_footnotes, page_is_empty, index, skip_stack, resume_at,
                       absolute_boxes, fixed_boxes, bottom_space, new_position_y,
                       offset_y, abort, stop):
    break_linebox = False
    footnotes = (
        descendant.footnote for descendant in line.descendants()
        if descendant.footnote in context.footnotes)
    for footnote in footnotes:
        overflow = context.layout_footnote(footnote)
        new_footnotes.append(footnote)
        overflow = (
            overflow or
            context.reported_footnotes or
            context.overflows_page(bottom_space, new_position_y + offset_y))
        if overflow:
            context.report_footnote(footnote)
            # If we've put other content on this page, then we may want
            # to push this line or block to the next page. Otherwise,
            # we can't (and would loop forever if we tried), so don't
            # even try.
            if new_children or not page_is_empty:
                if footnote.style['footnote_policy'] == 'line':
                    if needed := box.style['widows'] - 1:
                        for _ in lines_iterator:
                            needed -= 1
                            # Don’t iterate over all lines as it can be long.
                            if needed == 0:
                                break
                    abort, stop, resume_at = _break_line(
                        context, box, line, new_children, needed, page_is_empty,
                        index, skip_stack, resume_at, absolute_boxes,
                        fixed_boxes)
                    break_linebox = True
                    break
                elif footnote.style['footnote_policy'] == 'block':
                    abort = break_linebox = True
                    break
    return abort, stop, resume_at, break_linebox


# fmt: on


FOOTNOTE_CASE = (
    "<html><style>@page { size: 90mm 70mm; margin: 8mm; } body { font: 10pt/14pt serif; margin: 0 }"
    " p { margin: 0; orphans: 2; widows: 2 } .footnote { float: footnote; }</style>"
    "<p id='a'>Call<span class='footnote' id='n1'>Note one.</span> here.</p>"
    "<p>" + "word " * 42 + "</p><p id='b'>" + "more text " * 24 + "</p></html>"
)
"""A note on page 1, then a paragraph whose second line does not fit on page 1: stock
WeasyPrint 70 moves the note to page 2 to make room for that line (orphans: 2)."""


def _footnotes_stay() -> bool:
    """The note of :data:`FOOTNOTE_CASE` stays on page 1 (one small render per process)."""
    document = weasyprint.HTML(string=FOOTNOTE_CASE).render()
    return len(document.pages) == 2 and not misplaced_footnotes(document)


def _own_dictionaries_found() -> bool:
    """WeasyPrint's ``pyphen`` finds our Turkish dictionary, with Turkish lower-casing."""
    from weasyprint.text import line_break

    turkish = next(lang for lang in own_dictionaries() if lang.casing == DOTTED_I)
    lang = line_break.pyphen.language_fallback(turkish.locale.replace("_", "-"))
    return bool(lang) and line_break.pyphen.Pyphen(lang=lang, left=2, right=2).inserted("İzmir") == "İz-mir"


PYPHEN = SimpleNamespace(language_fallback=hyphenation.language_fallback, Pyphen=hyphenation.hyphenator)
"""What ``weasyprint.text.line_break`` sees as ``pyphen``: the two functions it calls
(``pyphen.language_fallback(lang)``, ``pyphen.Pyphen(lang=..., left=..., right=...)``),
which look in our dictionaries first and then in Pyphen's. WeasyPrint 70 looks
dictionaries up only in Pyphen's global tables; registering ours there would change
Pyphen for every other user in the process."""


@dataclass(frozen=True)
class Patch:
    """One attribute of a WeasyPrint module (or of a class in it: ``Class.method``) replaced by ours."""

    module: str
    attribute: str
    replacement: Any
    purpose: str
    works: Callable[[], bool]


PATCHES = (
    Patch(
        "weasyprint.layout.block",
        "_linebox_layout",
        _linebox_layout,
        "footnotes kept on the page of their call",
        _footnotes_stay,
    ),
    Patch(
        "weasyprint.text.line_break",
        "pyphen",
        PYPHEN,
        "hyphenation dictionaries of the publisher (Turkish)",
        _own_dictionaries_found,
    ),
    Patch(
        "weasyprint.pdf.tags",
        "_build_box_tree",
        tagging.build_box_tree,
        "languages, table header scopes and footnotes in the PDF's structure tree",
        tagging.tagging_works,
    ),
    Patch(
        "weasyprint.css.targets",
        "TargetCollector.collect_missing_counters",
        relayout.collect_missing_counters,
        "page references matched to their targets",
        relayout.references_resolved_once,
    ),
    Patch(
        "weasyprint.css.targets",
        "TargetCollector.cache_target_page_counters",
        relayout.cache_target_page_counters,
        "no relayout when only the page total changed",
        relayout.references_resolved_once,
    ),
    Patch(
        "weasyprint.layout.page",
        "make_page",
        relayout.make_page,
        "backward page references resolved before their page is laid out",
        relayout.references_resolved_once,
    ),
)


def owner(patch: Patch) -> tuple[Any, str]:
    """The object holding the patched attribute, and the attribute's own name."""
    holder: Any = importlib.import_module(patch.module)
    *path, name = patch.attribute.split(".")
    for part in path:
        holder = getattr(holder, part)
    return holder, name


def current(patch: Patch) -> Any:
    """What WeasyPrint uses now in place of ``patch``'s attribute."""
    holder, name = owner(patch)
    return holder.__dict__[name] if isinstance(holder, type) else getattr(holder, name)


_WORKING: set[Callable[[], bool]] = set()


def _works(patch: Patch) -> bool:
    """The behavioural check, until it passes once in this process (the patch then stays)."""
    if patch.works not in _WORKING and patch.works():
        _WORKING.add(patch.works)
    return patch.works in _WORKING


ORIGINALS: dict[tuple[str, str], Any] = {}
"""WeasyPrint's own objects that the patches replaced (for the tests)."""


def apply() -> list[str]:
    """Apply every patch (idempotent); return a warning for each one not in effect."""
    if weasyprint.__version__ != PINNED_VERSION:
        return [
            f"WeasyPrint {weasyprint.__version__} is not the pinned {PINNED_VERSION}: patch not applied, "
            f"no {patch.purpose}"
            for patch in PATCHES
        ]
    installed = [(patch, _install(patch)) for patch in PATCHES]  # all first: some checks need several
    warnings = [(patch, why or ("" if _works(patch) else "its check failed")) for patch, why in installed]
    return [f"WeasyPrint patch not in effect ({why}): no {patch.purpose}" for patch, why in warnings if why]


def _install(patch: Patch) -> str:
    """Install ``patch``; return why it is not in effect, or ``""``."""
    try:
        holder, name = owner(patch)
        used = current(patch)
        if used is not patch.replacement:
            ORIGINALS.setdefault((patch.module, patch.attribute), used)
            setattr(holder, name, patch.replacement)
        if current(patch) is not patch.replacement:
            return f"{patch.module}.{patch.attribute} is not ours"
        return ""
    except Exception as exc:  # reported as the patch's warning, with what went wrong
        return f"{type(exc).__name__}: {exc}"
