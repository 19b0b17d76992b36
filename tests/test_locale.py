"""Tests for publisher.text.locale: casing, slugs, collation and CLDR formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from publisher.text import formats as F
from publisher.text import locale as L
from publisher.text.locale import (
    format_currency,
    format_date,
    format_number,
    format_percent,
    jinja_filters,
    lower,
    slugify,
    sort_key,
    sorted_by_alphabet,
    upper,
)

# --------------------------------------------------------------------------
# Casing
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("izmir", "İZMİR"),
        ("ılık", "ILIK"),
        ("ışık ve iğne", "IŞIK VE İĞNE"),
        ("göç yönetimi", "GÖÇ YÖNETİMİ"),
    ],
)
def test_upper_turkish(text: str, expected: str) -> None:
    assert upper(text, "tr") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("İZMİR", "izmir"),
        ("ISPARTA", "ısparta"),
        ("ILIK", "ılık"),
        ("İSTANBUL'DA IŞIK", "istanbul'da ışık"),
    ],
)
def test_lower_turkish(text: str, expected: str) -> None:
    assert lower(text, "tr") == expected


def test_turkish_lower_keeps_length() -> None:
    assert len(lower("İZMİR", "tr")) == 5
    assert len("İZMİR".lower()) == 7  # why str.lower() is not enough


@pytest.mark.parametrize("lang", ["it", "en"])
def test_casing_other_languages(lang: str) -> None:
    assert upper("izmir", lang) == "IZMIR"
    assert lower("ISPARTA", lang) == "isparta"
    assert upper("città", lang) == "CITTÀ"


@pytest.mark.parametrize("lang", ["tr-TR", "tr_TR", "TR"])
def test_casing_accepts_region_codes(lang: str) -> None:
    assert upper("izmir", lang) == "İZMİR"


# --------------------------------------------------------------------------
# Slugs
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("İzmir'de Göç Yönetimi", "tr", "izmirde-goc-yonetimi"),
        ("Türkiye’nin ihtiyaç analizi", "tr", "turkiyenin-ihtiyac-analizi"),
        ("ISPARTA Işık Ağı", "tr", "isparta-isik-agi"),
        ("Çağ, Şöför & Üzüm!", "tr", "cag-sofor-uzum"),
        (
            "Ufficio per l’Unione europea: più città",
            "it",
            "ufficio-per-l-unione-europea-piu-citta",
        ),
        ("perché è così", "it", "perche-e-cosi"),
        (
            "Together&Stronger: Europe's Regions",
            "en",
            "together-stronger-europes-regions",
        ),
        ("  --Report 2020--  ", "en", "report-2020"),
        ("Straße", "en", "strasse"),
        ("", "tr", ""),
    ],
)
def test_slugify(text: str, lang: str, expected: str) -> None:
    assert slugify(text, lang) == expected


# --------------------------------------------------------------------------
# Collation
# --------------------------------------------------------------------------

BACKENDS = [pytest.param(L._pure_sort_key, id="pure"), pytest.param(L.sort_key, id="public")]

TURKISH_PAIRS = [
    ("c", "ç"), ("ç", "d"),
    ("g", "ğ"), ("ğ", "h"),
    ("ı", "i"), ("h", "ı"), ("i", "j"),
    ("o", "ö"), ("ö", "p"),
    ("s", "ş"), ("ş", "t"),
    ("u", "ü"), ("ü", "v"),
    ("p", "q"), ("q", "r"), ("v", "w"), ("w", "x"), ("x", "y"),
    ("cz", "ça"), ("oz", "öa"), ("uz", "üa"),
]  # fmt: skip


@pytest.mark.parametrize("key", BACKENDS)
@pytest.mark.parametrize(("first", "second"), TURKISH_PAIRS)
def test_turkish_letter_order(key, first: str, second: str) -> None:
    assert key(first, "tr") < key(second, "tr")
    assert key(upper(first, "tr"), "tr") < key(upper(second, "tr"), "tr")


TURKISH_WORDS = [
    "ufuk",
    "çay",
    "cam",
    "ılık",
    "iğne",
    "öz",
    "ot",
    "şu",
    "su",
    "ülke",
    "gül",
    "ğ",
]
TURKISH_SORTED = [
    "cam",
    "çay",
    "gül",
    "ğ",
    "ılık",
    "iğne",
    "ot",
    "öz",
    "su",
    "şu",
    "ufuk",
    "ülke",
]


@pytest.mark.parametrize("key", BACKENDS)
def test_turkish_word_order(key) -> None:
    assert sorted(TURKISH_WORDS, key=lambda w: key(w, "tr")) == TURKISH_SORTED


@pytest.mark.parametrize("key", BACKENDS)
def test_turkish_case_insensitive_primary(key) -> None:
    words = ["İzmir", "ılık", "Ilgaz", "istanbul", "Çanakkale", "cide", "Isparta"]
    expected = ["cide", "Çanakkale", "Ilgaz", "ılık", "Isparta", "istanbul", "İzmir"]
    assert sorted(words, key=lambda w: key(w, "tr")) == expected


@pytest.mark.parametrize("key", BACKENDS)
def test_turkish_case_ties_are_deterministic(key) -> None:
    words = ["İğne", "iğne", "Çay", "çay"]
    assert sorted(words, key=lambda w: key(w, "tr")) == ["çay", "Çay", "iğne", "İğne"]
    assert key("iğne", "tr") != key("İğne", "tr")


@pytest.mark.parametrize("key", BACKENDS)
@pytest.mark.parametrize("lang", ["it", "en"])
def test_latin_accent_insensitive_primary(key, lang: str) -> None:
    words = ["zebra", "città", "citta", "Città", "cittadino", "perché", "perche",
             "àncora", "ancora", "Ancora", "Zoo", "abc"]  # fmt: skip
    expected = ["abc", "ancora", "Ancora", "àncora", "citta", "città", "Città",
                "cittadino", "perche", "perché", "zebra", "Zoo"]  # fmt: skip
    assert sorted(words, key=lambda w: key(w, lang)) == expected


def test_sorted_by_alphabet() -> None:
    assert sorted_by_alphabet(TURKISH_WORDS, "tr") == TURKISH_SORTED
    assert sorted_by_alphabet(["öz", "ot", "zeytin"], "en") == ["ot", "öz", "zeytin"]


def test_sorted_by_alphabet_with_key() -> None:
    people = [
        {"name": "Şahin"},
        {"name": "Sarı"},
        {"name": "Çelik"},
        {"name": "Ceylan"},
    ]
    result = sorted_by_alphabet(people, "tr", key=lambda p: p["name"])
    assert [p["name"] for p in result] == ["Ceylan", "Çelik", "Sarı", "Şahin"]


# --------------------------------------------------------------------------
# Numbers, currency, dates
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (143759.65, "tr", 2, "143.759,65"),
        (143759.65, "it", 2, "143.759,65"),
        (143759.65, "en", 2, "143,759.65"),
        (143759.65, "tr", None, "143.759,65"),
        (1500, "tr", None, "1.500"),
        (1500, "en", None, "1,500"),
        (1500, "tr", 2, "1.500,00"),
        (0.5, "it", 0, "0"),  # half-even, as Babel
        (2.345, "en", 1, "2.3"),
        (Decimal("1234.5"), "it", 1, "1.234,5"),
        (-1234.5, "tr", 1, "-1.234,5"),
    ],
)
def test_format_number(value, lang: str, decimals: int | None, expected: str) -> None:
    assert format_number(value, lang, decimals) == expected


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (0.45, "tr", 0, "%45"),
        (0.45, "it", 0, "45%"),
        (0.45, "en", 0, "45%"),
        (0.4567, "tr", 1, "%45,7"),
        (0.4567, "it", 1, "45,7%"),
        (0.4567, "en", 2, "45.67%"),
        (1, "tr", 0, "%100"),
        (12.5, "tr", 0, "%1.250"),
    ],
)
def test_format_percent(value, lang: str, decimals: int, expected: str) -> None:
    assert format_percent(value, lang, decimals) == expected


def test_format_percent_default_decimals() -> None:
    assert format_percent(0.45, "tr") == "%45"
    assert format_percent(0.456, "it") == "46%"


def test_format_number_rejects_negative_decimals() -> None:
    with pytest.raises(ValueError):
        format_number(1, "tr", -1)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("tr", "€143.759,65"),
        ("it", "143.759,65\xa0€"),
        ("en", "€143,759.65"),
    ],
)
def test_format_currency(lang: str, expected: str) -> None:
    assert format_currency(143759.65, "EUR", lang) == expected


def test_format_currency_lira() -> None:
    assert format_currency(1000, "TRY", "tr") == "₺1.000,00"
    assert format_currency(1000, "try", "tr") == "₺1.000,00"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("tr", "6 Ocak 2020"),
        ("it", "6 gennaio 2020"),
        ("en", "January 6, 2020"),
    ],
)
@pytest.mark.parametrize(
    "value",
    [
        "2020-01-06",
        dt.date(2020, 1, 6),
        dt.datetime(2020, 1, 6, 23, 59),
        "2020-01-06T10:30:00",
    ],
)
def test_format_date_long(value, lang: str, expected: str) -> None:
    assert format_date(value, lang) == expected
    assert format_date(value, lang, "long") == expected


@pytest.mark.parametrize(
    ("lang", "fmt", "expected"),
    [
        ("tr", "full", "6 Ocak 2020 Pazartesi"),
        ("it", "full", "lunedì 6 gennaio 2020"),
        ("en", "full", "Monday, January 6, 2020"),
        ("tr", "MMMM y", "Ocak 2020"),
        ("it", "MMMM y", "gennaio 2020"),
    ],
)
def test_format_date_other_formats(lang: str, fmt: str, expected: str) -> None:
    assert format_date("2020-01-06", lang, fmt) == expected


def test_format_date_rejects_other_types() -> None:
    with pytest.raises(TypeError):
        format_date(20200106, "tr")  # type: ignore[arg-type]


def test_no_narrow_nbsp_in_output() -> None:
    outputs = [
        format_date(dt.datetime(2020, 1, 6), lang, fmt)
        for lang in ("tr", "it", "en")
        for fmt in ("short", "medium", "long", "full")
    ]
    outputs += [format_currency(1, code, lang) for code in ("EUR", "TRY", "USD") for lang in ("tr", "it", "en")]
    outputs += [format_percent(0.5, lang) for lang in ("tr", "it", "en")]
    assert not any("\u202f" in text for text in outputs)


def test_clean_replaces_narrow_nbsp() -> None:
    assert F._clean("10\u202f%") == "10\xa0%"


def test_babel_locales() -> None:
    assert str(L.babel_locale("tr")) == "tr_TR"
    assert str(L.babel_locale("it")) == "it_IT"
    assert str(L.babel_locale("en")) == "en_US"
    assert str(L.babel_locale("en-GB")) == "en_GB"


# --------------------------------------------------------------------------
# Jinja filters
# --------------------------------------------------------------------------


def test_jinja_filters_keys() -> None:
    assert set(jinja_filters("tr")) == {
        "number",
        "percent",
        "currency",
        "date",
        "upper",
        "lower",
        "direction",
        "digits",
    }


def test_direction_filter_reads_the_first_strong_letter() -> None:
    """What HTML's dir="auto" would give (WeasyPrint 70 does not): templates write it out."""
    arabic, turkish = jinja_filters("ar")["direction"], jinja_filters("tr")["direction"]
    assert arabic("A.R.E.S. Scarl.") == turkish("A.R.E.S. Scarl.") == "ltr"
    assert arabic("«العربية» 2020") == turkish("2020 العربية") == "rtl"
    assert arabic("2020.") == "rtl" and turkish("2020.") == "ltr"  # no strong letter: the page's own


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("tr", "143.759,65|143.759,65|%45|€143.759,65|6 Ocak 2020|İZMİR|ısparta"),
        (
            "it",
            "143.759,65|143.759,65|45%|143.759,65\xa0€|6 gennaio 2020|IZMIR|isparta",
        ),
        ("en", "143,759.65|143,759.65|45%|€143,759.65|January 6, 2020|IZMIR|isparta"),
    ],
)
def test_jinja_filters_in_template(lang: str, expected: str) -> None:
    jinja2 = pytest.importorskip("jinja2")
    env = jinja2.Environment(autoescape=False)
    env.filters.update(jinja_filters(lang))
    template = env.from_string(
        "{{ x | number }}|{{ x | number(2) }}|{{ p | percent }}|{{ x | currency('EUR') }}"
        "|{{ d | date('long') }}|{{ 'izmir' | upper }}|{{ 'ISPARTA' | lower }}"
    )
    rendered = template.render(x=143759.65, p=0.45, d=dt.date(2020, 1, 6))
    assert rendered == expected


def test_sorting_is_the_same_on_every_machine() -> None:
    # one pure table, no optional collation library: the key is a plain tuple
    assert sort_key("çay", "tr") == L._pure_sort_key("çay", "tr")
    assert sorted_by_alphabet(TURKISH_WORDS, "tr") == TURKISH_SORTED
