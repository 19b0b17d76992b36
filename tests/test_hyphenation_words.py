"""Hyphenation checked on word lists with their dictionary breaks, names never hyphenated, and the
editor's ``content/data/hyphenation.yaml`` (docs/languages.md, "Hyphenation")."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pyphen
import pytest

from publisher.diagnostics import Diagnostics
from publisher.text.abbreviations import load_abbreviations
from publisher.text.hyphenation import hyphenator, language_fallback
from publisher.text.hyphenation_data import load_hyphenation
from publisher.text.hyphenation_rules import HyphenationRules, in_force, positions_of

ROOT = Path(__file__).resolve().parent.parent
WORDS = Path(__file__).resolve().parent / "fixtures" / "hyphenation"
LANGUAGES = ("en", "tr", "it", "ar")


def dictionary(lang: str) -> list[tuple[str, tuple[int, ...]]]:
    """(word, its dictionary breaks) of ``fixtures/hyphenation/<lang>.txt``."""
    lines = (WORDS / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    return [(line.replace("-", ""), positions_of(line)[1]) for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def rules() -> HyphenationRules:
    diags = Diagnostics()
    abbreviations = load_abbreviations(ROOT, LANGUAGES, diags)
    found = load_hyphenation(ROOT, LANGUAGES, abbreviations, diags)
    assert not diags.errors, diags.errors
    return found


def book_hyphenator(lang: str, rules: HyphenationRules) -> pyphen.Pyphen:
    """The hyphenator WeasyPrint gets for an element of ``lang`` (``hyphenate-limit-chars: 5 2 2``)."""
    with in_force(rules):
        name = language_fallback(lang)
        assert name is not None
        return hyphenator(name, left=2, right=2)


@pytest.mark.parametrize("lang", ["en", "tr", "it"])
def test_every_break_is_a_dictionary_break(lang: str, rules: HyphenationRules) -> None:
    words = dictionary(lang)
    assert len(words) >= 50
    hyphen = book_hyphenator(lang, rules)
    wrong = {word: hyphen.inserted(word) for word, breaks in words if set(hyphen.positions(word)) - set(breaks)}
    assert not wrong


@pytest.mark.parametrize(("lang", "share"), [("en", 0.85), ("it", 0.95), ("tr", 1.0)])
def test_most_dictionary_breaks_are_found(lang: str, share: float, rules: HyphenationRules) -> None:
    """Not a hyphenator that never breaks: it finds the dictionary's breaks (two letters at least each side)."""
    hyphen = book_hyphenator(lang, rules)
    allowed = [(word, {b for b in breaks if 2 <= b <= len(word) - 2}) for word, breaks in dictionary(lang)]
    found = sum(len(set(hyphen.positions(word)) & breaks) for word, breaks in allowed)
    assert found >= share * sum(len(breaks) for _, breaks in allowed)


def test_the_english_books_use_the_us_set(rules: HyphenationRules) -> None:
    """Pyphen's bare ``en`` is its British set, which breaks against the dictionary ("Dir-ect-or-ate",
    "at-ten-ded"): what the English books had before, and what the word list catches."""
    assert language_fallback("en") == "en_US"
    british = pyphen.Pyphen(lang="en", left=2, right=2)
    wrong = [word for word, breaks in dictionary("en") if set(british.positions(word)) - set(breaks)]
    assert {"directorate", "attended", "recommendations"} & set(wrong)
    assert book_hyphenator("en", rules).inserted("Directorate") == "Di-rec-tor-ate"


@pytest.mark.parametrize(
    "word",
    [
        "Together",
        "Stronger",
        "Molise",
        "Turkey",
        "Ripalimosani",
        "Bahçeşehir",
        "Salvini",
        "Decree",
        "Molise’den",
        "İzmir’deki",
        "Türkiye’nin",
        "dell’Italia",
        "NGOs",
        "SPRAR",
        "RESLOG",
        "COVID19",
    ],
)
@pytest.mark.parametrize("lang", ["en", "tr", "it"])
def test_names_are_never_hyphenated(word: str, lang: str, rules: HyphenationRules) -> None:
    assert book_hyphenator(lang, rules).positions(word) == []


def test_every_abbreviation_is_a_name(rules: HyphenationRules) -> None:
    diags = Diagnostics()
    abbreviations = load_abbreviations(ROOT, LANGUAGES, diags)
    assert abbreviations and all(rules.is_name(a.abbr) for a in abbreviations)
    assert not rules.is_name("migration") and not rules.is_name("Municipality")


def test_without_the_rules_names_are_broken() -> None:
    """The same hyphenator with no rules in force breaks the names (what the books had before)."""
    hyphen = book_hyphenator("en", HyphenationRules())
    assert hyphen.inserted("Ripalimosani") == "Ri-pal-imosani"
    assert hyphen.inserted("Turkey") == "Tur-key"


def test_an_exception_breaks_where_the_editor_says(tmp_path: Path) -> None:
    write(tmp_path, "exceptions:\n  en: [ta-ble-ware]\nnames: [Campobasso]\n")
    rules = load(tmp_path, expect_errors=0)
    hyphen = book_hyphenator("en", rules)
    assert hyphen.inserted("tableware") == "ta-ble-ware"
    assert hyphen.inserted("Tablewares") == "Ta-ble-wares"  # a plural in -s matches
    assert hyphen.positions("Campobasso") == []
    assert book_hyphenator("it", rules).inserted("tableware") == pyphen.Pyphen(lang="it_IT").inserted("tableware")


def test_patterns_can_be_chosen(tmp_path: Path) -> None:
    write(tmp_path, "patterns: {en: en_GB}\n")
    rules = load(tmp_path, expect_errors=0)
    with in_force(rules):
        assert language_fallback("en") == "en_GB"
    assert language_fallback("en") == "en_US"  # only while the rules are in force


def test_every_problem_at_its_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        """\
        names:
          - Molise
          - 12
        exceptions:
          en: [good-word, -bad]
          xx: [word]
        patterns: {en: zz_ZZ}
        colour: red
        """,
    )
    diags = Diagnostics()
    load_hyphenation(tmp_path, LANGUAGES, [], diags)
    found = sorted((p.line, p.message.split(":")[0]) for p in diags.errors)
    assert found == [
        (3, "names.1"),
        (5, "exceptions.en.1"),
        (6, "exceptions"),
        (7, "patterns.en"),
        (8, "unknown key 'colour' (expected"),
    ]
    assert all(p.path.endswith("content/data/hyphenation.yaml") for p in diags.errors)


def test_a_broken_file_is_one_error(tmp_path: Path) -> None:
    write(tmp_path, "names: [Molise\n")
    load(tmp_path, expect_errors=1)


def write(root: Path, text: str) -> None:
    path = root / "content" / "data" / "hyphenation.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def load(root: Path, expect_errors: int) -> HyphenationRules:
    diags = Diagnostics()
    rules = load_hyphenation(root, LANGUAGES, [], diags)
    assert len(diags.errors) == expect_errors, diags.errors
    return rules
