"""The list of abbreviations of each edition: ``content/data/abbreviations.yaml``.

Each entry gives, per language, the abbreviation as that language writes it and its
expansion (``NGO`` / ``STK`` / ``ONG``). An edition lists the entries whose abbreviation
occurs in its chapters' text (after Jinja, so ``currency('EUR')`` in an expression does not
count), sorted by the language's alphabet (:func:`publisher.locale.sorted_by_alphabet`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.load.yamlfile import LocatedYAML, load_yaml
from publisher.text.locale import sorted_by_alphabet

if TYPE_CHECKING:
    from publisher.text.document import DocumentText

FILE = Path("content") / "data" / "abbreviations.yaml"


@dataclass(frozen=True)
class Abbreviation:
    """One abbreviation in one language."""

    key: str
    lang: str
    abbr: str
    expansion: str


def load_abbreviations(root: Path, languages: tuple[str, ...], diags: Diagnostics) -> list[Abbreviation]:
    """Read and check the abbreviations file (absent file: no abbreviations)."""
    path = root / FILE
    if not path.is_file():
        return []
    try:
        located = load_yaml(path)
    except PublisherError as exc:
        diags.extend(exc.problems)
        return []
    data = located.data
    if data is None:
        return []
    if not isinstance(data, dict):
        diags.error(
            path,
            located.line(),
            "abbreviations.yaml must map a key (e.g. 'ngo') to one entry per language: {abbr: …, expansion: …}",
        )
        return []
    out: list[Abbreviation] = []
    for key, entry in data.items():
        if not isinstance(entry, dict):
            diags.error(
                path,
                located.line(key),
                f"{key}: expected one entry per language ({', '.join(languages)}), each {{abbr: …, expansion: …}}",
            )
            continue
        for lang in entry:
            if lang not in languages:
                diags.error(
                    path,
                    located.line(key, lang),
                    f"{key}: language {lang!r} is not in publication.yaml `languages` ({', '.join(languages)})",
                )
        out.extend(_entry_forms(str(key), entry, languages, path, located, diags))
    return out


def _entry_forms(
    key: str, entry: dict, languages: tuple[str, ...], path: Path, located: LocatedYAML, diags: Diagnostics
) -> list[Abbreviation]:
    """One entry's forms in every language; a language without its own shows the source language's.

    The same rule as template strings and chart texts: an untranslated value falls back to the
    source language (the first of ``languages``) with a warning, which ``check --strict`` fails.
    """
    forms: dict[str, Abbreviation] = {}
    for lang in languages:
        form = entry.get(lang)
        if form is None:
            continue
        if (
            not isinstance(form, dict)
            or set(form) != {"abbr", "expansion"}
            or not all(isinstance(v, str) and v.strip() for v in form.values())
        ):
            diags.error(
                path,
                located.line(key, lang),
                f"{key}.{lang}: expected "
                "{abbr: <abbreviation>, expansion: <what it stands for>}, both non-empty text",
            )
            continue
        forms[lang] = Abbreviation(key, lang, form["abbr"].strip(), form["expansion"].strip())
    source = languages[0]
    if source not in entry:
        diags.error(path, located.line(key), f"{key}: no {source!r} entry (the source language's is required)")
    out = list(forms.values())
    for lang in languages[1:]:
        if lang in entry or source not in forms:
            continue
        diags.warning(
            path,
            located.line(key),
            f"{key}: no {lang!r} entry yet: the {source!r} entry is shown until it is translated",
        )
        out.append(Abbreviation(key, lang, forms[source].abbr, forms[source].expansion))
    return out


def _occurs(abbr: str) -> re.Pattern[str]:
    """``abbr`` as a word of its own; a plural ``s`` (NGOs) or a Turkish suffix (AB'ye) may follow."""
    return re.compile(rf"(?<![\w.-]){re.escape(abbr)}s?(?![\w-])")


def chapter_text(text: DocumentText) -> str:
    """The plain text of every chapter of an edition (titles, body, captions, footnotes)."""
    parts: list[str] = []
    for chapter in text.chapters:
        parts.append(chapter.title)
        for token in chapter.tokens:
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
            if token.type == "figure":
                parts.append(str(token.meta.get("alt", "")))
    return "\n".join(parts)


def for_edition(abbreviations: list[Abbreviation], text: DocumentText) -> list[dict[str, str]]:
    """The abbreviations used in one edition, sorted by its language's alphabet."""
    plain = chapter_text(text)
    used = [a for a in abbreviations if a.lang == text.lang and _occurs(a.abbr).search(plain)]
    return [
        {"abbr": a.abbr, "expansion": a.expansion} for a in sorted_by_alphabet(used, text.lang, key=lambda a: a.abbr)
    ]
