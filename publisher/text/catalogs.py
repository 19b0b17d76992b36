"""gettext catalogs for template strings: ``locales/<lang>/LC_MESSAGES/messages.po``.

A language's catalog is the project's ``templates/locales/<lang>/LC_MESSAGES/messages.po`` when
there is one, else the built-in theme's (:mod:`publisher.theme`) — file by file, as templates are.
A string a catalog leaves untranslated (or a language with no catalog at all) falls back to the
source language's translation (the publication's first language), then to the template's own
text; ``publisher check`` names each such string at its catalog's line.

The ``.po`` files are the source; they are compiled in memory when a build needs
them (compiled ``.mo`` files are build products: never committed, never written into the package).

``publisher i18n`` (:func:`update_catalogs`) extracts the strings with Babel's Python API — the
project's own templates (``babel.cfg`` maps ``templates/**.j2`` to Jinja's extractor), the theme's
that they do not override, and the words the code itself needs (``publisher/text/labels.py``) —
then merges them into each of the project's ``.po`` files (new strings untranslated, changed ones
fuzzy, removed ones obsolete), as ``pybabel extract`` + ``update`` would. A language that has no
catalog yet gets one, with Babel's plural forms for its locale (from the theme's translations when
the theme has some). ``publisher i18n --theme`` does the same for the theme's own catalogs.
"""

from __future__ import annotations

import copy
import io
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file, pathmatch
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po
from babel.support import NullTranslations, Translations

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.load.textfile import read_text
from publisher.theme import THEME_DIR

THEME_LOCALES = THEME_DIR / "locales"


