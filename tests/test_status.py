"""Translation status: ok / stale / missing / extra, marking, diffs, and what builds do with them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import copy_project

from publisher.cli import main
from publisher.diagnostics import Diagnostics, PublisherError
from publisher.load.config import load_publication
from publisher.load.content import load_content, read_chapter
from publisher.pipeline.stages import build
from publisher.text.status import all_status, diff, mark, set_translation_of, snapshot_path, status_problems


def states(root: Path) -> dict[tuple[str, str, str], str]:
    publication = load_publication(root)
    return {
        (s.document, s.lang, s.slug): s.state
        for s in all_status(publication, load_content(publication, Diagnostics()))
        if s.state != "source"
    }


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "sample")


def test_sample_translations_are_all_up_to_date(sample_project: Path) -> None:
    found = states(sample_project)  # a copy: the test reads no file of the checkout itself
    assert len(found) == 25  # the report in four languages, the policy document in three
    assert set(found.values()) == {"ok"}, {k: v for k, v in found.items() if v != "ok"}


def test_editing_a_source_chapter_makes_it_stale_and_marking_brings_it_back(sample_copy: Path) -> None:
    source = sample_copy / "content" / "en" / "report" / "02-methodology.md"
    old_source = source.read_text(encoding="utf-8")
    source.write_text(old_source.replace("## Key terms", "## Key terms and definitions"), encoding="utf-8")
    assert old_source != source.read_text(encoding="utf-8")
    found = states(sample_copy)
    assert found[("report", "tr", "methodology")] == "stale"
    assert found[("report", "it", "methodology")] == "stale"
    assert found[("report", "ar", "methodology")] == "stale"
    assert sum(1 for v in found.values() if v != "ok") == 3

    runner = CliRunner()
    shown = runner.invoke(main, ["-C", str(sample_copy), "status"])
    assert shown.exit_code == 0, shown.output
    assert "02-methodology.md" in shown.output and "22 ok, 3 stale, 0 missing, 0 extra" in shown.output

    tr = sample_copy / "content" / "tr" / "report" / "02-methodology.md"
    changes = runner.invoke(main, ["-C", str(sample_copy), "status", "--diff", str(tr)])
    assert changes.exit_code == 0, changes.output
    assert "-## Key terms\n" in changes.output and "+## Key terms and definitions\n" in changes.output

    strict = runner.invoke(main, ["-C", str(sample_copy), "check", "--strict"])
    assert strict.exit_code == 1
    assert (
        "content/tr/report/02-methodology.md:3: warning: stale translation of content/en/report/"
        "02-methodology.md" in strict.output.replace(str(sample_copy) + "/", "")
    )
    assert runner.invoke(main, ["-C", str(sample_copy), "check"]).exit_code == 0  # warnings only

    marked = runner.invoke(
        main,
        [
            "-C",
            str(sample_copy),
            "status",
            "--mark",
            str(tr),
            "--mark",
            str(sample_copy / "content" / "it" / "report" / "02-methodology.md"),
            "--mark",
            str(sample_copy / "content" / "ar" / "report" / "02-methodology.md"),
        ],
    )
    assert marked.exit_code == 0, marked.output
    assert "25 ok, 0 stale" in marked.output
    assert set(states(sample_copy).values()) == {"ok"}
    # the new source version is kept for the next diff; the old one, no longer referred to, is gone
    new_hash = read_chapter(source, "report", "en").source_hash
    old_hash = read_chapter(tr, "report", "tr").meta["translation_of"]
    assert new_hash == old_hash
    snapshots = sorted(p.name for p in (sample_copy / "content" / ".translations" / "report").glob("methodology.*"))
    assert snapshots == [f"methodology.{new_hash}.md"]
    assert runner.invoke(main, ["-C", str(sample_copy), "check", "--strict"]).exit_code == 0


def test_missing_and_extra_chapters(sample_copy: Path) -> None:
    (sample_copy / "content" / "it" / "policy" / "05-action-plan.md").unlink()
    (sample_copy / "content" / "tr" / "policy" / "06-annex.md").write_text(
        "---\ntitle: Ek\n---\n\nMetin.\n", encoding="utf-8"
    )
    found = states(sample_copy)
    assert found[("policy", "it", "action-plan")] == "missing"
    assert found[("policy", "tr", "annex")] == "extra"
    publication = load_publication(sample_copy)
    diags = Diagnostics()
    status_problems(all_status(publication, load_content(publication, Diagnostics())), diags)
    shown = [str(p).replace(str(sample_copy) + "/", "") for p in diags]
    assert shown == [
        "content/tr/policy/06-annex.md: warning: chapter 'annex' has no source chapter in the source language "
        "(chapters pair by file name without NN-)",
        "content/it/policy: warning: missing translation: no 'it' chapter for content/en/policy/05-action-plan.md "
        "(expected content/it/policy/NN-action-plan.md)",
    ]


def test_mark_adds_translation_of_and_keeps_the_rest() -> None:
    text = "---\ntitle: Giriş\nlang_note: x\n---\n\nBody\n"
    expected = "---\ntitle: Giriş\nlang_note: x\ntranslation_of: abc123\n---\n\nBody\n"
    assert set_translation_of(text, "abc123") == expected
    again = set_translation_of(set_translation_of(text, "abc123"), "def456")
    assert again.count("translation_of") == 1 and "translation_of: def456\n" in again


def test_mark_and_diff_refuse_what_is_not_a_translation(sample_copy: Path) -> None:
    publication = load_publication(sample_copy)
    with pytest.raises(PublisherError, match="'en' is the source language"):
        mark(publication, sample_copy / "content" / "en" / "report" / "01-introduction.md")
    with pytest.raises(PublisherError, match="not a chapter file"):
        diff(publication, sample_copy / "publication.yaml")
    tr = sample_copy / "content" / "tr" / "report" / "01-introduction.md"
    assert diff(publication, tr) == ""  # up to date: nothing changed
    recorded = read_chapter(tr, "report", "tr").meta["translation_of"]
    snapshot_path(sample_copy, "report", "introduction", recorded).unlink()
    (sample_copy / "content" / "en" / "report" / "01-introduction.md").write_text(
        "---\ntitle: Introduction\n---\n\nNew text.\n", encoding="utf-8"
    )
    with pytest.raises(PublisherError, match=f"no snapshot of source version {recorded}"):
        diff(publication, tr)


def test_print_build_refuses_a_stale_translation_unless_allowed(make_project) -> None:
    root = make_project(
        chapters={
            "en/doc/01-intro.md": "---\ntitle: Intro\n---\n\nText, changed since.\n",
            "en/doc/02-more.md": "---\ntitle: More\n---\n\nMore text.\n",
            "tr/doc/01-intro.md": "---\ntitle: Giriş\ntranslation_of: 0123456789ab\n---\n\nMetin.\n",
            "tr/doc/02-more.md": "---\ntitle: Daha\n---\n\nDaha fazla metin.\n",
            "it/doc/01-intro.md": "---\ntitle: Introduzione\n---\n\nTesto.\n",
        }
    )
    mark(load_publication(root), root / "content" / "tr" / "doc" / "02-more.md")
    results, diags = build(root, languages=["tr"], formats=["print", "html"], jobs=1)
    errors = [str(p).replace(str(root) + "/", "") for p in diags.errors]
    assert len(errors) == 1, errors
    assert errors[0].startswith(
        "content/tr/doc/01-intro.md:3: error: stale translation of content/en/doc/"
        "01-intro.md: the source changed since version 0123456789ab"
    )
    assert "--allow-stale" in errors[0]
    assert not (root / "build" / "print" / "doc.tr.pdf").exists()
    # the web edition is built, with a notice on the stale chapter only
    html = (root / "build" / "html" / "tr" / "doc" / "intro.html").read_text(encoding="utf-8")
    assert 'class="stale-notice"' in html and "Bu çeviri güncel olmayabilir" in html
    other = (root / "build" / "html" / "tr" / "doc" / "more.html").read_text(encoding="utf-8")
    assert 'class="stale-notice"' not in other

    results, diags = build(root, languages=["tr"], formats=["print"], jobs=1, allow_stale=True)
    assert not diags.errors, [str(p) for p in diags.errors]
    assert (root / "build" / "print" / "doc.tr.pdf").is_file()
    # a missing chapter blocks the printer's PDF too (Italian lacks 02-more)
    results, diags = build(root, languages=["it"], formats=["print"], jobs=1)
    messages = [p.message.replace(str(root) + "/", "") for p in diags.errors]
    assert any(m.startswith("missing translation: no 'it' chapter for content/en/doc/02-more.md") for m in messages)
    assert any(m.startswith("stale translation of content/en/doc/01-intro.md: no 'translation_of'") for m in messages)
    assert not (root / "build" / "print" / "doc.it.pdf").exists()
