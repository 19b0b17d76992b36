"""``publisher i18n``: bring the project's catalogs (or the theme's) up to date, and say what changed."""

from __future__ import annotations

from pathlib import Path

from publisher.diagnostics import display_path
from publisher.languages import THEME
from publisher.text.catalogs import THEME_LOCALES, CatalogUpdate, update_catalogs


def update_theme_catalogs() -> tuple[Path | None, list[CatalogUpdate]]:
    """The theme's own catalogs, from its templates and ``labels.py`` (a developer's task)."""
    languages = tuple(sorted(p.name for p in THEME_LOCALES.iterdir() if p.is_dir()))
    return update_catalogs(None, languages, THEME)


def run_i18n(root: Path, *, theme: bool = False) -> list[str]:
    """Update the catalogs of the project at ``root`` (``theme``: the theme's); the lines to print."""
    if theme:
        pot, updates = update_theme_catalogs()
    else:
        from publisher.load.config import load_languages

        languages = load_languages(root)  # not the whole publication.yaml: a new language's titles may be missing
        pot, updates = update_catalogs(root, languages, languages[0])
    lines = [f"extracted {display_path(pot)}"] if pot is not None else []
    for u in updates:
        state = "created" if u.created else "updated" if u.written else "unchanged"
        lines.append(
            f"{display_path(u.path)}: {state}; {len(u.added)} new, {len(u.obsolete)} obsolete, "
            f"{u.untranslated} untranslated, {u.fuzzy} fuzzy"
        )
        lines.extend(f"  + {message}" for message in ([] if u.created else u.added))
    if not updates:
        lines.append("every language is served by the built-in theme's catalogs: nothing to write")
    return lines
