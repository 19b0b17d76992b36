"""What a shared link, a search engine and a phone's browser find in the web edition's pages:
descriptions, Open Graph and Twitter cards, card images, icons, manifest, robots.txt, schema.org
data — and the web fonts: WOFF2 subsets that hold every character the pages show."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from helpers import BASE_URL, LANGS, build_web_site, html_pages
from PIL import Image

from publisher.fonts import FACES
from publisher.html import cards
from publisher.html.social import trim
from publisher.html.webfonts import subset_woff2
from publisher.load.config import load_publication
from publisher.pipeline.stages import build

LOCALES = {"en": "en_US", "tr": "tr_TR", "it": "it_IT", "ar": "ar_SY"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_web_site(tmp_path_factory)


class Head(HTMLParser):
    """The ``<meta>``, ``<link>`` and JSON-LD of a page's head, and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, str] = {}
        self.json_ld: list[dict] = []
        self.lang = ""
        self._script = ""
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a["lang"]
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a["content"])
        if tag == "link" and a.get("rel") in ("icon", "manifest", "preload", "apple-touch-icon", "canonical"):
            self.links[a["rel"]] = a["href"]
        if tag in ("script", "style", "title"):
            self._skip += 1
            self._script = a.get("type", "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip and self._script == "application/ld+json":
            self.json_ld.append(json.loads(data))
        elif not self._skip:
            self.text.append(data)

    def one(self, key: str) -> str:
        assert len(self.meta.get(key, [])) == 1, (key, self.meta.get(key))
        return self.meta[key][0]


def head(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def site_file(site: Path, url: str) -> Path:
    assert url.startswith(BASE_URL + "/"), url
    return site / url[len(BASE_URL) + 1 :]


def test_every_page_can_be_shared(site: Path) -> None:
    """Title, summary and a 1200×630 card, in the page's language, with the other editions' locales."""
    for page in html_pages(site):
        tags = head(page)
        description = tags.one("description")
        assert 40 <= len(description) <= 160, (page, description)
        assert tags.one("og:description") == tags.one("twitter:description") == description
        assert tags.one("og:title") == tags.one("twitter:title") and tags.one("og:title")
        assert tags.one("twitter:card") == "summary_large_image"
        assert tags.one("og:locale") == LOCALES[tags.lang]
        assert LOCALES[tags.lang] not in tags.meta.get("og:locale:alternate", [])
        relative = page.relative_to(site).as_posix()
        assert tags.one("og:url") == tags.links["canonical"] == f"{BASE_URL}/{relative}"
        image = site_file(site, tags.one("og:image"))
        assert tags.one("twitter:image") == tags.one("og:image")
        with Image.open(image) as picture:
            assert (picture.format, picture.size) == ("PNG", (1200, 630))
        assert tags.one("theme-color") == "#0a4a7a"
        for rel in ("icon", "manifest", "preload", "apple-touch-icon"):
            assert (page.parent / tags.links[rel]).is_file(), (page, rel)


def test_a_chapter_has_other_editions_and_its_document_card(site: Path) -> None:
    tags = head(site / "tr" / "report" / "methodology.html")
    others = [lang for lang in load_publication(site.parents[1]).document("report").languages if lang != "tr"]
    assert len(others) >= 2
    assert sorted(tags.meta["og:locale:alternate"]) == sorted(LOCALES[lang] for lang in others)
    assert tags.one("og:image") == f"{BASE_URL}/assets/cards/tr/report.png"
    assert tags.one("og:type") == "article"
    assert tags.one("og:title").startswith("Yöntem · ")
    # no description in the front matter: the chapter's first paragraph, trimmed at a word
    assert tags.one("description").startswith("Değerlendirme, nicel bir kaynağı")
    assert tags.one("description").endswith("…")


def test_document_pages_carry_report_data(site: Path) -> None:
    for lang in LANGS:
        for page in ("index.html", "methodology.html"):
            tags = head(site / lang / "report" / page)
            (data,) = tags.json_ld
            assert data["@context"] == "https://schema.org" and data["@type"] == "Report"
            assert data["inLanguage"] == lang
            assert data["datePublished"] == "2020-01-06"
            assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"]
            assert data["name"] in tags.one("og:title")
            assert data["url"] == f"{BASE_URL}/{lang}/report/{page}"
    assert head(site / "index.html").json_ld == []
    assert head(site / "tr" / "search.html").json_ld == []


def test_manifest_icons_and_robots(site: Path) -> None:
    for lang in LANGS:
        path = site / "assets" / f"manifest.{lang}.webmanifest"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        assert manifest["lang"] == lang and manifest["theme_color"] == "#0a4a7a"
        assert manifest["name"] == head(site / lang / "search.html").one("og:site_name")
        sizes = {}
        for icon in manifest["icons"]:
            assert (path.parent / icon["src"]).is_file()
            sizes[icon["sizes"]] = path.parent / icon["src"]
        for size in (192, 512):
            with Image.open(sizes[f"{size}x{size}"]) as picture:
                assert picture.size == (size, size)
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}/sitemap.xml" in robots.splitlines()
    assert (site / "sitemap.xml").is_file()


def test_front_matter_description_and_no_base_url(make_project) -> None:
    """``description`` in the front matter wins; without base_url, no robots.txt and no absolute URLs."""
    long = "Uzun " * 60
    chapters = {f"{lang}/doc/01-intro.md": "---\ntitle: Intro\n---\n\nText.\n" for lang in ("en", "it")}
    chapters["tr/doc/01-intro.md"] = "---\ntitle: Giriş\ndescription: Bir özet, elle yazılmış.\n---\n\nMetin.\n"
    chapters["tr/doc/02-next.md"] = f"---\ntitle: Sonra\n---\n\n!!! note\n    Not.\n\n{long}\n"
    root = make_project(chapters=chapters)
    _, diags = build(root, languages=["tr"], formats=["html"])
    assert not diags.errors
    site = root / "build" / "html"
    assert head(site / "tr" / "doc" / "intro.html").one("description") == "Bir özet, elle yazılmış."
    assert head(site / "tr" / "doc" / "index.html").one("description") == "Bir özet, elle yazılmış."
    assert head(site / "tr" / "doc" / "next.html").one("description") == trim(long)  # not the note
    assert not (site / "robots.txt").exists()
    assert head(site / "tr" / "doc" / "intro.html").one("og:image") == "../../assets/cards/tr/doc.png"


def test_trim_cuts_at_a_word() -> None:
    assert trim("short  text\n") == "short text"
    cut = trim("word " * 50)
    assert len(cut) <= 160 and cut.endswith("word…")


def test_cards_are_deterministic_and_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    card = cards.Card("Göç Yönetimi Politika Belgesi", "Birlikte Daha Güçlü", "İzmir Valiliği", "Türkçe")
    assert cards.draw_card(card) == cards.draw_card(card)
    first = cards.card_file(card, tmp_path)

    def refuse(card: cards.Card) -> bytes:
        raise AssertionError("drawn again")

    monkeypatch.setattr(cards, "draw_card", refuse)
    assert cards.card_file(card, tmp_path) == first
    with pytest.raises(AssertionError, match="drawn again"):
        cards.card_file(cards.Card("Another title", "", "", "English"), tmp_path)


def page_characters(site: Path) -> set[str]:
    """Every character a reader may see: the pages' text and the search index's (shown as results)."""
    chars: set[str] = set()
    for page in html_pages(site):
        chars |= set("".join(head(page).text))
        chars |= {c for value in head(page).meta.get("description", []) for c in value}
    for index in (site / "assets" / "search").glob("*.js"):
        chars |= set(index.read_text(encoding="utf-8"))
    return {c for c in chars if not c.isspace() or c == "\u00a0"}


def test_web_fonts_are_woff2_subsets_holding_every_character(site: Path) -> None:
    fonts = sorted((site / "assets" / "fonts").iterdir())
    assert len(fonts) == len(FACES) and all(f.suffix == ".woff2" for f in fonts)
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert css.count("@font-face") == len(FACES) == css.count("font-display: swap")
    assert ".ttf" not in css
    needed = page_characters(site)
    assert {"ğ", "İ", "ı", "ş", "è", "«", "“", "…"} <= needed
    originals = {Path(face.file).stem: set(TTFont(face.path).getBestCmap()) for face in FACES}
    for font in fonts:
        assert 3_000 < font.stat().st_size < 20_000, font
        cmap = TTFont(font).getBestCmap()
        has = originals[font.name.split(".")[0]]  # what the face lacks is drawn by a stand-in (↩ in Sans)
        missing = sorted(c for c in needed if ord(c) in has and ord(c) not in cmap)
        assert not missing, f"{font.name} lacks {missing}"
    assert (
        head(site / "tr" / "report" / "methodology.html")
        .links["preload"]
        .split("/")[-1]
        .startswith("SourceSerifPro-Regular.")
    )


def test_subsets_follow_the_content_and_are_deterministic(make_project) -> None:
    chapters = {f"{lang}/doc/01-intro.md": "---\ntitle: Intro\n---\n\nText.\n" for lang in ("en", "tr")}
    chapters["it/doc/01-intro.md"] = "---\ntitle: Ø\n---\n\nÅngström Ł.\n"
    root = make_project(chapters=chapters)
    _, diags = build(root, languages=["it"], formats=["html"])
    assert not diags.errors
    fonts = root / "build" / "html" / "assets" / "fonts"
    (serif,) = fonts.glob("SourceSerifPro-Regular.*.woff2")
    assert re.fullmatch(r"SourceSerifPro-Regular\.[0-9a-f]{10}\.woff2", serif.name)
    assert {ord("Ø"), ord("Å"), ord("Ł")} <= set(TTFont(serif).getBestCmap())
    data = FACES[0].path.read_bytes()
    assert subset_woff2(data, "abcŁ") == subset_woff2(data, "abcŁ")
    # a partial build of another language publishes the same fonts: they do not depend on what is built
    names = sorted(f.name for f in fonts.iterdir())
    build(root, languages=["en"], formats=["html"], force=True)
    assert sorted(f.name for f in fonts.iterdir()) == names
