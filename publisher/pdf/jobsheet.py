"""The job sheet for the printer: one A4 page (English) saying what to print, how, and how many.

Rendered with WeasyPrint from ``templates/print/job-sheet.html.j2`` into
``build/print/job-sheet.pdf``; it lists each language edition's file and SHA-256 so the
printer can check that the files received are the files ordered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publisher.diagnostics import Problem, PublisherError, display_path
from publisher.files import write_atomic
from publisher.languages import PRINTER, language


def job_sheet_html(publication: Any, runs: list[Any], print_job: Any) -> str:
    from publisher.fonts import font_face_css
    from publisher.pdf.printruns import pages_per_signature, totals
    from publisher.text.jinja import render_template

    settings = publication.print
    documents = []
    sums = totals(runs)
    for document in publication.documents:
        rows = [r for r in runs if r.document == document.id]
        if rows:
            title = document.title.get(PRINTER) or next(iter(document.title.values()))
            documents.append({"id": document.id, "title": title, "runs": rows, "total": sums["documents"][document.id]})
    from publisher.pdf.printruns import is_ordered

    names = {lang: language(lang).name_in(PRINTER) for d in publication.documents for lang in d.languages}
    not_ordered = [
        f"{d.id}.{lang} ({names[lang]})"
        for d in publication.documents
        for lang in d.languages
        if not is_ordered(d, lang)
    ]
    rtl = [f"{r.document}.{r.language} ({names[r.language]})" for r in runs if language(r.language).direction == "rtl"]
    return render_template(
        publication.root / "templates",
        PRINTER,
        "print/job-sheet.html.j2",
        source_lang=publication.source_language,
        publication_title=publication.title.get(PRINTER) or next(iter(publication.title.values())),
        publisher_name=publication.publisher.get(PRINTER, ""),
        printer=publication.printer,
        date=print_job.date,
        date_provisional="date" in publication.provisional,
        settings=settings,
        signature=pages_per_signature(settings),
        profile=print_job.profile,
        documents=documents,
        order=sums["order"],
        language_names=names,
        not_ordered=not_ordered,
        rtl_editions=rtl,
        font_faces=font_face_css(),
    )


def write_job_sheet(publication: Any, build_dir: Path, runs: list[Any], print_job: Any) -> list[Problem]:
    """Render ``build/print/job-sheet.pdf``; returns problems (an unexpected exception is a bug: it propagates)."""
    from publisher.fonts import font_dirs
    from publisher.pdf.engine import lay_out_pdf

    output = build_dir / "print" / "job-sheet.pdf"
    try:
        html = job_sheet_html(publication, runs, print_job)
        templates = (publication.root / "templates").resolve()
        pdf = lay_out_pdf(html, templates, [templates, *font_dirs()], identifier="job-sheet", mode="pdf")
    except PublisherError as exc:
        return list(exc.problems)
    write_atomic(output, pdf.data)
    return [Problem(display_path(output), 0, f"WeasyPrint: {w}", "warning") for w in pdf.log.warnings]
