"""Gather everything before writing anything: publication, content, charts, parsed documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.fonts import check_chapter_characters
from publisher.load.config import Publication, load_publication
from publisher.load.content import Content, load_content
from publisher.load.tooldata import untranslated_project_texts
from publisher.text.abbreviations import Abbreviation, load_abbreviations
from publisher.text.document import DocumentText, parse_document
from publisher.text.hyphenation_data import load_hyphenation
from publisher.text.hyphenation_rules import HyphenationRules
from publisher.text.locale import use_digits


@dataclass
class Project:
    """A publication read and resolved: the input of every output."""

    publication: Publication
    content: Content
    texts: dict[tuple[str, str], DocumentText]
    charts: dict[str, Any]
    """Chart id → ChartSpec."""
    diagnostics: Diagnostics
    abbreviations: list[Abbreviation] = field(default_factory=list)
    """Every abbreviation in every language (content/data/abbreviations.yaml)."""
    hyphenation: HyphenationRules = field(default_factory=HyphenationRules)
    """Names never hyphenated, words hyphenated by hand (content/data/hyphenation.yaml)."""

    @property
    def root(self) -> Path:
        return self.publication.root

    def chart_context(self) -> dict[str, Any]:
        return {
            "data": self.content.data,
            "publication": {
                "documents": {d.id: {"print_runs": dict(d.print_runs)} for d in self.publication.documents}
            },
        }


def load_project(root: Path, documents: list[str] | None = None, languages: list[str] | None = None) -> Project:
    """Read and check every input; raise a :class:`PublisherError` with every problem found."""
    from publisher.charts.spec import load_spec, validate_spec

    publication = load_publication(root)
    use_digits(publication.digits)  # every number formatted from here on is in the publication's digits
    diags = Diagnostics(list(publication.warnings))
    for doc_id in documents or []:
        if doc_id not in {d.id for d in publication.documents}:
            diags.error(
                publication.path,
                0,
                f"unknown document {doc_id!r} (documents: {', '.join(d.id for d in publication.documents)})",
            )
    for lang in languages or []:
        if lang not in publication.languages:
            diags.error(
                publication.path, 0, f"unknown language {lang!r} (languages: {', '.join(publication.languages)})"
            )
    diags.raise_if_errors()
    content = load_content(publication, diags)
    project = Project(publication, content, {}, {}, diags)
    project.abbreviations = load_abbreviations(root, publication.languages, diags)
    untranslated_project_texts(root, publication.languages, diags)
    project.hyphenation = load_hyphenation(root, publication.languages, project.abbreviations, diags)
    figures_dir = root / "figures"
    context = project.chart_context()
    for path in sorted(figures_dir.glob("*.yaml")) if figures_dir.is_dir() else []:
        try:
            spec = load_spec(path, publication.languages, diags)
        except PublisherError as exc:
            diags.extend(exc.problems)
            continue
        if not any(p.split(".")[1] in content.unreadable_data for p in spec.paths if p.startswith("data.")):
            diags.extend(validate_spec(spec, context, path))  # (an unreadable data file is reported already)
        project.charts[spec.id] = spec
    for document in publication.documents:
        if documents and document.id not in documents:
            continue
        for lang in document.languages:
            if languages and lang not in languages:
                continue
            text = parse_document(publication, content, document, lang, diags, set(project.charts))
            if text is not None:
                check_chapter_characters(text, diags)
                project.texts[(document.id, lang)] = text
    diags.raise_if_errors()
    return project
