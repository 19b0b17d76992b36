"""Digits (docs/languages.md, "Digits and calendars"): ``digits:`` in publication.yaml chooses each
language's numbering system, used in the text, the tables, the charts, the page numbers and the
counters of every edition; a search finds a number whichever digits it is typed in."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from publisher.diagnostics import PublisherError
from publisher.numerals import choose, digit_symbols, to_ascii, to_digits

PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
DEVANAGARI = "०१२३४५६७८९"
ARABIC = "٠١٢٣٤٥٦٧٨٩"
#: Every non-Latin digit these tests look for.
FOREIGN = re.compile(f"[{PERSIAN}{DEVANAGARI}{ARABIC}]")

CHAPTER = """\
---
title: "{title}"
---

{word} 123 {word} [Law 45/2014]{{lang=en}}.[^1] `code 67` <https://example.org/89>

1. {word}
2. {word}

| {word} | {word} |
|---|---|
| 2020 | {{{{ 1234.5 | number(1) }}}} |

![{word}](figure:counts)

[^1]: {word} 7.

{pages}"""
#: Enough text that the book has several pages, so that page numbers are printed.
FILLER = "\n\n".join(f"## {{word}} {n}\n\n" + "{word} " * 400 for n in range(4))
WORDS = {"fa": "متن", "hi": "पाठ", "ar": "نص"}

PUBLICATION = """\
title: {{fa: "عنوان", hi: "शीर्षक", ar: "عنوان"}}
languages: [fa, hi, ar]
date: 2020-01-06
documents:
  - id: doc
    title: {{fa: "گزارش", hi: "रिपोर्ट", ar: "تقرير"}}
    print_runs: {{fa: 1500, hi: 1500, ar: 1500}}
{digits}"""

FIGURE = """\
kind: bar
format: number
title: {fa: "شمار", hi: "संख्या", ar: "عدد"}
source: {fa: "منبع", hi: "स्रोत", ar: "المصدر"}
categories:
  - {fa: "الف", hi: "क", ar: "أ"}
  - {fa: "ب", hi: "ख", ar: "ب"}
series:
  - name: {fa: "شمار", hi: "संख्या", ar: "عدد"}
    values: [data.counts.a, data.counts.b]
