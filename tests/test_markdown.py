"""The Markdown dialect, data-driven: Markdown in → exact HTML out.

The cases are in ``tests/fixtures/markdown/<lang>.md`` (the web edition) and
``<lang>.book.md`` (both PDFs), in markdown-it-py's fixture format: a title line,
then ``.``, the Markdown, ``.``, the expected HTML, ``.``. Every case is rendered in
the same small world: chapter ``intro`` of a document whose numbered things are
:data:`LABELS`. The tests below the parametrized one are about tokens, not HTML.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from publisher.text.markdown import (
    Label,
    MarkupContext,
    footnote_bodies,
    make_markdown,
    strip_footnote_block,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "markdown"
LANGUAGES = ("en", "tr", "it")
TARGETS = ("web", "book")

NAMES = {
    "en": {"fig": "Figure", "tbl": "Table", "ch": "Chapter"},
    "tr": {"fig": "Şekil", "tbl": "Tablo", "ch": "Bölüm"},
    "it": {"fig": "Figura", "tbl": "Tabella", "ch": "Capitolo"},
}
LABELS = {
    "ch-methods": Label("ch", "ch-methods", 2, "methods"),
    "fig-interviews": Label("fig", "fig-interviews", 1, "intro"),
    "fig-map": Label("fig", "fig-map", 3, "methods"),
    "tbl-budget": Label("tbl", "tbl-budget", 2, "intro"),
}
"""What the fixtures may reference: two in this chapter (``intro``), two in ``methods``."""
CHAPTER_URLS = {"intro": "intro.html", "methods": "methods.html"}
"""Chapter pages of the web edition (a book is one HTML: no chapter URLs)."""


def render(source: str, lang: str, target: str) -> str:
    """``source`` as chapter ``intro`` renders it, as DocumentText.chapter_html does."""
    md = make_markdown(lang)
    env = {
        "chapter_slug": "intro",
        "lang": lang,
        "markup": MarkupContext(
            lang, target=target, labels=LABELS, names=NAMES[lang], chapter_urls=CHAPTER_URLS if target == "web" else {}
        ),
    }
    tokens = md.parse(source, env)
    if target == "book":
        env["footnote_html"] = footnote_bodies(md, tokens, env)
        tokens = strip_footnote_block(tokens)
    return md.renderer.render(tokens, md.options, env)


def _cases() -> list[object]:
    cases = []
    for path in sorted(FIXTURES.glob("*.md")):
        lang, _, target = path.stem.partition(".")
        for line, title, source, expected in read_fixture_file(path):
            cases.append(pytest.param(lang, target or "web", source, expected, id=f"{path.name}:{line + 1} {title}"))
    return cases


@pytest.mark.parametrize(("lang", "target", "source", "expected"), _cases())
def test_fixture(lang: str, target: str, source: str, expected: str) -> None:
    assert render(source, lang, target) == expected


def test_every_language_and_target_has_fixtures() -> None:
    names = {path.name for path in FIXTURES.glob("*.md")}
    for lang in LANGUAGES:
        assert f"{lang}.md" in names and read_fixture_file(FIXTURES / f"{lang}.md")
    assert "en.book.md" in names and read_fixture_file(FIXTURES / "en.book.md")
    for name in names:  # a file no case reads would be silently skipped
        lang, _, target = name.removesuffix(".md").partition(".")
        assert lang in LANGUAGES and (target or "web") in TARGETS, name


def test_lone_image_is_a_figure_token() -> None:
    md = make_markdown("en")
    tokens = md.parse("![Interviews by region](figure:interviews)\n", {})
    assert [t.type for t in tokens] == ["figure"]
    assert tokens[0].meta["chart"] == "interviews"
    assert tokens[0].meta["id"] == "fig-interviews"
    assert tokens[0].meta["alt"] == "Interviews by region"
