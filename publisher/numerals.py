"""Digits: which numbering system a language's numbers are written in, and its ten digits.

``publication.yaml`` chooses, per language, ``default`` (CLDR's default numbering system of the
language's locale: ``arabext`` for Persian, ``latn`` for Hindi), ``native`` (CLDR's native one:
``deva`` for Hindi, ``arab`` for Arabic) or ``latn`` (0-9); without a choice the registry's own
(:attr:`publisher.languages.Language.digits`). Babel formats numbers with a numbering system's
separators but writes them with 0-9: :func:`to_digits` puts the system's digits in, and
:func:`counter_style` gives the CSS ``@counter-style`` that numbers pages, footnotes and lists
with them. Calendars stay Gregorian whatever the digits.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale

__all__ = ["CHOICES", "LATIN", "choose", "counter_style", "digit_symbols", "to_ascii", "to_digits"]

#: The values of a language's ``digits`` in ``publication.yaml``.
CHOICES = ("default", "native", "latn")
LATIN = "latn"

#: CLDR's numeric numbering systems (numberingSystems.xml, type="numeric") → their digit zero:
#: the ten digits are the ten code points from it (Unicode encodes every decimal digit run so).
_ZEROS: dict[str, str] = {
    "latn": "0",
    "arab": "\u0660",
    "arabext": "\u06f0",
    "adlm": "\U0001e950",
    "bali": "\u1b50",
    "beng": "\u09e6",
    "cakm": "\U00011136",
    "deva": "\u0966",
    "fullwide": "\uff10",
    "gujr": "\u0ae6",
    "guru": "\u0a66",
    "java": "\ua9d0",
    "khmr": "\u17e0",
    "knda": "\u0ce6",
    "laoo": "\u0ed0",
    "limb": "\u1946",
    "mlym": "\u0d66",
    "mong": "\u1810",
    "mtei": "\uabf0",
    "mymr": "\u1040",
    "nkoo": "\u07c0",
    "olck": "\u1c50",
    "orya": "\u0b66",
    "rohg": "\U00010d30",
    "tamldec": "\u0be6",
    "telu": "\u0c66",
    "thai": "\u0e50",
    "tibt": "\u0f20",
    "vaii": "\ua620",
}
#: Numeric systems whose digits are not one run of code points.
_LISTED = {"hanidec": "〇一二三四五六七八九"}


def digit_symbols(system: str) -> str:
    """The ten digits of CLDR numbering system ``system`` (``arabext``: ``۰۱۲۳۴۵۶۷۸۹``); KeyError
    for a system that is not numeric (``taml``, ``hans``: written with words, not digits)."""
    if system in _LISTED:
        return _LISTED[system]
    zero = ord(_ZEROS[system])
    digits = "".join(chr(zero + i) for i in range(10))
    assert all(unicodedata.digit(d, -1) == i for i, d in enumerate(digits)), system
    return digits


@cache
def choose(locale: str, choice: str) -> str:
    """The numbering system of ``choice`` (``default``, ``native``, ``latn``) for the CLDR ``locale``
    (``fa_IR``); ``latn`` when CLDR's system is not one of digits."""
    if choice == LATIN:
        return LATIN
    found = Locale.parse(locale)
    system = found.default_numbering_system if choice == "default" else found.other_numbering_systems.get("native")
    return system if system in _ZEROS or system in _LISTED else LATIN


def to_digits(text: str, system: str) -> str:
    """``text`` with its ASCII digits 0-9 written in ``system`` (``12`` → ``۱۲`` in ``arabext``)."""
    if system == LATIN or not any("0" <= c <= "9" for c in text):
        return text
    return text.translate(_table(system))


@cache
def _table(system: str) -> dict[int, str]:
    return {ord("0") + i: d for i, d in enumerate(digit_symbols(system))}


#: The digits of every numeric system but Han's (its 一 is also a word) → 0-9 (a search folds them:
#: ``۱۲`` finds ``12``). ``search.js`` folds the same runs (its DIGIT_ZEROS).
_TO_ASCII = str.maketrans({chr(ord(zero) + i): str(i) for zero in _ZEROS.values() for i in range(10) if zero != "0"})


def to_ascii(text: str) -> str:
    """``text`` with the digits of the numeric numbering systems written 0-9 (``۱۲`` → ``12``)."""
    return text.translate(_TO_ASCII)


def counter_style(system: str, name: str = "digits") -> str:
    """A CSS ``@counter-style`` named ``name`` that counts in ``system`` (empty for ``latn``: ``decimal``)."""
    if system == LATIN:
        return ""
    symbols = " ".join(f'"{d}"' for d in digit_symbols(system))
    return f"@counter-style {name} {{ system: numeric; symbols: {symbols}; }}"
