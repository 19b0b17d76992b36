"""What the printer receives besides the PDFs: their preflight, the print-run tables and the job sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publisher.diagnostics import Problem
from publisher.pdf.jobsheet import write_job_sheet
from publisher.pdf.preflight import preflight_publication
from publisher.pdf.printruns import write_print_runs


def after_print_build(
    publication: Any, build_dir: Path, print_job: Any, preflights: dict[str, Any] | None = None
) -> list[Problem]:
    """After the printer's PDFs: preflight them (``preflights``: the reports of those the build's
    workers preflighted), write the print-run tables and the job sheet."""
    problems: list[Problem] = []
    for report in preflight_publication(publication, build_dir, missing_is_error=False, fresh=preflights):
        problems.extend(report.problems)
    # a partial build (`-l en`) leaves the other editions out of the tables: not a problem of this
    # build (`publisher print-runs` names them)
    runs, _missing = write_print_runs(publication, build_dir)
    problems.extend(write_job_sheet(publication, build_dir, runs, print_job))
    return problems
