"""What the test modules share, each defined once: a PDF's text as readers copy it, the Chromium
browser, the sample's web edition, a site's broken links, and runs of the ``publisher`` command.

Its fixtures (``browser``, ``web_site``) are available to every test module (``conftest.py``
imports them); its functions are imported (``from helpers import pdf_text``). No test module
imports another test module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner, Result

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium, which Playwright drives and Lighthouse runs (``scripts/system-packages.sh --test``)."""
TIMEOUT = 300
"""Seconds a command run as a process may take before the test fails (a hang, not a slow machine)."""


# --- projects ---------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("publication.yaml", "content", "figures", "templates")
"""A project's inputs (``templates/``: its overrides of the built-in theme, when it has any)."""


def copy_project(target: Path, origin: Path = ROOT) -> Path:
    """Copy a publication's sources (not its build/) into ``target``: the sample's unless ``origin``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = origin / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy2(source, target / part)
    return target


def override(root: Path, name: str) -> Path:
    """Copy the built-in theme's ``name`` (e.g. ``web/site.css``) into the project's ``templates/``,
    as a designer starts an override; returns the project's copy."""
    from publisher.theme import THEME_DIR

    target = root / "templates" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(THEME_DIR / name, target)
    return target


def copy_theme(root: Path) -> Path:
    """A full copy of the built-in theme as the project's ``templates/`` (what a project had before
    the theme shipped inside the package)."""
    from publisher.theme import THEME_DIR

    return Path(shutil.copytree(THEME_DIR, root / "templates", ignore=shutil.ignore_patterns("*.py", "__pycache__")))


MINIMAL_PUBLICATION = """\
title: {en: Test, tr: Deneme, it: Prova}
languages: [en, tr, it]
documents:
  - id: doc
    title: {en: A document, tr: Bir belge, it: Un documento}
    print_runs: {en: 10, tr: 20, it: 30}
"""


# --- PDF text ---------------------------------------------------------------------------------


def pdf_text(path: Path, layout: bool = False, page: int | None = None) -> str:
    """The text of the PDF at ``path`` as a reader copies it: poppler's ``pdftotext``, which reads the
    ``ActualText`` of marked content as PDF readers do (``layout``: keep the physical layout; ``page``:
    only that page, 1-based). Pages end with a form feed."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), *pages, str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=TIMEOUT).stdout


def pdf_page_texts(path: Path, layout: bool = False) -> list[str]:
    """The text of each page of the PDF at ``path`` (:func:`pdf_text`)."""
    return pdf_text(path, layout).split("\f")[:-1]


def printer_pdfs(root: Path) -> list[Path]:
    """The printer's text blocks of the built sample at ``root``: the report and the policy in the three
    languages ordered (the Arabic report has no print run: no printer's PDF)."""
    paths = sorted(p for p in (root / "build" / "print").glob("*.*.pdf") if not p.name.endswith(".cover.pdf"))
    assert len(paths) == 6
    return paths


def cover_pdfs(root: Path) -> list[Path]:
    """The cover spreads of the built sample, one per text block (the sample has separate covers)."""
    paths = sorted((root / "build" / "print").glob("*.*.cover.pdf"))
    assert [p.name.removesuffix(".cover.pdf") for p in paths] == [p.stem for p in printer_pdfs(root)]
    return paths


def publication_settings(root: Path) -> dict[str, Any]:
    """The project's ``publication.yaml`` as plain YAML (read apart from the publisher's own reading)."""
    import yaml

    data: dict[str, Any] = yaml.safe_load((root / "publication.yaml").read_text(encoding="utf-8"))
    return data


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium driven by Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is needed: apt-get install -y chromium (.ci/run does it)"
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield launched
        launched.close()


# --- the sample's web edition -----------------------------------------------------------------

BASE_URL = "https://partner.example.org/publications/together"
"""The ``base_url`` of the web edition :func:`build_web_site` builds."""
LANGS = ("en", "tr", "it")
"""The sample's languages whose stand-in PDFs the web edition offers."""

_BUILT: dict[str, Path] = {}


def make_pdf(path: Path, pages: int) -> None:
    """A small stand-in for a digital PDF (the PDF stage is not run)."""
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path)


def build_web_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample publication's HTML edition, with :data:`BASE_URL` and stand-in digital PDFs, built once
    per test process: its folder, build/html (not to be modified)."""
    if "site" not in _BUILT:
        from publisher.pipeline.stages import build

        root = copy_project(tmp_path_factory.mktemp("web"))
        config = root / "publication.yaml"
        config.write_text(config.read_text(encoding="utf-8") + f"\nbase_url: {BASE_URL}/\n", encoding="utf-8")
        for doc in ("report", "policy"):
            for n, lang in enumerate(LANGS):
                make_pdf(root / "build" / "pdf" / f"{doc}.{lang}.pdf", pages=10 + n)
        _, diags = build(root, formats=["html"])
        assert not diags.errors, "\n".join(map(str, diags.errors))
        _BUILT["site"] = root / "build" / "html"
    return _BUILT["site"]


@pytest.fixture(scope="session")
def web_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample publication's HTML edition (:func:`build_web_site`): build/html."""
    return build_web_site(tmp_path_factory)


def html_pages(site: Path) -> list[Path]:
    """The site's pages (not the assets), sorted."""
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


# --- links ------------------------------------------------------------------------------------


class _Links(HTMLParser):
    """Every ``href`` and ``src`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(value for name, value in attrs if name in ("href", "src") and value)


def broken_links(site: Path) -> list[str]:
    """``page: url`` for every relative ``href`` or ``src`` of every page of ``site`` that leads to no file."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if not (page.parent / unquote(parts.path)).resolve().is_file():
                broken.append(f"{page.relative_to(site)}: {url}")
    return broken


# --- the command ------------------------------------------------------------------------------


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """``publisher -C root ARGS`` in this process (click's runner): its exit code and output."""
    from publisher.cli import main

    return CliRunner(env=env).invoke(main, ["-C", str(root), *args])


def cli(root: Path, *args: str) -> tuple[int, str]:
    """``publisher -C root ARGS`` in this process: (exit code, output)."""
    result = run_cli(root, *args)
    return result.exit_code, result.output


def run_command(root: Path, *args: str, code: Path | None = None, cwd: Path | None = None) -> str:
    """``python -m publisher -C root ARGS`` as a process, which must succeed; its output (stdout, then
    stderr). ``code``: a folder holding the ``publisher`` package to run instead of this one; ``cwd``
    (default: ``root``) must not hold one, since ``python -m`` looks there first."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    proc = subprocess.run(
        [sys.executable, "-m", "publisher", "-C", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or root,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr
