"""Print runs: copies, pages, press sheets, paper and spine per edition, for the print order.

The numbers follow the formulas in ``docs/printing.md``; every input comes from
``publication.yaml`` (copies, paper, press sheet, overs) and from the printer's PDFs
themselves (pages, blank pages added, SHA-256), so the tables describe the files the
printer receives.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from publisher.diagnostics import Problem, display_path
from publisher.files import write_atomic

COLUMNS = (
    "document",
    "language",
    "copies",
    "copies_status",
    "content_pages",
    "blank_pages",
    "padding_pages",
    "printed_pages",
    "signatures",
    "sheets_per_copy",
    "overs_percent",
    "total_press_sheets",
    "text_paper_kg",
    "cover_paper_kg",
    "spine_mm",
    "file",
    "sha256",
    "cover_file",
    "cover_size_mm",
    "cover_sha256",
)


@dataclass
class PrintRun:
    """One language edition of one document, as ordered from the printer."""

    document: str
    language: str
    copies: int
    content_pages: int
    """Pages of the printer's PDF with something printed on them."""
    blank_pages: int
    """Pages blank by design (a verso before a chapter opening on a recto)."""
    padding_pages: int
    """Blank pages added to fill the last signature (saddle-stitch: the last sheet)."""
    printed_pages: int
    """Every page of the printer's PDF: content, blank by design and padding."""
    signatures: int
    sheets_per_copy: float
    overs_percent: float
    total_press_sheets: int
    text_paper_kg: float
    cover_paper_kg: float
    spine_mm: float
    file: str
    sha256: str
    copies_provisional: bool = False
    """The copies are an assumption (``provisional: [print_runs]``): "to be confirmed"."""
    cover_file: str = ""
    """The cover spread's file (a separate cover), else ''."""
    cover_size_mm: str = ""
    """The trimmed cover spread, ``width×height`` (back, spine, front)."""
    cover_sha256: str = ""
    file_bytes: int = 0
    cover_bytes: int = 0


PROVISIONAL_STATUS = {False: "confirmed", True: "to be confirmed"}
"""The ``copies_status`` column of print-runs.csv."""


def pages_per_signature(settings: Any) -> int:
    """Pages in one folded section: ``print.signature`` for perfect binding, else the press sheet's pages."""
    if settings.binding == "perfect" and settings.signature:
        return int(settings.signature)
    return int(settings.press_sheet.pages_per_sheet)


def is_ordered(document: Any, lang: str) -> bool:
    """Whether the printer gets the ``lang`` edition of ``document``: a document that gives print runs
    orders the languages with copies; one that gives none yet has every edition made (to quote on)."""
    return not document.print_runs or document.print_runs.get(lang, 0) > 0


def stale_print_files(publication: Any, build_dir: Path) -> list[Path]:
    """Files in build/print no longer part of the order: an edition not ordered, a cover spread of
    a book with no separate cover."""
    folder = build_dir / "print"
    stale: list[Path] = []
    for document in publication.documents:
        for lang in document.languages:
            pdf = folder / f"{document.id}.{lang}.pdf"
            cover = folder / f"{document.id}.{lang}.cover.pdf"
            if not is_ordered(document, lang):
                stale.extend(p for p in (pdf, cover, pdf.with_suffix(".html")) if p.is_file())
            elif publication.print.cover != "separate" and cover.is_file():
                stale.append(cover)
    return stale


def compute_run(
    document: str,
    language: str,
    copies: int,
    printed_pages: int,
    blank_pages: int,
    settings: Any,
    file: str = "",
    sha256: str = "",
    padding_pages: int = 0,
) -> PrintRun:
    """The print-run figures of one edition (see docs/printing.md, "Formulas")."""
    from publisher.pdf.binding import spine_mm

    sheet = settings.press_sheet
    sheet_m2 = sheet.width_mm * sheet.height_mm / 1e6
    sheets_per_copy = printed_pages / sheet.pages_per_sheet
    overs = settings.overs_percent
    total_sheets = math.ceil(sheets_per_copy * copies * (1 + overs / 100)) if copies else 0
    spine = spine_mm(printed_pages, settings.paper, settings.binding)
    trim_w, trim_h = settings.trim_mm
    cover_m2 = (2 * trim_w + spine) * trim_h / 1e6 if settings.cover == "separate" else 0.0
    covers = math.ceil(copies * (1 + overs / 100)) if copies else 0
    return PrintRun(
        document=document,
        language=language,
        copies=copies,
        content_pages=printed_pages - blank_pages - padding_pages,
        blank_pages=blank_pages,
        padding_pages=padding_pages,
        printed_pages=printed_pages,
        signatures=math.ceil(printed_pages / pages_per_signature(settings)),
        sheets_per_copy=round(sheets_per_copy, 4),
        overs_percent=overs,
        total_press_sheets=total_sheets,
        text_paper_kg=round(total_sheets * sheet_m2 * settings.paper.text_gsm / 1000, 1),
        cover_paper_kg=round(covers * cover_m2 * settings.paper.cover_gsm / 1000, 1),
        spine_mm=round(spine, 2),
        file=file,
        sha256=sha256,
    )


