"""``content/data/hyphenation.yaml``: the names never hyphenated and the words hyphenated by hand.

```yaml
names: [Together&Stronger, Molise, Ripalimosani, Salvini Decree]   # never hyphenated, any language
exceptions:                      # per language: the word with its breaks, as a dictionary gives them
  en: [di-rec-tor-ate, mu-nic-i-pal-i-ty]
patterns: {en: en_US}            # optional: the pattern set of a language (a Pyphen dictionary)
```

Every abbreviation of ``content/data/abbreviations.yaml`` is a name too. Every problem is reported
at its line, all in one run (:func:`load_hyphenation`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyphen

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.load.yamlfile import LocatedYAML, load_yaml
from publisher.text.abbreviations import Abbreviation
from publisher.text.hyphenation_rules import FILE, HyphenationRules, name_words, positions_of

_KEYS = ("names", "exceptions", "patterns")


def load_hyphenation(
    root: Path, languages: tuple[str, ...], abbreviations: list[Abbreviation], diags: Diagnostics
) -> HyphenationRules:
    """The publication's hyphenation rules (no file: the abbreviations are its only names)."""
    path = root / FILE
    abbrs = [a.abbr for a in abbreviations]
    if not path.is_file():
        return HyphenationRules(names=name_words(abbrs))
    try:
        located = load_yaml(path)
    except PublisherError as exc:
        diags.extend(exc.problems)
        return HyphenationRules(names=name_words(abbrs))
    data = located.data if located.data is not None else {}
    if not isinstance(data, dict):
        diags.error(path, located.line(), "hyphenation.yaml must be a mapping: names, exceptions, patterns")
        return HyphenationRules(names=name_words(abbrs))
    for key in data:
        if key not in _KEYS:
            diags.error(path, located.line(key), f"unknown key {key!r} (expected: {', '.join(_KEYS)})")
    names = _texts(located, ("names",), diags, path)
    exceptions = []
    for lang, words in _per_language(located, "exceptions", languages, diags, path).items():
        spelled = _texts(located, ("exceptions", lang), diags, path, words)
        exceptions.append((lang, tuple(sorted(positions_of(word) for word in spelled))))
    patterns = []
    for lang, name in _per_language(located, "patterns", languages, diags, path).items():
        if not isinstance(name, str) or pyphen.language_fallback(name) != name:
            diags.error(
                path, located.line("patterns", lang), f"patterns.{lang}: {name!r} is not a hyphenation dictionary"
            )
        else:
            patterns.append((lang, name))
    return HyphenationRules(
        names=name_words([*names, *abbrs]),
        exceptions=tuple(sorted(exceptions)),
        patterns=tuple(sorted(patterns)),
        sources=tuple(names),
    )


def _per_language(
    located: LocatedYAML, key: str, languages: tuple[str, ...], diags: Diagnostics, path: Path
) -> dict[str, Any]:
    value = located.data.get(key) if isinstance(located.data, dict) else None
    if value is None:
        return {}
    if not isinstance(value, dict):
        diags.error(path, located.line(key), f"{key}: expected one entry per language, e.g. en: …")
        return {}
    known = {}
    for lang, entry in value.items():
        if lang not in languages:
            diags.error(
                path,
                located.line(key, lang),
                f"{key}: language {lang!r} is not in publication.yaml `languages` ({', '.join(languages)})",
            )
        else:
            known[str(lang)] = entry
    return known


def _texts(located: LocatedYAML, keys: tuple[str, ...], diags: Diagnostics, path: Path, value: Any = None) -> list[str]:
    """The list of words at ``keys``: every item non-empty text (a hyphen only between letters)."""
    if value is None and isinstance(located.data, dict):
        value = located.data.get(keys[0])
    if value is None:
        return []
    where = ".".join(keys)
    if not isinstance(value, list):
        diags.error(path, located.line(*keys), f"{where}: expected a list of words, e.g. [Molise, Ripalimosani]")
        return []
    out = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip() or item.startswith("-") or item.endswith("-"):
            diags.error(path, located.line(*keys, index), f"{where}.{index}: expected a word, got {item!r}")
        else:
            out.append(item.strip())
    return out
