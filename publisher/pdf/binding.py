"""The binding: which pages the printer's text block holds, the spine, and whether the book can be bound.

A book is laid out once with its covers (page 1 the front cover, the last page the back cover), for
the digital edition. With a separate cover (perfect binding always, saddle-stitch when
``print.cover: separate``) the printer's text block leaves the cover leaf out — the front cover and
its blank inside (pages 1 and 2: the title page is the first recto of the block) — and the back
cover with the blank recto before it when there is one; the cover is its own file
(``publisher.pdf.cover``). With a self cover the text block is the whole book.

The figures printers go by (docs/printing.md cites them): a perfect-bound spine of at least about
3 mm (Sky Blue Design Works: "generally approx 3.5mm"; Puget Bindery's absolute minimum is 0.060",
1.5 mm, with a feasibility test under 0.07"), spine text from about 6 mm (Bookmobile: at least 1/4"
for 1/16" type with 1/8" either side), saddle-stitching up to about 64 pages (newprint.com:
40 pages on heavy text paper, 64 on light).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.diagnostics import Problem, display_path

SPINE_TEXT_MIN_MM = 6.0
"""A spine this wide or wider carries the title: 1.6 mm type with 2 mm either side for the cover's
shift in binding (Bookmobile asks for 1/4" = 6.35 mm for 1/16" type with 1/8" either side; 6 mm
at our metric tolerances)."""
SIGNATURES = (8, 16, 32)
"""Folded sections a printer offers for perfect binding (``print.signature``)."""


@dataclass(frozen=True)
class TextBlock:
    """Which pages of the laid-out book go to the printer's text block, and why the others do not."""

    pages: list[int]
    """Indexes (0-based) of the book's pages, in order."""
    cover: list[int]
    """Indexes of the pages left out for the separate cover (front, its inside, back's inside, back)."""


def text_block(page_count: int, blank: set[int], separate_cover: bool) -> TextBlock:
    """The pages of a book of ``page_count`` pages (``blank``: the indexes WeasyPrint left blank for a
    recto/verso break) that make its text block."""
    if not separate_cover or page_count < 4:
        return TextBlock(list(range(page_count)), [])
    last = page_count - 1
    cover = [0, 1, last]
    if last - 1 > 1 and (last - 1) in blank:
        cover.append(last - 1)  # the blank recto before the back cover: the book ends on the verso before it
    return TextBlock([i for i in range(page_count) if i not in cover], sorted(cover))


def padding_unit(binding: str, signature: int) -> int:
    """Pages the printed count must be a multiple of: 4 for saddle-stitch, the signature (or 2) for perfect binding."""
    if binding == "saddle-stitch":
        return 4
    if binding == "none":  # one sheet: the cover spread
        return 1
    return signature or 2


