"""The Markdown dialect, as fixtures of Markdown → expected HTML fragments."""

from __future__ import annotations

import pytest

from publisher.text.markdown import Label, MarkupContext, make_markdown


def render(source: str, lang: str = "en", mode: str = "web", labels: dict[str, Label] | None = None) -> str:
    md = make_markdown(lang)
    names = {"en": {"fig": "Figure", "tbl": "Table", "ch": "Chapter"},
             "tr": {"fig": "Şekil", "tbl": "Tablo", "ch": "Bölüm"},
             "it": {"fig": "Figura", "tbl": "Tabella", "ch": "Capitolo"}}[lang]
    env = {"chapter_slug": "intro", "lang": lang,
           "markup": MarkupContext(lang, target="book" if mode == "print" else "web", labels=labels or {},
                                   names=names)}
    return md.render(source, env)


@pytest.mark.parametrize(("lang", "expected"), [
    ("tr", "“Göç” ve ‘yerel’"),
    ("it", "«Göç» ve “yerel”"),
    ("en", "“Göç” ve ‘yerel’"),
])
def test_smart_quotes_per_language(lang: str, expected: str) -> None:
    assert expected in render("\"Göç\" ve 'yerel'", lang)


def test_italian_apostrophe() -> None:
    assert "dell’amministrazione" in render("dell'amministrazione", "it")


def test_table_caption_numbered_and_referenced() -> None:
    labels = {"tbl-budget": Label("tbl", "tbl-budget", 2, "intro")}
    html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n: The \"budget\" {#tbl-budget}\n\nSee @tbl-budget.\n",
                  "tr", labels=labels)
    assert ('<figure class="table" id="tbl-budget" tabindex="0"><figcaption><span class="label">Tablo\u00a02</span> '
            "The “budget”") in html
    assert '<a class="xref xref-tbl" href="#tbl-budget">Tablo\u00a02</a>' in html
    assert "{#tbl-budget}" not in html


def test_lone_image_is_a_figure_token() -> None:
    md = make_markdown("en")
    tokens = md.parse("![Interviews by region](figure:interviews)\n", {})
    assert [t.type for t in tokens] == ["figure"]
    assert tokens[0].meta["chart"] == "interviews"
    assert tokens[0].meta["id"] == "fig-interviews"
    assert tokens[0].meta["alt"] == "Interviews by region"


def test_unknown_reference_is_marked_not_linked() -> None:
    html = render("See @fig-nothing here.")
    assert 'class="xref-missing"' in html and "<a" not in html


def test_email_is_not_a_reference() -> None:
    html = render("Write to someone@fig-example.org")
    assert "xref" not in html


def test_footnotes_web_and_print() -> None:
    source = "Text[^a].\n\n[^a]: The *note*.\n"
    web = render(source)
    assert 'id="intro-fnref1"' in web and '<li id="intro-fn1">' in web
    md = make_markdown("en")
    env = {"chapter_slug": "intro", "markup": MarkupContext("en", target="book")}
    tokens = md.parse(source, env)
    from publisher.text.markdown import footnote_bodies, strip_footnote_block

    env["footnote_html"] = footnote_bodies(md, tokens, env)
    printed = md.renderer.render(strip_footnote_block(tokens), md.options, env)
    assert '<span class="footnote" id="intro-fn1">The <em>note</em>.</span>' in printed
    assert "footnotes" not in printed.replace('class="footnote"', "")


def test_heading_ids_are_prefixed_and_turkish_slugged() -> None:
    html = render("## İzmir'de Göç Yönetimi\n\n## İzmir'de Göç Yönetimi\n", "tr")
    assert 'id="intro-izmirde-goc-yonetimi"' in html
    assert 'id="intro-izmirde-goc-yonetimi-2"' in html


def test_definition_list_admonition_attributes() -> None:
    html = render("SPRAR\n: The protection system\n\n!!! note \"Note\"\n    Body\n\nA [word]{lang=it} here.\n")
    assert "<dl>" in html and "<dt>SPRAR</dt>" in html
    assert '<div class="admonition note">' in html and '<p class="admonition-title">Note</p>' in html
    assert '<span lang="it">word</span>' in html


def test_raw_html_is_escaped_by_default() -> None:
    html = render("<script>alert(1)</script>\n\nA <b onclick=x>b</b>\n")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b onclick" not in html


def test_attributes_are_allow_listed() -> None:
    html = render('A [word]{lang=tr onclick="alert(1)" style="x"} here.\n')
    assert '<span lang="tr">word</span>' in html
    assert "onclick" not in html and "style" not in html


def test_quotes_follow_the_language_of_a_passage() -> None:
    html = render('Türkçe "alıntı" ve [bir "citazione" dell\'arte]{lang=it} sonra.', "tr")
    assert "Türkçe “alıntı” ve <span lang=\"it\">bir «citazione» dell’arte</span>" in html
    html = render('Un "testo" e [an "English" quote]{lang=en}.', "it")
    assert "Un «testo» e <span lang=\"en\">an “English” quote</span>" in html
