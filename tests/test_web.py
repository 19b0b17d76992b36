"""The web edition as a webmaster deploys it: links, languages, search index, downloads, sitemap."""

from __future__ import annotations

import posixpath
import queue
import re
import subprocess
import sys
import threading
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from helpers import BASE_URL, LANGS, copy_project, html_pages

from publisher.html.search import chapter_records, fold, search, words
from publisher.pipeline.stages import build


class PageParser(HTMLParser):
    """What a test needs from a page: links, alternates, headings, landmarks, ids."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []  # (tag, url)
        self.alternates: dict[str, str] = {}
        self.canonical = ""
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.lang = ""
        self.tags: list[str] = []
        self.imgs_without_alt = 0
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "img" and "alt" not in a:
            self.imgs_without_alt += 1
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        for attr in ("href", "src"):
            if attr in a and not (tag == "link" and a.get("rel") in ("alternate", "canonical")):
                self.refs.append((tag, a[attr]))
        if tag == "script" and "src" in a:
            self.scripts.append(a["src"])


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def local_target(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file (and fragment) a link points to inside the site, or None for external links."""
    if url.startswith(BASE_URL + "/"):
        url = posixpath.relpath(url[len(BASE_URL) + 1 :], posixpath.dirname(page.relative_to(site).as_posix()) or ".")
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    return target, parts.fragment


def test_every_internal_link_resolves(web_site: Path) -> None:
    """Crawl every page: each href/src (and hreflang/canonical URL) points at a file, each #fragment at an id."""
    site = web_site.resolve()
    problems = []
    checked = 0
    parsed = {page: parse(page) for page in html_pages(site)}
    # the one external link: the accessibility statement's contact (publication.yaml)
    contact = yaml.safe_load((site.parents[1] / "publication.yaml").read_text(encoding="utf-8"))["accessibility"]
    for page, parser in parsed.items():
        urls = [url for _, url in parser.refs] + list(parser.alternates.values()) + [parser.canonical]
        for url in filter(None, urls):
            if url.startswith(("mailto:", "tel:")) or url == contact["contact"]:
                continue
            if url.startswith("/"):
                problems.append(f"{page.relative_to(site)}: absolute path {url!r} breaks in a subfolder")
                continue
            found = local_target(site, page, url)
            if found is None:
                problems.append(f"{page.relative_to(site)}: external URL {url!r}")
                continue
            target, fragment = found
            checked += 1
            if not target.is_relative_to(site):
                problems.append(f"{page.relative_to(site)}: {url!r} leaves the site")
            elif not target.is_file():
                problems.append(f"{page.relative_to(site)}: {url!r} → missing {target}")
            elif fragment and target.suffix == ".html" and fragment not in parsed[target].ids:
                problems.append(f"{page.relative_to(site)}: {url!r} → no id {fragment!r}")
    assert not problems, "\n".join(problems)
    assert checked > 500


def test_pages_declare_language_and_alternates(web_site: Path) -> None:
    """<html lang>, hreflang for every language version of the page plus x-default = the source language."""
    editions = {"report": (*LANGS, "ar"), "policy": LANGS}  # the policy document has no Arabic edition
    for lang in (*LANGS, "ar"):
        for doc, doc_langs in editions.items():
            for page in sorted((web_site / lang / doc).glob("*.html")) if lang in doc_langs else []:
                parser = parse(page)
                assert parser.lang == lang, page
                path = page.relative_to(web_site).as_posix()
                expected = {other: f"{BASE_URL}/{other}/{doc}/{page.name}" for other in doc_langs}
                expected["x-default"] = expected["en"]
                assert parser.alternates == expected, page
                assert parser.canonical == f"{BASE_URL}/{path}"
        search_page = parse(web_site / lang / "search.html")
        assert search_page.lang == lang
        assert set(search_page.alternates) == {*LANGS, "ar", "x-default"}
    assert parse(web_site / "index.html").lang == "en"


def test_language_switcher_names_languages_in_themselves(web_site: Path) -> None:
    html = (web_site / "it" / "report" / "methodology.html").read_text(encoding="utf-8")
    assert '<a href="../../tr/report/methodology.html" hreflang="tr" lang="tr">Türkçe</a>' in html
    assert '<a href="../../en/report/methodology.html" hreflang="en" lang="en">English</a>' in html
    assert '<span aria-current="true" lang="it">Italiano</span>' in html


