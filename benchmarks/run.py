"""``make bench``: build a large synthetic publication and measure the build against bare WeasyPrint.

Three documents of about 100, 200 and 400 pages (``BENCH_SCALE`` scales them), each in
English, Turkish and Italian, with headings, tables, footnotes, figures and
cross-references. Measured: cold full build, no-op rebuild (in-process and as a
command), one-chapter edit, pages per second, peak memory of a worker, page layouts per
page, the times of the layout, of the one painting (WeasyPrint's ``write_pdf``) and of making
each PDF from it, and — in the same run — bare WeasyPrint rendering the printer's and the
digital HTML files one after another in one process (the yardstick: each book's HTML is
rendered twice, as the build did before it laid each book out once for both PDFs). The CPU
seconds of the cold build (all processes) and of bare WeasyPrint are recorded too: on a shared
machine they move less with the load than wall-clock times do. Writes ``build/bench/report.json``.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"short": 100, "medium": 200, "long": 400}
LANGS = ("en", "tr", "it")
WORDS = {
    "en": "local authorities migration management needs assessment workshop municipality services "
    "cooperation region capacity training integration refugees community partners survey".split(),
    "tr": "yerel yönetimler göç yönetimi ihtiyaç analizi çalıştay belediye hizmetleri işbirliği bölge "
    "kapasite eğitim uyum mülteciler topluluk ortaklar anket çığ şişe ılık".split(),
    "it": "enti locali gestione della migrazione analisi dei bisogni laboratorio comune servizi "
    "cooperazione regione capacità formazione integrazione rifugiati comunità partner".split(),
}
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
    '<rect x="10" y="60" width="80" height="130" fill="#0072b2"/><rect x="110" y="20" width="80" height="170" '
    'fill="#e69f00"/><rect x="210" y="100" width="80" height="90" fill="#009e73"/></svg>'
)


def _sentence(lang: str, n: int, seed: int) -> str:
    words = WORDS[lang]
    text = " ".join(words[(seed * 7 + i * 3) % len(words)] for i in range(n))
    return text[0].upper() + text[1:] + "."


def chapter(lang: str, doc: str, number: int, pages: int) -> str:
    """About ``pages`` printed pages of Markdown."""
    out = [f"---\ntitle: Chapter {number} {doc} {lang}\n---\n"]
    for page in range(pages):
        seed = number * 1000 + page
        out.append(f"## Section {number}.{page + 1}\n")
        for para in range(3):
            out.append(
                " ".join(_sentence(lang, 12 + (seed + para) % 9, seed + para + k) for k in range(8))
                + (f"[^n{page}]" if para == 1 else "")
                + "\n"
            )
        out.append(f"[^n{page}]: {_sentence(lang, 14, seed)}\n")
        if page % 3 == 0:
            out.append("| Region | Year | Participants | Share |\n|---|---|---:|---:|")
            out.extend(
                f"| {WORDS[lang][r % len(WORDS[lang])]} | {2015 + r} | {10 * r + page} | {r * 3} % |" for r in range(10)
            )
            out.append(f"\n: {_sentence(lang, 6, seed)} {{#tbl-c{number}-p{page}}}\n")
            out.append(f"As @tbl-c{number}-p{page} shows, and @fig-c{number}-p{page} below.\n")
            out.append(f"![{_sentence(lang, 5, seed)}](img/bars.svg){{#fig-c{number}-p{page}}}\n")
        if page % 5 == 4 and number > 1:
            out.append(f"See @ch-c{number - 1:02d}.\n")
    return "\n".join(out)


def make_project(target: Path, scale: float) -> dict[str, int]:
    """Write the synthetic publication; returns document → intended pages."""
    sizes = {doc: max(4, round(pages * scale)) for doc, pages in SIZES.items()}
    target.mkdir(parents=True)
    # The built-in theme (no templates/ of its own). The print HTML resolves image paths from
    # templates/, chapters from their folder:
    # img/bars.svg is a project file from both (see docs/builds.md, "Known limits").
    for folder in [
        target / "templates" / "img",
        *(target / "content" / lang / doc / "img" for lang in LANGS for doc in sizes),
    ]:
        folder.mkdir(parents=True)
        (folder / "bars.svg").write_text(SVG, encoding="utf-8")
    docs = "\n".join(
        f"  - id: {doc}\n    title: {{en: Bench {doc}, tr: Deneme {doc}, it: Prova {doc}}}\n"
        f"    print_runs: {{en: 100, tr: 100, it: 100}}"
        for doc in sizes
    )
    (target / "publication.yaml").write_text(
        "title: {en: Benchmark, tr: Deneme, it: Prova}\nlanguages: [en, tr, it]\ndate: 2020-01-06\n"
        f"documents:\n{docs}\n",
        encoding="utf-8",
    )
    for doc, pages in sizes.items():
        chapters = max(2, pages // 10)
        for lang in LANGS:
            folder = target / "content" / lang / doc
            folder.mkdir(parents=True, exist_ok=True)
            for number in range(1, chapters + 1):
                (folder / f"{number:02d}-c{number:02d}.md").write_text(
                    # one "page" of chapter() sets about 1.5 printed pages
                    chapter(lang, doc, number, max(1, round(pages / chapters / 1.5))),
                    encoding="utf-8",
                )
    return sizes


def _timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _cpu() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


BARE = """
import sys, time, json, resource
from pathlib import Path
import weasyprint
files = [Path(p) for p in sys.argv[2:]]
base = Path(sys.argv[1]).as_uri() + "/"
out = []
for f in files:
    t = time.perf_counter()
    doc = weasyprint.HTML(string=f.read_text(encoding="utf-8"), base_url=base).render()
    doc.write_pdf()
    out.append({"file": f.name, "pages": len(doc.pages), "seconds": time.perf_counter() - t})
