"""The language registry: facts derived from CLDR (Babel), with the publication's overrides."""

from __future__ import annotations

import pytest

from publisher.languages import ACCEPTED, DOTTED_I, find, language


@pytest.mark.parametrize(
    "code, locale, native, english, quotes",
    [
        ("tr", "tr_TR", "Türkçe", "Turkish", "“”‘’"),
        ("it", "it_IT", "Italiano", "Italian", "«»“”"),
        ("en", "en_US", "English", "English", "“”‘’"),
    ],
)
def test_facts_of_the_publication_languages(code: str, locale: str, native: str, english: str, quotes: str) -> None:
    lang = language(code)
    assert (lang.locale, lang.native_name, lang.english_name, lang.quotes) == (locale, native, english, quotes)
    assert (lang.script, lang.direction) == ("Latn", "ltr")
    assert lang.fonts == ("Source Serif Pro", "Source Sans Pro")


def test_special_facts() -> None:
    assert language("tr").casing == DOTTED_I and language("az").casing == DOTTED_I
    assert language("it").casing == "default"
    assert language("it").elision and not language("tr").elision
    assert language("tr").alphabet.index("ç") == language("tr").alphabet.index("c") + 1
    dictionary = language("tr").hyphenation
    assert dictionary is not None and dictionary.is_file()
    assert language("it").hyphenation is None


def test_names_of_languages_in_each_other() -> None:
    assert language("it").name_in("tr") == "İtalyanca"
    assert language("tr").name_in("it") == "turco"
    assert language("en").name_in("tr") == "İngilizce"


def test_any_cldr_language_can_be_looked_up() -> None:
    arabic = language("ar")
    assert (arabic.direction, arabic.script, arabic.fonts) == ("rtl", "Arab", ())
    assert language("tr-TR") == language("TR") == language("tr")
    assert find("zz") is None and find("") is None
    with pytest.raises(KeyError):
        language("zz")
    assert ACCEPTED == ("en", "it", "tr")
