"""``make bench`` (third part): Lighthouse's performance score of the web edition on a phone.

Performance is a timing-based score (first paint, largest paint, total blocking time, layout
shift, speed index under a simulated mid-range phone on slow 4G): the machine's load moves it,
so it is measured here, never by a test. The sample's HTML is built in a temporary folder,
served with gzip as any host serves it, and each of the three kinds of page (the index, a
chapter, the search page; Turkish, Arabic) is audited ``BENCH_LIGHTHOUSE_RUNS`` times (default 3):
the median score and metrics are reported against the goal of 95, and written to
``build/bench/lighthouse.json``. Accessibility, best practices and SEO are tested by
``tests/test_lighthouse.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from gzipserver import serve  # noqa: E402 - test helpers, found through tests/
from helpers import copy_project  # noqa: E402
from lighthouse_cli import MINIMUM, lighthouse, score  # noqa: E402

PAGES = ("index.html", "tr/report/methodology.html", "ar/search.html")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")


def measure(url: str, folder: Path, runs: int) -> dict:
    """The median performance score and metric values of ``runs`` audits of ``url``."""
    results = [lighthouse(url, folder / f"run{n}.json", ["performance"]) for n in range(runs)]
    scores = [score(r, "performance") for r in results]
    row = {"score": statistics.median(scores), "scores": scores}
    for metric in METRICS:
        row[metric] = statistics.median(r["audits"][metric]["numericValue"] for r in results)
    return row


def main() -> int:
    from publisher.pipeline.stages import build

    runs = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "sample")
        _, diags = build(root, formats=["html"])
        if diags.errors:
            print("\n".join(map(str, diags.errors)), file=sys.stderr)
            return 1
        report = {}
        with serve(root / "build" / "html") as url:
            for page in PAGES:
                folder = Path(tmp) / page.replace("/", "_")
                folder.mkdir()
                report[page] = measure(url + page, folder, runs)
    print(
        f"Lighthouse performance on a phone (median of {runs}; goal: {MINIMUM}), load average {os.getloadavg()[0]:.1f}:"
    )
    for page, row in report.items():
        print(
            f"  {page:28} {row['score']:5.0f}  FCP {row['first-contentful-paint'] / 1000:.1f} s"
            f"  LCP {row['largest-contentful-paint'] / 1000:.1f} s  TBT {row['total-blocking-time']:.0f} ms"
            f"  CLS {row['cumulative-layout-shift']:.3f}  (runs: {', '.join(map(str, row['scores']))})"
        )
    out = ROOT / "build" / "bench" / "lighthouse.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
