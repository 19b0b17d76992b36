"""The language registry: every fact the publisher knows about a language, in one place.

A :class:`Language` is derived from CLDR through Babel (the locale used for numbers and
dates, the language's name in itself and in English, its script and writing direction);
:data:`_OVERRIDES` holds the few facts CLDR (as Babel ships it) does not give, or where
the publication deliberately differs, each with its reason. Nothing else in the package
names a language code: code asks this module (``language("tr").casing``).

A publication may use any language CLDR (as Babel ships it) has locale data for:
:data:`ACCEPTED`. Quotation marks are CLDR's delimiters, which Babel does not ship: they
come from ``publisher/data/delimiters.json``, extracted from Unicode's CLDR JSON by
``scripts/cldr_delimiters.py`` (committed, so the build never needs the network).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale
from babel.localedata import locale_identifiers

__all__ = [
    "ACCEPTED",
    "DEFAULT",
    "DOTTED_I",
    "LATIN",
    "PRINTER",
    "Language",
    "base_code",
    "find",
    "has_dictionary",
    "is_accepted",
    "language",
    "language_fallback",
    "own_dictionaries",
    "UNHYPHENATED_SCRIPTS",
]

#: The languages a publication may list in ``publication.yaml``, sorted: every language
#: (a bare language code, no region) that CLDR, as Babel ships it, has locale data for.
ACCEPTED: tuple[str, ...] = tuple(sorted(i for i in locale_identifiers() if "_" not in i and i != "root"))
_ACCEPTED_SET = frozenset(ACCEPTED)

#: Scripts whose text is never hyphenated (Arabic justifies by widening its joins instead): no
#: warning that such a language lacks a hyphenation dictionary.
UNHYPHENATED_SCRIPTS = frozenset({"Arab", "Hebr"})

#: The language of what is written for the printer (the job sheet).
PRINTER = "en"
#: The language assumed where none is given (a Markdown fragment outside any document, `publisher new`).
DEFAULT = "en"
#: The language the built-in theme's strings are written in (the gettext msgids).
THEME = "en"

#: Casing that pairs i/İ and ı/I instead of i/I (Turkish, Azerbaijani).
DOTTED_I = "dotted-i"
LATIN = "abcdefghijklmnopqrstuvwxyz"

#: Quotation marks (double open/close, then single open/close) when CLDR has none for a
#: language: CLDR's root delimiters.
_ROOT_QUOTES = "“”‘’"
#: The fonts that draw each script (Source Serif Pro for text, Source Sans Pro for
#: headings, captions and charts: see ``publisher.fonts``). Their upright faces draw
#: Latin, Greek and Cyrillic; ``publisher check`` finds any character they lack.
_PUBLICATION_FONTS = ("Source Serif Pro", "Source Sans Pro")
_SCRIPT_FONTS: dict[str, tuple[str, ...]] = {script: _PUBLICATION_FONTS for script in ("Latn", "Grek", "Cyrl")}
# Noto Naskh Arabic for text, Noto Sans Arabic for headings and charts (Debian's
# fonts-noto-core): Arabic letters only, so Latin words fall back to the Latin pair.
_SCRIPT_FONTS["Arab"] = ("Noto Naskh Arabic", "Noto Sans Arabic")
_PACKAGE = Path(__file__).resolve().parent
_DICTIONARIES = _PACKAGE / "text" / "dictionaries"
_DELIMITERS = _PACKAGE / "data" / "delimiters.json"

#: What CLDR (through Babel) does not say, or where the publication differs from it.
_OVERRIDES: dict[str, dict[str, object]] = {
    # Quotation marks are CLDR's delimiters (publisher/data/delimiters.json). The sample's
    # three languages keep theirs written out (the same as CLDR's today): its typography
    # must not change when the CLDR data is regenerated.
    # Accessibility lint (publisher check): link texts that say nothing out of context, and
    # alternative texts that describe nothing (WCAG 2.4.4, 1.1.1).
    "en": {
        "quotes": "“”‘’",
        "vague_links": ("here", "click here", "this link", "link", "more", "read more", "this page"),
        "vague_alts": ("image", "picture", "photo", "figure", "chart", "graph", "logo", "icon"),
    },
    "it": {
        "quotes": "«»“”",
        "vague_links": ("qui", "clicca qui", "questo link", "link", "collegamento", "di più", "leggi di più"),
        "vague_alts": ("immagine", "foto", "figura", "grafico", "logo", "icona"),
        # An apostrophe marks an elision (dell'Unione): in slugs it separates words.
        "elision": True,
    },
    "tr": {
        "quotes": "“”‘’",
        # Python's str.upper/lower know no locale: i↔İ and ı↔I must be mapped first.
        "casing": DOTTED_I,
        # Collation: ç ğ ı ö ş ü are letters of their own (c < ç < d); q w x as CLDR places
        # them. A pure table, so the order is the same on every machine (no ICU).
        "alphabet": "abcçdefgğhıijklmnoöpqrsştuüvwxyz",
        # Pyphen ships no Turkish patterns: ours are generated (publisher.text.hyphenation).
        "hyphenation": "hyph_tr_TR.dic",
        "vague_links": ("burada", "buraya", "buraya tıklayın", "tıklayın", "bu bağlantı", "bağlantı", "devamı"),
        "vague_alts": ("resim", "görsel", "fotoğraf", "şekil", "grafik", "logo", "simge"),
    },
    "az": {"casing": DOTTED_I},
    "ar": {
        # CLDR's delimiters for ar: ” “ ’ ‘ (the marks as an Arabic text sets them, right to left).
        "quotes": "”“’‘",
        # CLDR's likely region is Egypt (months يناير, فبراير…); the report's readers are Syrians
        # in Izmir, who name the months as the Levant does (كانون الثاني, شباط…): ar_SY.
        "locale": "ar_SY",
        # Digits: Latin 0-9 (CLDR's default numbering system for ar, Babel's default), not the
        # Arabic-Indic ٠-٩ of ar_SY: the same digits in the text, the tables, the charts, the page
        # numbers and the counters, as the UN and EU publish in Arabic. docs/languages.md.
        "digits": "latn",
    },
}


@dataclass(frozen=True)
class Language:
    """What the publisher knows about one language."""

    code: str
    """The primary language subtag, as ``publication.yaml`` and ``content/<code>/`` spell it."""
    locale: str
    """The CLDR locale of numbers, currencies and dates (Babel): the language's likely
    region, so English reads "January 6, 2020" (``en_US``)."""
    native_name: str
    """The language named in itself, capitalised as a label (``Italiano``, ``Türkçe``)."""
    english_name: str
    """The language named in English (``Italian``): the job sheet and the gettext msgid
    of its name in other languages."""
    script: str
    """ISO 15924 script code of its likely script (``Latn``)."""
    direction: str
    """``ltr`` or ``rtl``."""
    quotes: str = _ROOT_QUOTES
    """Double open, double close, single open, single close quotation mark."""
    casing: str = "default"
    """``default`` (str.upper/lower) or :data:`DOTTED_I`."""
    alphabet: str = LATIN
    """Letters in collation order (lower case)."""
    elision: bool = False
    """Whether an apostrophe separates two words (Italian ``dell'Unione``) rather than a
    suffix from its word (Turkish ``İzmir'de``)."""
    hyphenation: Path | None = None
    """A hyphenation dictionary the publisher ships (else Pyphen's own for :attr:`locale`)."""
    vague_links: tuple[str, ...] = ()
    """Link texts that say nothing out of context ("here"): ``publisher check`` warns about them."""
    vague_alts: tuple[str, ...] = ()
    """Alternative texts that describe nothing ("image"): ``publisher check`` warns about them."""
    digits: str = "latn"
    """The CLDR numbering system of numbers and dates (``latn``: 0-9; ``arab``: ٠-٩)."""

    def name_in(self, other: str) -> str:
        """This language named in language ``other`` (Italian in Turkish: ``İtalyanca``), from CLDR."""
        return Locale.parse(language(other).locale).languages.get(self.code, self.english_name)

    def label_in(self, other: str) -> str:
        """:meth:`name_in`, capitalised as a label by ``other``'s casing (``Turco`` in Italian)."""
        return _capitalise(self.name_in(other), language(other).casing)

    @property
    def fonts(self) -> tuple[str, ...]:
        """The font families that draw this language's script (empty: none of ours does)."""
        return _SCRIPT_FONTS.get(self.script, ())


def base_code(code: str) -> str:
    """The primary language subtag of ``code``: ``"tr-TR"``, ``"tr_TR"``, ``"TR"`` -> ``"tr"``."""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


@cache
def _cldr_quotes() -> dict[str, str]:
    """CLDR locale id → its four quotation marks (``publisher/data/delimiters.json``)."""
    locales: dict[str, str] = json.loads(_DELIMITERS.read_text(encoding="utf-8"))["locales"]
    return locales


def _quotes(locale: str, base: str) -> str:
    """CLDR's quotation marks for ``locale`` (``de_DE``), else its language's (``de``), else root's."""
    marks = _cldr_quotes()
    return marks.get(locale) or marks.get(base) or marks.get("und", _ROOT_QUOTES)


def _capitalise(text: str, casing: str) -> str:
    first = text[:1]
    if casing == DOTTED_I:
        first = first.translate({ord("i"): "İ", ord("ı"): "I"})
    return first.upper() + text[1:]


@cache
def find(code: str) -> Language | None:
    """The language of ``code`` (region suffixes ignored), or None when CLDR does not know it."""
    base = base_code(code)
    likely = get_global("likely_subtags").get(base)
    if not base.isalpha() or likely is None:
        return None
    parts = parse_locale(likely)  # (language, territory, script, variant[, modifier])
    territory, script = parts[1], parts[2]
    try:
        own = Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        return None
    # CLDR names a language as in mid-sentence ("italiano"); a language switcher shows it as
    # a label, capitalised by the language's own casing ("Italiano").
    facts = _OVERRIDES.get(base, {})
    casing = str(facts.get("casing", "default"))
    dictionary = facts.get("hyphenation")
    locale = f"{base}_{territory}" if territory else base
    return Language(
        code=base,
        locale=str(facts.get("locale", locale)),
        native_name=_capitalise(own.get_language_name(base) or base, casing),
        english_name=own.get_language_name("en") or base,
        script=script or "",
        direction="rtl" if own.text_direction == "rtl" else "ltr",
        quotes=str(facts.get("quotes") or _quotes(locale, base)),
        casing=casing,
        alphabet=str(facts.get("alphabet", LATIN)),
        elision=bool(facts.get("elision", False)),
        hyphenation=_DICTIONARIES / str(dictionary) if dictionary else None,
        vague_links=_words(facts.get("vague_links")),
        vague_alts=_words(facts.get("vague_alts")),
        digits=str(facts.get("digits", "latn")),
    )


def _words(value: object) -> tuple[str, ...]:
    return tuple(str(word) for word in value) if isinstance(value, tuple) else ()


def language(code: str) -> Language:
    """The language of ``code``; raises :class:`KeyError` when CLDR does not know it."""
    found = find(code)
    if found is None:
        raise KeyError(f"unknown language {code!r}")
    return found


def is_accepted(code: str) -> bool:
    """Whether a publication may be written in ``code``: a language code (``de``, not ``de-AT``
    or ``DE``) that CLDR has locale data for."""
    return isinstance(code, str) and code in _ACCEPTED_SET


def text_direction(text: str, default: str = "ltr") -> str:
    """``ltr`` or ``rtl`` by the first strong character of ``text`` (HTML's ``dir="auto"``, which
    WeasyPrint 70 does not apply: templates write the result); ``default`` when there is none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return default


def own_dictionaries() -> tuple[Language, ...]:
    """The languages whose hyphenation dictionary the publisher ships (not Pyphen)."""
    return tuple(language(code) for code, facts in _OVERRIDES.items() if facts.get("hyphenation"))


def language_fallback(language: str) -> str | None:
    """The dictionary name for ``language`` (``tr-TR`` → ``tr_TR``), ours first.

    The same truncation as ``pyphen.language_fallback`` (``tr_CY`` → ``tr``), over our
    dictionaries (named as Pyphen names its own: ``hyph_tr_TR.dic`` is ``tr_TR`` and
    ``tr``) and then Pyphen's; ``None`` when neither has the language.
    """
    own = find(language)
    if own is not None and own.hyphenation is not None:  # a dictionary the publisher ships
        names = {name.lower(): name for name in (own.code, own.hyphenation.name[5:-4])}
        parts = language.replace("-", "_").lower().split("_")
        while parts:
            if "_".join(parts) in names:
                return names["_".join(parts)]
            parts.pop()
    import pyphen  # only when asked: most commands never hyphenate

    found: str | None = pyphen.language_fallback(language)
    return found


def has_dictionary(code: str) -> bool:
    """Whether the printed text of language ``code`` can be hyphenated (ours or Pyphen's dictionary)."""
    found = find(code)
    return found is not None and language_fallback(found.locale) is not None