"""


def _project(make_project, digits: str) -> Path:
    chapters = {}
    for lang, word in WORDS.items():
        pages = FILLER.replace("{word}", word)
        chapters[f"{lang}/doc/01-one.md"] = CHAPTER.format(title=word, word=word, pages=pages)
    root = make_project(
        chapters=chapters, publication=PUBLICATION.format(digits=digits), data={"counts.yaml": "a: 37\nb: 4518\n"}
    )
    (root / "figures").mkdir()
    (root / "figures" / "counts.yaml").write_text(FIGURE, encoding="utf-8")
    return root


def _build(root: Path, formats: list[str]) -> None:
    from publisher.pipeline.stages import build

    results, diags = build(root, formats=formats)
    assert not diags.errors, [str(problem) for problem in diags.errors]
    assert results


def _web_text(root: Path, lang: str) -> str:
    """The document's web pages (the theme's translations may write digits of their own: ``۱ نتیجه``)."""
    pages = sorted((root / "build" / "html" / lang / "doc").rglob("*.html"))
    return "\n".join(page.read_text(encoding="utf-8") for page in pages)


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_choices_are_cldrs() -> None:
    assert choose("fa_IR", "default") == "arabext"
    assert choose("hi_IN", "default") == "latn"
    assert choose("hi_IN", "native") == "deva"
    assert choose("ar_SY", "native") == "arab"
    assert choose("fa_IR", "latn") == "latn"
    assert digit_symbols("arabext") == PERSIAN and digit_symbols("deva") == DEVANAGARI
    assert to_digits("p. 12, 2020", "arabext") == "p. ۱۲, ۲۰۲۰"
    assert to_ascii("۱۲ १२ ١٢") == "12 12 12"


def test_a_bad_choice_is_a_located_error(make_project) -> None:
    from publisher.load.config import load_publication

    root = _project(make_project, "digits: {fa: persian, en: latn}\n")
    with pytest.raises(PublisherError) as caught:
        load_publication(root)
    messages = [f"{Path(p.path).name}:{p.line}: {p.message}" for p in caught.value.problems]
    assert messages == [
        "publication.yaml:8: digits.fa: expected default | native | latn for the digits of 'fa', got 'persian'",
        "publication.yaml:8: digits.en: language 'en' is not in the publication's `languages`",
    ]


def test_chosen_digits_in_the_web_edition_and_its_charts(make_project) -> None:
    root = _project(make_project, "digits: {fa: default, hi: native, ar: native}\n")
    _build(root, ["html"])
    fa = _web_text(root, "fa")
    assert "متن ۱۲۳ متن" in fa  # the editor's digits
    assert "۲۰۲۰" in fa and "۱٬۲۳۴٫۵" in fa  # a table's cell as typed, and a number formatted
    assert "45/2014" in fa and "code 67" in fa and "https://example.org/89" in fa  # English, code, URL
    assert "پاورقی" in fa or "۷" in fa  # the footnote's text
    assert re.search(r"doc-noteref\">۱<", fa)  # its call
    assert "पाठ १२३ पाठ" in _web_text(root, "hi")
    assert "نص ١٢٣ نص" in _web_text(root, "ar")
    svg = (root / "build" / "figures" / "counts.fa.svg").read_text(encoding="utf-8")
    assert "۴٬۵۱۸" in svg or "۴۵۱۸" in svg, "the chart's values and ticks in Persian digits"
    assert "4518" not in svg and "4,518" not in svg
    # ordered lists count in the chosen digits too: a counter style on each page of that language
    assert "ol { list-style-type: digits; }" in fa and '"۰" "۱" "۲"' in fa
    assert "@counter-style" not in _web_text(root, "en")
    # the search index folds every script's digits to 0-9: ۱۲۳ and 123 find the same number
    script = (root / "build" / "html" / "assets" / "search" / "fa.doc.js").read_text(encoding="utf-8")
    records = json.loads(script.split("window.PUBLISHER_SEARCH, ", 1)[1].rsplit(");", 1)[0])
    vocabulary = " ".join(str(record.get("w", "")) for record in records).split()
    assert "123" in vocabulary and "۱۲۳" not in vocabulary


def test_persian_default_digits_in_the_pdf(make_project) -> None:
    root = _project(make_project, "digits: {fa: default, hi: default, ar: latn}\n")
    _build(root, ["pdf"])
    fa = _pdftotext(root / "build" / "pdf" / "doc.fa.pdf")
    assert "۱۲۳" in fa and "۲۰۲۰" in fa
    pages = fa.split("\f")
    numbered = [page for page in pages if page.strip()]
    # the page numbers of the printed pages (the last line of a page): Persian, never 0-9
    last_lines = [re.sub("[\u202a-\u202e]", "", page.strip().splitlines()[-1]).strip() for page in numbered]
    assert any(re.fullmatch(f"[{PERSIAN}]+", line) for line in last_lines), last_lines
    assert not any(re.fullmatch(r"\d+", line, re.ASCII) for line in last_lines), last_lines
    hi = _pdftotext(root / "build" / "pdf" / "doc.hi.pdf")
    ar = _pdftotext(root / "build" / "pdf" / "doc.ar.pdf")
    assert "123" in hi and not re.search(f"[{DEVANAGARI}]", hi)  # Hindi's default: Latin
    assert "123" in ar and not re.search(f"[{ARABIC}]", ar)


def test_without_a_choice_nothing_changes(make_project) -> None:
    root = _project(make_project, "")
    _build(root, ["html"])
    for lang in WORDS:
        text = _web_text(root, lang)
        assert not FOREIGN.search(text), FOREIGN.search(text)
        assert "123" in text
