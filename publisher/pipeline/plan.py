"""The plan of a build: its editions (document × language × format) and what became of each."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.diagnostics import Problem

if TYPE_CHECKING:
    from publisher.pipeline.project import Project

FORMATS = ("print", "pdf", "epub", "html")


@dataclass(frozen=True)
class BuildOptions:
    """What a build is asked for: which editions, and how to make them."""

    documents: list[str] | None = None
    """Only these documents (``None``: all)."""
    languages: list[str] | None = None
    """Only these languages (``None``: all)."""
    formats: list[str] | None = None
    """Only these formats, of :data:`FORMATS` (``None``: all)."""
    force: bool = False
    """Ignore the cache: lay out and write everything."""
    jobs: int | None = None
    """Worker processes (``None``: one per core)."""
    keep_html: bool = False
    """Keep the HTML given to WeasyPrint next to each PDF."""
    allow_stale: bool = False
    """Make the printer's PDF even from stale or missing translated chapters."""
    shard: tuple[int, int] | None = None
    """``(i, n)``: only the i-th of n shares of the editions (:mod:`publisher.pipeline.shards`); their
    site, print-run tables and job sheet are left to the merge."""

    @property
    def selection(self) -> str:
        """What the build was asked for, as a key: builds of different selections are remembered apart
        (``force`` and ``jobs`` change how, not what)."""
        return json.dumps(
            [
                sorted(self.documents or []),
                sorted(self.languages or []),
                sorted(self.formats or []),
                self.keep_html,
                self.allow_stale,
                *([list(self.shard)] if self.shard else []),
            ]
        )


@dataclass(frozen=True)
class Edition:
    """One output: a document in one language in one format."""

    document: str
    lang: str
    format: str

    @property
    def name(self) -> str:
        return f"{self.document}.{self.lang}.{self.format}"

    def output(self, build_dir: Path) -> Path:
        if self.format == "html":
            return build_dir / "html" / self.lang / self.document / "index.html"
        if self.format == "epub":
            return build_dir / "epub" / f"{self.document}.{self.lang}.epub"
        return build_dir / self.format / f"{self.document}.{self.lang}.pdf"


@dataclass
class EditionResult:
    """What became of one edition: its file, its pages, whether it was made anew, its problems."""

    edition: Edition
    path: Path
    pages: int = 0
    rendered: bool = False
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    layouts: int = 0
    """Page layouts WeasyPrint did for the book this PDF was written from (relayouts included)."""
    layout_seconds: float = 0.0
    """Laying out that book (shared by its PDFs)."""
    paint_seconds: float = 0.0
    """Painting that book's layout into the one PDF its PDFs are made from (shared by its PDFs)."""
    write_seconds: float = 0.0
    """Making this PDF from the painted one (finishing) and writing it."""
    preflight: dict[str, Any] | None = None
    """The printer's PDF's preflight report, as ``build/.cache/preflight.json`` keeps it (made by the worker)."""
    cover_preflight: dict[str, Any] | None = None
    """The same for its cover spread, when it has one."""
    crash: str = ""
    """The traceback of an unexpected exception (a bug, not an input problem), as plain text."""


def plan(project: Project, formats: list[str] | None) -> list[Edition]:
    """Every edition of the texts the project holds, in the requested formats (default: all)."""
    editions = []
    for doc_id, lang in project.texts:
        for fmt in formats or FORMATS:
            editions.append(Edition(doc_id, lang, fmt))
    return editions


def biggest_first(editions: list[Edition], project: Project) -> list[Edition]:
    """The books (PDF editions), longest text first: the long ones start early, so the workers finish together."""

    def size(edition: Edition) -> int:
        return sum(len(c.source.body) for c in project.texts[(edition.document, edition.lang)].chapters)

    return sorted((e for e in editions if e.format != "html"), key=size, reverse=True)
