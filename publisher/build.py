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
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .book import book_html
from .diagnostics import Diagnostics, Problem, PublisherError
from .fonts import font_dirs, fonts_fingerprint
from .outputs import clean_stale_temporaries, write_atomic
from .project import Project, load_project
from .site import web_pages, write_site

FORMATS = ("print", "pdf", "html")
CACHE_VERSION = 1


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
    """Cache keys of the last successful render of each output. A bad cache is discarded."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if (isinstance(doc, dict) and doc.get("version") == CACHE_VERSION
                    and doc.get("tool") == __version__ and isinstance(doc.get("entries"), dict)):
                self.entries = {k: v for k, v in doc["entries"].items()
                                if isinstance(v, dict) and isinstance(v.get("key"), str)}
        except (OSError, ValueError):
            self.entries = {}

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
        write_atomic(self.path, json.dumps({"version": CACHE_VERSION, "tool": __version__,
                                            "entries": self.entries}, indent=1, sort_keys=True))


def _hash(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def render_pdf_job(job: PdfJob) -> EditionResult:
    """Worker: render one PDF edition and write it atomically. Never raises."""
    start = time.perf_counter()
    result = EditionResult(job.edition, job.output)
    try:
        from .pdf import render_pdf

        mode = "print" if job.edition.format == "print" else "pdf"
        pdf = render_pdf(job.html, job.base_dir, job.roots, identifier=job.edition.name, mode=mode)
        if job.keep_html:
            write_atomic(job.output.with_suffix(".html"), job.html)
        for warning in pdf.log.warnings:
            severity = "error" if "glyph" in warning.lower() else "warning"
            result.problems.append(Problem(str(job.output), 0, f"WeasyPrint: {warning}", severity))
        for url in pdf.log.refused:
            result.problems.append(Problem(str(job.output), 0, f"refused resource {url[:80]!r}", "error"))
        data = pdf.data
        if mode == "print":
            from .printing import finish_print_pdf

            data, pages = finish_print_pdf(data, job.edition, job.base_dir)
            result.pages = pages
        else:
            result.pages = pdf.pages
        write_atomic(job.output, data)
        result.rendered = True
    except PublisherError as exc:
        result.problems.extend(exc.problems)
    except Exception as exc:  # a worker must report, not crash the build
        result.problems.append(Problem(str(job.output), 0, f"rendering failed: {type(exc).__name__}: {exc}"))
    result.seconds = time.perf_counter() - start
    return result


def plan(project: Project, formats: list[str] | None) -> list[Edition]:
    editions = []
    for (doc_id, lang) in project.texts:
        for fmt in formats or FORMATS:
            editions.append(Edition(doc_id, lang, fmt))
    return editions


def _project_info(project: Project) -> dict[str, Any]:
    info = project.content.data.get("project")
    return info if isinstance(info, dict) else {}


def build(root: Path, *, documents: list[str] | None = None, languages: list[str] | None = None,
          formats: list[str] | None = None, force: bool = False, jobs: int | None = None,
          keep_html: bool = False, on_progress: Callable[[EditionResult], None] | None = None,
          ) -> tuple[list[EditionResult], Diagnostics]:
    """Build the requested editions; returns their results and every warning/error."""
    build_dir = root / "build"
    with build_lock(build_dir):
        clean_stale_temporaries(build_dir)
        project = load_project(root, documents, languages)
        diags = project.diagnostics
        cache = Cache(build_dir / ".cache" / "editions.json")
        if force:
            cache.entries = {}
        editions = plan(project, formats)
        needs_charts = bool(project.charts)
        chart_files: dict[tuple[str, str], Path] = {}
        if needs_charts:
            from .figures import render_all

            chart_files = render_all(root / "figures", project.chart_context(), project.publication.languages,
                                     build_dir / "figures", build_dir / ".cache")
        fingerprint = _hash(__version__, fonts_fingerprint(),
                            *[p.read_bytes() for _, p in sorted(chart_files.items())])
        roots = [root, *font_dirs()]
        results: list[EditionResult] = []
        jobs_todo: list[PdfJob] = []
        pdf_meta: dict[str, dict[str, Any]] = {}
        for edition in editions:
            if edition.format == "html":
                continue
            text = project.texts[(edition.document, edition.lang)]
            document = project.publication.document(edition.document)
            mode = "print" if edition.format == "print" else "pdf"
            html = book_html(
                project.publication, text, mode=mode, copies=document.print_runs.get(edition.lang, 0),
                chart_url=lambda cid, lang=edition.lang: (build_dir / "figures" / f"{cid}.{lang}.svg").as_uri(),
                chart_info=lambda cid, lang=edition.lang: project.chart_info(cid, lang),
                project=_project_info(project),
            )
            output = edition.output(build_dir)
            key = _hash(edition.name, html, fingerprint, _hash(repr(project.publication.print)))
            entry = None if force else cache.fresh(edition.name, key, output)
            if entry is not None:
                result = EditionResult(edition, output, pages=int(entry.get("pages", 0)))
                results.append(result)
                if on_progress:
                    on_progress(result)
                continue
            jobs_todo.append(PdfJob(edition, html, root / "templates", roots, output, key, keep_html))
        for result in _run_jobs(jobs_todo, jobs, on_progress):
            results.append(result)
            diags.extend(result.problems)
            if result.rendered and not any(p.severity == "error" for p in result.problems):
                job = next(j for j in jobs_todo if j.edition == result.edition)
                cache.record(result.edition.name, job.key, result.path, pages=result.pages)
        for result in results:
            if result.path.is_file():
                pdf_meta[f"{result.edition.document}:{result.edition.lang}:{result.edition.format}"] = {
                    "path": f"../{result.edition.format}/{result.path.name}",
                    "size": _size(result.path.stat().st_size),
                    "pages": result.pages,
                    "label": result.edition.format,
                }
        html_editions = [e for e in editions if e.format == "html"]
        if html_editions:
            start = time.perf_counter()
            pages = web_pages(
                project.publication, {k: v for k, v in project.texts.items()
                                      if any(e.document == k[0] and e.lang == k[1] for e in html_editions)},
                chart_info=project.chart_info,
                pdf_info=lambda doc, key: _pdf_link(pdf_meta, doc, key, build_dir),
            )
            write_site(build_dir / "html", pages, project.publication,
                       {f"{cid}.{lang}.svg": path for (cid, lang), path in chart_files.items()})
            seconds = time.perf_counter() - start
            for edition in html_editions:
                count = sum(1 for p in pages if p.path.startswith(f"{edition.lang}/{edition.document}/"))
                result = EditionResult(edition, edition.output(build_dir), pages=count, rendered=True,
                                       seconds=seconds / max(len(html_editions), 1))
                results.append(result)
                if on_progress:
                    on_progress(result)
        cache.save()
        return results, diags


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def _pdf_link(meta: dict[str, dict[str, Any]], doc: str, key: str, build_dir: Path) -> dict[str, Any] | None:
    lang, fmt = key.split(":")
    info = meta.get(f"{doc}:{lang}:{fmt}")
    if info is None:
        path = build_dir / fmt / f"{doc}.{lang}.pdf"
        if not path.is_file():
            return None
        info = {"path": f"../{fmt}/{path.name}", "size": _size(path.stat().st_size), "pages": 0, "label": fmt}
    # pages link from build/html/<lang>/<doc>/…: the PDFs are published beside the site
    return {"path": f"downloads/{fmt}/{doc}.{lang}.pdf", "size": info["size"], "pages": info["pages"],
            "label": fmt}


def _run_jobs(jobs_todo: list[PdfJob], jobs: int | None,
              on_progress: Callable[[EditionResult], None] | None) -> Iterator[EditionResult]:
    if not jobs_todo:
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, len(jobs_todo)))
    if workers == 1:
        for job in jobs_todo:
            result = render_pdf_job(job)
            if on_progress:
                on_progress(result)
            yield result
        return
    # Longest first: the big editions start early, so the pool ends together.
    ordered = sorted(jobs_todo, key=lambda j: len(j.html), reverse=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: set[Future[EditionResult]] = {pool.submit(render_pdf_job, job) for job in ordered}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                if on_progress:
                    on_progress(result)
                yield result
