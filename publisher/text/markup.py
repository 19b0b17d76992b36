"""What the Markdown rules and renderer know about the edition being written: plain data, no callbacks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from publisher.languages import DEFAULT

if TYPE_CHECKING:
    from publisher.model import Chart


@dataclass
class Label:
    """A numbered thing that can be referenced: a chapter, figure or table."""

    kind: str  # "ch" | "fig" | "tbl"
    id: str  # e.g. "fig-interviews"
    number: int
    chapter: str  # slug of the chapter that holds it
    line: int = 0


@dataclass
class MarkupContext:
    """What the render rules need to know about the edition being written: plain data, no callbacks."""

    lang: str
    target: str = "web"
    """``book`` (both PDFs: footnotes at the foot of the page, paragraph ids), ``web`` or ``epub`` (the
    e-book: paragraph ids as in the book, footnotes as EPUB notes at the chapter's end)."""
    labels: dict[str, Label] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Localised nouns: "fig" → "Figure", "tbl" → "Table", "ch" → "Chapter"."""
    chapter_urls: dict[str, str] = field(default_factory=dict)
    """Chapter slug → the URL of its page (web); empty in a book, where every chapter is in one HTML."""
    charts: Mapping[str, Chart] = field(default_factory=dict)
    """Chart id → the chart in this language: title, source and data table of its figure."""
    chart_urls: Mapping[str, str] = field(default_factory=dict)
    """Chart id → the URL of its drawing from this page."""
    image_urls: Mapping[str, str] = field(default_factory=dict)
    """Resolved file path of a project image → the URL this edition uses."""

    def href(self, label: Label) -> str:
        """Where a reference to ``label`` points."""
        page = self.chapter_urls.get(label.chapter)
        if page is None:
            return f"#{label.id}"
        return page if label.kind == "ch" else f"{page}#{label.id}"


def context_of(env: Mapping[str, Any]) -> MarkupContext:
    ctx = env.get("markup")
    if not isinstance(ctx, MarkupContext):
        return MarkupContext(lang=env.get("lang", DEFAULT))
    return ctx
