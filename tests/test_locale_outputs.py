"""Every language right in what comes out: numbers, dates, casing, hyphenation, fonts, abbreviations.

Reads the sample publication as built once per session (``built_sample`` in conftest.py).
"""

from __future__ import annotations

import html as htmllib
import re
import subprocess
from pathlib import Path

import pyphen
import pytest
from helpers import pdf_text

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.fonts import font_dirs, font_face_css, foreign_fonts, uncovered_characters
from publisher.text.abbreviations import load_abbreviations
from publisher.text.hyphenation import hyphenator

EXPECTED = {
    # number, number with decimals, percent, currency, long date
    "tr": ["2.200", "143.759,65", "%35", "€143.759,65", "6 Ocak 2020"],
    "it": ["2.200", "143.759,65", "35%", "143.759,65 €", "6 gennaio 2020"],
    "en": ["2,200", "143,759.65", "35%", "€143,759.65", "January 6, 2020"],
}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def site_text(root: Path, lang: str, doc: str) -> str:
    pages = sorted((root / "build" / "html" / lang / doc).glob("*.html"))
    return squash(htmllib.unescape(" ".join(p.read_text(encoding="utf-8") for p in pages)))


@pytest.mark.parametrize("lang", ["tr", "it", "en"])
def test_formatted_values_in_the_pdf_and_the_web_edition(built_sample, lang: str) -> None:
    root, _, _ = built_sample
    text = pdf_text(root / "build" / "pdf" / f"report.{lang}.pdf")
    pdf = squash(text) + " " + squash(re.sub(r"-\n", "", text))
    web = site_text(root, lang, "report")
    for value in EXPECTED[lang]:
        assert value in pdf, f"{value!r} not in the {lang} PDF"
        assert value in web, f"{value!r} not in the {lang} web edition"
    wrong_percent = r"(?<![\w%])\d+%" if lang == "tr" else r"%\d+"
    assert not re.search(wrong_percent, pdf) and not re.search(wrong_percent, re.sub(r"<[^>]+>", " ", web))


def _hyphenated_words(text: str) -> list[tuple[str, str]]:
    """(first part, second part) of each word broken across lines with a hyphen."""
    letters = "a-zçğıöşüâîû"
    return re.findall(rf"([{letters}A-ZÇĞİÖŞÜ]*[{letters}])[-\u2010]\n([{letters}]+)", text)


def test_turkish_print_pdf_is_hyphenated_by_turkish_rules(built_sample) -> None:
    root, _, _ = built_sample
    turkish = hyphenator("tr")
    breaks = _hyphenated_words(pdf_text(root / "build" / "print" / "report.tr.pdf", layout=True))  # physical lines
    assert len(breaks) >= 10, breaks
    valid = [(a, b) for a, b in breaks if len(a) in turkish.positions(a + b)]
    assert len(valid) >= 0.9 * len(breaks), [a + "-" + b for a, b in breaks if (a, b) not in valid]
    assert any(set(a + b) & set("çğıöşü") for a, b in valid)


def test_every_language_is_hyphenated_in_print(built_sample) -> None:
    root, _, _ = built_sample
    for lang in ("it", "en"):  # the physical lines (-layout): poppler joins a paragraph's lines, and its breaks
        assert len(_hyphenated_words(pdf_text(root / "build" / "print" / f"report.{lang}.pdf", layout=True))) >= 10


def test_turkish_uppercase_headings_keep_the_dotted_i(built_sample) -> None:
    root, _, _ = built_sample
    text = pdf_text(root / "build" / "print" / "report.tr.pdf")
    assert "İÇİNDEKİLER" in text  # "İçindekiler" uppercased by the Turkish rules (i → İ) …
    assert "KISALTMALAR" in text  # … and "Kısaltmalar" (ı → I)
    assert "BÖLÜM 1" in text
    assert "İÇINDEKILER" not in text and "KİSALTMALAR" not in text
    # the templates give lower-case text: the casing is done by WeasyPrint, following lang="tr"
    html = (root / "build" / "print" / "report.tr.html").read_text(encoding="utf-8")
    assert '<html lang="tr" dir="ltr">' in html and ">İçindekiler</h2>" in html


def test_every_pdf_uses_only_the_publication_fonts_all_embedded(built_sample) -> None:
    root, _, _ = built_sample
    pdfs = sorted((root / "build" / "print").glob("*.*.pdf")) + sorted((root / "build" / "pdf").glob("*.*.pdf"))
    assert len(pdfs) == 19  # 7 digital books, 6 printed text blocks (no Arabic print run) and their 6 covers
    for pdf in pdfs:
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows, pdf
        for row in rows:
            name = row.split()[0].split("+", 1)[-1]
            assert name.startswith(("Source-Serif-Pro", "Source-Sans-Pro", "Noto-Naskh-Arabic", "Noto-Sans-Arabic")), (
                pdf.name,
                row,
            )
            emb, sub = row.split()[-5:-3]
            assert (emb, sub) == ("yes", "yes"), (pdf.name, row)
        assert "DejaVu" not in out


def test_a_character_missing_from_the_fonts_is_caught() -> None:
    """Pango draws it with a system font (no WeasyPrint warning): the PDF's fonts tell."""
    from publisher.pdf.engine import lay_out_pdf

    html = (
        f"<html lang='tr'><style>{font_face_css()} body {{ font-family: 'Source Serif Pro'; }}</style>"
        "<p>Kardan adam ☃</p></html>"
    )
    result = lay_out_pdf(html, Path("/tmp"), font_dirs(), identifier="t", mode="pdf")
    assert [f for f in foreign_fonts(result.data) if "DejaVu" in f]
    assert uncovered_characters("İzmir’de %35 — €1 ☃ \u202f") == ["☃", "\u202f"]


