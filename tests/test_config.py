"""publication.yaml: typed, validated, every problem at once with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.diagnostics import PublisherError
from publisher.load.config import load_publication, parse_size

ROOT = Path(__file__).resolve().parent.parent


def test_sample_publication_loads() -> None:
    publication = load_publication(ROOT)
    assert publication.languages == ("en", "tr", "it")
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


def test_every_problem_reported_at_once_with_lines(tmp_path: Path) -> None:
    root = write(tmp_path, """\
title: {en: T, tr: T}
languages: [en, tr, xx]
colour: blue
documents:
  - id: Bad Id
    title: {en: A}
  - id: ok
    title: {en: A, tr: B}
    print_runs: {en: many, de: 3}
print:
  trim: letter
  binding: spiral
""")
    with pytest.raises(PublisherError) as info:
        load_publication(root)
    messages = [str(p) for p in info.value.problems]
    text = "\n".join(messages)
    assert "publication.yaml:2: error: languages.2: unsupported language 'xx'" in text
    assert "publication.yaml:3: error: colour: unknown key" in text
    assert "publication.yaml:5: error: documents.0.id: expected an id" in text
    assert "publication.yaml:9: error: documents.1.print_runs.en: expected a whole number of copies" in text
    assert "publication.yaml:9: error: documents.1.print_runs.de: no 'de' edition" in text
    assert "publication.yaml:11: error: print.trim: expected A4" in text
    assert "publication.yaml:12: error: print.binding: expected one of perfect, saddle-stitch" in text
    assert len(messages) >= 7


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    root = write(tmp_path, "title: {en: T\nlanguages: [en]\n")
    with pytest.raises(PublisherError) as info:
        load_publication(root)
    problem = info.value.problems[0]
    assert problem.path.endswith("publication.yaml") and problem.line >= 1
    assert "invalid YAML" in problem.message


def test_document_language_subset(tmp_path: Path) -> None:
    root = write(tmp_path, """\
title: {en: T, tr: T, it: T}
languages: [en, tr, it]
documents:
  - id: brief
    languages: [tr, en]
    title: {en: A, tr: B}
""")
    publication = load_publication(root)
    assert publication.document("brief").languages == ("en", "tr")  # in the publication's order


@pytest.mark.parametrize(("text", "size"), [("A4", (210.0, 297.0)), ("170x240mm", (170.0, 240.0)),
                                             ("170 × 240 mm", (170.0, 240.0)), ("big", None)])
def test_trim_sizes(text: str, size: tuple[float, float] | None) -> None:
    assert parse_size(text) == size


def test_sample_marks_its_assumptions_provisional() -> None:
    publication = load_publication(ROOT)
    assert publication.provisional == {"date"}
    assert publication.document("policy").print_runs_provisional
    assert not publication.document("report").print_runs_provisional


def test_provisional_values_are_checked_with_their_lines(tmp_path: Path) -> None:
    root = write(tmp_path, """\
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
""")
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