def po_path(locales_dir: Path, lang: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / "messages.po"


def catalog_file(locales_dir: Path, lang: str) -> Path | None:
    """The catalog that serves ``lang``: the project's (``locales_dir``) first, then the theme's; or None."""
    for folder in (locales_dir, THEME_LOCALES):
        path = po_path(folder, lang)
        if path.is_file():
            return path
    return None


def _read_po_file(path: Path, lang: str) -> Catalog:
    text = read_text(path)  # a byte-order mark, CRLF or another encoding: as for every file we read
    try:
        return read_po(io.StringIO(text), locale=lang, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        raise PublisherError.at(path, getattr(exc, "lineno", 0), f"invalid catalog: {exc}") from None


def read_catalog(locales_dir: Path, lang: str) -> Catalog | None:
    """The project's own catalog of ``lang`` (in ``locales_dir``), or None when it has none."""
    path = po_path(locales_dir, lang)
    return _read_po_file(path, lang) if path.is_file() else None


def _stamp(path: Path | None) -> int:
    return path.stat().st_mtime_ns if path is not None else 0


def load_translations(locales_dir: Path, lang: str, source_lang: str | None = None) -> NullTranslations:
    """Translations for ``lang``, compiled from its catalog (fuzzy entries are not used); what it
    leaves untranslated comes from ``source_lang``'s catalog, then stays the template's text."""
    own = catalog_file(locales_dir, lang)
    source = catalog_file(locales_dir, source_lang) if source_lang and source_lang != lang else None
    return _chain(own, _stamp(own), source, _stamp(source), lang, source_lang or lang)


@lru_cache(maxsize=32)
def _chain(own: Path | None, own_stamp: int, source: Path | None, source_stamp: int, lang: str, source_lang: str):
    """Compiled once per version of the .po files (the stamps are their mtimes)."""
    translations = _compiled(own, own_stamp, lang)
    if source is not None:
        translations.add_fallback(_compiled(source, source_stamp, source_lang))
    return translations


def _compiled(path: Path | None, stamp: int, lang: str) -> NullTranslations:
    if path is None:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, _read_po_file(path, lang), use_fuzzy=False)  # untranslated entries are left out
    buffer.seek(0)
    return Translations(buffer)


def _untranslated(message: object) -> bool:
    string = getattr(message, "string", None)
    return not string or (isinstance(string, tuple) and not all(string))


def check_catalogs(
    locales_dir: Path, languages: tuple[str, ...], source_lang: str, diags: Diagnostics, root: Path | None = None
) -> None:
    """Report untranslated and fuzzy template strings per language (warnings), each at its
    catalog's line, saying which language it falls back to.

    With ``root`` (the project), also report strings the templates use that a catalog lacks
    (``publisher i18n`` adds them).
    """
    used: dict[str | tuple[str, ...], tuple[str, int]] = {}
    if root is not None:
        try:
            for message in extract_messages(root):
                if message.id:
                    msgid = message.id if isinstance(message.id, str) else tuple(message.id)
                    used[msgid] = message.locations[0] if message.locations else ("", 0)
        except PublisherError as exc:
            diags.extend(exc.problems)
    for lang in languages:
        path = catalog_file(locales_dir, lang)
        shown_in = f"shown in the source language, {source_lang!r}" if lang != source_lang else "shown as written"
        if path is None:
            if lang != source_lang:
                diags.warning(
                    po_path(locales_dir, lang),
                    0,
                    f"no catalog for {lang!r}: template strings are {shown_in}; run `publisher i18n` to create it",
                )
            continue
        catalog = _read_po_file(path, lang)
        for message in catalog:
            if not message.id:
                continue
            line = message.lineno or 0
            shown = message.id if isinstance(message.id, str) else message.id[0]
            if message.fuzzy:
                diags.warning(path, line, f"fuzzy translation of {shown!r} (not used until reviewed)")
            elif _untranslated(message):
                diags.warning(path, line, f"untranslated: {shown!r} ({shown_in})")
        for msgid, (where, line) in used.items():
            if msgid not in catalog:
                shown = msgid if isinstance(msgid, str) else msgid[0]
                diags.warning(
                    path,
                    0,
                    f"{shown!r} ({where}:{line}) is not in the catalog ({shown_in}): "
                    "run `publisher i18n`, then translate it",
                )


# --------------------------------------------------------------------------
# Extraction and update (``publisher i18n``)
# --------------------------------------------------------------------------

DEFAULT_MAPPING = """\
[jinja2: templates/**.j2]
trim_blocks = true
lstrip_blocks = true
"""
"""Used when the project has no ``babel.cfg``."""

LABELS_PY = Path(__file__).resolve().parent / "labels.py"
"""The code's own translatable words (Figure, Table, Chapter, language names)."""

HEADER_COMMENT = """\
# Translations of the publisher templates' strings (Contents, Chapter, Figure …).
# Update with `publisher i18n`; check with `publisher check`. See docs/languages.md.
#"""

_SKIP_DIRS = {"build", "content", "node_modules", "figures"}


def _mapping(root: Path) -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    cfg = root / "babel.cfg"
    text = cfg.read_text(encoding="utf-8") if cfg.is_file() else DEFAULT_MAPPING
    try:
        return parse_mapping_cfg(io.StringIO(text), filename=str(cfg))
    except Exception as exc:  # configparser errors of every kind
        raise PublisherError.at(cfg, getattr(exc, "lineno", 0), f"invalid babel.cfg: {exc}") from None


def _files(root: Path, method_map: list[tuple[str, str]]) -> list[tuple[Path, str, str]]:
    """(file, relative name, method) for every file the mapping selects, in a stable order."""
    found: list[tuple[Path, str, str]] = []
    for folder, dirs, files in os.walk(root):
        rel_dir = Path(folder).relative_to(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith((".", "_")) and not (rel_dir == Path(".") and d in _SKIP_DIRS)
        )
        for name in sorted(files):
            rel = (rel_dir / name).as_posix()
            for pattern, method in method_map:
                if pathmatch(pattern, rel):
                    if method != "ignore":
                        found.append((Path(folder) / name, rel, method))
                    break
    return found


THEME_MAPPING = {"trim_blocks": "true", "lstrip_blocks": "true"}
"""How the theme's templates are read (as the Jinja environment does)."""


def _theme_files(shadowed: set[str]) -> list[tuple[Path, str, str]]:
    """The theme's templates a project does not override, named as a project's would be (``templates/…``)."""
    found = []
    for path in sorted(THEME_DIR.rglob("*.j2")):
        rel = "templates/" + path.relative_to(THEME_DIR).as_posix()
        if rel not in shadowed:
            found.append((path, rel, "jinja2"))
    return found


def extract_messages(root: Path | None) -> Catalog:
    """Every translatable string the project's templates use: its own (per ``babel.cfg``), the theme's
    it does not override, and ``labels.py``'s. ``root`` None: the theme's alone."""
    method_map, options_map = _mapping(root) if root is not None else ([], {})
    template = Catalog(
        project="publisher",
        msgid_bugs_address="",
        copyright_holder="",
        charset="utf-8",
        fuzzy=False,
        header_comment=HEADER_COMMENT,
    )
    files = _files(root, method_map) if root is not None else []
    files += _theme_files({rel for _, rel, _ in files})
    options_map = {**options_map, "templates/**.j2": options_map.get("templates/**.j2", THEME_MAPPING)}
    if not any(path.resolve() == LABELS_PY for path, _, _ in files):
        files.append((LABELS_PY, "publisher/text/labels.py", "python"))
    files.sort(key=lambda item: item[1])  # the same order wherever the package lives
    diags = Diagnostics()
    for path, rel, method in files:
        options = next((opts for pattern, opts in options_map.items() if pathmatch(pattern, rel)), {})
        try:
            found = extract_from_file(
                method, path, comment_tags=("Translators:",), options=options, strip_comment_tags=True
            )
        except Exception as exc:  # a template syntax error, reported at its line
            diags.error(path, getattr(exc, "lineno", 0) or 0, f"cannot extract strings: {exc}")
            continue
        for lineno, message, comments, context in found:
            template.add(message, None, [(rel, lineno)], auto_comments=comments, context=context)
    diags.raise_if_errors()
    return template


def _comparable(catalog: Catalog) -> list[tuple[object, ...]]:
    # Files, not line numbers: moving a string within a template does not rewrite the catalogs.
    # … nor does the order of the entries.
    return sorted(
        (
            (
                m.id,
                m.string or "",
                m.context,
                tuple(sorted({f for f, _ in m.locations})),
                m.fuzzy,
                tuple(m.auto_comments),
            )
            for m in catalog
            if m.id
        ),
        key=repr,
    )


def _write_catalog(path: Path, catalog: Catalog, old: Catalog | None) -> bool:
    """Write ``catalog`` unless only its header (dates) would change; True when written."""
    from publisher.files import write_atomic

    if (
        old is not None
        and _comparable(old) == _comparable(catalog)
        and [m.id for m in old.obsolete.values()] == [m.id for m in catalog.obsolete.values()]
    ):
        return False
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, include_lineno=False)
    write_atomic(path, buffer.getvalue())
    return True


