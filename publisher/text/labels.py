"""Localised words that the code (not a template) needs: figure/table/chapter nouns, language names.

They go through the same gettext catalogs as the templates.
"""

from __future__ import annotations

from pathlib import Path

from publisher.text.catalogs import load_translations


def _(message: str) -> str:
    """Marks a string for extraction; translated by :func:`nouns` at run time."""
    return message


NOUNS = {"fig": _("Figure"), "tbl": _("Table"), "ch": _("Chapter")}
LANGUAGE_NAMES = {"tr": "Türkçe", "it": "Italiano", "en": "English"}
"""Each language named in itself (for language switchers)."""
LANGUAGE_IN = {"tr": _("Turkish"), "it": _("Italian"), "en": _("English")}


def nouns(templates_dir: Path, lang: str) -> dict[str, str]:
    """{"fig": "Şekil", "tbl": "Tablo", "ch": "Bölüm"} for ``lang``."""
    translations = load_translations(templates_dir / "locales", lang)
    return {key: translations.gettext(word) for key, word in NOUNS.items()}


def language_name(templates_dir: Path, lang: str, of: str) -> str:
    """The name of language ``of`` in language ``lang`` ("İtalyanca")."""
    return load_translations(templates_dir / "locales", lang).gettext(LANGUAGE_IN[of])
