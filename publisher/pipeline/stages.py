"""The build, as its stages: load, plan, gather, draw the charts, lay out the books, write the site.

Nothing changed since the last build (same input files, fonts and tool) → nothing is
parsed or drawn. Otherwise every edition's HTML is computed, and only editions whose
HTML (or fonts, charts, tool) changed are laid out again, in worker processes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.diagnostics import Diagnostics, Problem, PublisherError, display_path
from publisher.files import build_lock, clean_stale_temporaries
from publisher.internal import internal_error, reports_bugs
from publisher.pipeline.cache import Cache, code_fingerprint, digest, inputs_fingerprint
from publisher.pipeline.plan import BuildOptions, Edition, EditionResult, biggest_first, plan

if TYPE_CHECKING:
    from publisher.model import EditionModel
    from publisher.pdf.prepress import PrintJob
    from publisher.pipeline.project import Project
    from publisher.pipeline.workers import BookJob, Runner


@reports_bugs("building")
def build(
    root: Path,
    *,
    documents: list[str] | None = None,
    languages: list[str] | None = None,
    formats: list[str] | None = None,
    force: bool = False,
    jobs: int | None = None,
    keep_html: bool = False,
    on_progress: Callable[[EditionResult], None] | None = None,
    allow_stale: bool = False,
    shard: tuple[int, int] | None = None,
) -> tuple[list[EditionResult], Diagnostics]:
    """Build the requested editions (the flags are those of :class:`BuildOptions`); returns their
    results and every warning/error.

    Input problems raise :class:`PublisherError` or come back in the diagnostics; any other
    exception, here or in a worker, is a bug: :class:`InternalError`, its traceback in build/.logs.
    """
    options = BuildOptions(documents, languages, formats, force, jobs, keep_html, allow_stale, shard)
    build_dir = root / "build"
    report = on_progress or _ignore
    with build_lock(build_dir):
        clean_stale_temporaries(build_dir)
        cache = Cache(build_dir / ".cache" / "editions.json", root)
        inputs = inputs_fingerprint(root)
        if options.force:
            cache.entries = {}
        elif shard is None and (unchanged := cache.unchanged(options.selection, inputs, build_dir)) is not None:
            for result in unchanged[0]:
                report(result)
            return unchanged
        try:
            project, results = _run(root, cache, options, report)
        except _Crashed as crashed:  # the other editions are laid out and cached; the build reports the bug
            cache.forget(options.selection)
            raise internal_error(build_dir, "rendering the PDFs", crashed.tracebacks) from None
        cache.remember(options.selection, inputs, results, project.diagnostics)
        if shard is not None:
            from publisher.pipeline.shards import share, write_manifest

            write_manifest(build_dir, options, inputs, share(project, shard), results)
        return results, project.diagnostics


def _ignore(result: EditionResult) -> None:
    pass


class _Crashed(Exception):
    """A worker met a bug: the tracebacks."""

    def __init__(self, tracebacks: list[str]):
        super().__init__(tracebacks)
        self.tracebacks = tracebacks


def _run(
    root: Path, cache: Cache, options: BuildOptions, report: Callable[[EditionResult], None]
) -> tuple[Project, list[EditionResult]]:
    """The stages of a build that is not a no-op, the PDFs laid out by worker processes."""
    from publisher.pipeline.workers import Runner  # not needed when nothing changed: a no-op build imports less

    project = load(root, options.documents, options.languages)
    editions = plan(project, options.formats)
    if options.shard is not None:
        from publisher.pipeline.shards import share

        books = set(share(project, options.shard))
        editions = [e for e in editions if (e.document, e.lang) in books]
    site = [e for e in editions if e.format == "html"]
    runner = Runner(options.jobs, len(_by_book(editions)) + bool(site), report)  # the site's fonts: in a worker too
    if any(e.format != "html" for e in editions):
        runner.warm_up()  # the workers import WeasyPrint while the edition model, charts and HTML are made
    try:
        return project, run_stages(root, cache, runner, project, editions, options)
    finally:
        runner.close()


def run_stages(
    root: Path,
    cache: Cache,
    runner: Runner,
    project: Project,
    editions: list[Edition],
    options: BuildOptions,
    made: list[EditionResult] | None = None,
) -> list[EditionResult]:
    """Stages 2 to 5: model, charts, PDFs (in ``runner``'s workers; ``made``: by the shards, merged), site.
    A shard leaves the site and the printer's tables to the merge."""
    from publisher.fonts import fonts_fingerprint

    build_dir = root / "build"
    model = _gather(project, build_dir, editions, options.allow_stale)
    chart_files = _draw_charts(project, build_dir)
    print_job, editions = _print_job(project, editions)
    editions = _ordered(project, editions, build_dir)
    fingerprint = digest(code_fingerprint(), fonts_fingerprint(), *[p.read_bytes() for p in chart_files])
    books = _Books(model, root, cache, print_job, fingerprint, options)
    site = [e for e in editions if e.format == "html" and options.shard is None]
    if made is None:
        _submit_books(books, _by_book(biggest_first(editions, project)), runner)
    fonts = _start_web_fonts(model, site, runner)  # after the books: they fill the workers' idle time at the end
    results, crashes = _write_pdfs(books, runner, project.diagnostics) if made is None else (made, [])
    for font in fonts:
        font()
    if crashes:
        raise _Crashed(crashes)
    if options.shard is not None:
        return results
    preflights = {r.path.name: r.preflight for r in results if r.preflight is not None}
    preflights.update({f"{r.path.stem}.cover.pdf": r.cover_preflight for r in results if r.cover_preflight})
    tables = _start_print_tables(project, build_dir, print_job, runner, preflights)
    results += _write_site(model, site, results, build_dir, runner.report)
    project.diagnostics.extend(tables())
    return results


def _start_web_fonts(model: EditionModel, site: list[Edition], runner: Runner) -> list[Callable[[], None]]:
    """The web fonts' subsets not in the cache yet, handed to the workers (after the books: they fill
    the workers' idle time at the end), so that the site finds them made; what waits for each."""
    if not site:
        return []
    from publisher.html.webassets import missing_fonts
    from publisher.html.webfonts import make_subset

    return [runner.call(make_subset, subset) for subset in missing_fonts(model)]


def _start_print_tables(
    project: Project, build_dir: Path, print_job: PrintJob | None, runner: Runner, preflights: dict[str, Any]
) -> Callable[[], list[Problem]]:
    """Preflight, print-run tables and job sheet, in a worker while the site is written; what gives their problems."""
    if print_job is None:
        return list
    from publisher.pipeline.print_order import after_print_build

    return runner.call(after_print_build, project.publication, build_dir, print_job, preflights)  # type: ignore[no-any-return]


def load(root: Path, documents: list[str] | None, languages: list[str] | None) -> Project:
    """Stage 1: read and check every input (all problems at once)."""
    from publisher.load.urls import check_template_urls
    from publisher.pipeline.project import load_project

    refused = check_template_urls(root / "templates", root)
    if refused:  # the designer's stylesheets may not reach outside the project either
        raise PublisherError([Problem(display_path(p), line, message) for p, line, message in refused])
    return load_project(root, documents, languages)


def _gather(project: Project, build_dir: Path, editions: list[Edition], allow_stale: bool) -> EditionModel:
    """Stage 2: the edition model. A stale chapter gets a notice on the web; the printer's PDF refuses it."""
    from publisher.pipeline.gather import gather

    return gather(project, build_dir, for_print=not allow_stale and any(e.format == "print" for e in editions))


def _draw_charts(project: Project, build_dir: Path) -> list[Path]:
    """Stage 3: every chart's SVG in every language (those unchanged are kept); their paths, sorted."""
    if not project.charts:
        return []
    from publisher.charts.render import draw_all

    files = draw_all(
        project.charts.values(),
        project.chart_context(),
        project.publication.languages,
        build_dir / "figures",
        build_dir / ".cache",
    )
    return [path for _, path in sorted(files.items())]


def _print_job(project: Project, editions: list[Edition]) -> tuple[PrintJob | None, list[Edition]]:
    """The printer's settings, when printer's PDFs are planned; without an output profile, none can be made."""
    if not any(e.format == "print" for e in editions):
        return None, editions
    from publisher.pdf.prepress import print_job

    try:
        return print_job(project.publication), editions
    except PublisherError as exc:
        project.diagnostics.extend(exc.problems)
        return None, [e for e in editions if e.format != "print"]


def _ordered(project: Project, editions: list[Edition], build_dir: Path) -> list[Edition]:
    """The editions without those printer's PDFs nobody ordered: a document that gives its print runs
    gets a printer's PDF for the languages it orders copies of only (docs/printing.md); a file left
    from an earlier build for another is removed, so that build/print holds what the printer gets."""
    from publisher.pdf.printruns import is_ordered, stale_print_files

    for path in stale_print_files(project.publication, build_dir):
        path.unlink(missing_ok=True)
    publication = project.publication
    return [e for e in editions if e.format != "print" or is_ordered(publication.document(e.document), e.lang)]


@dataclass
class _Books:
    """What the PDF stage needs to turn a book's editions into a worker's job, or into results at once."""

    model: EditionModel
    root: Path
    cache: Cache
    print_job: PrintJob | None
    fingerprint: str
    """Of the tool, the fonts and the charts' drawings: a change to any of them makes every book anew."""
    options: BuildOptions

    def job(self, editions: list[Edition]) -> tuple[BookJob | None, list[EditionResult]]:
        """The job that lays out one book (``editions``: its PDFs, one document in one language) once
        and writes the PDFs not already made from that layout; the results of the others (refused,
        failed, or cached)."""
        from publisher.fonts import font_dirs
        from publisher.html.book import book_html, cover_html
        from publisher.pdf.cover import cover_path
        from publisher.pipeline.workers import BookJob

        first = editions[0]
        book = self.model.editions[(first.document, first.lang)]
        build_dir = self.root / "build"
        done: list[EditionResult] = []
        todo = []
        for edition in editions:
            if edition.format == "print" and book.print_blockers:
                done.append(EditionResult(edition, edition.output(build_dir), problems=book.print_blockers))
            else:
                todo.append(edition)
        if not todo:
            return None, done
        try:
            html = book_html(self.model, book)
        except PublisherError as exc:
            return None, done + [EditionResult(e, e.output(build_dir), problems=list(exc.problems)) for e in todo]
        layout_key = digest(f"{first.document}.{first.lang}", html, repr(self.model.hyphenation), self.fingerprint)
        epub, refused = self._epub(book, [e for e in todo if e.format == "epub"])
        done += refused
        todo = [e for e in todo if e.format != "epub" or epub is not None]
        if not todo:
            return None, done
        job = BookJob(
            f"{first.document}.{first.lang}",
            html,
            self.root / "templates",
            [self.root, *font_dirs()],
            self.options.keep_html,
            print_job=self.print_job,
            print_settings=self.model.publication.print if self.print_job is not None else None,
            hyphenation=self.model.hyphenation,
        )
        if epub is not None:
            job.epub, job.epub_fonts = epub[0], epub[1]
        separate = self.print_job is not None and self.print_job.cover == "separate"
        if separate and any(e.format == "print" for e in todo):
            job.cover_html = cover_html(self.model, book)
        for edition in todo:
            output = edition.output(build_dir)
            extra = (
                job.cover_html if edition.format == "print" else epub[2] if epub and edition.format == "epub" else ""
            )
            key = digest(layout_key, *self._write_settings(edition), extra)
            entry = None if self.options.force else self.cache.fresh(edition.name, key, output)
            cover_missing = separate and edition.format == "print" and not cover_path(output).is_file()
            keep = self.options.keep_html
            if entry is not None and not cover_missing and (not keep or output.with_suffix(".html").is_file()):
                done.append(EditionResult(edition, output, pages=int(entry.get("pages", 0))))
                continue
            job.editions.append(edition)
            job.outputs[edition.name], job.keys[edition.name] = output, key
        return (job if job.editions else None), done

    def _epub(
        self, book: Any, editions: list[Edition]
    ) -> tuple[tuple[Any, list[Any], str] | None, list[EditionResult]]:
        """The e-book's parts (made here; the worker adds the printed pages), its fonts and digest; or
        the result of the e-book edition that cannot be made."""
        if not editions:
            return None, []
        from publisher.pipeline.epubs import epub_job

        try:
            return epub_job(self.model, book, self.root / "build" / ".cache"), []
        except PublisherError as exc:
            build_dir = self.root / "build"
            return None, [EditionResult(e, e.output(build_dir), problems=list(exc.problems)) for e in editions]

    def _write_settings(self, edition: Edition) -> tuple[str, ...]:
        """What, besides the layout, makes the PDF of ``edition``."""
        if edition.format == "print":
            return (edition.format, repr(self.model.publication.print), repr(self.print_job))
        return (edition.format,)


def _by_book(editions: list[Edition]) -> list[list[Edition]]:
    """The PDF editions grouped by book (document, language), in the order of their first edition;
    within a book the printer's PDF first."""
    books: dict[tuple[str, str], list[Edition]] = {}
    for edition in editions:
        books.setdefault((edition.document, edition.lang), []).append(edition)
    return [sorted(group, key=lambda e: e.format != "print") for group in books.values()]


def _submit_books(books: _Books, groups: list[list[Edition]], runner: Runner) -> None:
    """Stage 4: each book's HTML, handed to a worker as soon as it is made (or its PDFs kept from the cache)."""
    for group in groups:
        job, done = books.job(group)
        for result in done:
            runner.finished(result)
        if job is not None:
            runner.submit(job)


def _write_pdfs(books: _Books, runner: Runner, diags: Diagnostics) -> tuple[list[EditionResult], list[str]]:
    """Stage 4: the books' PDFs, each written by a worker from one layout; the results, and the
    tracebacks of the workers that met a bug."""
    results: list[EditionResult] = []
    crashes: list[str] = []
    for result, ran in runner.results():
        if result.crash:
            crashes.append(f"rendering {result.edition.name}:\n{result.crash}")
            continue
        results.append(result)
        diags.extend(result.problems)
        if ran is not None and result.rendered and not any(p.severity == "error" for p in result.problems):
            books.cache.record(result.edition.name, ran.keys[result.edition.name], result.path, pages=result.pages)
    return results, crashes


def _write_site(
    model: EditionModel,
    editions: list[Edition],
    pdfs: list[EditionResult],
    build_dir: Path,
    report: Callable[[EditionResult], None],
) -> list[EditionResult]:
    """Stage 5: the web edition, with links to the PDFs that exist."""
    if not editions:
        return []
    from publisher.html.site import web_pages
    from publisher.html.writer import write_site
    from publisher.pipeline.gather import add_downloads

    start = time.perf_counter()
    add_downloads(
        model,
        {(r.edition.document, r.edition.lang): r.pages for r in pdfs if r.edition.format == "pdf" and r.path.is_file()},
        build_dir,
    )
    pages = web_pages(model)
    charts = {c.file_name: c.svg for c in model.charts.values()}
    written = write_site(build_dir / "html", pages, model.publication.root / "templates", charts)
    seconds = time.perf_counter() - start
    results = []
    for edition in editions:
        prefix = f"{edition.lang}/{edition.document}/"
        count = sum(1 for p in pages if p.path.startswith(prefix))
        changed = any(p.startswith(prefix) for p in written)
        results.append(
            EditionResult(
                edition, edition.output(build_dir), pages=count, rendered=changed, seconds=seconds / len(editions)
            )
        )
        report(results[-1])
    return results
