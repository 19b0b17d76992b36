"""Publications of other shapes, built end to end: four languages with German and a document in
Italian only (tests/fixtures/languages/four), and a Greek edition (tests/fixtures/languages/greek).

Each builds its web edition and one PDF per edition under test, to stay fast.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyphen
import pytest
from helpers import ROOT, broken_links, pdf_text

from publisher.diagnostics import PublisherError
from publisher.pipeline.project import load_project
from publisher.pipeline.stages import build

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "languages"


def copy_fixture(name: str, target: Path) -> Path:
    """A copy of a fixture publication, with the project's templates."""
    shutil.copytree(FIXTURES / name, target)
    if (ROOT / "templates").is_dir():
        shutil.copytree(ROOT / "templates", target / "templates")
    return target


def pdf_fonts(path: Path) -> list[str]:
    """The font names ``pdffonts`` lists (subset prefix removed)."""
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, timeout=60, check=True)
    return [line.split()[0].split("+")[-1] for line in result.stdout.splitlines()[2:] if line.strip()]


def body(html: str) -> str:
    """The page's main text, tags removed."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.fixture(scope="module")
def four(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four-language publication: the whole web edition, the German and the Italian-only printer's PDFs."""
    root = copy_fixture("four", tmp_path_factory.mktemp("four") / "p")
    for selection in (
        {"formats": ["html"]},
        {"documents": ["visit"], "languages": ["de"], "formats": ["print"]},
        {"documents": ["call"], "formats": ["print"]},
    ):
        _, diags = build(root, **selection)  # type: ignore[arg-type]
        assert not diags.errors, "\n".join(map(str, diags.errors))
    return root


def test_german_edition_has_cldr_formats_and_german_quotes(four: Path) -> None:
    html = body((four / "build" / "html" / "de" / "visit" / "budget.html").read_text(encoding="utf-8"))
    assert "143.759,65\u00a0€" in html
    assert "6. Januar 2020" in html
    assert "„eine Städtepartnerschaft“" in html
    text = pdf_text(four / "build" / "print" / "visit.de.pdf")
    assert "143.759,65 €" in text and "„eine Städtepartnerschaft“" in text


def test_german_print_is_hyphenated_at_valid_points(four: Path) -> None:
    """Lines of the German paragraph end in a hyphen, each at a point German patterns allow."""
    # the physical lines (-layout): poppler joins a paragraph's hyphenated lines
    lines = [line.strip() for line in pdf_text(four / "build" / "print" / "visit.de.pdf", layout=True).splitlines()]
    german = pyphen.Pyphen(lang="de_DE")
    breaks = []
    for line, following in zip(lines, lines[1:], strict=False):
        if re.search(r"\w[-\u2010]$", line) and following[:1].islower():
            head = line.split()[-1][:-1]
            tail = re.match(r"\w+", following)
            assert tail is not None, (line, following)
            breaks.append((head, tail.group(0)))
    assert breaks, "no hyphenated line in the German printer's PDF"
    for head, tail in breaks:
        word = head + tail
        assert len(head) in german.positions(word), f"{head}-{tail}: not a German hyphenation point of {word}"


def test_italian_only_document_has_italian_editions_only(four: Path) -> None:
    site = four / "build" / "html"
    assert (site / "it" / "call" / "call.html").is_file()
    for lang in ("en", "tr", "de"):
        assert not (site / lang / "call").exists()
        assert not (four / "build" / "print" / f"call.{lang}.pdf").exists()
    page = (site / "it" / "call" / "index.html").read_text(encoding="utf-8")
    assert 'class="lang-switch"' not in page  # no other edition to switch to
    assert 'hreflang="en"' not in page and 'hreflang="de"' not in page
    assert not broken_links(site)


def test_each_language_index_shows_what_exists_in_it(four: Path) -> None:
    site = four / "build" / "html"
    turkish = (site / "tr" / "index.html").read_text(encoding="utf-8")
    mine, _, others = body(turkish).partition("Diğer dillerdeki belgeler")
    assert "Çalışma ziyareti" in mine and "Bando CONNECTION" not in mine
    assert "İtalyanca" in others and "Bando CONNECTION per i Comuni" in others
    assert 'href="../it/call/index.html" hreflang="it"' in turkish
    italian = body((site / "it" / "index.html").read_text(encoding="utf-8"))
    assert "Bando CONNECTION per i Comuni" in italian and "Documenti disponibili in altre lingue" not in italian
    root = (site / "index.html").read_text(encoding="utf-8")
    assert '<h2 lang="it">Bando CONNECTION per i Comuni</h2>' in root
    search = (site / "it" / "search.html").read_text(encoding="utf-8")
    assert "assets/search/it.call.js" in search
    assert "it.call.js" not in (site / "tr" / "search.html").read_text(encoding="utf-8")


def test_italian_only_colophon_and_job_sheet_state_its_own_print_run(four: Path) -> None:
    assert "Tiratura: 50 copie" in pdf_text(four / "build" / "print" / "call.it.pdf")
    assert re.search(r"(Print run|Auflage)[^\n]*\b40\b", pdf_text(four / "build" / "print" / "visit.de.pdf"))
    sheet = pdf_text(four / "build" / "print" / "job-sheet.pdf")
    assert "Bando CONNECTION per i Comuni" in sheet and "call.it.pdf" in sheet
    runs = (four / "build" / "print" / "print-runs.csv").read_text(encoding="utf-8")
    assert re.search(r"^call,it,50,", runs, re.M)
    assert not re.search(r"^call,(en|tr|de),", runs, re.M)


