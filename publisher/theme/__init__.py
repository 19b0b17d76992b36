"""The built-in theme: the default templates, stylesheets, scripts and gettext catalogs.

They ship inside the package (``publisher/theme/{print,web,locales}``), so a publication needs
no ``templates/`` of its own. A project's ``templates/`` overrides the theme **file by file**, as
MkDocs' ``custom_dir`` and Sphinx's ``templates_path`` do: ``templates/web/site.css`` in the
project replaces the theme's ``web/site.css`` and nothing else. Templates are looked up in the
project first, then in the theme (a Jinja ``ChoiceLoader``); so are stylesheets, scripts and each
language's catalog (``locales/<lang>/LC_MESSAGES/messages.po``).

The theme's files are read-only inputs: nothing is ever written into the installed package
(catalogs are compiled in memory).
"""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent
"""The theme's folder inside the installed package."""

THEME_SUFFIXES = (".j2", ".css", ".js", ".po", ".pot")
"""The theme's files (its ``__init__.py`` is code, not theme)."""


def template_dirs(templates_dir: Path) -> list[Path]:
    """Where templates are looked up, in order: the project's ``templates/`` (when it exists), the theme."""
    return [templates_dir, THEME_DIR] if templates_dir.is_dir() else [THEME_DIR]


def find(templates_dir: Path, name: str) -> Path:
    """The file that serves ``name`` (e.g. ``web/site.css``): the project's override, else the theme's."""
    own = templates_dir / name
    return own if own.is_file() else THEME_DIR / name


def glob(templates_dir: Path, pattern: str) -> list[Path]:
    """Every file matching ``pattern`` (e.g. ``web/*.js``), the project's shadowing the theme's, sorted by name."""
    found: dict[str, Path] = {}
    for folder in (THEME_DIR, templates_dir):
        if folder.is_dir():
            found.update((p.relative_to(folder).as_posix(), p) for p in folder.glob(pattern) if p.is_file())
    return [found[name] for name in sorted(found)]


def theme_files() -> list[Path]:
    """Every file of the theme, sorted (for the tool's fingerprint)."""
    return sorted(p for p in THEME_DIR.rglob("*") if p.is_file() and p.suffix in THEME_SUFFIXES)


def is_theme_file(path: Path) -> bool:
    """Whether ``path`` (symlinks resolved) is one of the theme's files: a resource any project may use."""
    real = path.resolve()
    return real.is_relative_to(THEME_DIR) and real.is_file() and real.suffix in THEME_SUFFIXES
