"""gettext catalogs for template strings: ``templates/locales/<lang>/LC_MESSAGES/messages.po``.

The ``.po`` files are the source; they are compiled in memory when a build needs
them (compiled ``.mo`` files are build products and never committed).
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from .diagnostics import Diagnostics, PublisherError


def po_path(locales_dir: Path, lang: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / "messages.po"


def read_catalog(locales_dir: Path, lang: str) -> Catalog | None:
    """The catalog of ``lang``, or None when there is none."""
    path = po_path(locales_dir, lang)
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            return read_po(fh, locale=lang, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        raise PublisherError.at(path, getattr(exc, "lineno", 0), f"invalid catalog: {exc}") from None


@lru_cache(maxsize=8)
def load_translations(locales_dir: Path, lang: str) -> NullTranslations:
    """Translations for ``lang`` compiled from its .po file (fuzzy entries are not used)."""
    catalog = read_catalog(locales_dir, lang)
    if catalog is None:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer)


def check_catalogs(locales_dir: Path, languages: tuple[str, ...], source_lang: str, diags: Diagnostics) -> None:
    """Report untranslated and fuzzy template strings per language (warnings)."""
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
