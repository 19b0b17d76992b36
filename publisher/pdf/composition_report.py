"""The composition report of each printer's PDF: kept beside the build, read by ``publisher preflight``.

The faults are found where they are certain, in the worker that lays the book out
(:mod:`publisher.pdf.composition`), and stored in ``build/.cache/composition/<doc>.<lang>.json``
with the SHA-256 of the printer's PDF they describe; preflight lists them, page by page, as
warnings of that PDF — or says that the PDF on disk is not the one they were found in.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from publisher.files import write_atomic


def report_path(pdf: Path) -> Path:
    """``build/print/report.en.pdf`` → ``build/.cache/composition/report.en.json``."""
    return pdf.parent.parent / ".cache" / "composition" / (pdf.stem + ".json")


def write_report(pdf: Path, data: bytes, faults: list[Any]) -> None:
    """Store the ``faults`` of the printer's PDF ``data`` (written to ``pdf``)."""
    entry = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "faults": [[f.page, f.kind, f.text] for f in faults],
    }
    write_atomic(report_path(pdf), json.dumps(entry, ensure_ascii=False, indent=1) + "\n")


def read_report(pdf: Path, data: bytes) -> list[tuple[int, str]] | None:
    """(page, message) of each fault of the PDF ``data`` at ``pdf``; ``None`` when no report is stored
    for these bytes."""
    try:
        entry = json.loads(report_path(pdf).read_text(encoding="utf-8"))
        if entry.get("sha256") != hashlib.sha256(data).hexdigest():
            return None
        return [(int(page), f"{kind}: “{text}”") for page, kind, text in entry["faults"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def add_composition(report: Any, path: Path) -> None:
    """The composition report of the PDF (``publisher.pdf.composition_report``), one warning per fault."""
    faults = read_report(path, path.read_bytes())
    if faults is None:
        report.warning("no composition report for this file: build it again (`publisher build -f print`)")
        return
    report.composition = len(faults)
    for page, message in faults:
        report.warning(f"composition: {message}", page)
