"""Which translated chapters say nothing about their review (``publisher check`` warns)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from publisher.diagnostics import Diagnostics
from publisher.load.review import review_of

if TYPE_CHECKING:
    from publisher.text.status import ChapterStatus

HOW = "`review: pending` (a draft awaiting a translator's review) or `review: {by: <name>, date: YYYY-MM-DD}`"


def review_problems(statuses: list[ChapterStatus], diags: Diagnostics, languages: set[str] | None = None) -> None:
    """A warning at each translated chapter that records no review, or a review by no one."""
    for s in statuses:
        chapter = s.translation
        if chapter is None or s.state not in ("ok", "stale") or (languages is not None and s.lang not in languages):
            continue
        review = review_of(chapter.meta)
        if review is None:
            diags.warning(chapter.path, 2, f"the translation records no review: add {HOW} to its front matter")
        elif not review.pending and not review.by:
            diags.warning(
                chapter.path, _line(chapter.path, chapter.body_line), f"review: done names no one: write {HOW}"
            )


def _line(path: Path, body_line: int) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines[1:body_line], start=2) if line.startswith("review:")), 2)
