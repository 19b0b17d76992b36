"""The tables the command prints: the editions a build made, translation status, preflight, print runs.

Each function takes what the library returned and gives a table for the terminal; the command
(:mod:`publisher.cli`) prints it. rich is imported only by the tables that use it: a build that
has nothing to do starts faster without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

    from publisher.load.config import Publication
    from publisher.pdf.preflight import PreflightReport
    from publisher.pdf.printruns import PrintRun
    from publisher.pipeline.plan import EditionResult
    from publisher.text.status import ChapterStatus

STATUS_COLOURS = {"ok": "green", "stale": "yellow", "missing": "red", "extra": "magenta"}
"""The colour of each translation state."""
UNIT_LEGEND = "units of each chapter (publisher translate): current, or current/stale/missing"


def text_table(title: str, header: list[str], rows: list[list[str]], right: set[int]) -> str:
    """A plain text table: ``right`` holds the indexes of the columns aligned to the right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([title, line(header), "  ".join("─" * w for w in widths), *map(line, rows)])


def editions_table(results: list[EditionResult], root: Path) -> str:
    """What a build made: each edition's output file (relative to the project ``root``) and pages."""
    rows = []
    for result in sorted(results, key=lambda r: (r.edition.document, r.edition.lang, r.edition.format)):
        try:
            shown = str(result.path.relative_to(root))
        except ValueError:
            shown = str(result.path)
        rows.append([result.edition.document, result.edition.lang, result.edition.format, str(result.pages), shown])
    return text_table("Editions", ["document", "lang", "format", "pages", "output"], rows, right={3})


def status_tables(
    statuses: list[ChapterStatus],
    publication: Publication,
    units: dict[tuple[str, str, str], dict[str, int]] | None = None,
) -> list[Table]:
    """Per document: each chapter's translation state in each language but the source's (with its
    units current/stale/missing, :func:`publisher.text.status.unit_summary`, when ``units`` are given)."""
    from rich.table import Table

    from publisher.text.status import status_table

    tables = []
    for doc_id, rows in status_table(statuses, publication, units):
        document = publication.document(doc_id)
        table = Table(title=f"{doc_id} (source: {document.source_language})")
        table.add_column("chapter", overflow="fold")
        for lang in document.languages:
            if lang != document.source_language:
                table.add_column(lang, overflow="fold")
        for name, *states in rows:
            table.add_row(name, *[f"[{STATUS_COLOURS.get(s.split()[0], 'white')}]{s}[/]" for s in states])
        tables.append(table)
    return tables


def status_counts(statuses: list[ChapterStatus]) -> str:
    """``12 ok, 1 stale, 0 missing, 0 extra``."""
    counts = {state: sum(1 for s in statuses if s.state == state) for state in STATUS_COLOURS}
    return ", ".join(f"{n} {state}" for state, n in counts.items())


def preflight_table(reports: list[PreflightReport]) -> Table:
    """One row per printer's PDF: its PDF/X version, output intent, pages, boxes, fonts, images and errors."""
    from rich.table import Table

    columns = ("file", "PDF/X", "output intent", "pages", "blank", "trim mm", "bleed mm", "fonts", "images", "errors")
    table = Table(title="Preflight of the printer's PDFs")
    for column in columns:  # counts to the right
        table.add_column(
            column,
            justify="right" if column in ("pages", "blank", "fonts", "images", "errors") else "left",
            overflow="fold",
        )
    for report in reports:
        trim, errors = "×".join(f"{v:g}" for v in report.trim_mm), len(report.errors)
        table.add_row(
            report.path.name, report.pdfx or "-", report.output_intent or "-", str(report.pages),
            str(report.blank_pages), trim, f"{report.bleed_mm:g}", str(report.fonts), str(report.images),
            f"[red]{errors}[/red]" if errors else "0",
        )  # fmt: skip
    return table


PRINT_RUN_COLUMNS = (
    "document",
    "lang",
    "copies",
    "pages",
    "blank",
    "signatures",
    "sheets/copy",
    "press sheets",
    "text kg",
    "cover kg",
    "spine mm",
    "file",
)


def print_runs_table(runs: list[PrintRun]) -> Table:
    """Each edition's print run, then a total per document and for the whole order."""
    from rich.table import Table

    from publisher.pdf.printruns import totals

    table = Table(title="Print runs")
    for column in PRINT_RUN_COLUMNS:
        table.add_column(column, justify="left" if column in ("document", "lang", "file") else "right", overflow="fold")
    for r in runs:
        table.add_row(
            r.document, r.language, f"{r.copies:,}", str(r.printed_pages), str(r.blank_pages), str(r.signatures),
            f"{r.sheets_per_copy:g}", f"{r.total_press_sheets:,}", f"{r.text_paper_kg:.1f}",
            f"{r.cover_paper_kg:.1f}", f"{r.spine_mm:.1f}", r.file,
        )  # fmt: skip
    sums = totals(runs)
    for name, total in [*sums["documents"].items(), ("whole order", sums["order"])]:
        table.add_row(
            f"[bold]{name}[/bold]", "total", f"[bold]{total['copies']:,}[/bold]", "", "", "", "",
            f"{total['total_press_sheets']:,}", f"{total['text_paper_kg']:.1f}", f"{total['cover_paper_kg']:.1f}",
            "", "",
        )  # fmt: skip
    return table
