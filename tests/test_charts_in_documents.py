"""Charts in the built documents: numbered, vector, in every language; redrawn only when their data changes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from helpers import copy_project, pdf_text

from publisher.diagnostics import PublisherError

NOUN = {"en": "Figure", "tr": "Şekil", "it": "Figura"}


@pytest.mark.parametrize("doc", ["report", "policy"])
@pytest.mark.parametrize("lang", ["en", "tr", "it"])
def test_four_charts_per_document_all_vector(built_sample, doc: str, lang: str) -> None:
    root, _, _ = built_sample
    for fmt in ("pdf", "print"):
        pdf = root / "build" / fmt / f"{doc}.{lang}.pdf"
        text = pdf_text(pdf)
        numbers = {int(n) for n in re.findall(rf"{NOUN[lang]}\s(\d+)\s", text)}
        assert {1, 2, 3, 4} <= numbers, f"{pdf.name}: figure captions {sorted(numbers)}"
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = [line for line in listing.splitlines()[2:] if line.strip()]
        assert rows == [], f"{fmt}/{pdf.name} has raster images:\n{listing}"
    page_files = sorted((root / "build" / "html" / lang / doc).glob("*.html"))
    html = "".join(p.read_text(encoding="utf-8") for p in page_files)
    charts = set(re.findall(r'src="[./]*assets/figures/([a-z-]+)\.' + lang + r'\.svg"', html))
    assert len(charts) >= 4
    assert html.count('<details class="chart-data">') >= 4


def test_turkish_chart_has_turkish_labels_and_numbers(built_sample) -> None:
    root, _, _ = built_sample
    svg = (root / "build" / "figures" / "interviews.tr.svg").read_text(encoding="utf-8")
    assert "Ulaşılan" in svg and "2.200" in svg and "2,200" not in svg
    assert "font-family" in svg and "Source Sans Pro" in svg


def test_a_data_change_redraws_only_its_chart_in_every_language(tmp_path: Path) -> None:
    from publisher.pipeline.stages import build

    root = copy_project(tmp_path / "project")
    results, diags = build(root, formats=["html"])
    assert not diags.errors
    figures = root / "build" / "figures"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in figures.glob("*.svg")}
    assert len(before) == 20  # 5 charts × 4 languages
    data = root / "content" / "data" / "survey.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("interviewed: 350", "interviewed: 351"), encoding="utf-8")
    results, diags = build(root, formats=["html"])
    assert not diags.errors
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in figures.glob("*.svg")}
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == ["interviews.ar.svg", "interviews.en.svg", "interviews.it.svg", "interviews.tr.svg"]
    assert "351" in after["interviews.tr.svg"][0].decode()


def test_a_chart_with_errors_is_reported_at_its_lines_not_as_unknown(make_project) -> None:
    """A chapter's figure whose spec has errors: the spec's lines say what is wrong; the chapter
    does not add a misleading "unknown figure … (no figures/….yaml)"."""
    from publisher.pipeline.stages import build

    root = make_project(
        chapters={
            f"{lang}/doc/01-intro.md": "---\ntitle: Intro\n---\n\n![Visits](figure:visits)\n"
            for lang in ("en", "tr", "it")
        }
    )
    (root / "figures").mkdir()
    (root / "figures" / "visits.yaml").write_text(
        "kind: radar\ntitle: {en: Visits, tr: Ziyaretler, it: Visite}\nsource: {en: S, tr: K, it: F}\n"
        "categories: [{en: A, tr: A, it: A}]\nseries:\n  - name: {en: N, tr: N, it: N}\n    values: [1]\n",
        encoding="utf-8",
    )
    with pytest.raises(PublisherError) as raised:
        build(root, formats=["html"])
    messages = [str(p) for p in raised.value.problems]
    assert any("unknown chart kind 'radar'" in m for m in messages), messages
    assert all(p.path.endswith("figures/visits.yaml") and p.line > 0 for p in raised.value.problems), messages
