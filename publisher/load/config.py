"""``publication.yaml`` → :class:`Publication`: typed, validated, every problem reported at once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from publisher.diagnostics import Diagnostics, Problem, PublisherError
from publisher.languages import UNHYPHENATED_SCRIPTS, find, has_dictionary, is_accepted, language
from publisher.load.accessibility import Accessibility, read_accessibility
from publisher.load.print_settings import (  # noqa: F401 (re-exported: the print settings are part of the config)
    BINDINGS,
    TRIM_SIZES,
    Paper,
    PressSheet,
    PrintSettings,
    _print_settings,
    parse_length,
    parse_size,
)
from publisher.load.yamlfile import Reader, load_yaml
from publisher.numerals import CHOICES, choose

DOCUMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Document:
    """One document of the publication (a report, a policy paper)."""

    id: str
    """Directory name under ``content/<lang>/``; also the output file stem."""
    title: dict[str, str]
    """Title per language."""
    languages: tuple[str, ...]
    """Languages this document exists in (default: all of the publication's)."""
    print_runs: dict[str, int]
    """Copies printed per language."""
    line: int = 0
    """Line in publication.yaml where the document is declared."""
    provisional: frozenset[str] = frozenset()
    """Keys of this document whose values are assumptions, printed "to be confirmed" (``print_runs``)."""
    source: str = ""
    """The language its translations follow: the publication's source language if the document
    has it, else the first of its own ``languages`` (empty: its first language)."""
    summary: dict[str, str] = field(default_factory=dict)
    """One paragraph per language: what the document is, for the site's front page (optional)."""

    @property
    def source_language(self) -> str:
        return self.source or self.languages[0]

    @property
    def print_runs_provisional(self) -> bool:
        return "print_runs" in self.provisional


@dataclass(frozen=True)
class Publication:
    """Everything ``publication.yaml`` says, validated."""

    root: Path
    title: dict[str, str]
    languages: tuple[str, ...]
    """Ordered; the first is the source language translations follow."""
    documents: tuple[Document, ...]
    print: PrintSettings
    date: dt.date | None = None
    publisher: dict[str, str] = field(default_factory=dict)
    place: dict[str, str] = field(default_factory=dict)
    printer: str = ""
    """The printer's name in the source language (the job sheet)."""
    printers: dict[str, str] = field(default_factory=dict)
    """The printer's name per language (each book's colophon)."""
    funding: dict[str, str] = field(default_factory=dict)
    base_url: str = ""
    """Optional absolute URL of the web edition: adds canonical and hreflang links, a sitemap, robots.txt."""
    allow_raw_html: bool = False
    """Let chapters contain raw HTML (sanitised). Off: raw HTML is shown as text."""
    provisional: frozenset[str] = frozenset()
    """Top-level keys whose values are assumptions, printed "to be confirmed" (``date``)."""
    warnings: tuple[Problem, ...] = ()
    """What is usable but worth knowing (a language without hyphenation): ``check`` reports it."""
    accessibility: Accessibility | None = None
    """The accessibility statement's contact and date (``publisher.load.accessibility``)."""
    digits: dict[str, str] = field(default_factory=dict)
    """Each language's CLDR numbering system (``arabext``): ``digits:`` chosen in publication.yaml,
    else the registry's (:mod:`publisher.numerals`)."""

    @property
    def source_language(self) -> str:
        return self.languages[0]

    def document(self, doc_id: str) -> Document:
        for document in self.documents:
            if document.id == doc_id:
                return document
        raise KeyError(doc_id)

    @property
    def path(self) -> Path:
        return self.root / "publication.yaml"


_TOP_KEYS = {
    "title",
    "languages",
    "documents",
    "print",
    "date",
    "publisher",
    "place",
    "printer",
    "funding",
    "base_url",
    "allow_raw_html",
    "provisional",
    "accessibility",
    "digits",
}
NO_BASE_URL = (
    "no base_url: the web edition declares no canonical or hreflang links (search engines ignore relative "
    "ones) and has no sitemap.xml, robots.txt or absolute Open Graph addresses; set base_url: https://… "
    "(the address the site is published at) in publication.yaml to add them"
)
"""What ``publisher check`` says once about a publication without ``base_url``."""
PROVISIONAL_TOP = ("date",)
"""Top-level values that ``provisional:`` may mark as assumptions."""
PROVISIONAL_DOCUMENT = ("print_runs",)
"""Values of a document that its ``provisional:`` may mark as assumptions."""


def load_publication(root: Path) -> Publication:
    """Read and validate ``<root>/publication.yaml``; raise every problem at once."""
    path = root / "publication.yaml"
    if not path.exists():
        raise PublisherError.at(path, 0, "no publication.yaml here (run publisher in the project folder)")
    doc = load_yaml(path)
    diags = Diagnostics()
    r = Reader(doc, diags)
    data = doc.data
    if not isinstance(data, dict):
        r.error((), "expected a mapping at the top level")
        diags.raise_if_errors()
    r.unknown_keys(data, _TOP_KEYS, ())

    languages = _languages(r, data.get("languages"))
    title = r.per_language(data.get("title"), ("title",), languages)
    documents = _documents(r, data.get("documents"), languages)
    settings = _print_settings(r, data.get("print") or {})
    date = data.get("date")
    if date is not None and not isinstance(date, dt.date):
        r.error(("date",), "expected a date such as 2020-01-06")
        date = None
    allow_raw_html = data.get("allow_raw_html", False)
    if not isinstance(allow_raw_html, bool):
        r.error(("allow_raw_html",), "expected true or false")
        allow_raw_html = False
    base_url = data.get("base_url") or ""
    if base_url and not re.match(r"^https?://[^\s/]+(/\S*)?$", str(base_url)):
        r.error(("base_url",), "expected an absolute http(s) URL")
    # the printer's name: one text, or one per language (a placeholder reads in the edition's language)
    printers = r.per_language(data.get("printer"), ("printer",), languages, required=False, fallback=True)
    printer = printers.get(languages[0], "") if languages else ""
    publication = Publication(
        root=root,
        title=title,
        languages=languages,
        documents=documents,
        print=settings,
        date=date,
        publisher=_texts_per_language(r, data, "publisher", languages),
        place=_texts_per_language(r, data, "place", languages),
        printer=printer,
        printers=printers,
        funding=_texts_per_language(r, data, "funding", languages),
        base_url=str(base_url).rstrip("/"),
        allow_raw_html=allow_raw_html,
        provisional=r.provisional(data.get("provisional"), ("provisional",), PROVISIONAL_TOP),
        warnings=(),
        accessibility=read_accessibility(r, data.get("accessibility")),
        digits=_digits(r, data.get("digits"), languages),
    )
    diags.raise_if_errors()
    return replace(publication, warnings=tuple(diags.warnings))


def load_languages(root: Path) -> tuple[str, ...]:
    """Only ``languages`` of ``publication.yaml``, validated (its other keys are not): what
    ``publisher i18n`` needs, so that it works while a new language's titles are still missing."""
    path = root / "publication.yaml"
    if not path.exists():
        raise PublisherError.at(path, 0, "no publication.yaml here (run publisher in the project folder)")
    doc = load_yaml(path)
    diags = Diagnostics()
    r = Reader(doc, diags)
    if not isinstance(doc.data, dict):
        r.error((), "expected a mapping at the top level")
        diags.raise_if_errors()
    languages = _languages(r, doc.data.get("languages"))
    diags.raise_if_errors()
    return languages


def _texts_per_language(r: Reader, data: dict[str, Any], key: str, languages: tuple[str, ...]) -> dict[str, str]:
    """``publisher``, ``place``, ``funding``: optional, one text for all or a text per language; a
    language without its text (one just added) shows the source language's, with a warning."""
    return r.per_language(data.get(key), (key,), languages, required=False, fallback=True)


def _languages(r: Reader, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        r.error(("languages",), "expected a list of language codes, e.g. [en, tr, it]")
        r.languages_known = False
        return ()
    languages: list[str] = []
    for index, lang in enumerate(value):
        if not is_accepted(lang):
            r.error(("languages", index), _unknown_language(lang))
        elif lang in languages:
            r.error(("languages", index), f"language {lang!r} is listed twice")
        else:
            languages.append(lang)
            if not has_dictionary(lang) and language(lang).script not in UNHYPHENATED_SCRIPTS:
                r.diags.warning(
                    r.doc.path,
                    r.doc.line("languages", index),
                    f"languages.{index}: no hyphenation dictionary for {lang!r} ({language(lang).english_name}): "
                    "its printed text is not hyphenated (see docs/languages.md)",
                )
    return tuple(languages)


def _digits(r: Reader, value: Any, languages: tuple[str, ...]) -> dict[str, str]:
    """``digits: {fa: default, hi: native}``: each language's numbering system (``default``: CLDR's
    default for its locale, ``native``: CLDR's native one, ``latn``: 0-9); the registry's without one."""
    chosen: dict[str, str] = {}
    if value is not None and not isinstance(value, dict):
        r.error(("digits",), f"expected a mapping of language → digits ({' | '.join(CHOICES)}), e.g. {{fa: default}}")
        value = None
    for lang, choice in (value or {}).items():
        if lang not in languages:
            r.error(("digits", lang), f"language {lang!r} is not in the publication's `languages`")
        elif choice not in CHOICES:
            r.error(("digits", lang), f"expected {' | '.join(CHOICES)} for the digits of {lang!r}, got {choice!r}")
        else:
            chosen[lang] = choose(language(lang).locale, choice)
    return {lang: chosen.get(lang) or language(lang).digits for lang in languages}


def _unknown_language(code: object) -> str:
    """Why ``code`` is not a language a publication may use, with what to write instead."""
    text = str(code)
    found = find(text) if isinstance(code, str) else None
    if found is not None and text != found.code:
        return f"write the language code {found.code!r} (not {text!r}): the region comes from CLDR ({found.locale})"
    return (
        f"unknown language {text!r}: not a language code that CLDR knows "
        "(ISO 639 codes such as de, el, fr, ja; see docs/languages.md)"
    )


def _documents(r: Reader, value: Any, languages: tuple[str, ...]) -> tuple[Document, ...]:
    if not isinstance(value, list) or not value:
        r.error(("documents",), "expected a list of documents, each with an id and a title")
        return ()
    documents: list[Document] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        keys: tuple[str | int, ...] = ("documents", index)
        if not isinstance(item, dict):
            r.error(keys, "expected a mapping with id, title, print_runs")
            continue
        r.unknown_keys(item, {"id", "title", "summary", "languages", "print_runs", "provisional"}, keys)
        doc_id = item.get("id")
        if not isinstance(doc_id, str) or not DOCUMENT_ID.match(doc_id):
            r.error(keys + ("id",), "expected an id of lowercase letters, digits and dashes")
            continue
        if doc_id in seen:
            r.error(keys + ("id",), f"document {doc_id!r} is declared twice")
        seen.add(doc_id)
        doc_langs = languages
        source = languages[0] if languages else ""
        if "languages" in item:
            subset = item["languages"]
            if not isinstance(subset, list) or not subset:
                r.error(keys + ("languages",), "expected a non-empty list of language codes")
            else:
                bad = [lang for lang in subset if lang not in languages]
                for lang in bad:
                    r.error(keys + ("languages",), f"language {lang!r} is not in the publication's `languages`")
                doc_langs = tuple(lang for lang in languages if lang in subset)
                if source not in doc_langs:
                    source = next((lang for lang in subset if lang in doc_langs), "")
        # no valid language of its own: that is the error; its title is not checked against none
        title = (
            r.per_language(
                item.get("title"),
                keys + ("title",),
                doc_langs,
                owner=f"the document's languages ({', '.join(doc_langs)})",
            )
            if doc_langs
            else {}
        )
        runs: dict[str, int] = {}
        raw_runs = item.get("print_runs") or {}
        if not isinstance(raw_runs, dict):
            r.error(keys + ("print_runs",), "expected a mapping of language → copies")
            raw_runs = {}
        for lang, copies in raw_runs.items():
            if lang not in doc_langs:
                r.error(keys + ("print_runs", lang), f"no {lang!r} edition of this document")
            elif isinstance(copies, bool) or not isinstance(copies, int) or copies < 0:
                r.error(keys + ("print_runs", lang), f"expected a whole number of copies, got {copies!r}")
            else:
                runs[lang] = copies
        provisional = r.provisional(item.get("provisional"), keys + ("provisional",), PROVISIONAL_DOCUMENT)
        summary = r.per_language(item.get("summary"), keys + ("summary",), doc_langs, required=False, fallback=True)
        documents.append(Document(doc_id, title, doc_langs, runs, r.doc.line(*keys), provisional, source, summary))
    return tuple(documents)
