"""The language registry: facts derived from CLDR (Babel), with the publication's overrides."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from publisher import languages
from publisher.languages import ACCEPTED, DOTTED_I, find, is_accepted, language

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
    assert (hebrew.direction, hebrew.script, hebrew.fonts) == ("rtl", "Hebr", ("Noto Serif Hebrew", "Noto Sans Hebrew"))
    assert language("tr-TR") == language("TR") == language("tr")
    assert find("zz") is None and find("") is None
    with pytest.raises(KeyError):
        language("zz")
    assert {"de", "el", "en", "it", "tr", "fr", "ja", "ar"} <= set(ACCEPTED) and len(ACCEPTED) > 300
    assert all(find(code) is not None for code in ACCEPTED[::25])
    assert not is_accepted("xx") and not is_accepted("de_AT") and not is_accepted("DE") and not is_accepted("zh_Hant")
    # BCP 47 tags CLDR knows, where the script or the region matters
    assert all(is_accepted(tag) for tag in ("de-AT", "zh-Hans", "zh-Hant", "fa-AF", "sr-Latn", "ckb"))


@pytest.mark.parametrize(
    "code, locale, native, quotes, script",
    [
        ("de", "de_DE", "Deutsch", "„“‚‘", "Latn"),
        ("el", "el_GR", "Ελληνικά", "«»“”", "Grek"),
        ("fr", "fr_FR", "Français", "«»«»", "Latn"),
        ("ja", "ja_JP", "日本語", "「」『』", "Jpan"),
    ],
)
def test_quotation_marks_and_names_come_from_cldr(
    code: str, locale: str, native: str, quotes: str, script: str
) -> None:
    """Quotes from publisher/data/delimiters.json (CLDR's delimiters), names and locales from Babel."""
    lang = language(code)
    assert (lang.locale, lang.native_name, lang.quotes, lang.script) == (locale, native, quotes, script)


def test_languages_named_as_labels_in_each_other() -> None:
    assert language("it").label_in("tr") == "İtalyanca"
    assert language("tr").label_in("it") == "Turco"
    assert language("el").label_in("de") == "Griechisch"


def test_delimiters_data_covers_cldr() -> None:
    """The committed CLDR extract: hundreds of locales, and the root (und)."""
    data = json.loads((PACKAGE / "data" / "delimiters.json").read_text(encoding="utf-8"))
    assert len(data["locales"]) > 700 and data["locales"]["und"] == "“”‘’"
    assert all(len(marks) == 4 for marks in data["locales"].values())


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


@pytest.mark.parametrize(
    "tag, locale, script, direction, english, text_face",
    [
        ("zh-Hans", "zh_Hans_CN", "Hans", "ltr", "Simplified Chinese", "Noto Serif CJK"),
        ("zh-Hant", "zh_Hant_TW", "Hant", "ltr", "Traditional Chinese", "Noto Serif CJK"),
        ("fa-AF", "fa_AF", "Arab", "rtl", "Dari", "Noto Naskh Arabic"),
        ("sr-Latn", "sr_Latn_RS", "Latn", "ltr", "Serbian", "Source Serif Pro"),
        ("ckb", "ckb_IQ", "Arab", "rtl", "Central Kurdish", "Noto Naskh Arabic"),
        ("ur", "ur_PK", "Arab", "rtl", "Urdu", "Noto Nastaliq Urdu"),
        ("dv", "dv_MV", "Thaa", "rtl", "Divehi", "Noto Sans Thaana"),
        ("he", "he_IL", "Hebr", "rtl", "Hebrew", "Noto Serif Hebrew"),
        ("ps", "ps_AF", "Arab", "rtl", "Pashto", "Noto Naskh Arabic"),
    ],
)
def test_bcp47_tags_map_to_locale_script_direction_and_faces(
    tag: str, locale: str, script: str, direction: str, english: str, text_face: str
) -> None:
    found = language(tag)
    assert (found.code, found.locale, found.script, found.direction) == (tag, locale, script, direction)
    assert (found.english_name, found.fonts[0]) == (english, text_face)
    assert language("zh-Hant").quotes == "「」『』"
