"""The workers: each lays out one book's HTML with WeasyPrint and writes its PDF, in a pool of processes.

A :class:`PdfJob` holds everything a worker needs (picklable): the HTML already holds every
input, so a worker reads nothing but the files it names.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.build.outputs import write_atomic
from publisher.build.plan import Edition, EditionResult
from publisher.diagnostics import Problem, PublisherError, Severity, display_path
from publisher.internal import format_current

if TYPE_CHECKING:
    from publisher.pdf.engine import PdfResult


@dataclass
class PdfJob:
    """Everything a worker needs to lay out and write one PDF (picklable)."""

    edition: Edition
    html: str
    base_dir: Path
    roots: list[Path]
    output: Path
    key: str
    keep_html: bool
    print_job: Any = None
    """prepress.PrintJob for the printer's PDF: output profile, bleed, binding, fixed date."""


def lay_out_and_write(job: PdfJob) -> EditionResult:
    """Worker: lay out one book and write its PDF atomically. Never raises: a bug comes back as ``crash``."""
    start = time.perf_counter()
    result = EditionResult(job.edition, job.output)
    try:
        from publisher.pdf.engine import lay_out_pdf

        printing = job.edition.format == "print"
        options: dict[str, Any] = {}
        sheets: list[str] = []
        roots = job.roots
        if printing and job.print_job is not None:
            from publisher.pdf.prepress import print_settings

            options, css, extra_roots = print_settings(job.print_job)
            sheets, roots = [css], [*roots, *extra_roots]
        pdf = lay_out_pdf(
            job.html,
            job.base_dir,
            roots,
            identifier=job.edition.name,
            mode=job.edition.format,
            extra_options=options,
            stylesheets=sheets,
        )
        if job.keep_html:
            write_atomic(job.output.with_suffix(".html"), job.html)
        result.problems.extend(_layout_problems(job, pdf))
        data, result.pages = pdf.data, pdf.pages
        if printing:
            from publisher.pdf.prepress import finish_print_pdf

            data, result.pages = finish_print_pdf(data, job.edition, job.base_dir, job.print_job)
        else:
            from publisher.pdf.accessibility import finish_digital_pdf

            data = finish_digital_pdf(data)
        write_atomic(job.output, data)
        result.rendered = True
    except PublisherError as exc:
        result.problems.extend(exc.problems)
    except Exception:  # a bug: its traceback goes back to the build, which reports an internal error
        result.crash = format_current()
    result.seconds = time.perf_counter() - start
    return result


def _layout_problems(job: PdfJob, pdf: PdfResult) -> list[Problem]:
    """WeasyPrint's warnings (a missing glyph is an error), system fonts drawn in, resources the jail refused."""
    from publisher.load.urls import locate_text
    from publisher.pdf.fonts import foreign_fonts

    problems = []
    missing = set(pdf.log.missing_glyphs)
    for warning in pdf.log.warnings:
        severity: Severity = "error" if warning in missing else "warning"
        problems.append(Problem(str(job.output), 0, f"WeasyPrint: {warning}", severity))
    for font in foreign_fonts(pdf.data):  # a character the publication's fonts lack, drawn by a system font
        problems.append(
            Problem(
                str(job.output),
                0,
                f"font {font!r} is not one of the publication's fonts "
                "(Source Serif Pro, Source Sans Pro): some text uses a character they lack",
                "error",
            )
        )
    for url in pdf.log.refused:
        # the jail refused it: point at the template (or project file) that asked for it
        found = None
        for folder in (job.base_dir, job.base_dir.parent / "content", job.base_dir.parent / "figures"):
            found = found or locate_text(url if url.startswith("data:") else url.split("/")[-1] or url, folder)
        where, line = (display_path(found[0]), found[1]) if found else (str(job.output), 0)
        problems.append(
            Problem(where, line, f"refused resource {url[:80]!r}: only files inside the project can be used", "error")
        )
    return problems


class Runner:
    """Runs PDF jobs: in this process (one worker) or in a pool of worker processes.

    Jobs are submitted as soon as their HTML is ready, so workers lay out while the main
    process computes the next edition's HTML. A worker that dies (killed, out of memory)
    fails its own edition only; the others' results are kept. Every result is reported
    to ``report`` once, as soon as it is known.
    """

    def __init__(self, jobs: int | None, count: int, report: Callable[[EditionResult], None]):
        self.workers = max(1, min(jobs or os.cpu_count() or 1, max(count, 1)))
        self.report = report
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[Future[EditionResult], PdfJob] = {}
        self.queued: list[PdfJob] = []
        self.done: list[EditionResult] = []

    def finished(self, result: EditionResult) -> None:
        """An edition with no job to run (refused, failed before layout, or cached)."""
        self.done.append(result)
        self.report(result)

    def submit(self, job: PdfJob) -> None:
        if self.workers == 1:
            self.queued.append(job)
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        try:
            self.pending[self.pool.submit(lay_out_and_write, job)] = job
        except BrokenProcessPool:
            self.finished(_crashed(job))

    def results(self) -> Iterator[tuple[EditionResult, PdfJob | None]]:
        """Each result with its job (``None`` for :meth:`finished` ones), the finished first."""
        for result in self.done:
            yield result, None
        for job in self.queued:
            result = lay_out_and_write(job)
            self.report(result)
            yield result, job
        while self.pending:
            finished, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
            for future in finished:
                job = self.pending.pop(future)
                try:
                    result = future.result()
                except Exception:  # the worker process died: only this edition failed
                    result = _crashed(job)
                self.report(result)
                yield result, job

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _crashed(job: PdfJob) -> EditionResult:
    return EditionResult(
        job.edition,
        job.output,
        problems=[
            Problem(
                display_path(job.output),
                0,
                f"{job.edition.name}: the worker laying it out stopped unexpectedly "
                "(out of memory or killed); the previous file, if any, is unchanged",
            )
        ],
    )
