"""``publisher translate``: chapters out as XLIFF or PO for translators, and back in."""

from __future__ import annotations

from pathlib import Path

import click

from publisher.cli import _print_problems, main, reports_errors


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
