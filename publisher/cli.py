"""The ``publisher`` command: thin — parse arguments, call the library, print diagnostics."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from .diagnostics import Diagnostics, PublisherError


def _print_problems(problems: Any) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn PublisherError into ``path:line: error: message`` lines and exit status 1."""

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

    return wrapper


@click.group()
@click.version_option(package_name="publisher")
@click.option("-C", "--project", "project_dir", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="The project folder (holding publication.yaml).")
@click.pass_context
def main(ctx: click.Context, project_dir: Path) -> None:
    """Publish multilingual reports: print PDF, digital PDF and HTML."""
    ctx.obj = project_dir.resolve()


@main.command()
@click.option("--document", "-d", "documents", multiple=True, help="Only this document (repeatable).")
@click.option("--lang", "-l", "languages", multiple=True, help="Only this language (repeatable).")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(["print", "pdf", "html"]),
              help="Only this format (repeatable).")
@click.option("--force", is_flag=True, help="Ignore the cache and render everything.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Worker processes (default: all cores).")
@click.option("--keep-html", is_flag=True, help="Keep the HTML given to WeasyPrint next to each PDF.")
@click.pass_obj
@reports_errors
def build(root: Path, documents: tuple[str, ...], languages: tuple[str, ...], formats: tuple[str, ...],
          force: bool, jobs: int | None, keep_html: bool) -> None:
    """Build every edition (or the ones asked for) into build/."""
    from rich.console import Console
    from rich.table import Table

    from .build import build as run_build

    console = Console(stderr=True)

    def progress(result: Any) -> None:
        state = "rendered" if result.rendered else "up to date"
        if any(p.severity == "error" for p in result.problems):
            state = "[red]failed[/red]"
        console.print(f"  {result.edition.name:<22} {state:<12} {result.seconds:5.1f} s", highlight=False)

    console.print(f"Building {root.name} …", highlight=False)
    results, diags = run_build(root, documents=list(documents) or None, languages=list(languages) or None,
                               formats=list(formats) or None, force=force, jobs=jobs, keep_html=keep_html,
                               on_progress=progress)
    table = Table(title="Editions", show_lines=False)
    for column in ("document", "lang", "format", "pages", "output"):
        table.add_column(column, justify="right" if column == "pages" else "left")
    for result in sorted(results, key=lambda r: (r.edition.document, r.edition.lang, r.edition.format)):
        try:
            shown = str(result.path.relative_to(root))
        except ValueError:
            shown = str(result.path)
        table.add_row(result.edition.document, result.edition.lang, result.edition.format,
                      str(result.pages), shown)
    Console().print(table)
    _print_problems(diags)
    if diags.errors:
        raise SystemExit(1)


@main.command()
@click.option("--strict", is_flag=True, help="Also fail on warnings: missing or stale translations, untranslated strings.")
@click.pass_obj
@reports_errors
def check(root: Path, strict: bool) -> None:
    """Validate every input without rendering."""
    from .catalogs import check_catalogs
    from .project import load_project

    project = load_project(root)
    diags = Diagnostics(list(project.diagnostics))
    check_catalogs(root / "templates" / "locales", project.publication.languages,
                   project.publication.source_language, diags)
    _print_problems(diags)
    errors = len(diags.errors) + (len(diags.warnings) if strict else 0)
    if errors:
        click.echo(f"{errors} problem{'s' if errors != 1 else ''}.", err=True)
        raise SystemExit(1)
    chapters = sum(len(t.chapters) for t in project.texts.values())
    click.echo(f"ok: {len(project.texts)} editions, {chapters} chapters, {len(project.charts)} charts")


if __name__ == "__main__":  # pragma: no cover
    main()
