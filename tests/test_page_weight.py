"""What a phone downloads to show a page: a chapter's first view ≤ 200 KB and ≤ 12 requests.

Counted in Chromium (Playwright) on a phone-sized window, from a server that compresses as
hosts do (gzip), with an empty cache: every response's bytes on the wire, until the page's
fonts are ready and the network is idle. The search index is loaded only when the reader searches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from gzipserver import serve
from helpers import build_web_site
from playwright.sync_api import Browser, Page

MAX_BYTES = 200_000
MAX_REQUESTS = 12


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_web_site(tmp_path_factory)) as url:
        yield url


class Traffic:
    """The requests of one page and the bytes each took on the wire (Chrome DevTools Protocol)."""

    def __init__(self, page: Page) -> None:
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        session.on("Network.loadingFinished", lambda e: self.bytes.__setitem__(e["requestId"], e["encodedDataLength"]))

    @property
    def total(self) -> int:
        return sum(self.bytes.values())

    def listing(self) -> str:
        return "\n".join(f"{self.bytes.get(key, '?'):>8} {url}" for key, url in self.urls.items())


def first_view(browser: Browser, url: str) -> Traffic:
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    page.wait_for_load_state("networkidle")
    context.close()
    return traffic


def chapters(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.glob("*/*/*.html") if p.name != "index.html")


def weight_on_disk(site: Path, path: str) -> int:
    """The bytes of a chapter's HTML and of the images it links, uncompressed: a ranking, not a measure."""
    page = site / path
    html = page.read_text(encoding="utf-8")
    images = {(page.parent / src).resolve() for src in re.findall(r'<img[^>]* src="([^"#?]+)"', html)}
    return len(html.encode()) + sum(image.stat().st_size for image in images if image.is_file())


def heaviest_per_language(site: Path) -> list[str]:
    """Of each language, the chapter with the most bytes on disk."""
    pages = chapters(site)
    return sorted(
        max((p for p in pages if p.split("/")[0] == lang), key=lambda p: weight_on_disk(site, p))
        for lang in sorted({p.split("/")[0] for p in pages})
    )


@pytest.mark.parametrize("scope", ["heaviest", pytest.param("every", marks=pytest.mark.full)])
def test_chapter_first_view_is_light(browser: Browser, site_url: str, tmp_path_factory, scope: str) -> None:
    """``make test`` loads the heaviest chapter of each language; ``make test-full`` every chapter."""
    site = build_web_site(tmp_path_factory)
    heavy = []
    pages = chapters(site) if scope == "every" else heaviest_per_language(site)
    assert len(pages) >= (20 if scope == "every" else 4), pages
    for path in pages:
        traffic = first_view(browser, site_url + path)
        assert traffic.bytes, path
        if traffic.total > MAX_BYTES or len(traffic.urls) > MAX_REQUESTS:
            heavy.append(f"{path}: {traffic.total} bytes, {len(traffic.urls)} requests\n{traffic.listing()}")
    assert not heavy, "\n".join(heavy)


def test_a_chapter_loads_web_fonts_not_truetype(browser: Browser, site_url: str) -> None:
    traffic = first_view(browser, site_url + "tr/report/findings-izmir.html")
    fonts = [url for url in traffic.urls.values() if "/assets/fonts/" in url]
    # the faces the page uses, not all fourteen: at most six of Latin text (regular, semibold, bold,
    # italic) and one Arabic, for the switcher's العربية
    assert 2 <= len(fonts) <= 7, traffic.listing()
    assert sum("Arabic" in url for url in fonts) <= 1, traffic.listing()
    assert all(url.endswith(".woff2") for url in fonts), fonts
    assert not [url for url in traffic.urls.values() if "/assets/search/" in url], traffic.listing()


def test_search_index_loads_only_when_the_reader_searches(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(site_url + "tr/search.html", wait_until="networkidle")
    assert not [url for url in traffic.urls.values() if "/assets/search/" in url], traffic.listing()
    page.locator("#search-page-input").fill("göç")
    page.locator("#search-list > li").first.wait_for()
    indexes = sorted(url.rsplit("/", 1)[1] for url in traffic.urls.values() if "/assets/search/" in url)
    assert indexes == ["tr.policy.js", "tr.report.js"]
    context.close()
