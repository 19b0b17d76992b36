"""``publisher serve``: an edit to a chapter reaches the open browser page; errors show over the page."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_project
from playwright.sync_api import Browser, expect, sync_playwright

from publisher.serve import PreviewServer

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PreviewServer, Path, list[str]]]:
    root = copy_project(tmp_path_factory.mktemp("serve"))
    log: list[str] = []
    server = PreviewServer(root, "127.0.0.1", 0, log=log.append)
    server.start()
    yield server, root, log
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


def state(server: PreviewServer) -> dict:
    with urllib.request.urlopen(server.url + "__reload") as response:
        return json.loads(response.read())


def test_serve_builds_html_only_and_injects_the_reload_script(preview) -> None:
    server, root, _ = preview
    assert (root / "build" / "html" / "tr" / "report" / "introduction.html").is_file()
    assert not (root / "build" / "pdf").exists() and not (root / "build" / "print").exists()
    with urllib.request.urlopen(server.url + "tr/report/introduction.html") as response:
        served = response.read().decode("utf-8")
    assert "/__reload" in served
    assert "__reload" not in (root / "build" / "html" / "tr" / "report" / "introduction.html").read_text("utf-8")
    with urllib.request.urlopen(server.url + "assets/site.css") as response:
        assert b"__reload" not in response.read()
    assert state(server)["problems"] == []


def test_an_edit_shows_in_the_browser(preview, browser: Browser) -> None:
    server, root, log = preview
    page = browser.new_page()
    page.goto(server.url + "tr/report/methodology.html")
    page.wait_for_function("() => window.fetch && document.readyState === 'complete'")
    time.sleep(0.5)  # let the page's first poll record the current generation
    chapter = root / "content" / "tr" / "report" / "02-methodology.md"
    text = chapter.read_text(encoding="utf-8")
    start = time.perf_counter()
    chapter.write_text(text.replace("Değerlendirme,", "CANLI ÖNİZLEME değerlendirme,", 1), encoding="utf-8")
    expect(page.locator("main")).to_contain_text("CANLI ÖNİZLEME", timeout=15_000)
    latency = time.perf_counter() - start
    print(f"\nserve: edit → page shown in {latency:.2f} s (rebuild {state(server)['seconds']:.2f} s)")
    assert any(line.startswith("rebuilt report.tr") for line in log), log
    # the other languages' pages were not deleted by the narrowed rebuild
    assert (root / "build" / "html" / "it" / "report" / "methodology.html").is_file()
    page.close()


def test_errors_show_in_the_page_and_the_terminal(preview, browser: Browser) -> None:
    server, root, log = preview
    page = browser.new_page()
    page.goto(server.url + "tr/report/introduction.html")
    page.wait_for_function("() => document.readyState === 'complete'")
    chapter = root / "content" / "tr" / "report" / "01-introduction.md"
    good = chapter.read_text(encoding="utf-8")
    chapter.write_text(good + "\n{{ kırık \n", encoding="utf-8")
    overlay = page.locator("#publisher-problems")
    expect(overlay).to_contain_text("01-introduction.md:", timeout=15_000)
    assert re.search(r"01-introduction\.md:\d+: error: template syntax", overlay.inner_text())
    assert any("01-introduction.md:" in line and ": error: " in line for line in log)
    # the server keeps serving; fixing the file removes the overlay and reloads the page
    chapter.write_text(good.replace("Bu ", "DÜZELDİ bu ", 1), encoding="utf-8")
    expect(page.locator("main")).to_contain_text("DÜZELDİ", timeout=15_000)
    expect(overlay).to_have_count(0)
    assert state(server)["problems"] == []
    page.close()
