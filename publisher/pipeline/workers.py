"""The workers: each lays out one book (a document in one language) once with WeasyPrint, paints
it once, and makes its PDFs from that file — the printer's and the digital — in a pool of processes.

A :class:`BookJob` holds everything a worker needs (picklable): the HTML already holds every
input, so a worker reads nothing but the files it names.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.diagnostics import Problem, PublisherError, Severity, display_path
from publisher.files import write_atomic
from publisher.internal import format_current
from publisher.pipeline.plan import Edition, EditionResult

if TYPE_CHECKING:
    from publisher.pdf.engine import Layout


@dataclass
class BookJob:
    """Everything a worker needs to lay out one book and write its PDFs (picklable)."""

    name: str
    """``document.lang``: the book, whichever PDFs are written from it."""
    html: str
    base_dir: Path
    roots: list[Path]
    keep_html: bool
    editions: list[Edition] = field(default_factory=list)
    """The PDFs to write (``print``, ``pdf``), in that order."""
    outputs: dict[str, Path] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    """Cache key of each edition written (by edition name)."""
    print_job: Any = None
    """prepress.PrintJob for the printer's PDF: output profile, bleed, binding, fixed date."""
    print_settings: Any = None
    """The publication's print settings: the worker preflights the printer's PDF it writes."""
    epub: Any = None
    """epub.package.EpubBook, when the e-book is written: the worker places the printed pages in it."""
    epub_fonts: list[Any] = field(default_factory=list)
    """html.webfonts.Subset of each face the e-book embeds (made here unless the cache has it)."""
    hyphenation: Any = None
    """``HyphenationRules`` in force while the book is laid out (names, the editor's breaks)."""
    cover_html: str = ""
    """The cover spread's HTML (a separate cover: ``print.cover``), laid out once the text block's pages are known."""


def lay_out_and_write(job: BookJob) -> list[EditionResult]:
    """Worker: lay out one book once, paint it once, then make each of its PDFs from that file
    and write it atomically.

    Never raises: a bug comes back as ``crash`` (of every edition of the book)."""
    results = [EditionResult(e, job.outputs[e.name]) for e in job.editions]
    try:
        from publisher.fonts import foreign_fonts
        from publisher.pdf.engine import lay_out

        layout = lay_out(job.html, job.base_dir, job.roots, hyphenation=job.hyphenation)
        for result in results:
            result.layouts, result.layout_seconds = layout.page_layouts, layout.seconds
        pdfs = [r for r in results if r.edition.format != "epub"]
        painted = _paint(job, layout, pdfs) if pdfs else b""
        fonts = foreign_fonts(painted) if pdfs else []
        for result in results:
            _write_one(job, layout, painted, fonts, result)
    except PublisherError as exc:
        for result in results:
            result.problems.extend(exc.problems)
    except Exception:  # a bug: its traceback goes back to the build, which reports an internal error
        crash = format_current()
        for result in results:
            result.crash = crash
    for result in results:
        result.seconds = (result.layout_seconds + result.paint_seconds) / len(results) + result.write_seconds
    return results


def _paint(job: BookJob, layout: Layout, results: list[EditionResult]) -> bytes:
    """The book painted once, for both of its PDFs: tagged, with its links and its bleed, and CMYK
    where WeasyPrint picks the colour space, as the printer's PDF needs it (the digital one too,
    whichever PDFs are made: the same bytes)."""
    from publisher.pdf.digital import WRITE_OPTIONS
    from publisher.pdf.engine import write_pdf

    start = time.perf_counter()
    data = write_pdf(layout, identifier=job.name, options=WRITE_OPTIONS, output_intent="device-cmyk")
    for result in results:
        result.paint_seconds = time.perf_counter() - start
    return data


def _write_one(job: BookJob, layout: Layout, painted: bytes, fonts: list[str], result: EditionResult) -> None:
    """Make one PDF of the book from its painted file and write it, into ``result`` (its problems too)."""
    start = time.perf_counter()
    try:
        if job.keep_html:
            write_atomic(result.path.with_suffix(".html"), job.html)
        data, result.pages = _finish(job, layout, painted, result.edition)
        if result.edition.format != "epub" or len(job.editions) == 1:  # WeasyPrint's warnings, once per book
            result.problems.extend(_layout_problems(result.path, job.base_dir, layout, fonts))
        write_atomic(result.path, data)
        result.rendered = True
        if result.edition.format == "print":
            from publisher.pdf.composition_report import write_report

            write_report(result.path, data, layout.composition)
        if result.edition.format == "print" and job.print_settings is not None:
            from publisher.pdf.preflight import preflight_entry

            result.preflight = preflight_entry(result.path, data, job.print_settings)
            _write_cover(job, result)
    except PublisherError as exc:
        result.problems.extend(exc.problems)
    result.write_seconds = time.perf_counter() - start