def test_translation_status_of_a_document_without_the_source_language(four: Path) -> None:
    """The Italian-only document follows its own first language: no 'no source chapter' warning."""
    from publisher.text.status import all_status

    project = load_project(four)
    states = {(s.document, s.lang, s.state) for s in all_status(project.publication, project.content)}
    assert ("call", "it", "source") in states
    assert not [s for s in states if s[0] == "call" and s[2] != "source"]
    assert not [p for p in project.diagnostics if "call" in p.path]


@pytest.fixture(scope="module")
def greek(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture("greek", tmp_path_factory.mktemp("greek") / "p")
    _, diags = build(root, languages=["el"], formats=["html", "pdf"])
    assert not diags.errors, "\n".join(map(str, diags.errors))
    return root


def test_greek_edition_uses_only_the_publications_fonts(greek: Path) -> None:
    pdf = greek / "build" / "pdf" / "visit.el.pdf"
    fonts = pdf_fonts(pdf)
    # Greek is set in Noto Serif and Noto Sans (polytonic too), Latin words in them as well: nothing else
    faces = {
        family + style for family in ("Noto-Serif", "Noto-Sans") for style in ("", "-Bold", "-Italic", "-Semi-Bold")
    }
    assert fonts and set(fonts) <= faces, fonts
    text = re.sub(r"\s+", " ", re.sub("[-\u2010]\n", "", pdf_text(pdf)))
    # the long lower-case "word" is hyphenated in Noto Serif, and pdftotext puts its halves apart
    for part in ("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ", "αβγδεζηθικλμνξοπρ", "στυφχψως", "άέήίόύώ ϊϋΐΰ"):
        assert part in text, part
    assert "«αδελφοποίηση»" in text
    assert "143.759,65 €" in text and "6 Ιανουαρίου 2020" in text


def test_greek_web_edition_names_greek_in_itself(greek: Path) -> None:
    html = (greek / "build" / "html" / "el" / "visit" / "budget.html").read_text(encoding="utf-8")
    assert '<html lang="el" dir="ltr">' in html
    assert '<span aria-current="true" lang="el">Ελληνικά</span>' in html
    assert "«<em>αδελφοποίηση</em>»" in html


def test_unknown_language_code_is_a_located_config_error(tmp_path: Path) -> None:
    root = copy_fixture("greek", tmp_path / "p")
    yaml = root / "publication.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("languages: [en, el]", "languages: [en, xx]"))
    with pytest.raises(PublisherError) as info:
        load_project(root)
    line = next(n for n, text in enumerate(yaml.read_text(encoding="utf-8").splitlines(), 1) if "languages:" in text)
    assert [(p.line, p.message) for p in info.value.problems if "'xx'" in p.message] == [
        (
            line,
            "languages.1: unknown language 'xx': not a language code that CLDR knows "
            "(ISO 639 codes such as de, el, fr, ja; see docs/languages.md)",
        )
    ]


def test_characters_missing_from_the_fonts_are_reported_at_their_chapter_line(tmp_path: Path) -> None:
    root = copy_fixture("greek", tmp_path / "p")
    chapter = root / "content" / "el" / "visit" / "01-budget.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nΚείμενο ᚠᚢ ☃.\n", encoding="utf-8")
    line = len(chapter.read_text(encoding="utf-8").splitlines())
    with pytest.raises(PublisherError) as info:
        load_project(root)
    assert [(p.path.endswith("el/visit/01-budget.md"), p.line, p.message) for p in info.value.problems] == [
        (
            True,
            line,
            "2 characters of the Runic script ('ᚠ' (U+16A0), 'ᚢ' (U+16A2)): no face of the publication draws "
            "Runic; they would print in another font or as boxes. "
            "Add a face for Runic (docs/languages.md: adding a font)",
        ),
        (
            True,
            line,
            "1 character that no face of the publication draws ('☃' (U+2603)): they would print in another font "
            "or as boxes; replace them, or add a face that draws them (docs/languages.md: adding a font)",
        ),
    ]


def greek_plus(tmp_path: Path, lang: str, title: str, document: str) -> Path:
    """The Greek fixture with a third language ``lang`` added (the English chapters copied for it)."""
    root = copy_fixture("greek", tmp_path / "p")
    yaml = root / "publication.yaml"
    text = yaml.read_text(encoding="utf-8").replace("languages: [en, el]", f"languages: [en, el, {lang}]")
    text = text.replace("el: Μαζί πιο δυνατοί}", f"el: Μαζί πιο δυνατοί, {lang}: {title}}}")
    text = text.replace("el: Η επίσκεψη μελέτης}", f"el: Η επίσκεψη μελέτης, {lang}: {document}}}")
    yaml.write_text(text, encoding="utf-8")
    shutil.copytree(root / "content" / "en" / "visit", root / "content" / lang / "visit")
    return root


def test_a_language_without_hyphenation_dictionary_is_a_check_warning(tmp_path: Path) -> None:
    """Irish (ga): CLDR knows it, Pyphen has no patterns for it."""
    project = load_project(greek_plus(tmp_path, "ga", "Níos láidre le chéile", "An cuairt staidéir"))
    warnings = [p for p in project.diagnostics if p.severity == "warning" and "hyphenation" in p.message]
    assert [(p.line, p.message) for p in warnings] == [
        (
            4,
            "languages.2: no hyphenation dictionary for 'ga' (Irish): its printed text is not hyphenated "
            "(see docs/languages.md)",
        )
    ]


def test_a_script_never_hyphenated_gives_no_hyphenation_warning(tmp_path: Path) -> None:
    """Arabic (ar): no Pyphen patterns either, but Arabic is not hyphenated at all, so no warning."""
    project = load_project(greek_plus(tmp_path, "ar", "معًا أقوى", "الزيارة الدراسية"))
    assert "ar" in project.publication.languages
    assert not [p for p in project.diagnostics if "hyphenation" in p.message]
