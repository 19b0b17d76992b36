"""The ``publisher`` command: thin — parse arguments, call the library, print diagnostics."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from publisher.cli_output import closed_pipe, console
from publisher.diagnostics import Diagnostics, PublisherError, display_path
from publisher.internal import EXIT_INTERNAL, InternalError, format_current, internal_error


def _print_problems(problems: Any) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn PublisherError into ``path:line: error: message`` lines and exit status 1.

    Any other exception is a bug: an internal error (traceback saved under build/.logs), exit status 70.
    A closed stdout (``| head -1``) ends the command quietly, with success.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
            sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
            return result
        except BrokenPipeError:
            closed_pipe()
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
        except click.ClickException:  # a usage error, found once the arguments are read together
            raise
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


def _shard_option(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    from publisher.pipeline.shards import parse_shard

    try:
        return None if value is None else parse_shard(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@click.option("--document", "-d", "documents", multiple=True, help="Only this document (repeatable).")
@click.option("--lang", "-l", "languages", multiple=True, help="Only this language (repeatable).")
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=click.Choice(["print", "pdf", "epub", "html"]),
    help="Only this format (repeatable).",
)
@click.option("--force", is_flag=True, help="Ignore the cache and render everything.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Worker processes (default: all cores).")
@click.option("--keep-html", is_flag=True, help="Keep the HTML given to WeasyPrint next to each PDF.")
@click.option(
    "--allow-stale", is_flag=True, help="Build the printer's PDF even from stale or missing translated chapters."
)
@click.option(
    "--shard",
    metavar="I/N",
    callback=_shard_option,
    help="Build only the I-th of N shares of the editions, for a CI matrix; then --merge (docs/builds.md).",
)
@click.option(
    "--merge", is_flag=True, help="Merge the shards' build folders (DIR…) into build/; write the site and print runs."
)
@click.argument("folders", nargs=-1, metavar="[DIR]...", type=click.Path(file_okay=False, path_type=Path))
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
    shard: tuple[int, int] | None,
    merge: bool,
    folders: tuple[Path, ...],
) -> None:
    """Build every edition (or the ones asked for) into build/; or a shard of them, or merge the shards."""
    from publisher.pipeline.stages import build as run_build
    from publisher.reports import editions_table

    selected = shard or documents or languages or formats or force or keep_html or allow_stale
    if merge != bool(folders) or (merge and selected):
        raise click.UsageError("--merge takes the shards' build folders (DIR…) and no option but -j: the shards' hold")

    def progress(result: Any) -> None:
        failed = result.crash or any(p.severity == "error" for p in result.problems)
        state = f"{'failed' if failed else 'rendered' if result.rendered else 'up to date':<12}"
        click.echo(
            f"  {result.edition.name:<22} {click.style(state, fg='red') if failed else state} {result.seconds:5.1f} s",
            err=True,
        )

    click.echo(f"{'Merging' if merge else 'Building'} {root.name} …", err=True)
    if merge:
        from publisher.pipeline.merge import merge as run_merge

        results, diags = run_merge(root, list(folders), jobs=jobs, on_progress=progress)
    else:
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
            shard=shard,
        )
    click.echo(editions_table(results, root))
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
    from publisher.load.config import NO_BASE_URL
    from publisher.pipeline.project import load_project
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
    if not project.publication.base_url:  # once; --strict does not fail on it (a site may stay offline)
        click.echo(f"{display_path(project.publication.path)}: warning: {NO_BASE_URL}", err=True)
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
def theme() -> None:
    """Print the folder of the built-in theme: copy a file from it into templates/ to override it."""
    from publisher.theme import THEME_DIR

    click.echo(THEME_DIR)


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
    from publisher.load.config import load_publication
    from publisher.load.content import load_content
    from publisher.reports import UNIT_LEGEND, status_counts, status_tables
    from publisher.text import status as st
    from publisher.translate.units import unit_counts

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
    out = console()
    for table in status_tables(statuses, publication, unit_counts(publication)):
        out.print(table)
    _print_problems(diags)
    click.echo(UNIT_LEGEND)
    click.echo(status_counts(statuses))


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
    from publisher.load.config import load_publication
    from publisher.pdf.preflight import preflight_publication
    from publisher.reports import preflight_table

    publication = load_publication(root)
    reports = preflight_publication(publication, root / "build", use_cache=False)
    console().print(preflight_table(reports))
    problems = [p for r in reports for p in r.problems]
    _print_problems(problems)
    if any(p.severity == "error" for p in problems):
        raise SystemExit(1)


@main.command("print-runs")
@click.pass_obj
@reports_errors
def print_runs(root: Path) -> None:
    """Print runs per edition (copies, pages, sheets, paper, spine) → build/print/print-runs.csv and .json."""
    from publisher.load.config import load_publication
    from publisher.pdf.printruns import write_print_runs
    from publisher.reports import print_runs_table

    publication = load_publication(root)
    runs, problems = write_print_runs(publication, root / "build")
    console().print(print_runs_table(runs))
    click.echo(f"wrote {root / 'build' / 'print' / 'print-runs.csv'} and print-runs.json")
    _print_problems(problems)


@main.group()
def translate() -> None:
    """Translation files for CAT tools (XLIFF 1.2, PO): export, then import (docs/languages.md)."""


@translate.command("export")
@click.option(
    "--lang", "-l", "lang", required=True, help="The language to translate into (listed in publication.yaml)."
)
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["xliff", "po"]), default="xliff", show_default=True, help="File format."
)
@click.option("--document", "-d", "document", default=None, help="One document (default: every document in LANG).")
@click.pass_obj
@reports_errors
def export_command(root: Path, lang: str, fmt: str, document: str | None) -> None:
    """Write build/translations/LANG/<document>.LANG.xlf (or .po): a unit per block, translations aligned."""
    from publisher.load.config import load_publication
    from publisher.translate.export import export

    for path in export(load_publication(root), lang, fmt, document):
        click.echo(f"wrote {path}")


@translate.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
@reports_errors
def import_command(root: Path, files: tuple[Path, ...]) -> None:
    """Rebuild content/<lang>/<document>/*.md from translated FILES (checked first; nothing written on error)."""
    from publisher.load.config import load_publication
    from publisher.translate.importer import import_files

    report = import_files(load_publication(root), list(files))
    _print_problems(report.warnings)
    for path in report.marked:
        click.echo(f"{path}: written; every unit approved: marked as the current translation")
    for path in report.pending:
        click.echo(f"{path}: written; some units not translated or not approved: review: pending")
    click.echo(f"{len(report.written)} chapter(s) written, {len(report.unchanged)} unchanged")


if __name__ == "__main__":  # pragma: no cover
    main()
