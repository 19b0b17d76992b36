"""``make bench`` (second part): the cold build time per page of a CJK and an Indic edition against a
Latin one (goal: within 1.5x), and the peak memory of the build's processes.

Each edition is one document of about ``BENCH_SCRIPT_PAGES`` (default 40) pages, made of the
scripts fixture's chapter of its language (tests/fixtures/scripts), repeated under numbered
headings; each is built cold (no cache) on its own, with one worker, so the times compare.
Writes ``build/bench/scripts.json``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "scripts"
EDITIONS = ("en", "zh-Hans", "hi")


def make_project(target: Path, code: str, pages: int) -> None:
    """A one-language publication of about ``pages`` pages from the fixture's chapter of ``code``."""
    source = (FIXTURE / "content" / code / code.lower() / "01-twinning.md").read_text(encoding="utf-8")
    front, body = source.split("---", 2)[1], source.split("---", 2)[2].strip()
    paragraph, rest = body.split("\n\n", 1)
    blocks = [f"## {n}\n\n" + "\n\n".join([paragraph] * 4) + "\n\n" + rest for n in range(1, pages * 2 + 1)]
    folder = target / "content" / code / "bench"
    folder.mkdir(parents=True)
    (folder / "01-bench.md").write_text(f"---{front}---\n\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
    (target / "content" / "data").mkdir()
    (target / "content" / "data" / "project.yaml").write_text("short_name: Bench\n", encoding="utf-8")
    (target / "publication.yaml").write_text(
        f"title: {{{code}: Bench}}\nlanguages: [{code}]\ndate: 2020-01-06\nplace: {{{code}: Izmir}}\n"
        f"publisher: {{{code}: Bench}}\ndocuments:\n  - id: bench\n    title: {{{code}: Bench}}\n"
        "print:\n  trim: A5\n  bleed: 3mm\n  binding: perfect\n"
        "  paper: {text_gsm: 80, cover_gsm: 250, caliper_um: 100}\n"
        "  press_sheet: {size: 700x1000mm, pages_per_sheet: 16}\n  overs_percent: 5\n",
        encoding="utf-8",
    )


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> int:
    pages = int(os.environ.get("BENCH_SCRIPT_PAGES", "40"))
    report: dict[str, dict[str, float]] = {}
    for code in EDITIONS:
        work = Path(tempfile.mkdtemp(prefix=f"bench-{code}-"))
        make_project(work, code, pages)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "publisher", "build", "-j", "1", "-f", "pdf", "-f", "print"],
            cwd=work,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        count = _pages(work / "build" / "pdf" / f"bench.{code}.pdf")
        report[code] = {"seconds": round(seconds, 2), "pages": count, "seconds_per_page": round(seconds / count, 3)}
        shutil.rmtree(work)
    latin = report["en"]["seconds_per_page"]
    for code in EDITIONS:
        report[code]["vs_latin"] = round(report[code]["seconds_per_page"] / latin, 2)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = ROOT / "build" / "bench" / "scripts.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"editions": report, "peak_process_mb": round(peak_mb)}, indent=2), encoding="utf-8")
    print("cold build per page (both PDFs), one worker:")
    for code, row in report.items():
        print(f"  {code:8} {row['pages']:4} pages  {row['seconds_per_page']:.3f} s/page  {row['vs_latin']:.2f} x Latin")
    print(f"  peak memory of one build process: {peak_mb:.0f} MB (goal: within 1.5 x Latin, 1 GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