def test_chapter_characters_outside_the_fonts_are_errors_at_their_line(make_project) -> None:
    from publisher.pipeline.project import load_project

    root = make_project(
        chapters={
            f"{lang}/doc/01-intro.md": f"---\ntitle: T\n---\n\nText {lang}.\n\nSnow ☃ here.\n"
            for lang in ("en", "tr", "it")
        }
    )
    with pytest.raises(PublisherError) as info:
        load_project(root)
    messages = [str(p).replace(str(root) + "/", "") for p in info.value.problems]
    assert (
        "content/tr/doc/01-intro.md:7: error: 1 character that no face of the publication draws ('☃' (U+2603)): "
        "they would print in another font or as boxes; replace them, or add a face that draws them "
        "(docs/languages.md: adding a font)" in messages
    )


def test_abbreviations_per_language_sorted_in_print_and_web(built_sample) -> None:
    root, _, _ = built_sample
    text = pdf_text(root / "build" / "print" / "report.tr.pdf")
    start = text.index("KISALTMALAR")
    assert text.index("İÇİNDEKİLER") < start < text.index("BÖLÜM 1")
    section = text[start : text.index("BÖLÜM 1")]
    assert [a for a in ("AB", "CFCU", "IPA", "SPRAR") if a in section] == ["AB", "CFCU", "IPA", "SPRAR"]
    assert section.index("AB") < section.index("CFCU") < section.index("IPA") < section.index("SPRAR")
    assert "Avrupa Birliği" in section and "STK" not in section  # STK does not occur in the Turkish report
    web_it = (root / "build" / "html" / "it" / "report" / "index.html").read_text(encoding="utf-8")
    assert "<dt>ONG</dt><dd>organizzazione non governativa</dd>" in web_it
    assert "<h2>Abbreviazioni</h2>" in web_it
    web_en = (root / "build" / "html" / "en" / "report" / "index.html").read_text(encoding="utf-8")
    assert "<dt>NGO</dt><dd>non-governmental organisation</dd>" in web_en


def test_abbreviations_sort_by_the_turkish_alphabet_and_are_checked(tmp_path: Path) -> None:
    from publisher.text.abbreviations import for_edition

    data = tmp_path / "content" / "data"
    data.mkdir(parents=True)
    (data / "abbreviations.yaml").write_text(
        "a:\n  tr: {abbr: ÇŞB, expansion: x}\n  en: {abbr: CSB, expansion: x}\n"
        "b:\n  tr: {abbr: DSİ, expansion: y}\n  en: {abbr: DSI, expansion: y}\n"
        "c:\n  tr: {abbr: CHP, expansion: z}\n  en: {abbr: CHP, expansion: z}\n"
        "d:\n  tr: {abbr: TÜİK}\n"
        "e:\n  tr: {abbr: TBMM, expansion: w}\n",
        encoding="utf-8",
    )
    diags = Diagnostics()
    entries = load_abbreviations(tmp_path, ("tr", "en"), diags)
    assert [str(p).split("abbreviations.yaml")[1] for p in diags] == [
        ":11: error: d.tr: expected {abbr: <abbreviation>, expansion: <what it stands for>}, both non-empty text",
        ":12: warning: e: no 'en' entry yet: the 'tr' entry is shown until it is translated",
    ]

    class Text:  # the part of DocumentText that for_edition reads
        lang = "tr"
        chapters: list = []

    import publisher.text.abbreviations as module

    original = module.chapter_text
    module.chapter_text = lambda text: "DSİ, ÇŞB ve CHP'nin"
    try:
        assert [a["abbr"] for a in for_edition(entries, Text())] == ["CHP", "ÇŞB", "DSİ"]
    finally:
        module.chapter_text = original


def test_a_passage_in_another_language_is_marked_and_hyphenated_in_its_language(built_sample, tmp_path: Path) -> None:
    root, _, _ = built_sample
    # the Turkish footnote gives the name the (English) activity report uses
    page = (root / "build" / "html" / "tr" / "report" / "findings-molise.html").read_text(encoding="utf-8")
    assert '<span lang="en">Salvini Decree</span>' in page

    from publisher.pdf.engine import lay_out_pdf

    word = "ingegneristicamente"  # it: in-ge-gne-ri-sti-ca-men-te, tr: in-geg-ne-ris-ti-ca-men-te

    def breaks(paragraph: str) -> set[int]:
        """Where WeasyPrint broke ``word`` in a narrow Turkish document."""
        html = (
            f"<html lang='tr'><style>{font_face_css()} p {{ font: 12pt 'Source Serif Pro'; width: 14mm; "
            f"hyphens: auto; }}</style>{paragraph}</html>"
        )
        out = tmp_path / "passage.pdf"
        out.write_bytes(lay_out_pdf(html, tmp_path, font_dirs(), identifier="t", mode="pdf").data)
        lines = [line.strip().rstrip("-\u2010") for line in pdf_text(out, layout=True).splitlines() if line.strip()]
        assert "".join(lines) == word
        return {sum(len(x) for x in lines[:i]) for i in range(1, len(lines))}

    in_italian = breaks(f"<p><span lang='it'>{word}</span></p>")
    in_turkish = breaks(f"<p>{word}</p>")
    italian, turkish = pyphen.Pyphen(lang="it"), hyphenator("tr")
    assert in_italian and in_italian <= set(italian.positions(word))
    assert in_turkish and in_turkish <= set(turkish.positions(word))
    assert in_italian != in_turkish