def padded(pages: int, unit: int) -> int:
    return -(-pages // unit) * unit


def spine_mm(text_pages: int, paper: Any, binding: str = "perfect") -> float:
    """The spine of a perfect-bound book: its leaves (two pages each) at the paper's caliper, plus the
    cover board on either side of the block. A saddle-stitched book has a fold, not a spine: 0."""
    if binding != "perfect":
        return 0.0
    return text_pages / 2 * paper.caliper_um / 1000 + 2 * paper.cover_caliper_um / 1000


def thickness_mm(text_pages: int, paper: Any, separate_cover: bool) -> float:
    """A saddle-stitched book's thickness at the fold (what the stitcher has to go through)."""
    return text_pages / 2 * paper.caliper_um / 1000 + (2 * paper.cover_caliper_um / 1000 if separate_cover else 0)


def bound_pages(text_pages: int, settings: Any) -> int:
    """Pages of the bound book as a printer counts them: the text block plus a separate cover's four."""
    return text_pages + (4 if settings.cover == "separate" else 0)


def binding_advice(name: str, content: int, blank: int, padding: int, settings: Any) -> list[str]:
    """What a print coordinator should hear about one edition's binding (warnings first, then notes).

    ``content`` + ``blank`` are the text block's pages before padding; ``padding`` the pages added
    for the binding."""
    advice: list[str] = []
    pages = content + blank + padding
    if settings.binding == "perfect":
        spine = spine_mm(pages, settings.paper)
        if spine < settings.min_spine_mm:
            saddle = padded(content + blank, 4) + 4
            instead = (
                f"use print.binding: saddle-stitch ({saddle} pages with a separate cover)"
                if saddle <= settings.saddle_max_pages
                else "use thicker paper (print.paper.caliper_um) or more pages"
            )
            advice.append(
                f"warning: {name}: a {pages}-page text block makes a {spine:.1f} mm spine, under the "
                f"printer's minimum of {settings.min_spine_mm:g} mm (print.min_spine_mm): it cannot be "
                f"perfect-bound; {instead}"
            )
    else:
        total = bound_pages(pages, settings)
        perfect = spine_mm(padded(content + blank, settings.signature or 2), settings.paper)
        if total <= settings.saddle_max_pages and perfect < settings.min_spine_mm:
            with_cover = " with the cover" if settings.cover == "separate" else ""
            advice.append(
                f"note: {name}: saddle-stitched, {total} pages{with_cover}"
                f" (at most {settings.saddle_max_pages}); perfect-bound, its spine would be {perfect:.1f} mm, under "
                f"the printer's minimum of {settings.min_spine_mm:g} mm"
            )
        if total > settings.saddle_max_pages:
            spine = spine_mm(pages, settings.paper)
            advice.append(
                f"warning: {name}: {total} pages is more than saddle-stitching holds "
                f"({settings.saddle_max_pages}, print.saddle_max_pages); use print.binding: perfect "
                f"(a {spine:.1f} mm spine)"
            )
    advice.extend(_padding_advice(name, content, blank, padding, settings))
    return advice


def _padding_advice(name: str, content: int, blank: int, padding: int, settings: Any) -> list[str]:
    unit = padding_unit(settings.binding, settings.signature)
    if not padding:
        return []
    note = (
        f"note: {name}: {content} pages of content and {blank} blank by design are padded with "
        f"{padding} blank pages to {content + blank + padding} (a multiple of {unit})"
    )
    if settings.binding == "perfect":
        better = [
            (padded(content + blank, s) - content - blank, s)
            for s in SIGNATURES
            if s < unit and padded(content + blank, s) - content - blank < padding
        ]
        if better:
            waste, size = min(better)
            note += f"; {size}-page signatures would leave {waste} (print.signature: {size})"
    return [note]


def last_build_advice(publication: Any, build_dir: Path) -> list[str]:
    """:func:`binding_advice` for every edition of the last printer's build (``print-runs.json``), with
    the current settings (a text block with a self cover has the cover's four pages more)."""
    import json

    path = build_dir / "print" / "print-runs.json"
    try:
        last = json.loads(path.read_text(encoding="utf-8"))
        editions = list(last["editions"])
        was_separate = last["settings"].get("cover", "self") == "separate"
    except (OSError, ValueError, KeyError, TypeError):  # no printer's build yet: nothing is known of the pages
        return []
    settings = publication.print
    shift = (4 if was_separate else 0) - (4 if settings.cover == "separate" else 0)
    advice = []
    for run in editions:
        name = f"{run['document']}.{run['language']}"
        content = max(0, int(run["content_pages"]) + shift)
        blank, padding = int(run["blank_pages"]), 0
        pages = padded(content + blank, padding_unit(settings.binding, settings.signature))
        padding = pages - content - blank
        advice.extend(binding_advice(name, content, blank, padding, settings))
    return advice


def check_binding(root: Path, publication: Any) -> tuple[list[Problem], list[str]]:
    """``publisher check``'s binding warnings (at ``print.binding``'s line of publication.yaml) and
    notes (lines to print), from the last build's page counts."""
    config = root / "publication.yaml"
    line = binding_line(config)
    warnings, notes = [], []
    for message in last_build_advice(publication, root / "build"):
        kind, _, text = message.partition(": ")
        if kind == "warning":
            warnings.append(Problem(display_path(config), line, text, "warning"))
        else:
            notes.append(f"{display_path(config)}:{line}: {message}")
    return warnings, notes


def binding_line(path: Path) -> int:
    """The line of ``binding:`` under ``print:`` (else of ``print:``, else 0)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    found = 0
    for number, text in enumerate(lines, 1):
        if text.startswith("print:"):
            found = number
        elif found and text.startswith((" ", "\t")) and text.lstrip().startswith("binding:"):
            return number
    return found
