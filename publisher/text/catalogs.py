"""gettext catalogs for template strings: ``templates/locales/<lang>/LC_MESSAGES/messages.po``.

The ``.po`` files are the source; they are compiled in memory when a build needs
them (compiled ``.mo`` files are build products and never committed).

``publisher i18n`` (:func:`update_catalogs`) extracts the strings with Babel's Python API —
``babel.cfg`` maps ``templates/**.j2`` to Jinja's extractor; the words the code itself
needs (``publisher/text/labels.py``) are always extracted too — into
``templates/locales/messages.pot``, then merges it into each language's ``.po`` (new strings
untranslated, changed ones fuzzy, removed ones obsolete), as ``pybabel extract`` + ``update``
would. ``publisher check`` reports what is left untranslated or fuzzy.
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


def po_path(locales_dir: Path, lang: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / "messages.po"


def read_catalog(locales_dir: Path, lang: str) -> Catalog | None:
    """The catalog of ``lang``, or None when there is none."""
    path = po_path(locales_dir, lang)
    if not path.exists():
        return None
    text = read_text(path)  # a byte-order mark, CRLF or another encoding: as for every file we read
    try:
        return read_po(io.StringIO(text), locale=lang, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        raise PublisherError.at(path, getattr(exc, "lineno", 0), f"invalid catalog: {exc}") from None


def load_translations(locales_dir: Path, lang: str) -> NullTranslations:
    """Translations for ``lang`` compiled from its .po file (fuzzy entries are not used)."""
    path = po_path(locales_dir, lang)
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    return _compiled(locales_dir, lang, stamp)


@lru_cache(maxsize=16)
def _compiled(locales_dir: Path, lang: str, stamp: int) -> NullTranslations:
    """Compiled once per version of the .po file (``stamp`` is its mtime)."""
    catalog = read_catalog(locales_dir, lang)
    if catalog is None:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer)


def check_catalogs(
    locales_dir: Path, languages: tuple[str, ...], source_lang: str, diags: Diagnostics, root: Path | None = None
) -> None:
    """Report untranslated and fuzzy template strings per language (warnings).

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
        catalog = read_catalog(locales_dir, lang)
        path = po_path(locales_dir, lang)
        if catalog is None:
            if lang != source_lang:
                diags.warning(path, 0, f"no catalog for {lang!r}: template strings stay in English")
            continue
        for message in catalog:
            if not message.id:
                continue
            line = message.lineno or 0
            shown = message.id if isinstance(message.id, str) else message.id[0]
            if message.fuzzy:
                diags.warning(path, line, f"fuzzy translation of {shown!r} (not used until reviewed)")
            elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
                diags.warning(path, line, f"untranslated: {shown!r}")
        for msgid, (where, line) in used.items():
            if msgid not in catalog:
                shown = msgid if isinstance(msgid, str) else msgid[0]
                diags.warning(
                    path,
                    0,
                    f"{shown!r} ({where}:{line}) is not in the catalog: run `publisher i18n`, then translate it",
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


def extract_messages(root: Path) -> Catalog:
    """Every translatable string of the templates (per ``babel.cfg``) and of ``labels.py``."""
    method_map, options_map = _mapping(root)
    template = Catalog(
        project="publisher",
        msgid_bugs_address="",
        copyright_holder="",
        charset="utf-8",
        fuzzy=False,
        header_comment=HEADER_COMMENT,
    )
    files = _files(root, method_map)
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
    from publisher.build.outputs import write_atomic

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


def update_catalogs(root: Path, languages: tuple[str, ...], source_lang: str) -> tuple[Path, list[CatalogUpdate]]:
    """Extract into ``messages.pot`` and merge it into every language's ``.po``.

    New strings of the source language get their msgid as translation (the templates are
    written in it); in other languages they stay untranslated until a translator fills them.
    """
    locales = root / "templates" / "locales"
    template = extract_messages(root)
    pot = locales / "messages.pot"
    old_pot = None
    if pot.is_file():
        with pot.open("rb") as fh:
            old_pot = read_po(fh)
    _write_catalog(pot, template, old_pot)
    updates: list[CatalogUpdate] = []
    for lang in languages:
        path = po_path(locales, lang)
        old = read_catalog(locales, lang)
        catalog = read_catalog(locales, lang)
        if catalog is None:
            catalog = Catalog(
                locale=lang,
                project="publisher",
                charset="utf-8",
                fuzzy=False,
                header_comment=HEADER_COMMENT,
                copyright_holder="",
                msgid_bugs_address="",
            )
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
        untranslated = sum(1 for m in after if not m.string or (isinstance(m.string, tuple) and not all(m.string)))
        fuzzy = sum(1 for m in after if m.fuzzy)
        written = _write_catalog(path, catalog, old)
        updates.append(CatalogUpdate(lang, path, added, obsolete, untranslated, fuzzy, written))
    return pot, updates
