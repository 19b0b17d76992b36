"""Incremental and parallel builds with the real engines (WeasyPrint, preflight, print runs, job sheet):
what each kind of change re-renders and what it leaves alone, --force, bad caches, failing editions, the lock.

Every build here draws real PDFs from the tiny fixture publication (tests/fixtures/tiny).
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import pytest
from helpers import ROOT, override, pdf_text, run_command
from tinyproject import FIXTURE, copy_tiny, valid_pdf

from publisher.files import write_atomic
from publisher.pipeline.cache import CACHE_VERSION
from publisher.pipeline.plan import EditionResult
from publisher.pipeline.stages import build

LANGS = ("en", "tr", "it")
EVERY_EDITION = {f"doc.{lang}.{fmt}" for lang in LANGS for fmt in ("print", "pdf", "epub", "html")}
TIMEOUT = 300


def rendered(results: list[EditionResult]) -> set[str]:
    return {r.edition.name for r in results if r.rendered}


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file under build/: a rewritten file (atomic rename) gets a new inode."""
    build_dir = root / "build"
    return {
        p.relative_to(build_dir).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in build_dir.rglob("*")
        if p.is_file() and p.name != ".lock"
    }


def rewritten(before: dict[str, tuple[int, int]], root: Path) -> set[str]:
    return {name for name, stamp in stamps(root).items() if before.get(name) != stamp}


def build_ok(root: Path, **kwargs: object) -> list[EditionResult]:
    results, diags = build(root, jobs=1, **kwargs)  # type: ignore[arg-type]
    assert not diags.errors, [str(p) for p in diags.errors]
    return results


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return copy_tiny(tmp_path / "tiny")


def test_one_chapter_edit_rerenders_only_its_editions(tiny: Path) -> None:
    assert rendered(build_ok(tiny)) == EVERY_EDITION
    before = stamps(tiny)
    chapter = tiny / "content" / "tr" / "doc" / "01-intro.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\nİlk gün Ripalimosani Belediye Başkanı’nın karşılamasıyla başladı.\n",
        encoding="utf-8",
    )

    results = build_ok(tiny)
    assert rendered(results) == {"doc.tr.print", "doc.tr.pdf", "doc.tr.epub", "doc.tr.html"}
    changed = rewritten(before, tiny)
    assert {c for c in changed if c.endswith(".epub")} == {"epub/doc.tr.epub", "html/downloads/epub/doc.tr.epub"}
    # the printer's files follow the new PDF: print runs and the job sheet are written again
    assert {c for c in changed if c.endswith(".pdf")} == {
        "print/doc.tr.pdf",
        "pdf/doc.tr.pdf",
        "html/downloads/pdf/doc.tr.pdf",
        "print/job-sheet.pdf",
    }
    pages = {c for c in changed if c.endswith(".html")}
    # the Turkish pages, and the indexes, which give every edition's download size (issue 23 §7)
    indexes = {"html/index.html", "html/en/index.html", "html/it/index.html"}
    assert "html/tr/doc/intro.html" in pages and all(c.startswith("html/tr/") or c in indexes for c in pages), pages
    for name in ("print/doc.tr.pdf", "pdf/doc.tr.pdf"):
        assert "Ripalimosani" in pdf_text(tiny / "build" / name)
    with open(tiny / "build" / "print" / "print-runs.csv", encoding="utf-8", newline="") as fh:
        rows = {(r["document"], r["language"]): r for r in csv.DictReader(fh)}
    new_pdf = (tiny / "build" / "print" / "doc.tr.pdf").read_bytes()
    assert rows[("doc", "tr")]["sha256"] == hashlib.sha256(new_pdf).hexdigest()


