"""Lighthouse (npm ``lighthouse`` 12.2.3, driving Debian's Chromium) on the web edition, as a phone sees it.

Two builds, each served compressed with gzip as any host serves it: the default build (no
``base_url``: the session's shared build of the sample) and a build with ``base_url`` set to the
address of the local server, so that canonical URLs, hreflang links and Open Graph images are the
absolute URLs of a deployed site. Each page is audited with the mobile profile (simulated slow 4G
and a mid-range phone); Accessibility, Best Practices and SEO must each score at least 95.
Performance is a timing-based score that the machine's load moves (a chapter measured 100 on an
idle machine and 75 on a loaded one): it is measured by ``make bench`` (benchmarks/lighthouse.py),
never by a test; the bytes and requests a page costs are tested in tests/test_page_weight.py.
Lighthouse is slow (≈ 15 s a page): this module audits the three kinds of page — the index, a
chapter and the search page — in three languages, right to left included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gzipserver import serve
from helpers import copy_project
from lighthouse_cli import lighthouse, shortfalls

from publisher.pipeline.stages import build

CATEGORIES = ("accessibility", "best-practices", "seo")  # performance: make bench
PAGES = ["index.html", "tr/report/methodology.html", "ar/search.html"]


@pytest.fixture(scope="module")
def configured_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample's web edition served with gzip at http://127.0.0.1:PORT/, built with that as base_url."""
    root = copy_project(tmp_path_factory.mktemp("lighthouse"))
    (root / "build" / "html").mkdir(parents=True)
    with serve(root / "build" / "html") as url:
        yaml = root / "publication.yaml"
        yaml.write_text(yaml.read_text(encoding="utf-8") + f"\nbase_url: {url.rstrip('/')}\n", encoding="utf-8")
        _, diags = build(root, formats=["html"])
        assert not diags.errors, "\n".join(map(str, diags.errors))
        yield url


@pytest.fixture(scope="module")
def default_url(built: Path) -> Iterator[str]:
    """The sample's web edition as it comes (no base_url), served with gzip."""
    with serve(built / "build" / "html") as url:
        yield url


CASES = [
    *[pytest.param("default", path) for path in PAGES],
    *[pytest.param("base_url", path, marks=pytest.mark.full) for path in PAGES],  # make test-full
]


@pytest.mark.parametrize("kind, path", CASES)
def test_lighthouse_scores_at_least_95_on_a_phone(request, tmp_path: Path, kind: str, path: str) -> None:
    site_url = request.getfixturevalue("default_url" if kind == "default" else "configured_url")
    result = lighthouse(site_url + path, tmp_path / "report.json", CATEGORIES)
    assert result["configSettings"]["formFactor"] == "mobile"
    assert result["finalDisplayedUrl"] == site_url + path
    assert not result.get("runtimeError"), result.get("runtimeError")
    assert sorted(result["categories"]) == sorted(CATEGORIES)
    assert not shortfalls(result, CATEGORIES), f"{kind} {path}: " + "; ".join(shortfalls(result, CATEGORIES))
    if kind == "default":
        html = (request.getfixturevalue("built") / "build" / "html" / path).read_text(encoding="utf-8")
        assert "hreflang=" not in html.split("</head>")[0] and 'rel="canonical"' not in html
