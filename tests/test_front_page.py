"""The site's front page as a publisher's (issue 23 §7) and the review of every translation (§4).

Each language's index shows each document with its cover thumbnail, its summary in the reader's
language, a "read online" link and a download button per edition (format and size), and marks the
editions that are draft translations; a chapter page folds its contents on phones. A chapter's
review is recorded in its front matter, checked, and shown by `publisher status` and the pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner
from helpers import copy_project
from markupsafe import escape

from publisher.cli import main
from publisher.pipeline.stages import build

LANGS = ("en", "tr", "it", "ar")
DRAFT = {
    "en": "Draft translation awaiting a translator's review.",
    "tr": "Taslak çeviri: bir çevirmenin gözden geçirmesini bekliyor.",
    "ar": "ترجمة أولية بانتظار مراجعة مترجم.",
}


def cards(html: str) -> list[str]:
    return re.findall(r'<section class="document-card">(.*?)</section>', html, re.S)


def test_each_language_index_presents_each_document(built: Path) -> None:
    site = built / "build" / "html"
    summaries = {
        lang: yaml.safe_load((built / "publication.yaml").read_text(encoding="utf-8"))["documents"][0]["summary"][lang]
        for lang in LANGS
    }
    for lang in LANGS:
        html = (site / lang / "index.html").read_text(encoding="utf-8")
        report = cards(html)[0]
        assert '<svg class="cover-thumb"' in report and 'aria-hidden="true"' in report
        assert f'<p class="summary">{escape(summaries[lang])}</p>' in report
        assert f'<a class="read" href="../{lang}/report/index.html">'.replace(f"../{lang}/", "") in report
        own = re.search(
            r'<a class="download" href="../downloads/pdf/report\.' + lang + r'\.pdf" download>(.*?)</a>', report
        )
        assert own and re.search(r"PDF\S* \d+(\.\d)? [KM]B", re.sub("<[^>]+>", "", own.group(1))), lang
        others = re.findall(r'href="../downloads/pdf/report\.(\w+)\.pdf"', report)
        assert sorted(others) == sorted(LANGS)  # a download per edition
        assert (site / "downloads" / "pdf" / f"report.{lang}.pdf").is_file()
    arabic = (site / "ar" / "index.html").read_text(encoding="utf-8")
    assert 'direction="rtl"' in arabic and '<span class="edition-title" lang="en" dir="ltr">' in arabic


def test_draft_translations_are_marked_on_every_index(built: Path) -> None:
    site = built / "build" / "html"
    english = cards((site / "en" / "index.html").read_text(encoding="utf-8"))[0]
    assert english.count(f'<span class="review-badge">{DRAFT["en"]}</span>') == 3  # tr, it, ar
    for lang in ("tr", "ar"):
        own = cards((site / lang / "index.html").read_text(encoding="utf-8"))[0]
        assert f'<p class="review-notice" role="note">{DRAFT[lang]}</p>' in own
        chapter = (site / lang / "report" / "methodology.html").read_text(encoding="utf-8")
        assert f'<p class="review-notice" role="note">{DRAFT[lang]}</p>' in chapter


def test_the_chapter_contents_fold_on_phones(built: Path) -> None:
    html = (built / "build" / "html" / "tr" / "report" / "methodology.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="doc-nav"') : html.index("</nav>", html.index('<nav class="doc-nav"'))]
    assert '<details class="doc-nav-fold" open>' in nav and "<summary>İçindekiler</summary>" in nav
    assert 'matchMedia("(max-width: 48rem)")' in nav


def test_every_translated_chapter_records_its_review(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    runner = CliRunner()
    assert "records no review" not in runner.invoke(main, ["-C", str(root), "check"]).output
    status = runner.invoke(main, ["-C", str(root), "status"], env={"COLUMNS": "200"}).output
    assert status.count("ok, review pending") == 25
    chapter = root / "content" / "tr" / "report" / "02-methodology.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("review: pending\n", ""), encoding="utf-8")
    output = runner.invoke(main, ["-C", str(root), "check"]).output
    assert (
        "content/tr/report/02-methodology.md:2: warning: the translation records no review: add `review: pending`"
        in output
    )
    chapter.write_text(text.replace("review: pending", "review: {by: A. Reviewer, date: 2020-02-14}"), encoding="utf-8")
    status = runner.invoke(main, ["-C", str(root), "status"], env={"COLUMNS": "200"}).output
    assert "ok, reviewed 2020-02-14 (A. Reviewer)" in status
    _, diags = build(root, documents=["report"], languages=["tr"], formats=["html"])
    assert not diags.errors
    page = (root / "build" / "html" / "tr" / "report" / "methodology.html").read_text(encoding="utf-8")
    assert "Çeviri, 14 Şubat 2020 tarihinde A. Reviewer tarafından gözden geçirildi." in page
    assert DRAFT["tr"] not in page
    chapter.write_text(text.replace("review: pending", "review: {by: '', date: soon}"), encoding="utf-8")
    refused = runner.invoke(main, ["-C", str(root), "check"])
    assert refused.exit_code == 1
    assert "content/tr/report/02-methodology.md:4: error: review: 'by' must name who reviewed" in refused.output
    shutil.rmtree(root)


def test_the_search_count_has_every_plural_form_of_the_language(built: Path) -> None:
    """The count is written in the browser: the page carries the catalog's form for each CLDR category
    (Arabic's six), and search.js chooses with Intl.PluralRules."""
    html = (built / "build" / "html" / "ar" / "search.html").read_text(encoding="utf-8")
    forms = dict(re.findall(r'data-plural-(\w+)="([^"]*)"', html))
    assert list(forms) == ["zero", "one", "two", "few", "many", "other"]
    assert forms["two"] == "نتيجتان لـ ”{query}“" and forms["few"] == "{num} نتائج لـ ”{query}“"
    italian = (built / "build" / "html" / "it" / "search.html").read_text(encoding="utf-8")
    assert set(re.findall(r"data-plural-(\w+)=", italian)) == {"one", "many", "other"}
    script = (built / "build" / "html" / "assets" / "search.js").read_text(encoding="utf-8")
    assert 'status.getAttribute("data-plural-" + new Intl.PluralRules(lang).select(n))' in script


def test_latin_passages_on_right_to_left_pages_get_their_own_direction(built: Path) -> None:
    html = (built / "build" / "html" / "ar" / "report" / "introduction.html").read_text(encoding="utf-8")
    assert '<span lang="en" dir="ltr">A.R.E.S. Scarl.</span>' in html
    assert '<span lang="en" dir="ltr">Empowerment of the Local Authorities/Administrations' in html  # a footnote
