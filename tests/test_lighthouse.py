"""Lighthouse (npm ``lighthouse`` 12.2.3, driving Debian's Chromium) on the web edition, as a phone sees it.

The site is built once, with ``base_url`` set to the address of the local server that serves
it — compressed with gzip, as any host serves it — so that canonical URLs, hreflang links and
Open Graph images are the absolute URLs of a deployed site. Each page is audited with the
mobile profile (simulated slow 4G and a mid-range phone); Performance, Accessibility, Best
Practices and SEO must each score at least 95. Lighthouse is slow (≈ 15 s a page): this module
audits the three kinds of page — the index, a chapter and the search page — in two languages
(every chapter's weight is measured in tests/test_page_weight.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from gzipserver import serve
from helpers import CHROMIUM, copy_project

from publisher.pipeline.stages import build

LIGHTHOUSE = Path(__file__).parent / "browser" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 95
PAGES = ["index.html", "tr/report/methodology.html", "en/search.html"]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample's web edition served with gzip at http://127.0.0.1:PORT/, built with that as base_url."""
    root = copy_project(tmp_path_factory.mktemp("lighthouse"))
    (root / "build" / "html").mkdir(parents=True)
    with serve(root / "build" / "html") as url:
        yaml = root / "publication.yaml"
        yaml.write_text(yaml.read_text(encoding="utf-8") + f"\nbase_url: {url.rstrip('/')}\n", encoding="utf-8")
        _, diags = build(root, formats=["html"])
        assert not diags.errors, "\n".join(map(str, diags.errors))
        yield url


def lighthouse(url: str, report: Path) -> dict:
    """Lighthouse's JSON report of ``url`` (mobile profile, the four categories)."""
    assert LIGHTHOUSE.is_file(), f"Lighthouse is missing: npm ci --prefix {LIGHTHOUSE.parents[3]} (make test does it)"
    assert Path(CHROMIUM).exists(), "Chromium is needed: apt-get install -y chromium"
    assert shutil.which("node"), "Node.js is needed for Lighthouse"
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--form-factor=mobile",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        capture_output=True,
        timeout=150,
    )
    return json.loads(report.read_text(encoding="utf-8"))


def shortfalls(result: dict) -> list[str]:
    """Each category under :data:`MINIMUM`, with the audits that cost it points."""
    found = []
    for name in CATEGORIES:
        category = result["categories"][name]
        score = round(category["score"] * 100)
        if score >= MINIMUM:
            continue
        audits = [result["audits"][ref["id"]] for ref in category["auditRefs"] if ref["weight"] > 0]
        lost = [f"{a['id']} ({a['score']}: {a.get('displayValue', '')})" for a in audits if (a["score"] or 0) < 1]
        found.append(f"{name} {score}: {', '.join(lost)}")
    return found


@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_scores_at_least_95_on_a_phone(site_url: str, tmp_path: Path, path: str) -> None:
    result = lighthouse(site_url + path, tmp_path / "report.json")
    assert result["configSettings"]["formFactor"] == "mobile"
    assert result["finalDisplayedUrl"] == site_url + path
    assert not result.get("runtimeError"), result.get("runtimeError")
    assert not shortfalls(result), f"{path}: " + "; ".join(shortfalls(result))
