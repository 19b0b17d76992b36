"""Composition (docs/printing.md, "Composition"): the faults read from the laid-out boxes, the relayout
that settles them, the report preflight lists, and what the sample's printer's PDFs print."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import pdf_text

from publisher.pdf.composition import HYPHEN, Fault, Line, find_faults, laid_out_lines
from publisher.text.hyphenation_rules import HyphenationRules, name_words

RULES = HyphenationRules(names=name_words(["Molise", "Ripalimosani"]))
MEASURE = 400.0


class Block:
    """An element as the analysis sees it: something with an identity and an id."""

    def __init__(self, anchor: str = "") -> None:
        self.anchor = anchor

    def get(self, name: str) -> str | None:
        return self.anchor if name == "id" else None


def lines(*specs: tuple[int, Block, str, str]) -> list[Line]:
    """Lines from (page, block, tag, text); a text ending in '-' was hyphenated; '~' marks a loose line."""
    out = []
    for page, block, tag, text in specs:
        hyphenated = text.endswith("-")
        stretch = 0.8 if text.startswith("~") else 0.1
        words = text.lstrip("~").rstrip("-") + (HYPHEN if hyphenated else "")
        width = MEASURE if len(words) > 20 else 10.0 * len(words)
        out.append(Line(page, block, tag, words, hyphenated, stretch, width, MEASURE, None, block.anchor))
    return out


def kinds(found: list[Fault]) -> list[tuple[int, str]]:
    return [(f.page, f.kind) for f in found]


def test_a_sound_page_has_no_fault() -> None:
    h, p, q = Block("h"), Block("p1"), Block("p2")
    text = lines(
        (1, h, "h2", "A heading"),
        (1, p, "p", "A first line of text that runs the whole"),
        (1, p, "p", "measure, and another that does as well,"),
        (1, p, "p", "and a last line."),
        (1, q, "p", "Another paragraph whose lines run the"),
        (1, q, "p", "whole measure here, then turn the"),
        (2, q, "p", "page with two lines of it on the next"),
        (2, q, "p", "page, which is as it should be done."),
    )
    assert find_faults(text, RULES) == []


def test_a_heading_with_one_line_under_it_at_the_foot_is_stranded() -> None:
    h, p = Block("who"), Block("p")
    found = find_faults(
        lines(
            (1, h, "h2", "Who was it for?"),
            (1, p, "p", "The first line of the paragraph under it"),
            (2, p, "p", "and the rest of the paragraph on the next"),
            (2, p, "p", "page, where it goes on for a while yet."),
        ),
        RULES,
    )
    assert kinds(found) == [(1, "orphan"), (1, "stranded heading")]
    assert [f.remedy for f in found if f.kind == "stranded heading"] == ["break:who"]


def test_widows_and_orphans() -> None:
    p, q = Block("p"), Block("q")
    found = find_faults(
        lines(
            (1, p, "p", "A paragraph whose last line is left alone"),
            (1, p, "p", "on this page, so that the next page starts"),
            (2, p, "p", "with a widow."),
            (2, q, "p", "Then one whose first line is the last of"),
            (3, q, "p", "its page: an orphan, with the rest of it"),
            (3, q, "p", "on the page that follows it here."),
        ),
        RULES,
    )
    assert kinds(found) == [(2, "orphan"), (2, "widow")]


def test_a_single_list_item_at_the_foot() -> None:
    items = [Block() for _ in range(4)]
    text = lines(*((1 if i == 0 else 2, items[i], "li", f"item number {i} of the list;") for i in range(4)))
    listed = Block("list")
    text = [Line(**{**line.__dict__, "item_list": listed}) for line in text]
    assert kinds(find_faults(text, RULES)) == [(1, "single list item at the foot")]


def test_hyphens_at_the_page_foot_in_a_ladder_and_in_names() -> None:
    p = Block("p")
    found = find_faults(
        lines(
            (1, p, "p", "a line of text that ends in a hyphen-"),
            (1, p, "p", "ated word, and another one that is hyph-"),
            (1, p, "p", "enated too, and a third one broken in Ripa-"),
            (1, p, "p", "limosani, and one more that turns a page sym-"),
            (2, p, "p", "posium, to end the paragraph on the next page"),
            (2, p, "p", "with two lines of text."),
        ),
        RULES,
    )
    assert kinds(found) == [(1, "hyphen ladder"), (1, "hyphen ladder"), (1, "hyphenated name"), (1, "page-end hyphen")]
    assert {f.remedy for f in found} == {"word:Ripalimosani", "word:symposium", ""}


def test_runts_and_loose_lines() -> None:
    p, q, r = Block("p"), Block("q"), Block("r")
    found = find_faults(
        lines(
            (1, p, "p", "A paragraph that ends with one short word on"),
            (1, p, "p", "them."),
            (1, q, "p", "~A loose line, stretched between its words,"),
            (1, q, "p", "then the end of the paragraph with a few words."),
            (1, r, "p", "A paragraph whose last word is a long one:"),
            (1, r, "p", "municipalities."),
        ),
        RULES,
    )
    assert kinds(found) == [(1, "loose line"), (1, "runt")]
    assert {f.remedy for f in found} == {"respace:p", "respace:q"}


def test_lines_read_from_weasyprint_boxes() -> None:
    weasyprint = pytest.importorskip("weasyprint")
    html = (
        "<html lang='en'><style>@page { size: 60mm 50mm; margin: 5mm } p { hyphens: auto; text-align: justify;"
        " font: 10pt/12pt serif; margin: 0 }</style><div class='chapter-body'><h2 id='h'>Title</h2><p id='p'>"
        + "internationalisation " * 14
        + "</p></div></html>"
    )
    text = laid_out_lines(weasyprint.HTML(string=html).render())
    assert text[0].tag == "h2" and text[0].anchor == "h"
    body = [line for line in text if line.tag == "p"]
    assert len({line.page for line in body}) == 2 and {line.anchor for line in body} == {"p"}
    assert any(line.hyphenated and line.text.endswith(HYPHEN) for line in body)
    assert all(line.block is body[0].block for line in body)


def test_no_fault_in_any_sample_book(built: Path) -> None:
    """The composition report of every printer's PDF is there, for that file, and empty."""
    from publisher.pdf.composition_report import read_report

    pdfs = [p for p in sorted((built / "build" / "print").glob("*.*.pdf")) if not p.name.endswith(".cover.pdf")]
    assert len(pdfs) == 6  # the text blocks ordered (the Arabic report has no print run)
    for pdf in pdfs:
        assert read_report(pdf, pdf.read_bytes()) == [], pdf.name


