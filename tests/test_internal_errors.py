"""A crash is a bug, never a located error: an internal error, its traceback in build/.logs, exit status 70."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib.backends.backend_svg
import pytest
import weasyprint.layout.inline
from fuzzing import LANGS, assert_located, checked_build, write_project
from helpers import run_cli

from publisher.diagnostics import Problem
from publisher.internal import EXIT_INTERNAL, InternalError
from publisher.pipeline.stages import build
from publisher.text import status


def _valid_project(root: Path) -> Path:
    write_project(
        root, {lang: (f"title: Intro {lang}\n", f"Some *text* in {lang}.\n") for lang in LANGS}, "name: x\n", False
    )
    return root


def _raise(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("injected failure")


def _assert_logged(error: InternalError, root: Path, *frames: str) -> str:
    assert error.log is not None and error.log.parent == root / "build" / ".logs", error.log
    text = error.log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError: injected failure" in text
    for frame in frames:
        assert frame in text, f"{frame} not in the logged traceback"
    assert "bug in publisher" in error.message and str(error.log) in error.message
    return text


def test_an_exception_in_a_pdf_worker_is_an_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _valid_project(tmp_path / "p")
    # Deep inside WeasyPrint's line layout; the worker processes are forked after this, so they inherit it.
    monkeypatch.setattr(weasyprint.layout.inline, "split_first_line", _raise)
    with pytest.raises(InternalError) as info:
        build(root, formats=["pdf"], jobs=2)
    text = _assert_logged(info.value, root, "lay_out_and_write", "split_first_line")
    assert all(f"rendering doc.{lang}.pdf" in text for lang in LANGS), text[:2000]
    # the fuzz tests' contract refuses it, whatever the input
    with pytest.raises(AssertionError, match="internal error"):
        checked_build(root, formats=["pdf"], jobs=2)
    cli = run_cli(root, "build", "-f", "pdf", "-j", "2")
    assert cli.exit_code == EXIT_INTERNAL, cli.output
    assert "internal error" in cli.stderr and "bug in publisher" in cli.stderr
    assert "Traceback" not in cli.output and ": error: " not in cli.stderr
    logs = sorted((root / "build" / ".logs").glob("internal-error-*.log"))
    assert logs and any(str(log) in cli.stderr for log in logs)
    # Nothing broken was cached: once the bug is gone, every PDF is rendered.
    monkeypatch.undo()
    results, diags = build(root, formats=["pdf"], jobs=2)
    assert not diags.errors and all(r.rendered for r in results) and len(results) == 3


def test_an_exception_in_the_build_itself_is_an_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _valid_project(tmp_path / "p")
    # Deep inside matplotlib's SVG writer: the charts are drawn in the build's own process.
    monkeypatch.setattr(matplotlib.backends.backend_svg.FigureCanvasSVG, "print_svg", _raise)
    with pytest.raises(InternalError) as info:
        build(root, formats=["html"], jobs=1)
    # matplotlib calls print_svg for a renderer when the chart is measured (charts/fit.py) already
    _assert_logged(info.value, root, "draw_all", "draw_without_rendering")
    with pytest.raises(AssertionError, match="internal error"):
        checked_build(root, formats=["html"], jobs=1)
    cli = run_cli(root, "build", "-f", "html")
    assert cli.exit_code == EXIT_INTERNAL and "bug in publisher" in cli.stderr, cli.output
    assert "Traceback" not in cli.output


def test_an_exception_in_check_is_an_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _valid_project(tmp_path / "p")
    monkeypatch.setattr(status, "all_status", _raise)
    cli = run_cli(root, "check")
    assert cli.exit_code == EXIT_INTERNAL, cli.output
    assert "internal error" in cli.stderr and "bug in publisher" in cli.stderr and "Traceback" not in cli.output
    logs = list((root / "build" / ".logs").glob("internal-error-*.log"))
    assert len(logs) == 1 and str(logs[0]) in cli.stderr
    assert "RuntimeError: injected failure" in logs[0].read_text(encoding="utf-8")


def test_the_fuzz_contract_refuses_unlocated_problems(tmp_path: Path) -> None:
    root = _valid_project(tmp_path / "p")
    chapter = root / "content" / "en" / "doc" / "01-intro.md"  # 4 lines
    assert_located(root, [Problem(str(chapter), 1, "ok"), Problem(str(chapter), 4, "ok")])
    for problem in (
        Problem(str(chapter), 0, "line 0"),
        Problem(str(chapter), 5, "past the end"),
        Problem(str(tmp_path / "elsewhere.md"), 1, "outside the project"),
        Problem(str(root / "build" / "pdf" / "doc.en.pdf"), 1, "an output, not an input"),
        Problem(str(root / "content" / "en" / "doc"), 1, "a folder"),
    ):
        with pytest.raises(AssertionError):
            assert_located(root, [problem])