print(json.dumps({"renders": out, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _document_figures(results: list) -> dict:  # type: ignore[type-arg]
    """One document's books: pages, layouts, layout and write times, time per page (layout + both writes)."""
    books = [r for r in results if r.edition.format == "pdf"]
    pages = sum(r.pages for r in books)
    seconds = sum(r.seconds for r in results)
    return {
        "pdf_pages": sum(r.pages for r in results),
        "book_pages": pages,
        "layouts_per_page": round(sum(r.layouts for r in books) / max(1, pages), 3),
        "layout_seconds": round(sum(r.layout_seconds for r in books), 2),
        "paint_seconds": round(sum(r.paint_seconds for r in books), 2),
        "write_print_seconds": round(sum(r.write_seconds for r in results if r.edition.format == "print"), 2),
        "write_pdf_seconds": round(sum(r.write_seconds for r in results if r.edition.format == "pdf"), 2),
        "render_seconds": round(seconds, 2),
        "seconds_per_book_page": round(seconds / max(1, pages), 4),
    }


@dataclass
class _Builds:
    """What the builds of the benchmark's project measured: a cold build, a no-op, a one-chapter edit."""

    cold: float
    cold_cpu: float
    pdf_results: list[Any]
    errors: list[str]
    worker_peak_mb: float
    noop: float
    noop_cli: float
    noop_rendered: list[str]
    edit: float
    edit_results: list[Any]

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.pdf_results)

    @property
    def edit_rendered(self) -> list[str]:
        return sorted(r.edition.name for r in self.edit_results if r.rendered)


def _measure_builds(root: Path, jobs: int | None) -> _Builds:
    """A cold build, a no-op build (in-process and as a command), a build after a one-chapter edit."""
    from publisher.pipeline.stages import build

    cpu = _cpu()
    cold, (results, diags) = _timed(lambda: build(root, jobs=jobs, keep_html=True, allow_stale=True))
    cold_cpu = _cpu() - cpu
    errors = [str(p) for p in diags.errors]
    pdf_results = [r for r in results if r.edition.format != "html"]
    worker_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    pages = sum(r.pages for r in pdf_results)
    print(f"cold full build: {cold:.1f} s, {pages} PDF pages, errors: {len(errors)}", flush=True)

    noop, (results2, _) = _timed(lambda: build(root, jobs=jobs, keep_html=True, allow_stale=True))
    command = [sys.executable, "-m", "publisher", "-C", str(root), "build", "--keep-html", "--allow-stale"]
    noop_cli, _proc = _timed(lambda: subprocess.run(command, capture_output=True, text=True))
    print(f"no-op rebuild: {noop:.3f} s in-process, {noop_cli:.3f} s as a command", flush=True)

    target = root / "content" / "tr" / "short" / "01-c01.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nBir paragraf daha.\n", encoding="utf-8")
    edit, (results3, _) = _timed(lambda: build(root, jobs=jobs, keep_html=True, allow_stale=True))
    builds = _Builds(
        cold,
        cold_cpu,
        pdf_results,
        errors,
        worker_peak_mb,
        noop,
        noop_cli,
        sorted(r.edition.name for r in results2 if r.rendered),
        edit,
        results3,
    )
    print(f"one-chapter edit: {edit:.1f} s, re-rendered {builds.edit_rendered}", flush=True)
    return builds


def _measure_bare(root: Path, cold: float, cold_cpu: float) -> tuple[float, float, dict[str, Any]]:
    """Bare WeasyPrint on the HTML the build kept, one file after another: (seconds, CPU seconds, its report)."""
    html_files = sorted((root / "build" / "print").glob("*.html")) + sorted((root / "build" / "pdf").glob("*.html"))
    cpu = _cpu()
    bare_total, bare_proc = _timed(
        lambda: subprocess.run(
            [sys.executable, "-c", BARE, str(root / "templates"), *map(str, html_files)],
            capture_output=True,
            text=True,
        )
    )
    bare_cpu = _cpu() - cpu
    bare = (
        json.loads(bare_proc.stdout.strip().splitlines()[-1])
        if bare_proc.returncode == 0
        else {"error": bare_proc.stderr[-2000:]}
    )
    print(f"bare WeasyPrint, {len(html_files)} files one after another: {bare_total:.1f} s", flush=True)
    print(f"cold build / bare: {cold / bare_total:.3f} (CPU seconds: {cold_cpu:.1f} / {bare_cpu:.1f})", flush=True)
    return bare_total, bare_cpu, bare


def _ratio(a: float, b: float, digits: int) -> float | None:
    return round(a / b, digits) if b else None


def _report(
    settings: dict[str, Any], sizes: dict[str, int], b: _Builds, bare: tuple[float, float, dict[str, Any]]
) -> dict[str, Any]:
    """The benchmark's report (``build/bench/report.json``)."""
    bare_total, bare_cpu, bare_report = bare
    pdf_results = b.pdf_results
    books = {(r.edition.document, r.edition.lang): r for r in pdf_results if r.edition.format == "pdf"}
    layouts = sum(r.layouts for r in books.values())
    return {
        **settings,
        "load_average_at_end": os.getloadavg(),
        "documents": sizes,
        "pdf_editions": len(pdf_results),
        "pdf_pages": b.pages,
        "cold_full_build_s": round(b.cold, 2),
        "build_errors": b.errors[:20],
        "pages_per_second": _ratio(b.pages, b.cold, 2),
        "noop_rebuild_s": round(b.noop, 3),
        "noop_rebuild_command_s": round(b.noop_cli, 3),
        "noop_rendered": b.noop_rendered,
        "one_chapter_edit_s": round(b.edit, 2),
        "one_chapter_edit_rendered": b.edit_rendered,
        "one_chapter_edit_books_laid_out": sorted(
            {f"{r.edition.document}.{r.edition.lang}" for r in b.edit_results if r.rendered and r.layouts}
        ),
        "peak_worker_rss_mb": round(b.worker_peak_mb, 1),
        "bare_weasyprint_total_s": round(bare_total, 2),
        "bare_weasyprint": bare_report,
        "cold_over_bare": _ratio(b.cold, bare_total, 3),
        "cold_full_build_cpu_s": round(b.cold_cpu, 2),
        "bare_weasyprint_cpu_s": round(bare_cpu, 2),
        "cold_cpu_over_bare_cpu": _ratio(b.cold_cpu, bare_cpu, 3),
        "page_layouts": layouts,
        "layouts_per_page": _ratio(layouts, sum(r.pages for r in books.values()), 3),
        "layout_s": round(sum(r.layout_seconds for r in books.values()), 2),
        "paint_s": round(sum(r.paint_seconds for r in books.values()), 2),
        "write_print_s": round(sum(r.write_seconds for r in pdf_results if r.edition.format == "print"), 2),
        "write_pdf_s": round(sum(r.write_seconds for r in pdf_results if r.edition.format == "pdf"), 2),
        "per_document": {
            doc: _document_figures([r for r in pdf_results if r.edition.document == doc]) for doc in sizes
        },
        "targets": {"cold_over_bare_max": 0.35, "noop_command_max_s": 0.15, "peak_worker_rss_max_mb": 1024},
    }


def main() -> int:
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    jobs = int(os.environ["BENCH_JOBS"]) if os.environ.get("BENCH_JOBS") else None
    work = Path(tempfile.mkdtemp(prefix="publisher-bench-"))
    try:
        root = work / "project"
        settings = {"scale": scale, "cores": os.cpu_count(), "jobs": jobs or os.cpu_count()}
        settings["load_average_at_start"] = os.getloadavg()
        sizes = make_project(root, scale)
        print(f"bench: scale {scale}, documents {sizes}, {os.cpu_count()} cores, project in {root}", flush=True)
        builds = _measure_builds(root, jobs)
        report = _report(settings, sizes, builds, _measure_bare(root, builds.cold, builds.cold_cpu))
        out = ROOT / "build" / "bench" / "report.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {out}")
        return 0
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