def test_switcher_falls_back_to_the_document_index(tmp_path: Path) -> None:
    """A chapter missing in one language: the switcher there leads to that language's document index."""
    root = copy_project(tmp_path / "p")
    for lang in ("en", "tr"):
        (root / "content" / lang / "policy" / "06-annex.md").write_text(
            f"---\ntitle: Annex {lang}\n---\n\nText.\n", encoding="utf-8"
        )
    _, diags = build(root, documents=["policy"], formats=["html"])
    assert not diags.errors, "\n".join(map(str, diags.errors))
    site = root / "build" / "html"
    html = (site / "en" / "policy" / "annex.html").read_text(encoding="utf-8")
    assert '<a href="../../it/policy/index.html" hreflang="it" lang="it">Italiano</a>' in html
    assert '<a href="../../tr/policy/annex.html" hreflang="tr" lang="tr">Türkçe</a>' in html
    alternates = parse(site / "en" / "policy" / "annex.html").alternates
    assert set(alternates) == {"en", "tr", "x-default"}
    assert not (site / "it" / "policy" / "annex.html").exists()


def test_partial_build_keeps_the_other_languages(tmp_path: Path) -> None:
    """Rebuilding one edition neither deletes nor unlinks the others' pages."""
    root = copy_project(tmp_path / "p")
    build(root, formats=["html"])
    _, diags = build(root, documents=["report"], languages=["tr"], formats=["html"])
    assert not diags.errors
    site = root / "build" / "html"
    assert (site / "en" / "report" / "methodology.html").is_file()
    assert (site / "it" / "policy" / "context.html").is_file()
    tr = (site / "tr" / "report" / "methodology.html").read_text(encoding="utf-8")
    assert 'hreflang="it" href="../../it/report/methodology.html"' in tr
    index = (site / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'href="it/(report|policy)/index.html" hreflang="it"', index)) == 2