def _write_cover(job: BookJob, result: EditionResult) -> None:
    """The cover spread of a book with a separate cover, for its text block of ``result.pages`` pages."""
    from publisher.pdf.cover import cover_path, make_cover
    from publisher.pdf.preflight import preflight_entry

    if not job.cover_html or job.print_job is None or job.print_job.cover != "separate":
        return
    data = make_cover(
        job.cover_html, job.base_dir, job.roots, job.print_job, job.print_settings, job.name, result.pages
    )
    path = cover_path(result.path)
    write_atomic(path, data)
    result.cover_preflight = preflight_entry(path, data, job.print_settings, cover_for=result.pages)


def _finish(job: BookJob, layout: Layout, painted: bytes, edition: Edition) -> tuple[bytes, int]:
    """One PDF of the book (bytes, pages): the printer's (PDF/X-4, CMYK, bleed, marks, padded) or the digital;
    or its e-book, the printed pages (as many as laid out) marked in it."""
    if edition.format == "epub":
        from publisher.epub.package import write_epub
        from publisher.html.webfonts import make_subset
        from publisher.pdf.pagestarts import page_starts

        for subset in job.epub_fonts:
            if not subset.target.is_file():
                make_subset(subset)
        return write_epub(job.epub, page_starts(layout.document)), layout.pages
    if edition.format == "print":
        from publisher.pdf.engine import pdfx_metadata
        from publisher.pdf.prepress import finish_print_pdf

        xmp = pdfx_metadata(layout, job.print_job.date) if job.print_job is not None else b""
        blank = frozenset(i for i, page in enumerate(layout.document.pages) if page._page_box.page_type.blank)
        return finish_print_pdf(painted, edition, job.base_dir, job.print_job, xmp, blank)
    from publisher.pdf.digital import finish_digital_pdf

    return finish_digital_pdf(painted, edition), layout.pages


def _layout_problems(output: Path, base_dir: Path, layout: Layout, fonts: list[str]) -> list[Problem]:
    """WeasyPrint's warnings (a missing glyph is an error), system ``fonts`` drawn in, resources the jail refused."""
    from publisher.load.urls import locate_text

    problems = []
    log = layout.log
    missing = set(log.missing_glyphs)
    book = _book_folder(base_dir, output)
    for warning in log.warnings:
        severity: Severity = "error" if warning in missing else "warning"
        found = _locate_warning(warning, book, base_dir.parent / "figures", base_dir)
        if found:
            problems.append(Problem(display_path(found[0]), found[1], f"WeasyPrint: {warning}", severity))
        else:  # say what is known: the book, and that WeasyPrint gives no place
            where = display_path(book) if book.is_dir() else str(output)
            message = f"WeasyPrint, laying out {output.stem} (no chapter or line given): {warning}"
            problems.append(Problem(where, 0, message, severity))
    for font in fonts:  # a character the publication's fonts lack, drawn by a system font
        problems.append(
            Problem(
                str(output),
                0,
                f"font {font!r} is not one of the publication's fonts "
                "(publisher/scripts.py): some text uses a character they lack",
                "error",
            )
        )
    for url in log.refused:
        # the jail refused it: point at the template (or project file) that asked for it
        found = None
        for folder in (base_dir, base_dir.parent / "content", base_dir.parent / "figures"):
            found = found or locate_text(url if url.startswith("data:") else url.split("/")[-1] or url, folder)
        where, line = (display_path(found[0]), found[1]) if found else (str(output), 0)
        problems.append(
            Problem(where, line, f"refused resource {url[:80]!r}: only files inside the project can be used", "error")
        )
    return problems


def _book_folder(base_dir: Path, output: Path) -> Path:
    """``content/<lang>/<document>`` of the book written to ``output`` (``<document>.<lang>.pdf``)."""
    document, _, lang = output.stem.rpartition(".")
    return base_dir.parent / "content" / lang / document


