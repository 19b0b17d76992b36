"""The language registry: facts derived from CLDR (Babel), with the publication's overrides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher import languages
from publisher.languages import ACCEPTED, DOTTED_I, find, language

PACKAGE = Path(languages.__file__).resolve().parent


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
    hebrew = language("he")
    assert (hebrew.direction, hebrew.script, hebrew.fonts) == ("rtl", "Hebr", ())
    assert language("tr-TR") == language("TR") == language("tr")
    assert find("zz") is None and find("") is None
    with pytest.raises(KeyError):
        language("zz")
    assert ACCEPTED == ("ar", "en", "it", "tr")


def test_no_language_code_outside_the_registry() -> None:
    """Every fact about a language is in publisher/languages.py: no other module names a code."""
    codes = "|".join(("tr", "it", "en", "az"))
    quoted = re.compile(rf"""["'](?:{codes})(?:[-_][A-Za-z]{{2}})?["']""")
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("languages.py", "sanitize.py"):  # sanitize.py: the HTML element "tr"
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if quoted.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