def test_noop_rebuild_parses_and_writes_nothing(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_ok(tiny)
    before = stamps(tiny)
    assert {"print/print-runs.csv", "print/print-runs.json", "print/job-sheet.pdf", ".cache/preflight.json"} <= set(
        before
    )
    import publisher.pipeline.project

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("a no-op build must not load the project")

    monkeypatch.setattr(publisher.pipeline.project, "load_project", boom)
    results = build_ok(tiny)
    assert rendered(results) == set()
    assert {r.edition.name for r in results} == EVERY_EDITION
    assert rewritten(before, tiny) == set()


@pytest.mark.full  # make test-full; make test keeps the chapter, CSS and data edits
def test_template_change_rerenders_the_editions_made_from_it(tiny: Path) -> None:
    build_ok(tiny, languages=["en"])
    before = stamps(tiny)
    edit(override(tiny, "print/document.html.j2"), "  <dl>\n", "  <p>Edited template</p>\n  <dl>\n")
    results = build_ok(tiny, languages=["en"])
    # the web pages do not use it; the e-book's page list follows the print layout
    assert rendered(results) == {"doc.en.print", "doc.en.pdf", "doc.en.epub"}
    assert "Edited template" in pdf_text(tiny / "build" / "pdf" / "doc.en.pdf")
    assert "Edited template" in pdf_text(tiny / "build" / "print" / "doc.en.pdf")

    before = stamps(tiny)
    edit(
        override(tiny, "web/chapter.html.j2"),
        "<h1>{{ chapter.title }}</h1>",
        "<h1>{{ chapter.title }}</h1><p>Edited web template</p>",
    )
    results = build_ok(tiny, languages=["en"])
    assert rendered(results) == {"doc.en.html"}
    assert "Edited web template" in (tiny / "build" / "html" / "en" / "doc" / "intro.html").read_text(encoding="utf-8")
    assert not {c for c in rewritten(before, tiny) if c.startswith(("pdf/", "print/doc."))}


def test_css_change_rerenders_the_editions_that_use_it(tiny: Path) -> None:
    build_ok(tiny, languages=["en"])
    old_pdf = (tiny / "build" / "pdf" / "doc.en.pdf").read_bytes()
    css = override(tiny, "print/document.css.j2")
    css.write_text(css.read_text(encoding="utf-8") + "\nh1 { letter-spacing: 0.2em; }\n", encoding="utf-8")
    results = build_ok(tiny, languages=["en"])
    assert rendered(results) == {"doc.en.print", "doc.en.pdf", "doc.en.epub"}  # the e-book's pages: the print layout's
    assert (tiny / "build" / "pdf" / "doc.en.pdf").read_bytes() != old_pdf

    before = stamps(tiny)
    site_css = override(tiny, "web/site.css")
    site_css.write_text(
        site_css.read_text(encoding="utf-8") + "\n.chapter h1 { letter-spacing: 0.1em; }\n", encoding="utf-8"
    )
    build_ok(tiny, languages=["en"])
    changed = rewritten(before, tiny)
    assert "html/assets/site.css" in changed
    assert not {c for c in changed if c.startswith(("pdf/", "print/doc.")) or c.endswith(".html")}, changed
    assert ".chapter h1 { letter-spacing: 0.1em; }" in (tiny / "build" / "html" / "assets" / "site.css").read_text(
        encoding="utf-8"
    )


@pytest.mark.full  # make test-full; make test keeps the chapter, CSS and data edits
def test_catalog_change_rerenders_that_language_only(tiny: Path) -> None:
    build_ok(tiny, languages=["en", "tr"])
    before = stamps(tiny)
    edit(
        override(tiny, "locales/tr/LC_MESSAGES/messages.po"),
        'msgid "Contents"\nmsgstr "İçindekiler"',
        'msgid "Contents"\nmsgstr "Kapsam"',
    )
    results = build_ok(tiny, languages=["en", "tr"])
    assert rendered(results) == {"doc.tr.print", "doc.tr.pdf", "doc.tr.epub", "doc.tr.html"}
    assert not {c for c in rewritten(before, tiny) if ".en." in c or c.startswith("html/en/")}
    assert "KAPSAM" in pdf_text(tiny / "build" / "pdf" / "doc.tr.pdf").upper()
    assert "Kapsam" in (tiny / "build" / "html" / "tr" / "doc" / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def font_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """The publication's font files copied under tmp_path, and the font lookup pointed at the copies."""
    import publisher.fonts as fonts

    copies = {}
    original = fonts.font_dir
    for face in fonts.FACES:
        if face.package.startswith("font_source"):  # the Latin faces (the others stay where they are)
            folder = tmp_path / "fonts" / face.package
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy2(fonts.face_path(face), folder / face.file)
            copies[face.package] = folder
    monkeypatch.setattr(fonts, "font_dir", lambda package: copies.get(package) or original(package))
    return copies


@pytest.mark.full  # make test-full; make test keeps the chapter, CSS and data edits
def test_font_change_rerenders_every_edition(tiny: Path, font_copies: dict[str, Path]) -> None:
    from fontTools.ttLib import TTFont

    build_ok(tiny, languages=["en"])
    before = stamps(tiny)
    font_file = font_copies["font_source_serif_pro"] / "SourceSerifPro-Regular.ttf"
    font = TTFont(font_file)
    font["head"].fontRevision += 0.001  # same glyphs, same path and URL: only the file's bytes differ
    font.save(font_file)
    results = build_ok(tiny, languages=["en"])
    assert rendered(results) >= {"doc.en.print", "doc.en.pdf"}
    assert {"print/doc.en.pdf", "pdf/doc.en.pdf"} <= rewritten(before, tiny)
    # the web edition's subset of the face is made anew: a new name (its content's hash), the old one gone
    fonts = tiny / "build" / "html" / "assets" / "fonts"
    old = {name for name in before if name.startswith("html/assets/fonts/SourceSerifPro-Regular.")}
    new = {f"html/assets/fonts/{p.name}" for p in fonts.glob("SourceSerifPro-Regular.*.woff2")}
    assert len(old) == len(new) == 1 and old != new
    revision = TTFont(fonts / Path(next(iter(new))).name)["head"].fontRevision
    assert revision == pytest.approx(font["head"].fontRevision, abs=1e-4)  # a 16.16 fixed-point number


@pytest.mark.full  # make test-full; make test keeps the chapter, CSS and data edits
def test_code_change_rerenders_every_edition(tiny: Path, tmp_path: Path) -> None:
    """The tool's own code is part of every cache key: a copy of the package, changed, run as the CLI."""
    code = tmp_path / "code"
    shutil.copytree(ROOT / "publisher", code / "publisher", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(code)}

    out = run_command(tiny, "build", "-l", "en", "-j", "1", code=code, cwd=tmp_path)
    assert (
        str(code / "publisher")
        in subprocess.run(
            [sys.executable, "-c", "import publisher; print(publisher.__file__)"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=TIMEOUT,
        ).stdout
    )  # the copy is the code that runs
    assert (tiny / "build" / "print" / "doc.en.pdf").is_file(), out
    before = stamps(tiny)
    run_command(tiny, "build", "-l", "en", "-j", "1", code=code, cwd=tmp_path)  # same code: nothing to do
    assert rewritten(before, tiny) == set()
    labels = code / "publisher" / "text" / "labels.py"
    labels.write_text(labels.read_text(encoding="utf-8") + "\n# a change to the tool\n", encoding="utf-8")
    run_command(tiny, "build", "-l", "en", "-j", "1", code=code, cwd=tmp_path)
    assert {"print/doc.en.pdf", "pdf/doc.en.pdf"} <= rewritten(before, tiny)


def test_force_renders_everything_again(tiny: Path) -> None:
    # digital PDFs only: --force is about the cache; the printer's PDFs are built in the tests above
    build_ok(tiny, formats=["pdf"])
    results = build_ok(tiny, formats=["pdf"], force=True)
    assert rendered(results) == {f"doc.{lang}.pdf" for lang in LANGS}


@pytest.mark.parametrize("garbage", [b"{not json", b"[]", b'{"version": 999, "entries": {}}', b"\xff\xfe\x00"])
def test_corrupt_cache_is_discarded(tiny: Path, garbage: bytes) -> None:
    # one digital PDF: the claim is about reading the cache file, not about the printer's files
    build_ok(tiny, formats=["pdf"], languages=["en"])
    cache = tiny / "build" / ".cache" / "editions.json"
    cache.write_bytes(garbage)
    results = build_ok(tiny, formats=["pdf"], languages=["en"])
    assert rendered(results) == {"doc.en.pdf"}
    assert json.loads(cache.read_text())["version"] == CACHE_VERSION


def test_foreign_cache_is_discarded(tiny: Path, tmp_path: Path) -> None:
    # one digital PDF: the claim is about whose cache it is, not about the printer's files
    build_ok(tiny, formats=["pdf"], languages=["en"])
    other = copy_tiny(tmp_path / "other")
    shutil.copytree(tiny / "build", other / "build")  # cache, outputs, same mtimes
    results = build_ok(other, formats=["pdf"], languages=["en"])
    assert rendered(results) == {"doc.en.pdf"}


def test_a_failing_edition_does_not_hide_the_others(tiny: Path) -> None:
    chapter = tiny / "content" / "tr" / "doc" / "01-intro.md"
    good = chapter.read_text(encoding="utf-8")
    # no longer marked as a translation of the current source: its printer's PDF must not be made
    chapter.write_text(
        "".join(line for line in good.splitlines(keepends=True) if not line.startswith("translation_of:")),
        encoding="utf-8",
    )
    results, diags = build(tiny, jobs=2, formats=["print", "pdf"])  # real worker processes
    assert len(diags.errors) == 1, [str(p) for p in diags.errors]
    assert str(diags.errors[0]).startswith(f"{chapter}:2: error: stale translation"), str(diags.errors[0])
    assert rendered(results) == {"doc.en.print", "doc.it.print"} | {f"doc.{lang}.pdf" for lang in LANGS}
    for name in ("print/doc.en.pdf", "print/doc.it.pdf", "pdf/doc.tr.pdf"):
        assert valid_pdf((tiny / "build" / name).read_bytes()), name
    assert not (tiny / "build" / "print" / "doc.tr.pdf").exists()
    # the failed edition is not cached as built: the next build makes it, and only it
    chapter.write_text(good, encoding="utf-8")
    results, diags = build(tiny, jobs=2, formats=["print", "pdf"])
    assert not diags.errors, [str(p) for p in diags.errors]
    assert rendered(results) == {"doc.tr.print"}
    assert valid_pdf((tiny / "build" / "print" / "doc.tr.pdf").read_bytes())


def test_second_build_waits_for_the_lock_and_says_so(tiny: Path) -> None:
    (tiny / "build").mkdir()
    lines: queue.Queue[str | None] = queue.Queue()

    def read(stream: IO[str]) -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)  # the build ended

    with open(tiny / "build" / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        # the web edition only: this is about the lock, not about what is built
        proc = subprocess.Popen(
            [sys.executable, "-m", "publisher", "-C", str(tiny), "build", "-f", "html"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert proc.stdout is not None
            threading.Thread(target=read, args=(proc.stdout,), daemon=True).start()
            seen: list[str] = []
            while not seen or "another build is running" not in seen[-1]:
                line = lines.get(timeout=TIMEOUT)  # queue.Empty: no message in time, a failure
                assert line is not None, f"the build ended without waiting for the lock: {seen}"
                seen.append(line)
            assert "another build is running; waiting for it to finish" in seen[-1]
            assert proc.poll() is None  # still waiting
            assert not (tiny / "build" / "html").exists()
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
        try:
            assert proc.wait(timeout=TIMEOUT) == 0
        finally:
            proc.kill()
    assert (tiny / "build" / "html" / "en" / "doc" / "index.html").is_file()


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and "build" not in p.relative_to(root).parts[:1]
    }


def test_build_writes_only_inside_build(tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)  # a relative path written by mistake would land here
    before, fixture = _tree(tiny), _tree(FIXTURE)
    outside = sorted(p.name for p in tmp_path.iterdir())
    results = build_ok(tiny)  # every format: print runs, preflight and job sheet included
    assert rendered(results) == EVERY_EDITION
    assert _tree(tiny) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == outside
    assert list(cwd.iterdir()) == []
    assert _tree(FIXTURE) == fixture
    # the build did write, and only under build/: every output is there and complete
    built = {p.relative_to(tiny / "build").as_posix() for p in (tiny / "build").rglob("*") if p.is_file()}
    assert {f"{fmt}/doc.{lang}.pdf" for fmt in ("print", "pdf") for lang in LANGS} | {
        f"epub/doc.{lang}.epub" for lang in LANGS
    } | {
        "print/print-runs.csv",
        "print/print-runs.json",
        "print/job-sheet.pdf",
        ".cache/editions.json",
        "html/en/doc/intro.html",
    } <= built
    assert all(valid_pdf(p.read_bytes()) for p in (tiny / "build").rglob("*.pdf"))


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
