"""Right-to-left editions: the report in Arabic — the registry, the printed book mirrored, the fonts,
the charts and the search (the web pages in a browser: tests/test_browser.py)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from helpers import pdf_text

from publisher.charts.draw import draw_svg
from publisher.fonts import foreign_fonts, pdf_font_names
from publisher.html.search import chapter_records, search, stem, words
from publisher.languages import is_accepted, language
from publisher.pipeline.project import load_project
from publisher.text.locale import format_date, format_number, format_percent

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HARAKAT = re.compile("[\u064b-\u065f\u0670]")
MM = 72 / 25.4


def test_arabic_in_the_registry() -> None:
    arabic = language("ar")
    assert is_accepted("ar")
    assert (arabic.direction, arabic.script, arabic.locale, arabic.digits) == ("rtl", "Arab", "ar_SY", "latn")
    assert arabic.quotes == "”“’‘"
    assert arabic.fonts == ("Noto Naskh Arabic", "Noto Sans Arabic")


def test_arabic_formats_use_levantine_months_and_latin_digits() -> None:
    assert format_date("2020-01-06", "ar") == "6 كانون الثاني 2020"
    assert format_number(143759.65, "ar", 2) == "143,759.65"
    assert re.sub(BIDI_CONTROLS, "", format_percent(0.35, "ar")) == "35%"


def test_search_folds_harakat_tatweel_and_hamza() -> None:
    assert words("مُهَاجِرِينَ", "ar") == words("مهـــاجرين", "ar") == ["مهاجرين"]
    assert words("أزمة", "ar") == words("ازمة", "ar")
    records = [{"u": "a.html", "t": "النطاق", "s": "", "d": "", "x": "مهاجرين", "w": " ".join(words("مهاجرين", "ar"))}]
    assert search(records, "مُهـاجِر", "ar") == records


def test_search_finds_arabic_words_with_the_article_or_and_prefixed() -> None:
    assert stem("واللاجئين", "ar") == stem("اللاجئين", "ar") == stem("لاجئين", "ar") == "لاجئين"
    assert stem("للمهاجرين", "ar") == stem("بالمهاجرين", "ar") == "مهاجرين"
    assert stem("ورشة", "ar") == "رشة" and stem("ولد", "ar") == "ولد" and stem("الم", "ar") == "الم"  # lengths
    assert stem("valle", "it") == "valle" and stem("وال", "en") == "وال"  # Arabic only
    html = (
        "<h2 id='a'>أ</h2><p>دعم المهاجرين واللاجئين</p>"
        "<h2 id='b'>ب</h2><p>للمهاجرين وحدهم</p><h2 id='c'>ج</h2><p>وطن</p>"
    )
    records = chapter_records(html, lang="ar", url="a.html", title="ت", document="د")
    found = {query: [r["u"] for r in search(records, query, "ar")] for query in ("لاجئين", "اللاجئين", "والمهاجرين")}
    assert found == {"لاجئين": ["a.html#a"], "اللاجئين": ["a.html#a"], "والمهاجرين": ["a.html#a", "a.html#b"]}
    assert [r["u"] for r in search(records, "مهاجرين", "ar")] == ["a.html#a", "a.html#b"]
    assert [r["u"] for r in search(records, "وال", "ar")] == ["a.html#a"]  # typing: the word as written still begins
    assert search(records, "طن", "ar") == []  # و of وطن is a letter of the word: never dropped from a short word
    assert search(chapter_records(html, lang="en", url="a.html", title="t", document="d"), "لاجئين", "en") == []


def _chart_svg(root: Path, chart: str, lang: str) -> str:
    project = load_project(root)
    return draw_svg(project.charts[chart], project.chart_context(), lang).decode("utf-8")


def test_arabic_charts_are_drawn_as_shaped_paths(sample_project: Path) -> None:
    """WeasyPrint lays SVG <text> out left to right (Arabic words reversed): Arabic charts carry no
    <text>, their words are glyph paths laid out by matplotlib (libraqm); other languages keep text."""
    arabic = _chart_svg(sample_project, "interviews", "ar")
    assert "<text" not in arabic and arabic.count("<path") > 20
    assert "<text" in _chart_svg(sample_project, "interviews", "en")


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, yMin, word) of each word on ``page`` (1-based), from pdftotext -bbox."""
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
    return [(float(x0), float(x1), float(y0), w) for x0, y0, x1, w in found]


def _text(pdf: Path, page: int | None = None) -> str:
    """The text of ``page`` (1-based; None: every page), bidi controls and harakat removed."""
    out = pdf_text(pdf, page=page)
    return " ".join(HARAKAT.sub("", BIDI_CONTROLS.sub("", out)).split())


@pytest.fixture(scope="module")
def arabic_book(built_sample) -> Path:
    root, results, diags = built_sample
    assert not diags.errors, diags.errors
    # The Arabic report has no print run, so no printer's PDF (docs/printing.md): the digital
    # edition is the same layout, cut to the trim (tests/test_cover_spread.py prints an ordered one).
    return root / "build" / "pdf" / "report.ar.pdf"


