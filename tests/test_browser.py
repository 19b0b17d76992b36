"""The web edition in a real browser (Playwright driving Debian's Chromium).

The site is served from a *subfolder* of a plain static server (``/html/``) to prove it
does not assume its own root; one test opens it from ``file://``. axe-core comes from
``tests/browser/node_modules`` (``npm install --prefix tests/browser``, done by ``.ci/run``).

Every page is opened with :func:`goto`, which waits for ``document.fonts.ready``: layout measured
while a web font is still loading is the stand-in font's layout, not the publication's.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from helpers import build_web_site
from playwright.sync_api import Browser, Page, expect

from publisher.languages import language

AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_web_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The site served by http.server from its parent folder: at http://127.0.0.1:PORT/html/."""
    handler = functools.partial(QuietHandler, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/html/"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


FONTS_SETTLED = """async () => {
    document.documentElement.getBoundingClientRect();  // style and layout: the faces in use start loading
    await document.fonts.ready;
    return [...document.fonts].map(f => ({family: f.family.replace(/"/g, ""), weight: f.weight, style: f.style,
                                          status: f.status, display: f.display}));
}"""
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def goto(page: Page, url: str, web_fonts: bool = True) -> list[dict]:
    """Open ``url`` and wait until no web font is loading; returns the page's font faces.

    With ``web_fonts`` the publication's faces the page uses must have loaded (none failed).
    """
    page.goto(url)
    faces = page.evaluate(FONTS_SETTLED)
    assert not [f for f in faces if f["status"] == "loading"], faces
    if web_fonts:
        assert not [f for f in faces if f["status"] == "error"], faces
        used = {f["family"] for f in faces if f["status"] == "loaded"}
        # the text and headings faces of the page's language (Arabic: the Noto faces, Latin: Source)
        assert set(language(page.evaluate("document.documentElement.lang")).fonts) <= used, faces
    return faces


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, errors


def test_index_leads_to_a_chapter(page: Page, base_url: str) -> None:
    goto(page, base_url)
    page.get_by_role("link", name="Türkçe Sürdürülebilir Göç").click()
    expect(page).to_have_url(re.compile(re.escape("/html/tr/report/index.html") + "$"))
    page.get_by_role("main").get_by_role("link", name="Yöntem").click()
    expect(page).to_have_url(re.compile(re.escape("/html/tr/report/methodology.html") + "$"))
    expect(page.locator("h1")).to_have_text("Yöntem")


def test_language_switch_keeps_the_chapter(page: Page, base_url: str) -> None:
    goto(page, base_url + "en/report/findings-molise.html")
    switcher = page.get_by_role("navigation", name="Language")
    switcher.get_by_role("link", name="Türkçe").click()
    expect(page).to_have_url(re.compile(re.escape("/html/tr/report/findings-molise.html") + "$"))
    assert page.locator("html").get_attribute("lang") == "tr"
    page.get_by_role("navigation", name="Dil").get_by_role("link", name="Italiano").click()
    expect(page).to_have_url(re.compile(re.escape("/html/it/report/findings-molise.html") + "$"))
    assert page.locator("html").get_attribute("lang") == "it"


@pytest.mark.parametrize(("query", "expected"), [("göç", "göçmen"), ("izmir", "İzmir"), ("GÖÇMENLERİN", "göçmenlerin")])
def test_turkish_search_with_suffixes(page: Page, base_url: str, query: str, expected: str) -> None:
    """Search from a chapter's header, see the suffixed word marked, and follow a result to its chapter."""
    goto(page, base_url + "tr/report/introduction.html")
    page.get_by_role("search").get_by_role("searchbox").fill(query)
    page.get_by_role("search").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/html/tr/search\.html\?q="))
    results = page.locator("#search-list > li")
    expect(results.first).to_be_visible()
    marks = [m.lower() for m in page.locator("#search-list mark").all_inner_texts()]
    assert any(m.startswith(expected.lower()) or m == expected.lower() for m in marks), marks[:10]
    assert f"“{query}”" in page.locator("#search-status").inner_text()
    first = results.first.get_by_role("link")
    title = first.inner_text().split(" — ")[0]
    first.click()
    expect(page).to_have_url(re.compile(r"/html/tr/(report|policy)/[a-z-]+\.html"))
    expect(page.locator("h1")).to_have_text(title)


@pytest.mark.parametrize("query", ["لاجئين", "اللاجئين", "لاجِئين"])
def test_arabic_search_finds_words_with_the_article_or_and(page: Page, base_url: str, query: str) -> None:
    """``لاجئين`` (refugees) finds ``واللاجئين`` (and the refugees) and ``اللاجئين``, whatever the harakat."""
    goto(page, base_url + "ar/search.html?q=" + quote(query))
    expect(page.locator("#search-list > li").first).to_be_visible()
    marks = set(page.locator("#search-list mark").all_inner_texts())
    assert {"واللاجئين", "اللاجئين"} <= marks, marks


def test_search_as_you_type_and_no_results(page: Page, base_url: str) -> None:
    goto(page, base_url + "tr/search.html")
    box = page.locator("#search-page-input")
    box.fill("molise'deki")
    # the index loads when the reader first searches: wait for the results, not a fixed time
    expect(page.locator("#search-list > li").first).to_be_visible()
    box.fill("zzqx")
    expect(page.locator("#search-list > li")).to_have_count(0)
    expect(page.locator("#search-status")).to_contain_text("zzqx")


def test_search_works_from_file_url(page: Page, site: Path) -> None:
    goto(page, (site / "tr" / "search.html").as_uri() + "?q=izmir")
    expect(page.locator("#search-list > li").first).to_be_visible()
    page.locator("#search-list a").first.click()
    expect(page).to_have_url(re.compile(r"^file://.*/tr/(report|policy)/[a-z-]+\.html"))


AXE_PAGES = [
    "index.html",
    "tr/report/index.html",
    "tr/report/methodology.html",
    "tr/report/findings-izmir.html",
    "en/policy/action-plan.html",
    "it/report/introduction.html",
    "tr/search.html?q=göç",
    "it/accessibility.html",
    "tr/accessibility.html",
    "ar/index.html",  # right to left: the mirrored layout, its switcher and search
    "ar/report/index.html",
    "ar/report/findings-izmir.html",
    "ar/search.html?q=المهاجرين",
    "ar/accessibility.html",
]


@pytest.mark.parametrize("width", [360, pytest.param(1280, marks=pytest.mark.full)])
def test_axe_finds_no_violations(browser: Browser, base_url: str, width: int) -> None:
    assert AXE.is_file(), f"axe-core is missing: npm install --prefix {AXE.parents[2]} (.ci/run does it)"
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    found = []
    for path in AXE_PAGES:
        goto(page, base_url + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            targets = [str(node["target"]) for node in violation["nodes"]][:3]
            found.append(f"{path}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}")
        assert result["passes"], path  # axe really ran
    context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width", [320, 360, 1280])
def test_screenshots_and_no_horizontal_scroll(browser: Browser, base_url: str, tmp_path: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in ["index.html", "tr/report/findings-izmir.html", "tr/report/methodology.html", "tr/search.html?q=göç"]:
        goto(page, base_url + path)
        overflow = page.evaluate(OVERFLOW)
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        shot = tmp_path / f"{width}-{path.replace('/', '_').replace('?', '_')}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
    # the measure stays readable on a wide screen: paragraphs no wider than ~90 characters
    if width == 1280:
        goto(page, base_url + "tr/report/methodology.html")
        chars = page.evaluate("""() => { const p = document.querySelector('main p:not(.chapter-label)');
            const style = getComputedStyle(p); return p.clientWidth / parseFloat(style.fontSize); }""")
        assert chars < 45, chars  # in ems: ~90 characters of a serif text face
    context.close()


def test_web_fonts_swap_in(page: Page, base_url: str) -> None:
    """``font-display: swap``: while a face loads, the text shows in a stand-in instead of staying invisible."""
    faces = goto(page, base_url + "tr/report/methodology.html")
    assert len(faces) >= 4, faces
    assert [f for f in faces if f["display"] != "swap"] == [], faces


@pytest.mark.parametrize("path", ["ar/report/findings-izmir.html", "tr/report/findings-izmir.html", "index.html"])
def test_every_letter_is_drawn_in_a_face_of_the_publication(page: Page, base_url: str, path: str) -> None:
    """What Chromium really drew each element's text with (DevTools' platform fonts): the web fonts
    only, never a system font — Arabic names on a Turkish page too — and the body text of an Arabic
    page in Noto Naskh Arabic. (The footnotes' ↩, which no face of the publication has, is left out.)"""
    goto(page, base_url + path)
    page.evaluate("document.querySelectorAll('.footnote-backref').forEach(a => a.remove())")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "body *"})["nodeIds"]
    drawn: dict[str, int] = {}
    system = []
    for node in nodes:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            drawn[font["familyName"]] = drawn.get(font["familyName"], 0) + font["glyphCount"]
            if not font["isCustomFont"]:
                system.append((font["familyName"], cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"][:80]))
    assert drawn and not system, (drawn, system)
    assert "Noto Sans Arabic" in drawn  # every page names Arabic (or is in Arabic)
    if "/report/" in path:
        body = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "main h2 + p"})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": body})["fonts"]
        main = max(fonts, key=lambda font: font["glyphCount"])["familyName"]
        assert main == ("Noto Naskh Arabic" if path.startswith("ar/") else "Source Serif Pro"), fonts


LONG_WORD = "Together&Stronger:" + "Sürdürülebilirlik" * 4  # no break opportunity in 86 characters


@pytest.mark.parametrize(
    "web_fonts", [True, pytest.param(False, marks=pytest.mark.full)], ids=["web-fonts", "stand-in-fonts"]
)
def test_no_page_scrolls_sideways_at_320px(browser: Browser, base_url: str, site: Path, web_fonts: bool) -> None:
    """Every page fits a 320 px phone, in the publication's fonts and in the stand-ins shown while they
    load (the web fonts refused here), and so does any heading, however long its words."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    if not web_fonts:
        context.route("**/assets/fonts/**", lambda route: route.abort())
    page = context.new_page()
    wide = []
    for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
        faces = goto(page, base_url + path, web_fonts=web_fonts)
        if not web_fonts:
            assert faces and all(f["status"] != "loaded" for f in faces), faces  # really the stand-ins
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            wide.append(f"{path}: {overflow}px")
        headings = page.evaluate(f"""() => {{ const hs = document.querySelectorAll("h1, h2, h3, .site-title");
            hs.forEach(h => h.textContent = {LONG_WORD!r}); return hs.length; }}""")
        assert headings >= 2, path
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            wide.append(f"{path} with {LONG_WORD!r} as every heading: {overflow}px")
    context.close()
    assert not wide, "\n".join(wide)


def test_focus_is_visible_and_skip_link_works(page: Page, base_url: str) -> None:
    goto(page, base_url + "tr/report/methodology.html")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0  # shown when focused
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape("#main") + "$"))


def test_print_stylesheet_hides_navigation(page: Page, base_url: str) -> None:
    goto(page, base_url + "tr/report/methodology.html")
    page.emulate_media(media="print")
    assert not page.locator(".doc-nav").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert page.locator("main h1").is_visible()
