"""Tests for the generated Turkish hyphenation dictionary (publisher.text.hyphenation)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyphen
import pytest
from helpers import pdf_text

from publisher.text.hyphenation import (
    DICTIONARY_PATH,
    CasedHyphDict,
    generate_patterns,
    hyphenator,
    language_fallback,
    render_dictionary,
    write_dictionary,
)

EXPECTED = [
    "yö-ne-tim-le-ri-nin",
    "sür-dü-rü-le-bi-lir-lik",
    "İz-mir",
    "Türk-çe",
    "göç-men-ler",
    "ih-ti-yaç",
    "ana-li-zi",
    "bel-ge-si",
    "kork-mak",
    "sa-at",
    "ko-or-di-nas-yon",
    "stra-te-ji",
    "prog-ram",
    "kont-rol",
    "İs-tan-bul",
    "İZ-MİR",
    "IS-PAR-TA",
    "Işık",
    "Tür-ki-ye'nin",
    "İz-mir'de",
    "kâ-ğıt",
    "Mo-li-se",
]


@pytest.fixture(scope="module")
def turkish() -> pyphen.Pyphen:
    return hyphenator("tr")


@pytest.mark.parametrize("expected", EXPECTED)
def test_inserted(turkish: pyphen.Pyphen, expected: str) -> None:
    word = expected.replace("-", "")
    assert turkish.inserted(word) == expected


@pytest.mark.parametrize("lang", ["tr", "tr_TR", "tr-TR", "TR", "tr-CY"])
def test_found_for_lang(lang: str) -> None:
    assert language_fallback(lang) in {"tr", "tr_TR"}
    dictionary = hyphenator(lang)
    assert isinstance(dictionary.hd, CasedHyphDict)
    assert dictionary.inserted("yönetimlerinin") == "yö-ne-tim-le-ri-nin"
    assert dictionary.inserted("İzmir") == "İz-mir"


def test_other_languages_are_pyphens() -> None:
    assert language_fallback("it-IT") == pyphen.language_fallback("it-IT") == "it_IT"
    assert language_fallback("xx") is None
    assert hyphenator("it").inserted("ingegneristicamente") == pyphen.Pyphen(lang="it").inserted("ingegneristicamente")


def test_pyphens_tables_are_left_alone() -> None:
    languages, cache = dict(pyphen.LANGUAGES), dict(pyphen.hdcache)
    first = hyphenator("tr", left=3, right=3)
    assert first.inserted("belgesi") == "bel-gesi"
    assert hyphenator("tr").hd is first.hd  # one dictionary, read once
    assert "tr" not in pyphen.LANGUAGES and pyphen.language_fallback("tr") is None
    assert pyphen.LANGUAGES == languages
    assert not isinstance(pyphen.hdcache.get(DICTIONARY_PATH), CasedHyphDict)  # (stock tests put one there)
    assert {k: v for k, v in pyphen.hdcache.items() if k in cache} == cache


def test_left_right_minimum(turkish: pyphen.Pyphen) -> None:
    # "a-na-li-zi" by the rules; LEFT/RIGHTHYPHENMIN 2 drop "a-".
    assert turkish.inserted("analizi") == "ana-li-zi"
    assert turkish.inserted("aile") == "ai-le"
    assert hyphenator("tr", left=1, right=1).inserted("analizi") == "a-na-li-zi"


def test_iterate_for_weasyprint(turkish: pyphen.Pyphen) -> None:
    # WeasyPrint tries the splits longest first.
    assert list(turkish.iterate("belgesi")) == [("belge", "si"), ("bel", "gesi")]


def test_stock_hyphdict_misaligns_dotted_capital_i() -> None:
    """Why CasedHyphDict exists: str.lower() makes 'İ' two code points."""
    stock = pyphen.Pyphen(filename=DICTIONARY_PATH, cache=False)
    assert not isinstance(stock.hd, CasedHyphDict)
    assert stock.inserted("İzmir") == "İzm-ir"
    assert stock.inserted("yönetimlerinin") == "yö-ne-tim-le-ri-nin"


def test_dictionary_file_is_up_to_date() -> None:
    assert DICTIONARY_PATH.read_text(encoding="utf-8") == render_dictionary()


def test_dictionary_header() -> None:
    lines = DICTIONARY_PATH.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "UTF-8"
    assert "LEFTHYPHENMIN 2" in lines
    assert "RIGHTHYPHENMIN 2" in lines
    header = "\n".join(line for line in lines if line.startswith("%"))
    assert "publisher/text/hyphenation.py" in header
    assert "MIT License" in header


def test_patterns() -> None:
    patterns = generate_patterns()
    assert len(patterns) == len(set(patterns))
    for pattern in [
        "1ba",
        "1çe",
        "1ğı",
        "1ya",
        "a1a",
        "o1o",
        "ı1i",
        ".s2t2",
        "'2",
        "1Ba",
        "1ÇE",
        "İ1A",
    ]:
        assert pattern in patterns


def test_write_dictionary(tmp_path: Path) -> None:
    path = write_dictionary(tmp_path / "sub" / "hyph_tr_TR.dic")
    assert path.read_text(encoding="utf-8") == render_dictionary()
    assert pyphen.Pyphen(filename=path).inserted("Türkçe") == "Türk-çe"


def test_weasyprint_hyphenates_turkish(tmp_path: Path) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    from publisher.pdf import patches

    assert patches.apply() == []
    text = "sürdürülebilirlik yönetimlerinin ihtiyaçlarının belirlenmesi " * 2
    html = f'<html lang="tr"><body><p style="hyphens: auto; width: 30mm; font-size: 11pt">{text}</p></body></html>'
    pdf = tmp_path / "tr.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    lines = pdf_text(pdf, layout=True).splitlines()
    # WeasyPrint's default hyphenate-character is U+2010 HYPHEN.
    hyphenated = [line.strip() for line in lines if line.strip().endswith(("-", "\u2010"))]
    assert hyphenated, lines
    # Every break is at a syllable boundary given by the dictionary.
    dictionary = hyphenator("tr")
    for line in hyphenated:
        fragment = line.split()[-1][:-1]
        word = next(w for w in text.split() if w.startswith(fragment))
        assert len(fragment) in dictionary.positions(word), (fragment, word)
