"""The edition model: what the gather stage hands to the writers, as plain data.

Everything a page or a book shows is computed once, before any output is written: the
charts with their data tables, each edition's abbreviations, its stale chapters, its
print run, and — once the PDFs exist — its download links with their sizes. The writers
(:mod:`publisher.html.book`, :mod:`publisher.html.site`, the Markdown render rules) take
these objects and never reach back into the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.diagnostics import Problem
    from publisher.load.config import Publication
    from publisher.text.document import DocumentText

DataTable = tuple[str, list[str], list[list[str]]]
"""A chart's numbers as a table: (caption, header row, rows), formatted for its language."""


@dataclass(frozen=True)
class Chart:
    """One chart in one language: its drawing and what its figure shows beside it."""

    id: str
    lang: str
    title: str
    source: str
    table: DataTable
    """(caption, header row, rows) of the numbers behind the chart, formatted for its language."""
    svg: Path
    """The drawing, ``build/figures/<id>.<lang>.svg``."""

    @property
    def file_name(self) -> str:
        return f"{self.id}.{self.lang}.svg"


@dataclass(frozen=True)
class Download:
    """A PDF offered for download on the web edition's pages."""

    format: str
    path: str
    """Where the web edition publishes it: ``downloads/pdf/<document>.<lang>.pdf``."""
    size: str
    """Its size as readers see it: ``840 KB``, ``2.1 MB``."""
    pages: int
    source: Path
    """The built PDF, copied into the site."""


@dataclass
class DocumentEdition:
    """One document in one language: its text and everything its editions show."""

    text: DocumentText
    charts: dict[str, Chart]
    """Chart id → the chart in this language."""
    abbreviations: list[dict[str, str]]
    """The abbreviations the text uses, in its alphabet's order: ``{"abbr", "expansion"}``."""
    stale: frozenset[str] = frozenset()
    """Slugs of the chapters whose source changed since they were translated."""
    print_blockers: list[Problem] = field(default_factory=list)
    """Why the printer's PDF must not be made (stale or missing translations), if it must not."""
    copies: int = 0
    """The print run of this language."""
    downloads: list[Download] = field(default_factory=list)
    """Its PDFs for the web pages: known once the PDF stage is over."""

    @property
    def document(self) -> str:
        return self.text.document.id

    @property
    def lang(self) -> str:
        return self.text.lang


@dataclass
class EditionModel:
    """The whole publication as the writers need it."""

    publication: Publication
    project: dict[str, Any]
    """``content/data/project.yaml``: the project's names and partners, for the books' title pages."""
    editions: dict[tuple[str, str], DocumentEdition]
    """(document, language) → the editions this build writes."""
    available: dict[tuple[str, str], list[str]]
    """Every (document, language) of the publication → its chapters' slugs: a partial build
    still links to the other languages' pages and lists every edition."""
    charts: dict[tuple[str, str], Chart] = field(default_factory=dict)
    """(chart id, language) → every chart in every language."""
