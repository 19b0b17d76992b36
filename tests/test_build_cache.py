"""Incremental and parallel builds: the cache, --force, bad caches, failing editions, the lock."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

import publisher.build.pipeline as build_module
from publisher.build.pipeline import EditionResult, PdfJob, build
from publisher.diagnostics import Problem
from publisher.outputs import write_atomic


def fake_render(job: PdfJob) -> EditionResult:
    """Stands in for WeasyPrint: a 'PDF' that is a hash of the edition's HTML (fast, deterministic)."""
    import io

    import pikepdf

    result = EditionResult(job.edition, job.output)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo["/Subject"] = hashlib.sha256(job.html.encode()).hexdigest()
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    write_atomic(job.output, buffer.getvalue())
    result.rendered, result.pages = True, 1
    return result


def failing_render(job: PdfJob) -> EditionResult:
    if job.edition.name == "doc.tr.pdf":
        result = EditionResult(job.edition, job.output)
        result.problems.append(Problem("content/tr/doc/01-intro.md", 3, "deliberate failure"))
        return result
    return fake_render(job)


def rendered(results: list[EditionResult]) -> set[str]:
    return {r.edition.name for r in results if r.rendered}


@pytest.fixture(autouse=True)
def no_preflight(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-in PDFs are not PDF/X: the print preflight (tested elsewhere) is off here."""
    import publisher.pdf.printruns

    monkeypatch.setattr(publisher.pdf.printruns, "after_print_build", lambda *args, **kwargs: [])


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(build_module, "render_pdf_job", fake_render)
    return copy_project(tmp_path / "sample")


def test_one_chapter_edit_rerenders_only_its_editions(sample: Path) -> None:
    results, diags = build(sample, jobs=1, allow_stale=True)
    assert not diags.errors, diags.errors
    assert {"report.tr.print", "report.tr.pdf", "policy.en.pdf"} <= rendered(results)
    html_dir = sample / "build" / "html"
    before = {p: p.stat().st_mtime_ns for p in html_dir.rglob("*.html")}

    chapter = next((sample / "content" / "tr" / "report").glob("01-*.md"))
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nBir cümle daha.\n", encoding="utf-8")
    results, diags = build(sample, jobs=1, allow_stale=True)
    assert not diags.errors
    assert {r.edition.name for r in results if r.rendered and r.edition.format != "html"} == {
        "report.tr.print", "report.tr.pdf"}
    assert {r.edition.name for r in results if r.rendered and r.edition.format == "html"} == {"report.tr.html"}
    changed = {p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
               if p.stat().st_mtime_ns != before.get(p)}
    assert changed and all(c.startswith("tr/report/") for c in changed), changed


def test_noop_rebuild_parses_nothing(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(sample, jobs=1, allow_stale=True)
    import publisher.load.project

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("a no-op build must not load the project")

    monkeypatch.setattr(publisher.load.project, "load_project", boom)
    results, diags = build(sample, jobs=1, allow_stale=True)
    assert not diags.errors
    assert rendered(results) == set()
    assert len(results) == 18


def test_force_renders_everything_again(sample: Path) -> None:
    build(sample, jobs=1, allow_stale=True, formats=["pdf"])
    results, _ = build(sample, jobs=1, allow_stale=True, formats=["pdf"], force=True)
    assert rendered(results) == {f"{d}.{lang}.pdf" for d in ("report", "policy") for lang in ("en", "tr", "it")}


@pytest.mark.parametrize("garbage", [b"{not json", b"[]", b'{"version": 999, "entries": {}}', b"\xff\xfe\x00"])
def test_corrupt_cache_is_discarded(sample: Path, garbage: bytes) -> None:
    build(sample, jobs=1, allow_stale=True, formats=["pdf"], documents=["policy"])
    cache = sample / "build" / ".cache" / "editions.json"
    cache.write_bytes(garbage)
    results, diags = build(sample, jobs=1, allow_stale=True, formats=["pdf"], documents=["policy"])
    assert not diags.errors
    assert rendered(results) == {"policy.en.pdf", "policy.tr.pdf", "policy.it.pdf"}
    assert json.loads(cache.read_text())["version"] == build_module.CACHE_VERSION


def test_foreign_cache_is_discarded(sample: Path, tmp_path: Path) -> None:
    build(sample, jobs=1, allow_stale=True, formats=["pdf"], documents=["policy"])
    other = copy_project(tmp_path / "other")
    (other / "build").mkdir()
    import shutil

    shutil.copytree(sample / "build", other / "build", dirs_exist_ok=True)  # cache, outputs, same mtimes
    results, _ = build(other, jobs=1, allow_stale=True, formats=["pdf"], documents=["policy"])
    assert rendered(results) == {"policy.en.pdf", "policy.tr.pdf", "policy.it.pdf"}


def test_a_failing_edition_does_not_hide_the_others(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project()
    monkeypatch.setattr(build_module, "render_pdf_job", failing_render)
    results, diags = build(root, jobs=2, formats=["pdf"])  # real worker processes
    assert [str(p) for p in diags.errors] == ["content/tr/doc/01-intro.md:3: error: deliberate failure"]
    assert rendered(results) == {"doc.en.pdf", "doc.it.pdf"}
    assert (root / "build" / "pdf" / "doc.en.pdf").is_file()
    # the failed edition is not cached as built: the next build tries it again
    monkeypatch.setattr(build_module, "render_pdf_job", fake_render)
    results, _ = build(root, jobs=1, formats=["pdf"])
    assert rendered(results) == {"doc.tr.pdf"}


def test_second_build_waits_for_the_lock_and_says_so(make_project) -> None:
    root = make_project()
    (root / "build").mkdir()
    with open(root / "build" / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.Popen([sys.executable, "-m", "publisher", "-C", str(root), "build", "-f", "html"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        seen = []
        for line in proc.stdout:  # blocks until the build prints its waiting message
            seen.append(line)
            if "another build is running; waiting for it to finish" in line or len(seen) > 5:
                break
        assert "another build is running; waiting for it to finish" in seen[-1], seen
        assert proc.poll() is None  # still waiting
        fcntl.flock(held, fcntl.LOCK_UN)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out
    assert (root / "build" / "html" / "en" / "doc" / "index.html").is_file()


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file() and "build" not in p.relative_to(root).parts[:1]}


def test_build_writes_only_inside_build(sample: Path, tmp_path: Path) -> None:
    before = _tree(sample)
    outside = sorted(p.name for p in tmp_path.iterdir())
    build(sample, jobs=1, allow_stale=True)
    assert _tree(sample) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == outside
    assert ROOT != sample


def test_write_atomic_leaves_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]
