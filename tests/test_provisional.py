"""Values marked ``provisional`` in publication.yaml are printed "to be confirmed" (issue #17).

The sample marks the policy document's print runs (examples: the sources give none) and the
publication date (not in the sources). The marking must reach what readers and the printer
see: the colophon of every policy PDF, the job sheet, and print-runs.csv/json.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from helpers import pdf_text

LANGS = ("en", "tr", "it")
# What the colophon prints, per language: the policy's print run, and the date.
COLOPHON = {
    "en": ("Print run: 100 copies (to be confirmed)", "Izmir, January 6, 2020 (to be confirmed)", "(to be confirmed)"),
    "tr": ("Baskı adedi: 300 (teyit edilecek)", "İzmir, 6 Ocak 2020 (teyit edilecek)", "(teyit edilecek)"),
    "it": ("Tiratura: 100 copie (da confermare)", "Izmir, 6 gennaio 2020 (da confermare)", "(da confermare)"),
}
REPORT_RUN = {"en": "Print run: 350 copies", "tr": "Baskı adedi: 800", "it": "Tiratura: 350 copie"}


def squashed_text(path: Path) -> str:
    """The PDF's text as a reader would copy it, soft hyphens dropped and whitespace squashed."""
    return re.sub(r"\s+", " ", pdf_text(path).replace("\u00ad", ""))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("folder", ["pdf", "print"])
def test_policy_colophon_prints_the_run_and_the_date_as_to_be_confirmed(built: Path, folder: str, lang: str) -> None:
    run, date, mark = COLOPHON[lang]
    policy = squashed_text(built / "build" / folder / f"policy.{lang}.pdf")
    assert run in policy
    assert date in policy
    # the report's print run comes from the sources: no marking after it (its date is still marked)
    report = squashed_text(built / "build" / folder / f"report.{lang}.pdf")
    assert f"{REPORT_RUN[lang]} " in report
    assert f"{REPORT_RUN[lang]} {mark}" not in report
    assert date in report


def test_job_sheet_marks_the_policy_copies_and_the_date(built: Path) -> None:
    text = squashed_text(built / "build" / "print" / "job-sheet.pdf")
    assert "2020-01-06 (publication date to be confirmed)" in text
    report, policy = text.split("Migration Management Policy Document", 1)
    assert "(to be confirmed)" not in report
    # three editions, the policy's total and the whole order
    assert policy.count("(to be confirmed)") == 5
    assert "Whole order: 2,000 copies (to be confirmed)" in policy
    assert "Copies marked “to be confirmed” are provisional" in policy


def test_print_runs_tables_say_which_copies_are_to_be_confirmed(built: Path) -> None:
    rows = list(csv.DictReader((built / "build" / "print" / "print-runs.csv").open(encoding="utf-8")))
    status = {(r["document"], r["language"]): r["copies_status"] for r in rows}
    for lang in LANGS:
        assert status[("report", lang)] == "confirmed"
        assert status[("policy", lang)] == "to be confirmed"
    assert status[("report", "total")] == "confirmed"
    assert status[("policy", "total")] == "to be confirmed"
    assert status[("all", "total")] == "to be confirmed"
    data = json.loads((built / "build" / "print" / "print-runs.json").read_text(encoding="utf-8"))
    assert {(e["document"], e["copies_provisional"]) for e in data["editions"]} == {("report", False), ("policy", True)}
    assert data["documents"]["policy"]["copies_provisional"] is True
    assert data["order"]["copies_provisional"] is True
