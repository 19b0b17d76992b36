"""Numbers, currencies and dates as a language writes them: CLDR formatting through Babel, in the
publication's digits (:mod:`publisher.numerals`).

Babel output never contains U+202F NARROW NO-BREAK SPACE: it is replaced by
U+00A0 NO-BREAK SPACE because the report's serif font has no glyph for it.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache

from babel import Locale
from babel import dates as _babel_dates
from babel import numbers as _babel_numbers

from publisher.languages import find
from publisher.numerals import LATIN, to_digits

__all__ = [
    "babel_locale",
    "digits_of",
    "format_currency",
    "format_date",
    "format_number",
    "format_percent",
    "in_digits",
    "use_digits",
]

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

# --------------------------------------------------------------------------
# Number, currency and date formatting (Babel / CLDR)
# --------------------------------------------------------------------------

Number = int | float | Decimal


@cache
def babel_locale(lang: str) -> Locale:
    """Return the Babel locale for ``lang``: a bare language code gives the
    registry's locale (its likely region), a code with a region is parsed by Babel
    as given (``"de-AT"`` -> ``de_AT``).
    """
    found = find(lang)
    if found is not None and re.fullmatch(r"[A-Za-z]+", lang.strip()):
        return Locale.parse(found.locale)
    return Locale.parse(lang.strip(), sep="-" if "-" in lang else "_")


def _clean(text: str) -> str:
    """Replace U+202F (missing from the serif font) with U+00A0."""
    return text.replace(NARROW_NBSP, NBSP)


#: Each language's numbering system in the publication being built (``Publication.digits``): what
#: :func:`use_digits` was last given. A language it does not name has the registry's.
_CHOSEN: dict[str, str] = {}


def use_digits(digits: Mapping[str, str]) -> None:
    """Format numbers and dates from now on in the publication's digits (``Publication.digits``,
    language → CLDR numbering system): called when a project is loaded, before anything is formatted."""
    _CHOSEN.clear()
    _CHOSEN.update(digits)


def digits_of(lang: str) -> str:
    """The numbering system of ``lang``'s numbers: the publication's choice, else the registry's
    (``latn`` when it knows none)."""
    if lang in _CHOSEN:
        return _CHOSEN[lang]
    found = find(lang)
    return found.digits if found is not None else LATIN


def in_digits(text: str, lang: str) -> str:
    """``text`` with its digits 0-9 written in ``lang``'s numbering system (``12`` → ``۱۲`` in Persian)."""
    return to_digits(text, digits_of(lang))


def _apply_pattern(pattern_text: str, value: Number, locale: Locale, decimals: int | None, digits: str) -> str:
    """Apply a CLDR number pattern of ``locale``, optionally fixing the decimals.

    The locale's own pattern is parsed and only its fraction precision is
    changed, so prefixes and suffixes (the Turkish leading ``%``) stay where
    CLDR puts them.
    """
    pattern = _babel_numbers.parse_pattern(pattern_text)
    if decimals is not None:
        if decimals < 0:
            raise ValueError(f"decimals must be >= 0, got {decimals}")
        pattern.frac_prec = (decimals, decimals)
    text = pattern.apply(value, locale, decimal_quantization=True, numbering_system=digits)
    return to_digits(_clean(text), digits)


def format_number(value: Number, lang: str, decimals: int | None = None) -> str:
    """Format ``value`` as a decimal number for ``lang``.

    With ``decimals=None`` the locale's default pattern is used (up to three
    fraction digits, trailing zeros dropped); otherwise exactly ``decimals``
    fraction digits are shown (rounded half-even, as Babel does).

    With two decimals, 143759.65 is ``143.759,65`` in Turkish, ``143,759.65`` in English.
    """
    locale = babel_locale(lang)
    pattern = locale.decimal_formats[None].pattern
    return _apply_pattern(pattern, value, locale, decimals, digits_of(lang))


def format_percent(value: Number, lang: str, decimals: int = 0) -> str:
    """Format the fraction ``value`` as a percentage for ``lang``.

    ``0.45`` gives ``"%45"`` in Turkish and ``"45%"`` in Italian and English;
    the locale's own pattern is kept, only the number of fraction digits
    changes with ``decimals``.
    """
    locale = babel_locale(lang)
    pattern = locale.percent_formats[None].pattern
    return _apply_pattern(pattern, value, locale, decimals, digits_of(lang))


def format_currency(value: Number, code: str, lang: str) -> str:
    """Format ``value`` in the currency ``code`` (ISO 4217) for ``lang``.

    ``143759.65 EUR`` gives ``"€143.759,65"`` (tr), ``"143.759,65 €"`` with a
    no-break space (it)
    and ``"€143,759.65"`` (en).
    """
    locale = babel_locale(lang)
    digits = digits_of(lang)
    text = _babel_numbers.format_currency(value, code.upper(), locale=locale, numbering_system=digits)
    return to_digits(_clean(text), digits)


DateLike = _dt.date | _dt.datetime | str


def _to_date(value: DateLike) -> _dt.date:
    """Convert a date, datetime or ISO 8601 string to a :class:`datetime.date`."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            return _dt.datetime.fromisoformat(text).date()
    raise TypeError(f"expected a date, datetime or ISO string, got {type(value).__name__}")


def format_date(value: DateLike, lang: str, fmt: str = "long") -> str:
    """Format a date (``date``, ``datetime`` or ISO string) for ``lang``.

    ``fmt`` is a CLDR width (``"short"``, ``"medium"``, ``"long"``,
    ``"full"``) or a CLDR date pattern such as ``"d MMMM y"``. The long form
    of 2020-01-06 is ``"6 Ocak 2020"`` (tr), ``"6 gennaio 2020"`` (it) and
    ``"January 6, 2020"`` (en).
    """
    locale = babel_locale(lang)
    # Babel writes a date's numbers in 0-9; the calendar stays Gregorian whatever the digits
    return in_digits(_clean(_babel_dates.format_date(_to_date(value), format=fmt, locale=locale)), lang)
