"""The per-language texts of the data files the tool itself prints (``content/data/project.yaml``).

The colophon prints the project's title and its partners' names in the edition's language. As for
template strings, chart texts and abbreviations, a language without its own text shows the source
language's (the title's source-language text, or the English ``name``; a partner without ``names``
has one name in every language), with a warning that ``publisher check --strict`` fails: a
language can be added before its data is translated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.load.yamlfile import LocatedYAML, load_yaml

PROJECT = Path("content") / "data" / "project.yaml"


def untranslated_project_texts(root: Path, languages: tuple[str, ...], diags: Diagnostics) -> None:
    """Warn, at its line, about each per-language text of project.yaml a language lacks."""
    path = root / PROJECT
    if not path.is_file():
        return
    try:
        located = load_yaml(path)
    except PublisherError:
        return  # reported where the data files are loaded
    data = located.data
    if not isinstance(data, dict):
        return
    _missing(located, ("title",), data.get("title"), languages, repr(languages[0]) + " text", diags)
    partners = data.get("partners")
    for index, partner in enumerate(partners if isinstance(partners, list) else []):
        if isinstance(partner, dict) and isinstance(partner.get("name"), str) and "names" in partner:
            shown = f"name ({partner['name']!r})"
            _missing(located, ("partners", index, "names"), partner["names"], languages, shown, diags)


def _missing(
    located: LocatedYAML,
    keys: tuple[str | int, ...],
    texts: Any,
    languages: tuple[str, ...],
    shown: str,
    diags: Diagnostics,
) -> None:
    if not isinstance(texts, dict):
        return
    for lang in languages[1:]:
        if lang not in texts:
            where = ".".join(str(k) for k in keys)
            diags.warning(
                located.path,
                located.line(*keys),
                f"{where}: no {lang!r} text yet: the {shown} is shown until it is translated",
            )
