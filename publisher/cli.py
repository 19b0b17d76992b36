"""The ``publisher`` command: thin — parse arguments, call the library, print diagnostics."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.internal import EXIT_INTERNAL, InternalError, format_current, internal_error


def _print_problems(problems: Any) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def _table(title: str, header: list[str], rows: list[list[str]], right: set[int]) -> str:
    """A plain text table (rich is not imported for it: a build that has nothing to do starts faster)."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([title, line(header), "  ".join("─" * w for w in widths), *map(line, rows)])


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn PublisherError into ``path:line: error: message`` lines and exit status 1.

    Any other exception is a bug: an internal error (traceback saved under build/.logs), exit status 70.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PublisherError as exc:
            _print_problems(exc.problems)
            n = sum(1 for p in exc.problems if p.severity == "error")
            click.echo(f"{n} error{'s' if n != 1 else ''}.", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except InternalError as exc:
            click.echo(exc.message, err=True)
            sys.exit(EXIT_INTERNAL)
        except Exception:
            root = Path(str(args[0])) if args else Path.cwd()
            click.echo(
                internal_error(root / "build", f"running `publisher {func.__name__}`", [format_current()]).message,
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper


@click.group()
@click.version_option(package_name="publisher")
@click.option(
    "-C",
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="The project folder (holding publication.yaml).",
)
@click.pass_context
def main(ctx: click.Context, project_dir: Path) -> None:
    """Publish multilingual reports: print PDF, digital PDF and HTML."""
    ctx.obj = project_dir.resolve()


@main.command()
@click.option("--document", "-d", "documents", multiple=True, help="Only this document (repeatable).")
@click.option("--lang", "-l", "languages", multiple=True, help="Only this language (repeatable).")
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=click.Choice(["print", "pdf", "html"]),
    help="Only this format (repeatable).",
)
@click.option("--force", is_flag=True, help="Ignore the cache and render everything.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Worker processes (default: all cores).")
@click.option("--keep-html", is_flag=True, help="Keep the HTML given to WeasyPrint next to each PDF.")
@click.option(
    "--allow-stale", is_flag=True, help="Build the printer's PDF even from stale or missing translated chapters."
)
@click.pass_obj
@reports_errors
def build(
    root: Path,
    documents: tuple[str, ...],
    languages: tuple[str, ...],
    formats: tuple[str, ...],
    force: bool,
    jobs: int | None,
    keep_html: bool,
    allow_stale: bool,
) -> None:
    """Build every edition (or the ones asked for) into build/."""
    from publisher.build.pipeline import build as run_build

    def progress(result: Any) -> None:
        failed = result.crash or any(p.severity == "error" for p in result.problems)
        state = f"{'failed' if failed else 'rendered' if result.rendered else 'up to date':<12}"
        click.echo(
            f"  {result.edition.name:<22} {click.style(state, fg='red') if failed else state} {result.seconds:5.1f} s",
            err=True,
        )

    click.echo(f"Building {root.name} …", err=True)
    results, diags = run_build(
        root,
        documents=list(documents) or None,
        languages=list(languages) or None,
        formats=list(formats) or None,
        force=force,
        jobs=jobs,
        keep_html=keep_html,
        allow_stale=allow_stale,
        on_progress=progress,
    )
    rows = []
    for result in sorted(results, key=lambda r: (r.edition.document, r.edition.lang, r.edition.format)):
        try:
            shown = str(result.path.relative_to(root))
        except ValueError:
            shown = str(result.path)
        rows.append([result.edition.document, result.edition.lang, result.edition.format, str(result.pages), shown])
    click.echo(_table("Editions", ["document", "lang", "format", "pages", "output"], rows, right={3}))
    _print_problems(diags)
    if diags.errors:
        raise SystemExit(1)


@main.command()
@click.option(
    "--strict",
    is_flag=True,
    help="Also fail on warnings: missing or stale translations, untranslated strings, accessibility (alt text, "
    "link texts, heading levels, table headers).",
)
@click.pass_obj
@reports_errors
def check(root: Path, strict: bool) -> None:
    """Validate every input without rendering."""
    from publisher.load.project import load_project
    from publisher.text.catalogs import check_catalogs

    project = load_project(root)
    diags = Diagnostics(list(project.diagnostics))
    check_catalogs(
        root / "templates" / "locales",
        project.publication.languages,
        project.publication.source_language,
        diags,
        root=root,
    )
    from publisher.text.status import all_status, status_problems

    status_problems(all_status(project.publication, project.content), diags)
    from publisher.load.usage import refused_template_urls, unused_data_files

    diags.extend(unused_data_files(project))
    diags.extend(refused_template_urls(root))
    from publisher.text.a11y_lint import chapter_problems

    for sources in project.content.chapters.values():
        for source in sources:
            diags.extend(chapter_problems(source))
    from publisher.pdf.binding import check_binding

    warnings, notes = check_binding(root, project.publication)
    diags.extend(warnings)
    _print_problems(diags)
    errors = len(diags.errors) + (len(diags.warnings) if strict else 0)
    if errors:
        for note in notes:
            click.echo(note)
        click.echo(f"{errors} problem{'s' if errors != 1 else ''}.", err=True)
        raise SystemExit(1)
    chapters = sum(len(t.chapters) for t in project.texts.values())
    click.echo(f"ok: {len(project.texts)} editions, {chapters} chapters, {len(project.charts)} charts")
    for note in notes:  # the binding, from the last build's page counts
        click.echo(note)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--languages", "-l", help="Comma-separated; the first is the source language (default: English).")
@click.pass_obj
@reports_errors
def new(root: Path, directory: Path, languages: str | None) -> None:
    """Write a small publication into DIRECTORY (new or empty) that builds at once."""
    from publisher.starter import new_command

    click.echo(new_command(root / directory, languages))


@main.command()
@click.option("--theme", is_flag=True, help="Update the built-in theme's catalogs (in the tool's source).")
@click.pass_obj
@reports_errors
def i18n(root: Path, theme: bool) -> None:
    """Extract template strings and update (or create) every language's .po catalog."""
    from publisher.text.i18n import run_i18n

    for line in run_i18n(root, theme=theme):
        click.echo(line)


@main.command()
@click.option(
    "--diff",
    "diff_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Show what changed in the source chapter since FILE (a translation) was brought up to date.",
)
@click.option(
    "--mark",
    "mark_files",
    type=click.Path(dir_okay=False, path_type=Path),
    multiple=True,
    help="Record that FILE (a translation) is up to date with its source chapter (repeatable).",
)
@click.pass_obj
@reports_errors
def status(root: Path, diff_file: Path | None, mark_files: tuple[Path, ...]) -> None:
    """Translation status of every chapter: ok, stale, missing or extra, per language."""
    from rich.console import Console
    from rich.table import Table

    from publisher.load.config import load_publication
    from publisher.load.content import load_content
    from publisher.text import status as st

    publication = load_publication(root)
    if diff_file is not None:
        click.echo(st.diff(publication, diff_file) or f"{diff_file}: up to date with its source", nl=False)
        return
    for file in mark_files:
        source_hash = st.mark(publication, file)
        click.echo(f"{file}: marked as translating source version {source_hash}")
    diags = Diagnostics()
    content = load_content(publication, diags)
    statuses = st.all_status(publication, content)
    colours = {"ok": "green", "stale": "yellow", "missing": "red", "extra": "magenta"}
    console = Console()
    for doc_id, rows in st.status_table(statuses, publication):
        document = publication.document(doc_id)
        table = Table(title=f"{doc_id} (source: {document.source_language})")
        table.add_column("chapter")
        langs = [lang for lang in document.languages if lang != document.source_language]
        for lang in langs:
            table.add_column(lang)
        for name, *states in rows:
            table.add_row(name, *[f"[{colours.get(s, 'white')}]{s}[/]" for s in states])
        console.print(table)
    _print_problems(diags)
    counts = {state: sum(1 for s in statuses if s.state == state) for state in colours}
    click.echo(", ".join(f"{n} {state}" for state, n in counts.items()))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    "-p",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.pass_obj
@reports_errors
def serve(root: Path, host: str, port: int) -> None:
    """Preview the web edition: serve build/html, rebuild the HTML on every edit, reload the browser."""
    from publisher.serve import serve as run_serve

    try:
        run_serve(root, host=host, port=port, log=lambda line: click.echo(line, err=True))
    except OSError as exc:
        raise PublisherError.at(
            root / "publication.yaml", 0, f"cannot serve on {host}:{port}: {exc.strerror}"
        ) from None


@main.command()
@click.pass_obj
@reports_errors
def preflight(root: Path) -> None:
    """Check every printer's PDF in build/print: PDF/X-4, trim and bleed, fonts, colours, images, pages."""
    from rich.console import Console
    from rich.table import Table

    from publisher.load.config import load_publication
    from publisher.pdf.preflight import preflight_publication

    publication = load_publication(root)
    reports = preflight_publication(publication, root / "build", use_cache=False)
    columns = ("file", "PDF/X", "output intent", "pages", "blank", "trim mm", "bleed mm", "fonts", "images", "errors")
    table = Table(title="Preflight of the printer's PDFs")
    for column in columns:  # counts to the right
        table.add_column(
            column, justify="right" if column in ("pages", "blank", "fonts", "images", "errors") else "left"
        )
    for report in reports:
        trim, errors = "×".join(f"{v:g}" for v in report.trim_mm), len(report.errors)
        table.add_row(
            report.path.name, report.pdfx or "-", report.output_intent or "-", str(report.pages),
            str(report.blank_pages), trim, f"{report.bleed_mm:g}", str(report.fonts), str(report.images),
            f"[red]{errors}[/red]" if errors else "0",
        )  # fmt: skip
    Console().print(table)
    problems = [p for r in reports for p in r.problems]
    _print_problems(problems)
    if any(p.severity == "error" for p in problems):
        raise SystemExit(1)


@main.command("print-runs")
@click.pass_obj
@reports_errors
def print_runs(root: Path) -> None:
    """Print runs per edition (copies, pages, sheets, paper, spine) → build/print/print-runs.csv and .json."""
    from rich.console import Console
    from rich.table import Table

    from publisher.load.config import load_publication
    from publisher.pdf.printruns import totals, write_print_runs

    publication = load_publication(root)
    runs, problems = write_print_runs(publication, root / "build")
    table = Table(title="Print runs")
    columns = (
        "document",
        "lang",
        "copies",
        "pages",
        "blank",
        "signatures",
        "sheets/copy",
        "press sheets",
        "text kg",
        "cover kg",
        "spine mm",
        "file",
    )
    for column in columns:
        table.add_column(column, justify="left" if column in ("document", "lang", "file") else "right")
    for r in runs:
        table.add_row(
            r.document,
            r.language,
            f"{r.copies:,}",
            str(r.printed_pages),
            str(r.blank_pages),
            str(r.signatures),
            f"{r.sheets_per_copy:g}",
            f"{r.total_press_sheets:,}",
            f"{r.text_paper_kg:.1f}",
            f"{r.cover_paper_kg:.1f}",
            f"{r.spine_mm:.1f}",
            r.file,
        )
    sums = totals(runs)
    for name, total in [*sums["documents"].items(), ("whole order", sums["order"])]:
        table.add_row(
            f"[bold]{name}[/bold]",
            "total",
            f"[bold]{total['copies']:,}[/bold]",
            "",
            "",
            "",
            "",
            f"{total['total_press_sheets']:,}",
            f"{total['text_paper_kg']:.1f}",
            f"{total['cover_paper_kg']:.1f}",
            "",
            "",
        )
    Console().print(table)
    click.echo(f"wrote {root / 'build' / 'print' / 'print-runs.csv'} and print-runs.json")
    _print_problems(problems)


if __name__ == "__main__":  # pragma: no cover
    main()