@dataclass
class CatalogUpdate:
    lang: str
    path: Path
    added: list[str]
    obsolete: list[str]
    untranslated: int
    fuzzy: int
    written: bool
    created: bool = False


def _new_catalog(lang: str, locales_dir: Path) -> tuple[Catalog, bool]:
    """A language's catalog to merge into: the project's, else a copy of the theme's, else a new one
    (Babel fills in the plural forms of its locale); and whether it is new to the project."""
    own = read_catalog(locales_dir, lang)
    if own is not None:
        return own, False
    if locales_dir != THEME_LOCALES and po_path(THEME_LOCALES, lang).is_file():
        return _read_po_file(po_path(THEME_LOCALES, lang), lang), True
    catalog = Catalog(
        locale=lang,
        project="publisher",
        charset="utf-8",
        fuzzy=False,
        header_comment=HEADER_COMMENT,
        copyright_holder="",
        msgid_bugs_address="",
    )
    return catalog, True


def _covers(catalog_path: Path, lang: str, template: Catalog) -> bool:
    """Whether the (theme's) catalog at ``catalog_path`` has every string of ``template``."""
    catalog = _read_po_file(catalog_path, lang)
    return all(m.id in catalog for m in template if m.id)


def update_catalogs(
    root: Path | None, languages: tuple[str, ...], source_lang: str
) -> tuple[Path | None, list[CatalogUpdate]]:
    """Extract the strings, then merge them into the project's catalog of every language
    (``templates/locales/<lang>/LC_MESSAGES/messages.po``), creating those it lacks.

    A language the theme translates completely keeps the theme's catalog (nothing is written); a
    language the theme does not know gets a new catalog; one whose strings the project's own
    templates extend gets a copy of the theme's, to extend. New strings of the source language get
    their msgid as translation (the templates are written in it); in other languages they stay
    untranslated until a translator fills them. ``root`` None: the theme's own catalogs.
    Returns the ``messages.pot`` written (None when the project has no catalog of its own).
    """
    locales = THEME_LOCALES if root is None else root / "templates" / "locales"
    template = extract_messages(root)
    updates: list[CatalogUpdate] = []
    for lang in languages:
        path = po_path(locales, lang)
        theme_po = po_path(THEME_LOCALES, lang)
        if root is not None and not path.is_file() and theme_po.is_file() and _covers(theme_po, lang, template):
            continue  # the theme's catalog serves this language as it is
        old = read_catalog(locales, lang)
        catalog, created = _new_catalog(lang, locales)
        before = {m.id for m in catalog if m.id}
        # Catalog.update shares Message objects with the template: give each language its own copy.
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=False, update_creation_date=False)
        if lang == source_lang:
            for message in catalog:
                if message.id and (
                    not message.string or (isinstance(message.string, tuple) and not any(message.string))
                ):
                    message.string = message.id
                    message.flags.discard("fuzzy")
        after = [m for m in catalog if m.id]
        added = [m.id if isinstance(m.id, str) else m.id[0] for m in after if m.id not in before]
        obsolete = [m if isinstance(m, str) else m[0] for m in catalog.obsolete]
        untranslated = sum(1 for m in after if _untranslated(m))
        fuzzy = sum(1 for m in after if m.fuzzy)
        written = _write_catalog(path, catalog, old)
        updates.append(CatalogUpdate(lang, path, added, obsolete, untranslated, fuzzy, written, created))
    pot = locales / "messages.pot"
    if not locales.is_dir():
        return None, updates
    old_pot = None
    if pot.is_file():
        with pot.open("rb") as fh:
            old_pot = read_po(fh)
    _write_catalog(pot, template, old_pot)
    return pot, updates
