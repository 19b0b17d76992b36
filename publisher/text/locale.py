"""Language-aware text: casing, slugs, collation and CLDR formatting.

Everything here takes a language code (region suffixes are accepted too) and gives
the locale-correct result for that language, from its facts in
:mod:`publisher.languages`:

* :func:`upper` / :func:`lower` -- casing, with the dotted/dotless *i* where the
  language pairs i/İ and ı/I.
* :func:`slugify` -- ASCII slugs for file names and HTML ids.
* :func:`sort_key` / :func:`sorted_by_alphabet` -- collation by each
  language's alphabet (a pure-Python table, the same on every machine).
* :func:`format_number`, :func:`format_percent`, :func:`format_currency`,
  :func:`format_date` -- CLDR formatting through Babel, in the publication's digits
  (:mod:`publisher.text.formats`).
* :func:`jinja_filters` -- the formatters bound to one language, for Jinja.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

from publisher.languages import DOTTED_I, LATIN, base_code, find, text_direction
from publisher.text.formats import (  # noqa: F401 (NBSP, NARROW_NBSP: re-exported)
    NARROW_NBSP,
    NBSP,
    DateLike,
    Number,
    babel_locale,
    digits_of,
    format_currency,
    format_date,
    format_number,
    format_percent,
    in_digits,
    use_digits,
)

__all__ = [
    "babel_locale",
    "digits_of",
    "in_digits",
    "use_digits",
    "format_currency",
    "format_date",
    "format_number",
    "format_percent",
    "jinja_filters",
    "lower",
    "slugify",
    "sort_key",
    "sorted_by_alphabet",
    "upper",
]

T = TypeVar("T")


_DOTTED_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_DOTTED_LOWER = str.maketrans({"İ": "i", "I": "ı"})


@cache
def _dotted_i(lang: str) -> bool:
    """Whether ``lang``'s casing pairs i/İ and ı/I."""
    found = find(lang)
    return found is not None and found.casing == DOTTED_I


# --------------------------------------------------------------------------
# Casing
# --------------------------------------------------------------------------


def upper(text: str, lang: str) -> str:
    """Upper-case ``text`` by the rules of ``lang``.

    Languages with dotted-i casing (Turkish, Azerbaijani) map ``i`` to ``İ`` and
    ``ı`` to ``I``; every other language uses :meth:`str.upper`.

    ``izmir`` is ``İZMİR`` in Turkish, ``IZMIR`` in English.
    """
    if _dotted_i(lang):
        text = text.translate(_DOTTED_UPPER)
    return text.upper()


def lower(text: str, lang: str) -> str:
    """Lower-case ``text`` by the rules of ``lang``.

    Languages with dotted-i casing map ``İ`` to ``i`` and ``I`` to ``ı``; every
    other language uses :meth:`str.lower`. Unlike :meth:`str.lower`, that
    mapping never lengthens the string (``"İ".lower()`` is two code points,
    ``i`` + U+0307).

    In Turkish, ``ISPARTA`` is ``ısparta`` and ``İZMİR`` is ``izmir``.
    """
    if _dotted_i(lang):
        text = text.translate(_DOTTED_LOWER)
    return text.lower()


# --------------------------------------------------------------------------
# Slugs
# --------------------------------------------------------------------------

#: Letters that NFKD does not decompose to ASCII (ı, ß, æ ...). Letters with
#: diacritics (ç, ğ, ö, ş, ü, à, è, é ...) are handled by NFKD itself.
_TRANSLITERATION = str.maketrans(
    {
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
    }
)
_APOSTROPHES = "'’ʼ`´"
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, lang: str) -> str:
    """Return an ASCII slug of ``text``: lower case, words joined by ``-``.

    Lower-casing follows ``lang`` (so Turkish ``I`` becomes ``ı`` and then
    ``i``), letters are transliterated to ASCII (ç→c, ğ→g, ı→i, ö→o, ş→s,
    ü→u, à→a, è/é→e, and NFKD for the rest), and runs of anything else become
    a single ``-``. Apostrophes are dropped where they split a suffix from its
    word (Turkish ``İzmir'de`` -> ``izmirde``), but separate words where they
    mark an elision (Italian ``dell'Unione`` -> ``dell-unione``).

    The Turkish ``İzmir'de Göç Yönetimi`` gives ``izmirde-goc-yonetimi``.
    """
    found = find(lang)
    text = lower(text, lang)
    replacement = " " if found is not None and found.elision else None
    text = text.translate({ord(c): replacement for c in _APOSTROPHES})
    text = text.translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return _NON_ALNUM.sub("-", text).strip("-")


# --------------------------------------------------------------------------
# Collation
# --------------------------------------------------------------------------

# Primary weight bands of the pure-Python collation (as ICU's default order:
# spaces and punctuation < symbols < digits < letters).
_W_SPACE = 1
_W_PUNCT = 10_000
_W_SYMBOL = 20_000
_W_DIGIT = 30_000
_W_LETTER = 40_000
_W_OTHER_LETTER = 50_000

SortKey = tuple[Any, ...]