def test_sitemap_lists_every_page_with_alternates(web_site: Path) -> None:
    sitemap = (web_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    pages = [f"{BASE_URL}/{p.relative_to(web_site).as_posix()}" for p in html_pages(web_site)]
    assert sorted(locs) == sorted(pages)
    block = re.search(
        r"<url><loc>" + re.escape(f"{BASE_URL}/tr/report/methodology.html") + r"</loc>(.*?)</url>", sitemap, re.S
    ).group(1)
    assert f'hreflang="it" href="{BASE_URL}/it/report/methodology.html"' in block
    assert f'hreflang="x-default" href="{BASE_URL}/en/report/methodology.html"' in block
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap


def test_no_base_url_means_relative_alternates_and_no_sitemap(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    build(root, documents=["policy"], languages=["tr"], formats=["html"])
    site = root / "build" / "html"
    parser = parse(site / "tr" / "policy" / "context.html")
    assert parser.alternates["it"] == "../../it/policy/context.html"
    assert parser.alternates["x-default"] == "../../en/policy/context.html"
    assert parser.canonical == ""
    assert not (site / "sitemap.xml").exists()


def test_downloads_are_copied_with_size_and_pages(web_site: Path) -> None:
    for doc in ("report", "policy"):
        for n, lang in enumerate(LANGS):
            copy = web_site / "downloads" / "pdf" / f"{doc}.{lang}.pdf"
            assert copy.is_file()
            html = (web_site / lang / doc / "index.html").read_text(encoding="utf-8")
            assert f'href="../../downloads/pdf/{doc}.{lang}.pdf" download' in html
            assert re.search(rf"\(PDF, \d+ KB, {10 + n} [^\s)]+\)", html), html[-2000:]


def test_headings_landmarks_and_alt_text(web_site: Path) -> None:
    """One h1, no skipped heading level, main landmark and skip link target, every img with alt."""
    for page in html_pages(web_site):
        parser = parse(page)
        assert parser.headings.count(1) == 1, page
        assert parser.headings[0] == 1, page
        for before, after in zip(parser.headings, parser.headings[1:], strict=False):
            assert after <= before + 1, f"{page}: h{before} then h{after}"
        assert "main" in parser.tags and "main" in parser.ids, page
        assert parser.imgs_without_alt == 0, page


def test_built_pages_carry_no_preview_script(web_site: Path) -> None:
    for page in html_pages(web_site):
        assert "__reload" not in page.read_text(encoding="utf-8")


def test_search_index_per_language(web_site: Path) -> None:
    """Each language's search page names the index of every document in that language, for its script
    to load when the reader searches (not before: see test_page_weight.py)."""
    for lang in LANGS:
        page = web_site / lang / "search.html"
        assert parse(page).scripts == ["../assets/search.js"]
        indexes = re.search(r'data-indexes="([^"]*)"', page.read_text(encoding="utf-8"))
        assert indexes and indexes.group(1).split() == [
            f"../assets/search/{lang}.policy.js",
            f"../assets/search/{lang}.report.js",
        ]
        for doc in ("policy", "report"):
            text = (web_site / "assets" / "search" / f"{lang}.{doc}.js").read_text(encoding="utf-8")
            assert text.startswith("(window.PUBLISHER_SEARCH = window.PUBLISHER_SEARCH || [])")


def test_turkish_folding() -> None:
    assert fold("İZMİR’de", "tr") == "izmir’de"
    assert fold("IŞIK", "tr") == "isik"  # dotless ı folds to i, as the query "isik" or "ışık" expects
    assert words("Göçmenlerin İzmir’deki", "tr") == ["gocmenlerin", "izmir", "deki"]
    assert words("perché l’integrazione", "it") == ["perche", "l", "integrazione"]


def test_search_finds_turkish_words_with_suffixes() -> None:
    html = (
        '<p>İzmir’de göçmenlerle görüşülmüştür.<sup class="footnote-ref"><a href="#fn1">1</a></sup></p>'
        '<h2 id="x-kapsam">Kapsam</h2><p>Molise’deki belediyeler.</p>'
    )
    records = chapter_records(html, lang="tr", url="tr/report/a.html", title="Bulgular", document="Rapor")
    assert [r["u"] for r in records] == ["tr/report/a.html", "tr/report/a.html#x-kapsam"]
    assert records[0]["x"] == "İzmir’de göçmenlerle görüşülmüştür."
    assert [r["u"] for r in search(records, "göç", "tr")] == ["tr/report/a.html"]
    assert [r["u"] for r in search(records, "izmir", "tr")] == ["tr/report/a.html"]
    assert [r["u"] for r in search(records, "GÖÇMEN izmir", "tr")] == ["tr/report/a.html"]
    assert [r["u"] for r in search(records, "molise kapsam", "tr")] == ["tr/report/a.html#x-kapsam"]
    assert search(records, "göçmenlerin", "tr") == []
    assert search(records, "   ", "tr") == []


def test_sample_search_index_has_the_suffixed_forms(web_site: Path) -> None:
    text = (web_site / "assets" / "search" / "tr.report.js").read_text(encoding="utf-8")
    assert re.search(r'"w":"[^"]*\bgocmen\w+', text)
    assert "izmir" in text


def test_serve_command_serves_the_site(tmp_path: Path) -> None:
    """``publisher serve`` as a user starts it: on a free port, the built pages over HTTP, until stopped."""
    root = copy_project(tmp_path / "project")
    proc = subprocess.Popen(
        [sys.executable, "-m", "publisher", "-C", str(root), "serve", "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr or ()], daemon=True)
    reader.start()
    try:
        seen: list[str] = []
        while not any(" at http://" in line for line in seen):
            try:
                seen.append(lines.get(timeout=120))
            except queue.Empty:
                pytest.fail(f"publisher serve did not start within 120 s: {seen}")
        url = re.search(r" at (http://127\.0\.0\.1:\d+/) ", seen[-1]).group(1)  # type: ignore[union-attr]
        assert not url.endswith(":0/")
        with urllib.request.urlopen(url + "tr/report/methodology.html", timeout=30) as response:
            assert response.status == 200
            page = response.read().decode("utf-8")
        assert re.search(r"<h1>\s*Yöntem\s*</h1>", page), page[:2000]
        assert "/__reload" in page  # served by the preview, not a plain file server
        with urllib.request.urlopen(url, timeout=30) as response:
            assert "Together&amp;Stronger" in response.read().decode("utf-8")
        assert (root / "build" / "html" / "tr" / "report" / "methodology.html").is_file()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    reader.join(timeout=30)
