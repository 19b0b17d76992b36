"""The build: a plan of editions (document × language × format), cached, rendered in workers.

Each PDF edition is a pure function of its HTML (which already holds every input:
chapters, data, charts' URLs, templates, fonts' URLs) plus the fonts, the chart files
and the tool's version — so its cache key is a hash of those, and a worker needs
nothing but the HTML to render it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher import __version__
from publisher.diagnostics import Diagnostics, Problem, PublisherError, Severity, display_path
from publisher.internal import format_current, internal_error, reports_bugs
from publisher.load.urls import check_template_urls
from publisher.outputs import clean_stale_temporaries, write_atomic
from publisher.pdf.fonts import font_dirs, fonts_fingerprint

if TYPE_CHECKING:
    from publisher.load.project import Project

FORMATS = ("print", "pdf", "html")
CACHE_VERSION = 2


@dataclass(frozen=True)
class Edition:
    """One output: a document in one language in one format."""

    document: str
    lang: str
    format: str

    @property
    def name(self) -> str:
        return f"{self.document}.{self.lang}.{self.format}"

    def output(self, build_dir: Path) -> Path:
        if self.format == "html":
            return build_dir / "html" / self.lang / self.document / "index.html"
        return build_dir / self.format / f"{self.document}.{self.lang}.pdf"


@dataclass
class EditionResult:
    edition: Edition
    path: Path
    pages: int = 0
    rendered: bool = False
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    crash: str = ""
    """The traceback of an unexpected exception (a bug, not an input problem), as plain text."""


@dataclass
class PdfJob:
    """Everything a worker needs to render one PDF (picklable)."""

    edition: Edition
    html: str
    base_dir: Path
    roots: list[Path]
    output: Path
    key: str
    keep_html: bool
    print_job: Any = None
    """printing.PrintJob for the printer's PDF: output profile, bleed, binding, fixed date."""


@contextmanager
def build_lock(build_dir: Path) -> Iterator[None]:
    """Serialise builds of one project: a second build waits, and says so."""
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"{build_dir}: another build is running; waiting for it to finish…", flush=True)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Cache:
    """Cache keys of the last successful render of each output. A bad or foreign cache is discarded.

    ``entries``: edition name → key, size and mtime of its output; ``last``: per selection of
    editions, the inputs' fingerprint of the last clean build, its editions and warnings.
    """

    def __init__(self, path: Path, root: Path | None = None):
        self.path = path
        self.root = str(root.resolve()) if root is not None else ""
        self.entries: dict[str, dict[str, Any]] = {}
        self.last: dict[str, Any] = {}
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if (isinstance(doc, dict) and doc.get("version") == CACHE_VERSION
                    and doc.get("tool") == __version__ and doc.get("root", "") == self.root
                    and isinstance(doc.get("entries"), dict)):
                self.entries = {k: v for k, v in doc["entries"].items()
                                if isinstance(v, dict) and isinstance(v.get("key"), str)}
                last = doc.get("last")
                self.last = last if isinstance(last, dict) else {}
        except (OSError, ValueError):
            self.entries, self.last = {}, {}

    def fresh(self, name: str, key: str, output: Path) -> dict[str, Any] | None:
        entry = self.entries.get(name)
        if not entry or entry.get("key") != key or not output.is_file():
            return None
        stat = output.stat()
        if entry.get("size") != stat.st_size or entry.get("mtime_ns") != stat.st_mtime_ns:
            return None
        return entry

    def record(self, name: str, key: str, output: Path, **extra: Any) -> None:
        stat = output.stat()
        self.entries[name] = {"key": key, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, **extra}

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"version": CACHE_VERSION, "tool": __version__, "root": self.root,
                                            "entries": self.entries, "last": self.last},
                                           indent=1, sort_keys=True))


