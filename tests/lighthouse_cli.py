"""Lighthouse (npm ``lighthouse`` 12.2.3 from ``tests/browser``) driving Debian's Chromium: one run's
JSON report, and the categories under a minimum with the audits that cost them points.

Used by ``tests/test_lighthouse.py`` (accessibility, best practices, SEO: scores that do not depend
on the machine's speed) and by ``benchmarks/lighthouse.py`` (performance, a timing-based score, in
``make bench``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from helpers import CHROMIUM

LIGHTHOUSE = Path(__file__).parent / "browser" / "node_modules" / "lighthouse" / "cli" / "index.js"
MINIMUM = 95


def lighthouse(url: str, report: Path, categories: Sequence[str]) -> dict:
    """Lighthouse's JSON report of ``url`` (mobile profile: a mid-range phone on slow 4G)."""
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
            f"--only-categories={','.join(categories)}",
            f"--chrome-flags={flags}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        capture_output=True,
        timeout=150,
    )
    return json.loads(report.read_text(encoding="utf-8"))


def score(result: dict, category: str) -> int:
    return round(result["categories"][category]["score"] * 100)


def shortfalls(result: dict, categories: Sequence[str], minimum: int = MINIMUM) -> list[str]:
    """Each category under ``minimum``, with the audits that cost it points."""
    found = []
    for name in categories:
        category = result["categories"][name]
        if score(result, name) >= minimum:
            continue
        audits = [result["audits"][ref["id"]] for ref in category["auditRefs"] if ref["weight"] > 0]
        lost = [f"{a['id']} ({a['score']}: {a.get('displayValue', '')})" for a in audits if (a["score"] or 0) < 1]
        found.append(f"{name} {score(result, name)}: {', '.join(lost)}")
    return found