def _char_weights(char: str, alphabet: dict[str, int]) -> tuple[int, tuple[int, ...]]:
    """Return (primary, secondary) weights of one lower-case character."""
    if char in alphabet:
        return _W_LETTER + alphabet[char], ()
    if char.isspace():
        return _W_SPACE, ()
    decomposed = unicodedata.normalize("NFKD", char)
    base, marks = decomposed[:1], tuple(ord(c) for c in decomposed[1:])
    if base in alphabet:  # à, é, â, î ... sort with their base letter.
        return _W_LETTER + alphabet[base], marks
    if base.isdigit():
        return _W_DIGIT + unicodedata.digit(base, 0), marks
    category = unicodedata.category(base or char)
    if category.startswith("P"):
        return _W_PUNCT + ord(char), ()
    if category.startswith(("S", "Z", "C")):
        return _W_SYMBOL + ord(char), ()
    return _W_OTHER_LETTER + ord(base or char), marks


@cache
def _alphabet_table(lang: str) -> dict[str, int]:
    """Return letter -> position in the alphabet of ``lang`` (Latin by default)."""
    found = find(lang)
    return {letter: i for i, letter in enumerate(found.alphabet if found else LATIN)}


def _pure_sort_key(text: str, lang: str) -> SortKey:
    """Pure-Python sort key: letters by alphabet, then accents, then case.

    The key compares, in turn: primary weights (letters in the language's
    alphabet, case- and accent-insensitive; ``â`` = ``a`` but ``ç`` ≠ ``c`` in
    Turkish), secondary weights (accents), tertiary weights (lower case before
    upper case) and finally the text itself, so the order is total.
    """
    base = base_code(lang)
    alphabet = _alphabet_table(base)
    text_nfc = unicodedata.normalize("NFC", text)
    primary: list[int] = []
    secondary: list[tuple[int, ...]] = []
    tertiary: list[int] = []
    for char in text_nfc:
        low = lower(char, base)
        for sub in low:  # lower() may expand (e.g. "İ" outside Turkish).
            if unicodedata.combining(sub):
                if secondary:
                    secondary[-1] = secondary[-1] + (ord(sub),)
                continue
            weight, marks = _char_weights(sub, alphabet)
            primary.append(weight)
            secondary.append(marks)
            tertiary.append(0 if char == low else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)


def sort_key(text: str, lang: str) -> SortKey:
    """Return a key that sorts ``text`` by the alphabet of ``lang``.

    A pure-Python table per language (its ``alphabet``) — the same on every machine,
    unlike a collation library that may or may not be installed: Turkish c < ç < d,
    g < ğ < h, ı < i, o < ö < p, s < ş < t, u < ü < v; case-insensitive first, and
    remaining ties broken by the text itself so that sorting is deterministic.
    """
    return _pure_sort_key(text, lang)


def sorted_by_alphabet(items: Iterable[T], lang: str, key: Callable[[T], str] | None = None) -> list[T]:
    """Return ``items`` sorted by :func:`sort_key` in ``lang``.

    ``key`` extracts the text to collate from each item (default: the item
    itself, which must then be a string).
    """
    if key is None:
        return sorted(items, key=lambda item: sort_key(str(item), lang))
    extract = key
    return sorted(items, key=lambda item: sort_key(extract(item), lang))


# --------------------------------------------------------------------------
# Jinja
# --------------------------------------------------------------------------


def jinja_filters(lang: str) -> dict[str, Callable[..., str]]:
    """Return Jinja filters bound to ``lang``.

    Keys: ``number``, ``percent``, ``currency``, ``date``, ``upper``,
    ``lower``, ``direction``, ``digits``; e.g. ``{{ x | number(2) }}``, ``{{ x | currency('EUR') }}``,
    ``{{ d | date('long') }}``, ``{{ 'izmir' | upper }}`` (``İZMİR`` in
    Turkish). ``upper`` and ``lower`` replace Jinja's built-in filters. ``direction`` is the
    ``dir`` of a text by its first strong letter (``<bdi dir="{{ name | direction }}">``); ``digits`` writes a
    text's 0-9 in the language's digits (``{{ chapter.number | digits }}``).
    """
    found = find(lang)
    page_direction = found.direction if found is not None else "ltr"

    def number(value: Number, decimals: int | None = None) -> str:
        return format_number(value, lang, decimals)

    def percent(value: Number, decimals: int = 0) -> str:
        return format_percent(value, lang, decimals)

    def currency(value: Number, code: str) -> str:
        return format_currency(value, code, lang)

    def date(value: DateLike, fmt: str = "long") -> str:
        return format_date(value, lang, fmt)

    def upper_(text: Any) -> str:
        return upper(str(text), lang)

    def lower_(text: Any) -> str:
        return lower(str(text), lang)

    return {
        "number": number,
        "percent": percent,
        "currency": currency,
        "date": date,
        "upper": upper_,
        "lower": lower_,
        "direction": lambda text: text_direction(str(text), page_direction),
        "digits": lambda text: in_digits(str(text), lang),
    }