def _hash(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def render_pdf_job(job: PdfJob) -> EditionResult:
    """Worker: render one PDF edition and write it atomically. Never raises: a bug comes back as ``crash``."""
    start = time.perf_counter()
    result = EditionResult(job.edition, job.output)
    try:
        from publisher.pdf.engine import render_pdf

        mode = "print" if job.edition.format == "print" else "pdf"
        options: dict[str, Any] = {}
        sheets: list[str] = []
        roots = job.roots
        if mode == "print" and job.print_job is not None:
            from publisher.pdf.prepress import render_options

            options, css, extra_roots = render_options(job.print_job)
            sheets, roots = [css], [*roots, *extra_roots]
        pdf = render_pdf(job.html, job.base_dir, roots, identifier=job.edition.name, mode=mode,
                         extra_options=options, stylesheets=sheets)
        if job.keep_html:
            write_atomic(job.output.with_suffix(".html"), job.html)
        missing = set(pdf.log.missing_glyphs)  # a missing glyph is an error
        for warning in pdf.log.warnings:
            severity: Severity = "error" if warning in missing else "warning"
            result.problems.append(Problem(str(job.output), 0, f"WeasyPrint: {warning}", severity))
        from publisher.pdf.fonts import foreign_fonts

        for font in foreign_fonts(pdf.data):  # a character the publication's fonts lack, drawn by a system font
            result.problems.append(Problem(str(job.output), 0, f"font {font!r} is not one of the publication's "
                                           "fonts (Source Serif Pro, Source Sans Pro): some text uses a "
                                           "character they lack", "error"))
        for url in pdf.log.refused:
            from publisher.load.urls import locate_text

            # the jail refused it: point at the template (or project file) that asked for it
            found = None
            for folder in (job.base_dir, job.base_dir.parent / "content", job.base_dir.parent / "figures"):
                found = found or locate_text(url if url.startswith("data:") else url.split("/")[-1] or url, folder)
            where, line = (display_path(found[0]), found[1]) if found else (str(job.output), 0)
            result.problems.append(Problem(where, line, f"refused resource {url[:80]!r}: only files inside "
                                           "the project can be used", "error"))
        data = pdf.data
        if mode == "print":
            from publisher.pdf.prepress import finish_print_pdf

            data, pages = finish_print_pdf(data, job.edition, job.base_dir, job.print_job)
            result.pages = pages
        else:
            result.pages = pdf.pages
        write_atomic(job.output, data)
        result.rendered = True
    except PublisherError as exc:
        result.problems.extend(exc.problems)
    except Exception:  # a bug: its traceback goes back to the build, which reports an internal error
        result.crash = format_current()
    result.seconds = time.perf_counter() - start
    return result


def plan(project: Project, formats: list[str] | None) -> list[Edition]:
    editions = []
    for (doc_id, lang) in project.texts:
        for fmt in formats or FORMATS:
            editions.append(Edition(doc_id, lang, fmt))
    return editions


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The tool's own source: a change to the publisher's code invalidates every cached output.

    Read once per process: the code that runs is the code that was there when it started.
    """
    package = Path(__file__).resolve().parent.parent
    return _hash(__version__, *[p.relative_to(package).as_posix().encode() + b"\0" + p.read_bytes()
                                for p in sorted(package.rglob("*.py"))])


INPUT_PARTS = ("publication.yaml", "content", "figures", "templates")
"""What a build reads from the project (besides fonts and the tool itself)."""


def inputs_fingerprint(root: Path) -> str:
    """A hash of every input file of the project, the fonts and the tool's code.

    Cheap (no parsing): when it equals the last build's and every output is still as that
    build left it, nothing can have changed and the build is a no-op.
    """
    digest = hashlib.sha256()
    for part in INPUT_PARTS:
        top = root / part
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"unreadable")
    digest.update(fonts_fingerprint().encode())
    digest.update(_code_fingerprint().encode())
    return digest.hexdigest()


def _up_to_date(cache: Cache, selection: str, fingerprint: str, build_dir: Path) -> list[EditionResult] | None:
    """The results of the last build, when it had these exact inputs and its outputs are intact."""
    last = cache.last.get(selection)
    if not isinstance(last, dict) or last.get("inputs") != fingerprint:
        return None
    results = []
    for item in last.get("editions", []):
        try:
            edition = Edition(str(item["document"]), str(item["lang"]), str(item["format"]))
            output = edition.output(build_dir)
            if edition.format == "html":
                if not output.is_file():
                    return None
            elif cache.fresh(edition.name, str(cache.entries.get(edition.name, {}).get("key", "")), output) is None:
                return None
            results.append(EditionResult(edition, output, pages=int(item.get("pages", 0))))
        except (KeyError, TypeError, ValueError):
            return None
    return results or None


@reports_bugs("building")
def build(root: Path, *, documents: list[str] | None = None, languages: list[str] | None = None,
          formats: list[str] | None = None, force: bool = False, jobs: int | None = None,
          keep_html: bool = False, on_progress: Callable[[EditionResult], None] | None = None,
          allow_stale: bool = False,
          ) -> tuple[list[EditionResult], Diagnostics]:
    """Build the requested editions; returns their results and every warning/error.

    Input problems raise :class:`PublisherError` or come back in the diagnostics; any other
    exception, here or in a worker, is a bug: :class:`InternalError`, its traceback in build/.logs.

    Nothing changed since the last build (same input files, fonts and tool) → nothing is
    parsed or drawn. Otherwise every edition's HTML is computed, and only editions whose
    HTML (or fonts, charts, tool) changed are rendered, in worker processes.
    """
    build_dir = root / "build"
    with build_lock(build_dir):
        clean_stale_temporaries(build_dir)
        cache = Cache(build_dir / ".cache" / "editions.json", root)
        selection = json.dumps([sorted(documents or []), sorted(languages or []), sorted(formats or []), keep_html,
                                allow_stale])
        fingerprint_inputs = inputs_fingerprint(root)
        if not force:
            unchanged = _up_to_date(cache, selection, fingerprint_inputs, build_dir)
            if unchanged is not None:
                for result in unchanged:
                    if on_progress:
                        on_progress(result)
                warnings = [Problem(str(w[0]), int(w[1]), str(w[2]), "warning")
                            for w in cache.last[selection].get("warnings", []) if isinstance(w, list) and len(w) == 3]
                return unchanged, Diagnostics(warnings)
        else:
            cache.entries = {}
        # Parsing and drawing modules are imported only when something must be built.
        from publisher.build.gather import add_downloads, gather
        from publisher.html.book import book_html
        from publisher.html.site import web_pages, write_site
        from publisher.load.project import load_project

        refused = check_template_urls(root / "templates", root)
        if refused:  # the designer's stylesheets may not reach outside the project either
            raise PublisherError([Problem(display_path(p), line, message) for p, line, message in refused])
        project = load_project(root, documents, languages)
        diags = project.diagnostics
        editions = plan(project, formats)
        # Translation status: a stale chapter gets a notice on the web; the printer's PDF refuses it.
        model = gather(project, build_dir, for_print=not allow_stale and any(e.format == "print" for e in editions))
        needs_charts = bool(project.charts)
        chart_files: dict[tuple[str, str], Path] = {}
        if needs_charts:
            from publisher.charts.render import render_all

            chart_files = render_all(project.charts.values(), project.chart_context(), project.publication.languages,
                                     build_dir / "figures", build_dir / ".cache")
        fingerprint = _hash(_code_fingerprint(), fonts_fingerprint(),
                            *[p.read_bytes() for _, p in sorted(chart_files.items())])
        roots = [root, *font_dirs()]
        print_job = None
        if any(e.format == "print" for e in editions):
            from publisher.pdf.prepress import print_job as make_print_job

            try:
                print_job = make_print_job(project.publication)
            except PublisherError as exc:  # no output profile: no printer's PDF can be made
                diags.extend(exc.problems)
                editions = [e for e in editions if e.format != "print"]
        results: list[EditionResult] = []
        crashes: list[str] = []
        runner = _Runner(jobs, sum(1 for e in editions if e.format != "html"), on_progress)

        def size(edition: Edition) -> int:
            return sum(len(c.source.body) for c in project.texts[(edition.document, edition.lang)].chapters)

        try:
            # Biggest first: the long editions start early, so the workers finish together.
            for edition in sorted((e for e in editions if e.format != "html"), key=size, reverse=True):
                book = model.editions[(edition.document, edition.lang)]
                mode = "print" if edition.format == "print" else "pdf"
                blockers = book.print_blockers if mode == "print" else []
                if blockers:
                    result = EditionResult(edition, edition.output(build_dir), problems=blockers)
                    runner.done.append(result)
                    if on_progress:
                        on_progress(result)
                    continue
                try:
                    html = book_html(model, book, mode=mode)
                except PublisherError as exc:
                    result = EditionResult(edition, edition.output(build_dir), problems=list(exc.problems))
                    runner.done.append(result)
                    if on_progress:
                        on_progress(result)
                    continue
                output = edition.output(build_dir)
                key = _hash(edition.name, html, fingerprint, _hash(repr(project.publication.print)),
                            repr(print_job) if mode == "print" else "")
                entry = None if force else cache.fresh(edition.name, key, output)
                if entry is not None and (not keep_html or output.with_suffix(".html").is_file()):
                    result = EditionResult(edition, output, pages=int(entry.get("pages", 0)))
                    runner.done.append(result)
                    if on_progress:
                        on_progress(result)
                    continue
                runner.submit(PdfJob(edition, html, root / "templates", roots, output, key, keep_html,
                                     print_job if mode == "print" else None))
            for result, job in runner.results():
                if result.crash:
                    crashes.append(f"rendering {result.edition.name}:\n{result.crash}")
                    continue
                results.append(result)
                diags.extend(result.problems)
                if job is not None and result.rendered and not any(p.severity == "error" for p in result.problems):
                    cache.record(result.edition.name, job.key, result.path, pages=result.pages)
        finally:
            runner.close()
        if crashes:  # the other editions are rendered and cached; the build reports the bug
            cache.last.pop(selection, None)
            cache.save()
            raise internal_error(build_dir, "rendering the PDFs", crashes)
        if print_job is not None:
            from publisher.pdf.printruns import after_print_build

            diags.extend(after_print_build(project.publication, build_dir, print_job))
        html_editions = [e for e in editions if e.format == "html"]
        if html_editions:
            start = time.perf_counter()
            add_downloads(model, {(r.edition.document, r.edition.lang): r.pages for r in results
                                  if r.edition.format == "pdf" and r.path.is_file()}, build_dir)
            pages = web_pages(model)
            site_dir = build_dir / "html"
            written = [p.path for p in pages if not _same_page(site_dir, p)]
            write_site(site_dir, pages, project.publication, {c.file_name: c.svg for c in model.charts.values()})
            seconds = time.perf_counter() - start
            for edition in html_editions:
                prefix = f"{edition.lang}/{edition.document}/"
                count = sum(1 for p in pages if p.path.startswith(prefix))
                changed = any(p.startswith(prefix) for p in written)
                result = EditionResult(edition, edition.output(build_dir), pages=count, rendered=changed,
                                       seconds=seconds / max(len(html_editions), 1))
                results.append(result)
                if on_progress:
                    on_progress(result)
        if not any(p.severity == "error" for p in diags.problems):
            cache.last[selection] = {"inputs": fingerprint_inputs, "editions": [
                {"document": r.edition.document, "lang": r.edition.lang, "format": r.edition.format,
                 "pages": r.pages} for r in results],
                "warnings": [[p.path, p.line, p.message] for p in diags.problems]}
        else:
            cache.last.pop(selection, None)
        cache.save()
        return results, diags


def _same_page(site_dir: Path, page: Any) -> bool:
    """Whether the web page (or copied file) is already on disk with these exact bytes."""
    try:
        source = getattr(page, "source", None)
        data = source.read_bytes() if source is not None else page.html.encode("utf-8")
        return (site_dir / page.path).read_bytes() == data
    except OSError:
        return False


class _Runner:
    """Renders PDF jobs: in this process (one worker) or in a pool of worker processes.

    Jobs are submitted as soon as their HTML is ready, so workers draw while the main
    process computes the next edition's HTML. A worker that dies (killed, out of memory)
    fails its own edition only; the others' results are kept.
    """

    def __init__(self, jobs: int | None, count: int, on_progress: Callable[[EditionResult], None] | None):
        self.workers = max(1, min(jobs or os.cpu_count() or 1, max(count, 1)))
        self.on_progress = on_progress
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[Future[EditionResult], PdfJob] = {}
        self.queued: list[PdfJob] = []
        self.done: list[EditionResult] = []

    def submit(self, job: PdfJob) -> None:
        if self.workers == 1:
            self.queued.append(job)
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        try:
            self.pending[self.pool.submit(render_pdf_job, job)] = job
        except BrokenProcessPool:
            self.done.append(_crashed(job))

    def results(self) -> Iterator[tuple[EditionResult, PdfJob | None]]:
        for result in self.done:
            yield result, None
        for job in self.queued:
            result = render_pdf_job(job)
            if self.on_progress:
                self.on_progress(result)
            yield result, job
        while self.pending:
            finished, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
            for future in finished:
                job = self.pending.pop(future)
                try:
                    result = future.result()
                except Exception:  # the worker process died: only this edition failed
                    result = _crashed(job)
                if self.on_progress:
                    self.on_progress(result)
                yield result, job

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _crashed(job: PdfJob) -> EditionResult:
    return EditionResult(job.edition, job.output, problems=[Problem(
        display_path(job.output), 0, f"{job.edition.name}: the worker rendering it stopped unexpectedly "
        "(out of memory or killed); the previous file, if any, is unchanged")])
