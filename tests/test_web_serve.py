"""``publisher serve``: an edit to a chapter, a template or the data reaches the open browser page;
errors show over the page; the chapter time limit holds in the watcher thread.

Each test gets its own copy of the publication and its own server (the copies start from one HTML
build, so the server's first build is a quick cache check), and waits on conditions: the rebuild
the page has seen (``window.publisherGeneration``, set by the reload script) and the server's log.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import copy_project, override
from playwright.sync_api import Browser, Page, expect

from publisher.pipeline.stages import build
from publisher.serve import PreviewServer

WAIT = 30.0  # seconds: an upper bound for a rebuild on a loaded machine, never a pause


class Log:
    """The server's log lines; a test can wait until one it expects has been written."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()

    def __call__(self, line: str) -> None:
        with self._changed:
            self.lines.append(line)
            self._changed.notify_all()

    def wait_for(self, wanted: Callable[[str], bool], after: int = 0) -> str:
        """The first line from index ``after`` on for which ``wanted`` is true (fails after WAIT s)."""
        with self._changed:
            found = self._changed.wait_for(lambda: any(wanted(line) for line in self.lines[after:]), WAIT)
            assert found, f"not logged within {WAIT} s: {self.lines}"
            return next(line for line in self.lines[after:] if wanted(line))


@dataclass
class Running:
    server: PreviewServer
    root: Path
    log: Log

    def state(self) -> dict:
        with urllib.request.urlopen(self.server.url + "__reload", timeout=10) as response:
            return json.loads(response.read())

    def open(self, browser: Browser, path: str) -> Page:
        """A browser page on ``path`` whose reload script has seen the server's current rebuild."""
        generation = self.state()["generation"]
        page = browser.new_page()
        # the reload script runs at the end of <body>: the document is enough (not its fonts and images)
        page.goto(self.server.url + path, wait_until="domcontentloaded", timeout=WAIT * 1000)
        page.wait_for_function(f"() => window.publisherGeneration >= {generation}", timeout=WAIT * 1000)
        return page

    def edit(self, rel: str, old: str, new: str) -> str:
        """Replace ``old`` (which must be there) by ``new`` in a project file; returns the old text."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return text


@contextmanager
def running(root: Path) -> Iterator[Running]:
    log = Log()
    server = PreviewServer(root, "127.0.0.1", 0, log=log)
    server.start()
    try:
        yield Running(server, root, log)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The publication with its HTML built once: each test copies it (never edits it)."""
    root = copy_project(tmp_path_factory.mktemp("serve-source"))
    _, diags = build(root, formats=["html"])
    assert not diags.errors, diags.errors
    return root


@pytest.fixture
def preview(built_copy: Path, tmp_path: Path) -> Iterator[Running]:
    root = tmp_path / "project"
    shutil.copytree(built_copy, root)
    with running(root) as run:
        yield run


def test_serve_builds_html_only_and_injects_the_reload_script(make_project) -> None:
    root = make_project()  # a new project, never built: en, tr and it
    assert not (root / "build").exists()
    with running(root) as run:
        assert (root / "build" / "html" / "tr" / "doc" / "intro.html").is_file()
        assert not (root / "build" / "pdf").exists() and not (root / "build" / "print").exists()
        assert not (root / "build" / "epub").exists()
        with urllib.request.urlopen(run.server.url + "tr/doc/intro.html", timeout=10) as response:
            served = response.read().decode("utf-8")
        assert "/__reload" in served and "Text tr." in served
        assert "__reload" not in (root / "build" / "html" / "tr" / "doc" / "intro.html").read_text("utf-8")
        with urllib.request.urlopen(run.server.url + "assets/site.css", timeout=10) as response:
            assert b"__reload" not in response.read()
        assert run.state()["problems"] == []


def test_an_edit_shows_in_the_browser(preview: Running, browser: Browser) -> None:
    page = preview.open(browser, "tr/report/methodology.html")
    expect(page.locator("main")).not_to_contain_text("CANLI ÖNİZLEME")
    start = time.perf_counter()
    preview.edit("content/tr/report/02-methodology.md", "Değerlendirme,", "CANLI ÖNİZLEME değerlendirme,")
    expect(page.locator("main")).to_contain_text("CANLI ÖNİZLEME", timeout=WAIT * 1000)
    latency = time.perf_counter() - start
    print(f"\nserve: edit → page shown in {latency:.2f} s (rebuild {preview.state()['seconds']:.2f} s)")
    preview.log.wait_for(lambda line: line.startswith("rebuilt report.tr"))
    # the other languages' pages were not deleted by the narrowed rebuild
    assert (preview.root / "build" / "html" / "it" / "report" / "methodology.html").is_file()
    page.close()


