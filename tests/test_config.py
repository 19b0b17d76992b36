"""publication.yaml: typed, validated, every problem at once with its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publisher.diagnostics import PublisherError
from publisher.load.config import load_publication, parse_size

ROOT = Path(__file__).resolve().parent.parent


def test_sample_publication_loads() -> None:
    publication = load_publication(ROOT)
    assert publication.languages == ("en", "tr", "it", "ar")
    assert publication.source_language == "en"
    report = publication.document("report")
    assert report.print_runs == {"tr": 800, "it": 350, "en": 350}
    assert sum(report.print_runs.values()) == 1500
    assert publication.print.trim_mm == (210.0, 297.0)
    assert publication.print.bleed_mm == 3.0
    assert publication.title["tr"].startswith("Birlikte")


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "publication.yaml").write_text(text, encoding="utf-8")
    return tmp_path


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "config"
"""``<case>.yaml`` is a publication.yaml; ``<case>.txt`` the exact problems it gives, in order."""


@pytest.mark.parametrize("case", sorted(path.stem for path in FIXTURES.glob("*.yaml")))
def test_configuration_errors(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / f"{case}.yaml", tmp_path / "publication.yaml")
    monkeypatch.chdir(tmp_path)  # problems name the file as the user would see it
    with pytest.raises(PublisherError) as info:
        load_publication(tmp_path)
    expected = (FIXTURES / f"{case}.txt").read_text(encoding="utf-8").splitlines()
    assert [str(problem) for problem in info.value.problems] == expected


def test_every_configuration_fixture_has_its_messages() -> None:
    cases = {path.stem for path in FIXTURES.glob("*.yaml")}
    assert len(cases) >= 10
    assert {path.stem for path in FIXTURES.glob("*.txt")} == cases


def test_document_language_subset(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        """\
title: {en: T, tr: T, it: T}
languages: [en, tr, it]
documents:
  - id: brief
    languages: [tr, en]
    title: {en: A, tr: B}
""",
    )
    publication = load_publication(root)
    assert publication.document("brief").languages == ("en", "tr")  # in the publication's order


@pytest.mark.parametrize(
    ("text", "size"),
    [("A4", (210.0, 297.0)), ("170x240mm", (170.0, 240.0)), ("170 × 240 mm", (170.0, 240.0)), ("big", None)],
)
def test_trim_sizes(text: str, size: tuple[float, float] | None) -> None:
    assert parse_size(text) == size


def test_sample_marks_its_assumptions_provisional() -> None:
    publication = load_publication(ROOT)
    assert publication.provisional == {"date"}
    assert publication.document("policy").print_runs_provisional
    assert not publication.document("report").print_runs_provisional


def test_provisional_values_are_checked_with_their_lines(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        """\
title: {en: T}
languages: [en]
date: 2020-01-06
provisional: date
documents:
  - id: a
    title: {en: A}
    print_runs: {en: 10}
    provisional: [print_runs, copies]
  - id: b
    title: {en: B}
    provisional: [print_runs]
  - id: c
    title: {en: C}
    provisional:
      - print_runs
      - {print_runs: true}
""",
    )
    with pytest.raises(PublisherError) as info:
        load_publication(root)
    messages = [str(p).replace(f"{tmp_path}/", "") for p in info.value.problems]
    assert messages == [
        "publication.yaml:9: error: documents.0.provisional.1: 'copies' cannot be marked provisional "
        "(expected: print_runs)",
        "publication.yaml:17: error: documents.2.provisional.1: {'print_runs': True} cannot be marked provisional "
        "(expected: print_runs)",
        "publication.yaml:4: error: provisional: expected a list of keys, such as [date], got 'date'",
    ]