def test_the_first_layout_had_faults_the_relayout_settled(built: Path) -> None:
    """Without the relayout, the English report has the faults the issue found (report.en p17 "symposi-")."""
    from publisher.fonts import font_dirs
    from publisher.pdf.composition import composition_faults
    from publisher.pdf.engine import LayoutLog, _render, jailed_fetcher
    from publisher.pipeline.project import load_project

    rules = load_project(built, ["report"], ["en"]).hyphenation
    html = (built / "build" / "print" / "report.en.html").read_text(encoding="utf-8")
    fetcher = jailed_fetcher([built, *font_dirs()], LayoutLog())
    document, _ = _render(html, built / "templates", fetcher, "", rules)
    assert {f.kind for f in composition_faults(document, rules)} >= {"page-end hyphen", "stranded heading"}


def test_preflight_lists_the_faults_page_by_page(built: Path, tmp_path: Path) -> None:
    from publisher.load.config import load_publication
    from publisher.pdf.composition_report import report_path
    from publisher.pdf.preflight import preflight_publication

    build = tmp_path / "build"
    shutil.copytree(built / "build" / "print", build / "print", ignore=shutil.ignore_patterns("*.html"))
    shutil.copytree(built / "build" / ".cache" / "composition", build / ".cache" / "composition")
    report = report_path(build / "print" / "policy.tr.pdf")
    entry = json.loads(report.read_text(encoding="utf-8"))
    entry["faults"] = [[13, "stranded heading", "Proje kimlere hitap etti?"]]
    report.write_text(json.dumps(entry), encoding="utf-8")
    report_path(build / "print" / "report.it.pdf").unlink()
    reports = {r.path.name: r for r in preflight_publication(load_publication(built), build, use_cache=False)}
    policy = [p.message for p in reports["policy.tr.pdf"].problems]
    assert policy == ["page 13: composition: stranded heading: “Proje kimlere hitap etti?”"]
    assert reports["policy.tr.pdf"].composition == 1
    assert [p.message for p in reports["report.it.pdf"].problems] == [
        "no composition report for this file: build it again (`publisher build -f print`)"
    ]
    assert all(p.severity == "warning" for r in reports.values() for p in r.problems)


def _text(pdf: Path) -> str:
    return pdf_text(pdf)


@pytest.mark.parametrize("book", ["policy.tr", "report.tr", "policy.it", "report.it"])
def test_no_straight_apostrophe_in_the_turkish_and_italian_books(built: Path, book: str) -> None:
    text = _text(built / "build" / "print" / f"{book}.pdf")
    assert "'" not in text and '"' not in text
    assert "’" in text


def test_titles_print_curly_in_contents_headings_and_running_heads(built: Path) -> None:
    text = _text(built / "build" / "print" / "policy.tr.pdf")
    assert text.count("Molise’den İyi Uygulamalar") >= 3  # contents, chapter title, running heads
    assert "Piano d’azione" in _text(built / "build" / "print" / "policy.it.pdf")


def test_cross_references_without_nested_parentheses(built: Path) -> None:
    text = " ".join(_text(built / "build" / "print" / "report.en.pdf").split())
    assert "(see Table 2 in Chapter 2, p. " in text
    assert "(see Chapter 2, p. 13)" in text
    assert "(p. " not in text.split("(see")[1].split(")")[0]
    assert ") (p." not in text and "))" not in text


def test_contents_leaders_line_up_right_to_left_where_stock_weasyprint_does_not() -> None:
    from weasyprint.layout import inline

    from publisher.pdf import leaders, patches

    assert patches.apply() == [] and inline.handle_leader is leaders.handle_leader
    assert leaders.leaders_line_up()
    inline.handle_leader = leaders._UPSTREAM
    try:
        assert not leaders.leaders_line_up()
    finally:
        inline.handle_leader = leaders.handle_leader