def test_a_template_edit_shows_in_the_browser(preview: Running, browser: Browser) -> None:
    page = preview.open(browser, "it/policy/context.html")
    label = page.locator("main .chapter-label")
    expect(label).not_to_contain_text("MODELLO NUOVO")
    old = '<p class="chapter-label">'
    # the project has no templates/: its first override of the theme appears at once, as a folder
    staged = override(preview.root.parent / "staged", "web/chapter.html.j2")
    staged.write_text(staged.read_text(encoding="utf-8").replace(old, old + "MODELLO NUOVO ", 1), encoding="utf-8")
    assert not (preview.root / "templates").exists()
    (preview.root.parent / "staged" / "templates").rename(preview.root / "templates")
    expect(label).to_contain_text("MODELLO NUOVO", timeout=WAIT * 1000)
    preview.log.wait_for(lambda line: line.startswith("rebuilt all editions"))
    for lang in ("en", "tr"):  # a template is every edition's: all were rebuilt
        html = (preview.root / "build" / "html" / lang / "report" / "methodology.html").read_text("utf-8")
        assert "MODELLO NUOVO" in html, lang
    # from now on templates/ is watched: an edit of the override shows too
    preview.edit("templates/web/chapter.html.j2", "MODELLO NUOVO ", "MODELLO RIVISTO ")
    expect(label).to_contain_text("MODELLO RIVISTO", timeout=WAIT * 1000)
    page.close()


def test_a_data_edit_shows_in_the_browser(preview: Running, browser: Browser) -> None:
    page = preview.open(browser, "en/policy/context.html")
    main = page.locator("main")
    expect(main).to_contain_text("The project was planned for a term of 12 months.")
    preview.edit("content/data/project.yaml", "duration_months: 12\n", "duration_months: 15\n")
    expect(main).to_contain_text("The project was planned for a term of 15 months.", timeout=WAIT * 1000)
    preview.log.wait_for(lambda line: line.startswith("rebuilt all editions"))
    html = (preview.root / "build" / "html" / "tr" / "policy" / "context.html").read_text("utf-8")
    assert "Proje 15 aylık bir süre için planlanmıştır." in html
    page.close()


def test_errors_show_in_the_page_and_the_terminal(preview: Running, browser: Browser) -> None:
    page = preview.open(browser, "tr/report/introduction.html")
    chapter = preview.root / "content" / "tr" / "report" / "01-introduction.md"
    good = chapter.read_text(encoding="utf-8")
    chapter.write_text(good + "\n{{ kırık \n", encoding="utf-8")
    overlay = page.locator("#publisher-problems")
    expect(overlay).to_contain_text("01-introduction.md:", timeout=WAIT * 1000)
    assert re.search(r"01-introduction\.md:\d+: error: template syntax", overlay.inner_text())
    preview.log.wait_for(lambda line: "01-introduction.md:" in line and ": error: " in line)
    # the server keeps serving; fixing the file removes the overlay and reloads the page
    assert "Bu " in good
    chapter.write_text(good.replace("Bu ", "DÜZELDİ bu ", 1), encoding="utf-8")
    expect(page.locator("main")).to_contain_text("DÜZELDİ", timeout=WAIT * 1000)
    expect(overlay).to_have_count(0)
    assert preview.state()["problems"] == []
    page.close()


ENDLESS = (
    '{% set s = "x" * 3000 %}{% for a in s %}{% for b in s %}{% for c in s %}{{ "" }}'
    "{% endfor %}{% endfor %}{% endfor %}"
)
"""27 billion steps with no ``range()``: only the wall-clock limit stops it."""


def test_the_time_limit_holds_in_the_watcher_thread(preview: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    """The watcher thread is not the main thread (no SIGALRM there): the limit still stops a chapter."""
    import publisher.text.jinja as render

    monkeypatch.setattr(render, "MAX_SECONDS", 1.0)
    rel = "content/tr/report/02-methodology.md"
    good = (preview.root / rel).read_text(encoding="utf-8")
    line = len(good.rstrip("\n").split("\n")) + 2
    (preview.root / rel).write_text(good.rstrip("\n") + "\n\n" + ENDLESS + "\n", encoding="utf-8")
    preview.log.wait_for(lambda line: line.startswith("failed report.tr"))
    assert preview.state()["problems"] == [
        f"{preview.root / rel}:{line}: error: too expensive: the chapter's expressions ran for more than 1 s"
    ]
    # the watcher thread is free again, with no stray exception pending: a fix rebuilds cleanly
    after = len(preview.log.lines)
    (preview.root / rel).write_text(good, encoding="utf-8")
    preview.log.wait_for(lambda line: line.startswith("rebuilt report.tr"), after=after)
    assert preview.state()["problems"] == []
