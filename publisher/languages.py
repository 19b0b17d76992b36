"""The language registry: every fact the publisher knows about a language, in one place.

A :class:`Language` is derived from CLDR through Babel (the locale used for numbers and
dates, the language's name in itself and in English, its script and writing direction);
:data:`_OVERRIDES` holds the few facts CLDR (as Babel ships it) does not give, or where
the publication deliberately differs, each with its reason. Nothing else in the package
names a language code: code asks this module (``language("tr").casing``).

Which languages a publication may use is :data:`ACCEPTED`; any language CLDR knows can
already be looked up, so accepting another one is a change to that line (plus its
overrides, when it has special casing, collation or quotation marks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

__all__ = [
    "ACCEPTED",
    "DEFAULT",
    "DOTTED_I",
    "LATIN",
    "PRINTER",
    "Language",
    "base_code",
    "find",
    "is_accepted",
    "language",
]

#: The languages a publication may list in ``publication.yaml``, sorted (opened to every
#: CLDR language by issue #12: this line).
ACCEPTED: tuple[str, ...] = ("ar", "en", "it", "tr")

#: The language of what is written for the printer (the job sheet).
PRINTER = "en"
#: The language assumed where none is given (a Markdown fragment outside any document).
DEFAULT = "en"

#: Casing that pairs i/İ and ı/I instead of i/I (Turkish, Azerbaijani).
DOTTED_I = "dotted-i"
LATIN = "abcdefghijklmnopqrstuvwxyz"

#: Quotation marks (double open/close, then single open/close) when a language has none
#: below: CLDR's root delimiters.
_ROOT_QUOTES = "“”‘’"
#: The fonts that draw each script (Source Serif Pro for text, Source Sans Pro for
#: headings, captions and charts: see ``publisher.pdf.fonts``).
_SCRIPT_FONTS: dict[str, tuple[str, ...]] = {
    "Latn": ("Source Serif Pro", "Source Sans Pro"),
    # Noto Naskh Arabic for text, Noto Sans Arabic for headings and charts (Debian's
    # fonts-noto-core): Arabic letters only, so Latin words fall back to the Latin pair.
    "Arab": ("Noto Naskh Arabic", "Noto Sans Arabic"),
}
_DICTIONARIES = Path(__file__).resolve().parent / "text" / "dictionaries"

#: What CLDR (through Babel) does not say, or where the publication differs from it.
_OVERRIDES: dict[str, dict[str, object]] = {
    # Quotation marks are CLDR's delimiters (quotationStart/End, alternateQuotationStart/End),
    # which Babel does not ship: tr and en “ ” ‘ ’, it « » “ ”.
    "en": {"quotes": "“”‘’"},
    "it": {
        "quotes": "«»“”",
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
    digits: str = "latn"
    """The CLDR numbering system of numbers and dates (``latn``: 0-9; ``arab``: ٠-٩)."""

    def name_in(self, other: str) -> str:
        """This language named in language ``other`` (Italian in Turkish: ``İtalyanca``), from CLDR."""
        return Locale.parse(language(other).locale).languages.get(self.code, self.english_name)

    @property
    def fonts(self) -> tuple[str, ...]:
        """The font families that draw this language's script (empty: none of ours does)."""
        return _SCRIPT_FONTS.get(self.script, ())


def base_code(code: str) -> str:
    """The primary language subtag of ``code``: ``"tr-TR"``, ``"tr_TR"``, ``"TR"`` -> ``"tr"``."""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


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
    return Language(
        code=base,
        locale=str(facts.get("locale", f"{base}_{territory}" if territory else base)),
        native_name=_capitalise(own.get_language_name(base) or base, casing),
        english_name=own.get_language_name("en") or base,
        script=script or "",
        direction="rtl" if own.text_direction == "rtl" else "ltr",
        quotes=str(facts.get("quotes", _ROOT_QUOTES)),
        casing=casing,
        alphabet=str(facts.get("alphabet", LATIN)),
        elision=bool(facts.get("elision", False)),
        hyphenation=_DICTIONARIES / str(dictionary) if dictionary else None,
        digits=str(facts.get("digits", "latn")),
    )


def language(code: str) -> Language:
    """The language of ``code``; raises :class:`KeyError` when CLDR does not know it."""
    found = find(code)
    if found is None:
        raise KeyError(f"unknown language {code!r}")
    return found


def is_accepted(code: str) -> bool:
    """Whether a publication may be written in ``code``."""
    return code in ACCEPTED