def _pdf_pages(path: Path) -> tuple[int, int, int]:
    """(pages, pages blank by design, blank pages inserted for the binding) of a printer's PDF."""
    import pikepdf

    from publisher.pdf.prepress import DESIGN, PADDING, blank_kind

    with pikepdf.open(path) as pdf:
        kinds = [blank_kind(page) for page in pdf.pages]
    return len(kinds), kinds.count(DESIGN), kinds.count(PADDING)


def _add_cover(run: PrintRun, path: Path, settings: Any) -> None:
    from publisher.pdf.cover import cover_path, spread_size_mm

    cover = cover_path(path)
    if settings.cover != "separate" or not cover.is_file():
        return
    data = cover.read_bytes()
    width, height = spread_size_mm(settings, run.printed_pages)
    run.cover_file, run.cover_sha256, run.cover_bytes = cover.name, hashlib.sha256(data).hexdigest(), len(data)
    run.cover_size_mm = f"{width:.1f}×{height:g}"


def print_runs(publication: Any, build_dir: Path) -> tuple[list[PrintRun], list[Problem]]:
    """One :class:`PrintRun` per edition whose printer's PDF is in ``build/print``."""
    runs: list[PrintRun] = []
    problems: list[Problem] = []
    for document in publication.documents:
        for lang in [lang for lang in document.languages if is_ordered(document, lang)]:
            copies = document.print_runs.get(lang, 0)
            path = build_dir / "print" / f"{document.id}.{lang}.pdf"
            if not path.is_file():
                problems.append(
                    Problem(
                        display_path(path),
                        0,
                        "missing: not in the print-run tables (run `publisher build -f print`)",
                        "warning",
                    )
                )
                continue
            pages, blanks, padding = _pdf_pages(path)
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            run = compute_run(document.id, lang, copies, pages, blanks, publication.print, path.name, digest, padding)
            run.copies_provisional, run.file_bytes = document.print_runs_provisional, len(data)
            _add_cover(run, path, publication.print)
            runs.append(run)
    return runs, problems


def totals(runs: list[PrintRun]) -> dict[str, Any]:
    """Sums per document and for the whole order."""

    def add(group: list[PrintRun]) -> dict[str, Any]:
        return {
            "copies": sum(r.copies for r in group),
            "copies_provisional": any(r.copies_provisional for r in group),
            "printed_pages": sum(r.printed_pages * r.copies for r in group),
            "total_press_sheets": sum(r.total_press_sheets for r in group),
            "text_paper_kg": round(sum(r.text_paper_kg for r in group), 1),
            "cover_paper_kg": round(sum(r.cover_paper_kg for r in group), 1),
        }

    documents = list(dict.fromkeys(r.document for r in runs))
    return {"documents": {d: add([r for r in runs if r.document == d]) for d in documents}, "order": add(runs)}


def to_csv(runs: list[PrintRun]) -> str:
    """Editions, then one ``total`` row per document and an ``all`` row for the whole order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for run in runs:
        values = {**asdict(run), "copies_status": PROVISIONAL_STATUS[run.copies_provisional]}
        writer.writerow([values[c] for c in COLUMNS])
    sums = totals(runs)
    for name, total in [*sums["documents"].items(), ("all", sums["order"])]:
        row = {
            "document": name,
            "language": "total",
            **total,
            "copies_status": PROVISIONAL_STATUS[total["copies_provisional"]],
        }
        row["printed_pages"] = ""  # pages × copies is not a page count: left out of the CSV
        writer.writerow([row.get(c, "") for c in COLUMNS])
    return out.getvalue()


def to_json(runs: list[PrintRun], publication: Any) -> str:
    settings = publication.print
    doc = {
        "settings": {
            "trim_mm": list(settings.trim_mm),
            "bleed_mm": settings.bleed_mm,
            "binding": settings.binding,
            "cover": settings.cover,
            "min_spine_mm": settings.min_spine_mm,
            "saddle_max_pages": settings.saddle_max_pages,
            "pages_per_signature": pages_per_signature(settings),
            "press_sheet_mm": [settings.press_sheet.width_mm, settings.press_sheet.height_mm],
            "pages_per_sheet": settings.press_sheet.pages_per_sheet,
            "overs_percent": settings.overs_percent,
            "text_gsm": settings.paper.text_gsm,
            "cover_gsm": settings.paper.cover_gsm,
            "caliper_um": settings.paper.caliper_um,
            "cover_caliper_um": settings.paper.cover_caliper_um,
        },
        "editions": [asdict(r) for r in runs],
        **totals(runs),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write_print_runs(publication: Any, build_dir: Path) -> tuple[list[PrintRun], list[Problem]]:
    """Write ``build/print/print-runs.csv`` and ``.json``; returns the runs and any warnings."""
    runs, problems = print_runs(publication, build_dir)
    write_atomic(build_dir / "print" / "print-runs.csv", to_csv(runs))
    write_atomic(build_dir / "print" / "print-runs.json", to_json(runs, publication))
    return runs, problems
