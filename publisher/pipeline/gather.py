"""Gather: the project read and resolved becomes the edition model, before anything is written.

Each chart's data table, each edition's abbreviations, stale chapters and print run are
computed here, once; the PDFs' download links once the PDF stage is over.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from publisher.model import Chart, DocumentEdition, Download, EditionModel
from publisher.text.abbreviations import for_edition
from publisher.text.status import all_status, print_blockers, stale_chapters

if TYPE_CHECKING:
    from publisher.pipeline.project import Project


def gather(project: Project, build_dir: Path, *, for_print: bool = False) -> EditionModel:
    """The edition model of every (document, language) the project holds; with ``for_print``, why each
    printer's PDF must not be made, if it must not."""
    publication = project.publication
    statuses = all_status(publication, project.content)
    charts = _charts(project, build_dir / "figures")
    editions: dict[tuple[str, str], DocumentEdition] = {}
    for (doc_id, lang), text in project.texts.items():
        editions[(doc_id, lang)] = DocumentEdition(
            text,
            {cid: chart for (cid, chart_lang), chart in charts.items() if chart_lang == lang},
            abbreviations=for_edition(project.abbreviations, text),
            stale=stale_chapters(statuses, doc_id, lang),
            print_blockers=print_blockers(statuses, doc_id, lang) if for_print else [],
            copies=publication.document(doc_id).print_runs.get(lang, 0),
        )
    info = project.content.data.get("project")
    return EditionModel(
        publication,
        info if isinstance(info, dict) else {},
        editions,
        available={key: [c.slug for c in chapters] for key, chapters in project.content.chapters.items()},
        charts=charts,
    )


def _charts(project: Project, folder: Path) -> dict[tuple[str, str], Chart]:
    """Every chart in every language: title, source, data table and where its drawing goes."""
    from publisher.charts.data import data_table
    from publisher.text.labels import chart_words

    context = project.chart_context()
    charts: dict[tuple[str, str], Chart] = {}
    words = {
        lang: chart_words(project.root / "templates", lang, project.publication.source_language)
        for lang in project.publication.languages
    }
    for cid, spec in project.charts.items():
        for lang in project.publication.languages:
            charts[(cid, lang)] = Chart(
                cid,
                lang,
                spec.title.get(lang, ""),
                spec.source.get(lang, ""),
                data_table(spec, context, lang, words[lang]),
                folder / f"{cid}.{lang}.svg",
            )
    return charts


def add_downloads(model: EditionModel, pages: dict[tuple[str, str], int], build_dir: Path) -> None:
    """Each edition's digital PDF, when there is one, as a download link of its web pages.

    ``pages``: (document, language) → page count of the PDFs this build made; a PDF left by
    an earlier build is counted from the file.
    """
    for (doc_id, lang), edition in model.editions.items():
        path = build_dir / "pdf" / f"{doc_id}.{lang}.pdf"
        if path.is_file():
            edition.downloads = [
                Download(
                    "pdf",
                    f"downloads/pdf/{doc_id}.{lang}.pdf",
                    file_size(path.stat().st_size),
                    pages.get((doc_id, lang)) or _pdf_pages(path),
                    path,
                )
            ]


def file_size(n: int) -> str:
    """A file's size as readers see it: ``840 KB``, ``2.1 MB``."""
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def _pdf_pages(path: Path) -> int:
    """Pages of a PDF found on disk (a build without the PDF stage): 0 when it cannot be read."""
    try:
        import pikepdf

        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except Exception:  # an unreadable PDF is reported by the PDF build, not here
        return 0