def test_arabic_book_is_mirrored(arabic_book: Path) -> None:
    """Page 1 is a left-hand page, chapters open on odd pages (rectos: left-hand pages), the binding
    margin is on the right of a recto and the folio on its outer (left) edge."""
    with pikepdf.open(arabic_book) as pdf:
        box, media = ([float(v) for v in pdf.pages[0].obj[key]] for key in ("/TrimBox", "/MediaBox"))
        pages = len(pdf.pages)
    # pdftotext -bbox measures from the media box's top-left corner: the trim box in those terms
    trim = [box[0] - media[0], media[3] - box[3], box[2] - media[0], media[3] - box[1]]
    titles = {1: "مقدمة", 2: "المنهجية", 3: "نتائج إزمير", 4: "نتائج موليزي", 5: "التوصيات"}
    openings = {}
    for number in range(1, pages + 1):
        text = _text(arabic_book, number)
        for chapter, title in titles.items():
            if f"الفصل {chapter} {title}" in text:  # the chapter's head (a cross-reference has no title)
                openings[chapter] = number
    assert sorted(openings) == [1, 2, 3, 4, 5], openings
    assert all(page % 2 == 1 for page in openings.values()), openings
    middle = (trim[0] + trim[2]) / 2
    for page in openings.values():
        body = [w for w in _words(arabic_book, page) if w[2] < trim[3] - 30 * MM]  # above the footer
        # Arabic is set ragged (docs/languages.md): its lines start at the right, the spine of a recto
        right = trim[2] - max(w[1] for w in body)
        assert 24 * MM < right < 28 * MM, (page, right / MM)  # 26 mm at the spine (20 mm outside)
        folio = [w for w in _words(arabic_book, page + 1) if w[3] == str(page + 1)]
        # the next page, a verso (right-hand page), has its number on its outer edge: the right
        assert folio and folio[-1][0] > middle, (page + 1, folio)
    # page 1 is the cover, a left-hand page: the page after each recto is a right-hand one, so
    # odd pages are left-hand pages from the first
    assert openings[1] % 2 == 1


def test_arabic_words_in_logical_order_and_no_fallback_font(arabic_book: Path, built_sample) -> None:
    root = built_sample[0]
    text = _text(arabic_book)
    assert "يعرض هذا التقرير تقييم الاحتياجات" in text
    assert "Empowerment of the Local Authorities" in text  # a Latin phrase inside Arabic keeps its order
    for pdf in (arabic_book, root / "build" / "pdf" / "report.ar.pdf"):
        data = pdf.read_bytes()
        assert foreign_fonts(data) == [], pdf
        assert {"Noto-Naskh-Arabic", "Noto-Sans-Arabic"} <= set(pdf_font_names(data)), pdf
        with pikepdf.open(pdf) as doc:
            assert str(doc.Root.Lang) == "ar"
    assert "ترجمة أولية بانتظار مراجعة مترجم" in _text(root / "build" / "pdf" / "report.ar.pdf")  # colophon


def test_colophon_isolates_names_in_another_direction(built_sample) -> None:
    """An Arabic name among Latin ones (or Latin among Arabic) would reorder its neighbours and their
    punctuation: each language name, partner and the printer is isolated in its own direction
    (written out: WeasyPrint 70 does not resolve dir="auto")."""
    root = built_sample[0]
    for lang, comma in (("ar", "، "), ("en", ", ")):  # the list separator is the language's own (catalog)
        page = (root / "build" / "pdf" / f"report.{lang}.html").read_text(encoding="utf-8")
        (names,) = re.findall(r"<dd>((?:<bdi lang=\"\w+\" dir=\"\w+\">[^<]+</bdi>(?:, |، )?)+)</dd>", page)
        assert re.findall(r"</bdi>(, |، )", names) == [comma] * 3, names
        assert re.findall(r'<bdi lang="(\w+)"', names) == ["en", "tr", "it", "ar"], lang
        assert '<bdi lang="ar" dir="rtl">العربية</bdi>' in names and '<bdi lang="tr" dir="ltr">Türkçe</bdi>' in names
        assert '<bdi dir="ltr">A.R.E.S. Scarl.</bdi>' in page  # its full stop stays at its end
    # in the Arabic book the terms are on the right of what they name (WeasyPrint's grids are
    # laid out left to right whatever the direction: the right-to-left colophon floats them)
    book = root / "build" / "pdf" / "report.ar.pdf"
    page = next(n for n in range(1, 9) if "ترجمة أولية بانتظار مراجعة مترجم" in _text(book, n))
    words = _words(book, page)
    label = next(w for w in words if w[3] == "اللغات"[::-1])  # poppler's -bbox gives Arabic in visual order
    english = next(w for w in words if w[3].startswith("English"))
    assert label[0] > english[1] and abs(label[2] - english[2]) < 5, (label, english)


def test_arabic_pdfs_open_right_to_left(built_sample) -> None:
    """A viewer's two-page view puts page 2 to the left of page 1 in the Arabic books only (the printer's
    Arabic PDF, made only when ordered: tests/test_cover_spread.py)."""
    root = built_sample[0]
    for folder in ("print", "pdf"):
        for lang in ("ar", "en") if folder == "pdf" else ("en",):
            with pikepdf.open(root / "build" / folder / f"report.{lang}.pdf") as pdf:
                preferences = pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())
                direction = str(preferences.get("/Direction", "/L2R"))
                assert direction == ("/R2L" if lang == "ar" else "/L2R"), (folder, lang)
                if folder == "pdf":  # PDF/UA's preference is kept beside it
                    assert preferences.get("/DisplayDocTitle") is True, lang
