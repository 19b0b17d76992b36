"""The web edition's accessibility statement: one page per language, linked from every page's footer."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

LANGS = ("en", "tr", "it", "ar")


def test_every_page_links_the_statement_in_its_language(built_sample) -> None:
    root, _, diags = built_sample
    site = root / "build" / "html"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        html = path.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="(\w+)"', html)[1]
        footer = html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]
        links = re.findall(r'<a href="([^"]+)">', footer)
        assert len(links) == 1, path
        target = (path.parent / links[0]).resolve()
        assert target == (site / lang / "accessibility.html").resolve(), (path, links)


def test_the_statement_claims_conformance_and_gives_contact_and_date(built_sample) -> None:
    root, _, _ = built_sample
    config = yaml.safe_load((root / "publication.yaml").read_text(encoding="utf-8"))["accessibility"]
    dates = {"en": "January 6, 2020", "tr": "6 Ocak 2020", "it": "6 gennaio 2020", "ar": "6 كانون الثاني 2020"}
    assert str(config["date"]) == "2020-01-06"
    for lang in LANGS:
        html = (root / "build" / "html" / lang / "accessibility.html").read_text(encoding="utf-8")
        direction = "rtl" if lang == "ar" else "ltr"
        assert f'<html lang="{lang}" dir="{direction}">' in html
        assert "PDF/UA-1" in html and "WCAG" in html and "2.1" in html
        assert f'<a href="{config["contact"]}">' in html
        assert dates[lang] in html, lang
        assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]  # no personal e-mail address


def test_the_statement_pages_are_language_versions_of_each_other(built_sample) -> None:
    root, _, _ = built_sample
    html = (root / "build" / "html" / "tr" / "accessibility.html").read_text(encoding="utf-8")
    for lang in LANGS:  # the language switch links the other versions (the sample has no base_url)
        assert f'hreflang="{lang}"' in html if lang != "tr" else '<span aria-current="true" lang="tr">' in html
    assert Path(root / "build" / "html" / "en" / "accessibility.html").is_file()
