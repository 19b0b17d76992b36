"""Chapters out as translation files: ``publisher translate export --lang L``.

One file per document and language, ``build/translations/<lang>/<document>.<lang>.xlf`` (or
``.po``), each unit with the existing translation aligned to the current source
(:mod:`publisher.translate.units`).
"""

from __future__ import annotations

from pathlib import Path

from publisher.diagnostics import PublisherError
from publisher.files import write_atomic
from publisher.load.config import Publication
from publisher.translate.po import write_po_text
from publisher.translate.units import document_units
from publisher.translate.xliff import write_xliff

FORMATS = {"xliff": ".xlf", "po": ".po"}


def export_path(publication: Publication, document: str, lang: str, fmt: str) -> Path:
    return publication.root / "build" / "translations" / lang / f"{document}.{lang}{FORMATS[fmt]}"


def export_text(publication: Publication, document: str, lang: str, fmt: str) -> str:
    """The translation file of one document into ``lang``, as text."""
    chapters = document_units(publication, document, lang)
    doc = publication.document(document)
    if fmt == "po":
        return write_po_text(chapters, document, lang, publication.date)
    return write_xliff(chapters, document, doc.source_language, lang)


def export(publication: Publication, lang: str, fmt: str = "xliff", document: str | None = None) -> list[Path]:
    """Write the translation files of ``lang`` (every document in it, or ``document``)."""
    config = publication.root / "publication.yaml"
    if lang not in publication.languages:
        raise PublisherError.at(
            config, 0, f"{lang!r} is not one of the publication's languages {publication.languages}: add it first"
        )
    if document is not None and document not in {d.id for d in publication.documents}:
        raise PublisherError.at(
            config, 0, f"no document {document!r} (documents: {[d.id for d in publication.documents]})"
        )
    documents = [d for d in publication.documents if (document is None or d.id == document) and lang in d.languages]
    if not documents and document is not None:
        languages = list(publication.document(document).languages)
        raise PublisherError.at(
            config, 0, f"document {document!r} is not published in {lang!r} (its languages: {languages})"
        )
    if not documents:
        raise PublisherError.at(config, 0, f"no document is published in {lang!r} (see each document's languages:)")
    if all(lang == d.source_language for d in documents):
        raise PublisherError.at(config, 0, f"{lang!r} is the source language: there is nothing to translate into it")
    texts = {d.id: export_text(publication, d.id, lang, fmt) for d in documents if lang != d.source_language}
    return [write_atomic(export_path(publication, doc_id, lang, fmt), text) for doc_id, text in texts.items()]
