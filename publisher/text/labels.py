"""Localised words that the code (not a template) needs: figure/table/chapter nouns, chart words.

They go through the same gettext catalogs as the templates. Language names come from CLDR
(:mod:`publisher.languages`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from publisher.languages import ACCEPTED, is_accepted, language
from publisher.text.catalogs import load_translations


def _(message: str) -> str:
    """Marks a string for extraction; translated by :func:`nouns` at run time."""
    return message


NOUNS = {"fig": _("Figure"), "tbl": _("Table"), "ch": _("Chapter")}
#: Chart words that the code adds to a chart's data table.
CHART_WORDS = {"share": _("Share"), "total": _("Total")}


class _NativeNames(Mapping[str, str]):
    """Accepted language code → its name in itself, looked up in the registry when asked."""

    def __getitem__(self, code: str) -> str:
        if not is_accepted(code):
            raise KeyError(code)
        return language(code).native_name

    def __iter__(self) -> Iterator[str]:
        return iter(ACCEPTED)

    def __len__(self) -> int:
        return len(ACCEPTED)


LANGUAGE_NAMES: Mapping[str, str] = _NativeNames()
"""Each accepted language named in itself (for language switchers), from the registry."""


def nouns(templates_dir: Path, lang: str, source_lang: str | None = None) -> dict[str, str]:
    """{"fig": "Şekil", "tbl": "Tablo", "ch": "Bölüm"} for ``lang`` (what its catalog lacks: in ``source_lang``)."""
    translations = load_translations(templates_dir / "locales", lang, source_lang)
    return {key: translations.gettext(word) for key, word in NOUNS.items()}


def chart_words(templates_dir: Path, lang: str, source_lang: str | None = None) -> dict[str, str]:
    """{"share": "Pay", "total": "Toplam"}: the columns a chart's data table adds, in ``lang``
    (what its catalog lacks: in ``source_lang``)."""
    translations = load_translations(templates_dir / "locales", lang, source_lang)
    return {key: translations.gettext(word) for key, word in CHART_WORDS.items()}