def _locate_warning(warning: str, *folders: Path) -> tuple[Path, int] | None:
    """The chapter, figure or template line a WeasyPrint warning is about: the file named in its quoted
    URL, the character it could not draw ('… unsupported by fonts: "X" (U+…)'), or the style
    declaration it ignored ('Ignored `colr: red` at 3:5, unknown property.')."""
    from urllib.parse import unquote

    from publisher.load.urls import locate_text

    url = re.search(r"'((?:file|data):[^']*)'", warning)
    glyph = re.search(r'unsupported by fonts: "(.+?)"', warning)
    ignored = re.search(r"Ignored `(.+?)` at \d+:\d+", warning)  # a style rule (a template's CSS)
    if url:
        needle = unquote(url.group(1).rstrip("/").rsplit("/", 1)[-1])
    else:
        needle = glyph.group(1) if glyph else ignored.group(1) if ignored else ""
    if not needle or needle.startswith("data:"):
        return None
    for folder in folders:
        found = locate_text(needle, folder)
        if found:
            return found
    return None


class Runner:
    """Runs book jobs: in this process (one worker) or in a pool of worker processes.

    Jobs are submitted as soon as their HTML is ready, so workers lay out while the main
    process computes the next book's HTML. A worker that dies (killed, out of memory)
    fails its own book only; the others' results are kept. Every result is reported
    to ``report`` once, as soon as it is known.
    """

    def __init__(self, jobs: int | None, count: int, report: Callable[[EditionResult], None]):
        self.workers = max(1, min(jobs or os.cpu_count() or 1, max(count, 1)))
        self.report = report
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[Future[list[EditionResult]], BookJob] = {}
        self.queued: list[BookJob] = []
        self.done: list[EditionResult] = []

    def warm_up(self) -> None:
        """Start the worker processes now, each importing WeasyPrint and applying our patches (a second
        of work) while this process loads the project: the first books find them ready."""
        if self.workers > 1 and self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
            for _ in range(self.workers):
                self.pool.submit(_prepare)

    def finished(self, result: EditionResult) -> None:
        """An edition with no job to run (refused, failed before layout, or cached)."""
        self.done.append(result)
        self.report(result)

    def submit(self, job: BookJob) -> None:
        if self.workers == 1:
            self.queued.append(job)
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        try:
            self.pending[self.pool.submit(lay_out_and_write, job)] = job
        except BrokenProcessPool:
            for result in _crashed(job):
                self.finished(result)

    def call(self, fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        """Other work than a book (a web font's subset, the print-run tables): in a worker of the pool,
        after the books submitted so far — it fills a worker that would otherwise wait for the last
        book — or, with one worker, here when its result is asked for. Returns what gives the result
        (an exception in ``fn`` is raised there: a bug)."""
        if self.workers == 1:
            return lambda: fn(*args)
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        try:
            future = self.pool.submit(fn, *args)
        except BrokenProcessPool:
            return lambda: fn(*args)

        def result() -> Any:
            try:
                return future.result()
            except BrokenProcessPool:  # a worker died (killed): do it here
                return fn(*args)

        return result

    def results(self) -> Iterator[tuple[EditionResult, BookJob | None]]:
        """Each result with its job (``None`` for :meth:`finished` ones), the finished first."""
        for result in self.done:
            yield result, None
        for job in self.queued:
            for result in lay_out_and_write(job):
                self.report(result)
                yield result, job
        while self.pending:
            finished, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
            for future in finished:
                job = self.pending.pop(future)
                try:
                    results = future.result()
                except Exception:  # the worker process died: only this book failed
                    results = _crashed(job)
                for result in results:
                    self.report(result)
                    yield result, job

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _prepare() -> None:
    """Worker: what every book needs first (a failure here is met again, and reported, by the book)."""
    try:
        from publisher.pdf import patches

        patches.apply()
    except Exception:  # noqa: S110 (reported by the first book)
        pass


def _crashed(job: BookJob) -> list[EditionResult]:
    """A worker process that died: no chapter can be blamed, so the problem is at the book's folder,
    saying what is known (the book, its PDFs, that the system stopped the process, what to try)."""
    results = []
    for edition in job.editions:
        output = job.outputs[edition.name]
        book = _book_folder(job.base_dir, output)
        where = display_path(book) if book.is_dir() else display_path(output)
        message = (
            f"{edition.name}: the worker process laying out this book ({len(job.html) // 1024:,} KB of HTML) was "
            "stopped by the system — killed, most often for lack of memory — before it finished; no chapter or "
            f"line is known. {display_path(output)} is unchanged (the previous file, if any). Build it alone "
            f"with fewer workers to retry: publisher build -d {edition.document} -l {edition.lang} "
            f"-f {edition.format} -j 1"
        )
        results.append(EditionResult(edition, output, problems=[Problem(where, 0, message)]))
    return results
