"""Tests of the chart stage: spec validation, locale-formatted SVGs, determinism, the cache."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from publisher import colours
from publisher.charts import data, draw, render, spec
from publisher.diagnostics import Diagnostics, PublisherError, display_path
from publisher.text.labels import chart_words

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "figures"
CHART_IDS = {"interviews", "print-run", "budget", "workshop", "study-visit"}
#: The languages of the specs these tests write (the sample's charts also speak Arabic).
LANGS = ("tr", "it", "en")
SPECS = [spec.load_spec(path) for path in sorted(FIGURES.glob("*.yaml"))]


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    publication = yaml.safe_load((ROOT / "publication.yaml").read_text(encoding="utf-8"))
    return spec.build_context(ROOT / "content" / "data", publication)


@pytest.fixture(scope="module")
def svgs(context: dict[str, Any]) -> dict[tuple[str, str], str]:
    """Every real chart in every language, rendered once for the module."""
    out: dict[tuple[str, str], str] = {}
    for chart_id in sorted(CHART_IDS):
        chart = spec.load_spec(FIGURES / f"{chart_id}.yaml")
        for lang in ("tr", "it", "en"):
            out[(chart_id, lang)] = draw.draw_svg(chart, context, lang, None).decode("utf-8")
    return out


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


GOOD_SPEC = """
kind: bar
format: number
title: {tr: Başlık, it: Titolo, en: Title}
source: {tr: Kaynak, it: Fonte, en: Source}
categories:
  - {tr: İzmir, it: Izmir, en: Izmir}
  - {tr: Molise, it: Molise, en: Molise}
series:
  - name: {tr: Planlanan, it: Previsti, en: Planned}
    values:
      - data.survey.izmir.planned
      - data.survey.molise.planned
"""


# ----------------------------------------------------------------- specs


def test_real_specs_load_and_validate(context: dict[str, Any]) -> None:
    diags = Diagnostics()
    specs = spec.load_specs(FIGURES, context, ("tr", "it", "en"), diags)
    assert not list(diags)
    assert {s.id for s in specs} == CHART_IDS
    for chart in specs:
        assert set(chart.title) == set(chart.source) == {"tr", "it", "en", "ar"}


def test_unknown_data_path_is_reported_at_its_line(tmp_path: Path, context: dict[str, Any]) -> None:
    spec_file = write(
        tmp_path / "typo.yaml", GOOD_SPEC.replace("data.survey.molise.planned", "data.survey.molise.plannned")
    )
    problems = spec.validate_spec(spec.load_spec(spec_file, LANGS), context, spec_file)
    assert len(problems) == 1
    text = str(problems[0])
    assert text.startswith(f"{display_path(spec_file)}:12: error: unknown data path 'data.survey.molise.plannned'")
    assert "planned" in text  # names the keys that exist there

    diags = Diagnostics()  # loading every spec of a folder reports it, and keeps the spec out
    assert spec.load_specs(tmp_path, context, ("tr",), diags) == []
    assert [p.line for p in diags] == [12]


def test_non_number_data_path(tmp_path: Path, context: dict[str, Any]) -> None:
    spec_file = write(tmp_path / "text.yaml", GOOD_SPEC.replace("data.survey.izmir.planned", "data.project.short_name"))
    problems = spec.validate_spec(spec.load_spec(spec_file, LANGS), context, spec_file)
    assert [(p.line, "not a number" in p.message) for p in problems] == [(11, True)]


def test_bad_yaml_reports_its_line(tmp_path: Path) -> None:
    spec_file = write(tmp_path / "broken.yaml", "kind: bar\ntitle: {tr: a, it: b\nsource: x\n")
    with pytest.raises(PublisherError) as excinfo:
        spec.load_spec(spec_file, LANGS)
    [problem] = excinfo.value.problems
    assert problem.path == display_path(spec_file)
    assert problem.line == 2  # where the unclosed flow mapping starts
    assert "invalid YAML" in problem.message and "flow mapping" in problem.message


def test_structure_problems_reported_all_at_once(tmp_path: Path) -> None:
    text = (
        GOOD_SPEC.replace("kind: bar", "kind: radar")
        .replace("title: {tr: Başlık, it: Titolo, en: Title}", "title: {tr: Başlık, en: Title}")
        .replace("format: number", "format: number\ncolour: red")
    )
    spec_file = write(tmp_path / "bad.yaml", text)
    with pytest.raises(PublisherError) as excinfo:
        spec.load_spec(spec_file, LANGS)
    messages = {p.line: p.message for p in excinfo.value.problems}
    assert "unknown chart kind 'radar'" in messages[1]
    assert "unknown key 'colour'" in messages[3]
    assert 4 not in messages  # a text not yet translated is a warning (below), not an error
    for problem in excinfo.value.problems:
        assert str(problem).startswith(f"{display_path(spec_file)}:{problem.line}: error: ")


def test_a_text_not_yet_translated_shows_the_source_language_with_a_warning(tmp_path: Path) -> None:
    """As an untranslated template string: the publication's first language stands in, and
    `check --strict` fails on the warning that names the key, the language and the line."""
    text = GOOD_SPEC.replace("title: {tr: Başlık, it: Titolo, en: Title}", "title: {tr: Başlık, en: Title}")
    warnings = Diagnostics()
    loaded = spec.load_spec(write(tmp_path / "late.yaml", text), ("en", "tr", "it"), warnings)
    assert loaded.title == {"tr": "Başlık", "en": "Title", "it": "Title"}
    [warning] = warnings.problems
    assert str(warning) == (
        f"{display_path(tmp_path / 'late.yaml')}:3: warning: title: no 'it' text yet: "
        "the 'en' text is shown until it is translated"
    )


def test_values_must_match_categories(tmp_path: Path) -> None:
    spec_file = write(tmp_path / "short.yaml", GOOD_SPEC.replace("      - data.survey.molise.planned\n", ""))
    with pytest.raises(PublisherError, match="1 values for 2 categories"):
        spec.load_spec(spec_file, LANGS)


# ----------------------------------------------------------------- SVG content


def test_turkish_labels_and_numbers(svgs: dict[tuple[str, str], str]) -> None:
    svg = svgs[("interviews", "tr")]
    assert "Ulaşılan" in svg and "Planlanan" in svg and "İzmir" in svg
    assert ">2.200<" in svg and ">1.000<" in svg
    assert "2,200" not in svg


def test_english_and_italian_numbers(svgs: dict[tuple[str, str], str]) -> None:
    assert ">2,200<" in svgs[("interviews", "en")] and "Reached" in svgs[("interviews", "en")]
    assert ">2.200<" in svgs[("interviews", "it")] and "Raggiunti" in svgs[("interviews", "it")]


def test_percent_sign_follows_the_locale(svgs: dict[tuple[str, str], str]) -> None:
    assert "(%54)" in svgs[("print-run", "tr")]
    assert "(54%)" in svgs[("print-run", "en")]
    assert "(54%)" in svgs[("print-run", "it")]


def test_percent_format_axis_and_labels(tmp_path: Path) -> None:
    spec_file = write(
        tmp_path / "share.yaml",
        GOOD_SPEC.replace("format: number", "format: percent")
        .replace("data.survey.izmir.planned", "data.rates.izmir")
        .replace("data.survey.molise.planned", "data.rates.molise"),
    )
    context = {"data": {"rates": {"izmir": 0.45, "molise": 0.3}}, "publication": {}}
    chart = spec.load_spec(spec_file, LANGS)
    tr = draw.draw_svg(chart, context, "tr", None).decode()
    en = draw.draw_svg(chart, context, "en", None).decode()
    assert ">%45<" in tr and ">%30<" in tr and ">%0<" in tr
    assert ">45%<" in en and ">30%<" in en


def test_currency_labels(svgs: dict[tuple[str, str], str]) -> None:
    assert "€14.375,96" in svgs[("budget", "tr")]
    assert "€143,759.65" in svgs[("budget", "en")]
    assert "143.759,65\u00a0€" in svgs[("budget", "it")]


def test_text_stays_text_in_the_chart_font(svgs: dict[tuple[str, str], str]) -> None:
    for svg in svgs.values():
        assert "<text" in svg
        assert "Source Sans Pro" in svg
        assert "DejaVu" not in svg
        assert "<title>" not in svg.split("</metadata>")[-1]  # no chart title drawn


def test_only_palette_colours(svgs: dict[tuple[str, str], str]) -> None:
    for (chart_id, lang), svg in svgs.items():
        used = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", svg)}
        assert used <= set(colours.BY_RGB), (chart_id, lang, used - set(colours.BY_RGB))


def test_rendering_is_byte_identical(context: dict[str, Any]) -> None:
    chart = spec.load_spec(FIGURES / "interviews.yaml")
    first = draw.draw_svg(chart, context, "tr", None)
    second = draw.draw_svg(chart, context, "tr", None)
    assert first == second
    assert b"<dc:date>" not in first


def test_chart_fits_the_text_column(svgs: dict[tuple[str, str], str]) -> None:
    width = re.search(r'<svg[^>]* width="([\d.]+)pt"', svgs[("interviews", "en")])
    assert width and float(width.group(1)) <= 6.3 * 72 + 0.5


def test_missing_font_is_an_error(tmp_path: Path, context: dict[str, Any]) -> None:
    chart = spec.load_spec(FIGURES / "interviews.yaml")
    with pytest.raises(PublisherError, match="Source Sans Pro"):
        draw.draw_svg(chart, context, "tr", tmp_path)


def test_line_and_grouped_horizontal_kinds(tmp_path: Path, context: dict[str, Any]) -> None:
    two_series = (
        GOOD_SPEC
        + "  - name: {tr: Ulaşılan, it: Raggiunti, en: Reached}\n"
        + "    values: [data.survey.izmir.interviewed, data.survey.molise.interviewed]\n"
    )
    for name, text in {
        "trend": two_series.replace("kind: bar", "kind: line"),
        "sideways": two_series.replace("kind: bar", "kind: grouped-bar\norientation: horizontal"),
        "stack": two_series.replace("kind: bar", "kind: stacked-bar"),
    }.items():
        chart = spec.load_spec(write(tmp_path / f"{name}.yaml", text), LANGS)
        svg = draw.draw_svg(chart, context, "tr", None).decode()
        assert ">2.200<" in svg and "Ulaşılan" in svg


# ----------------------------------------------------------------- data table


def test_data_table(context: dict[str, Any]) -> None:
    templates = ROOT / "templates"  # the sample has no overrides: the built-in theme's catalogs
    chart = spec.load_spec(FIGURES / "interviews.yaml")
    caption, header, rows = data.data_table(chart, context, "tr", chart_words(templates, "tr"))
    assert caption == chart.title["tr"]
    assert header == ["", "Planlanan", "Ulaşılan"]
    assert rows == [["İzmir", "2.000", "2.200"], ["Molise", "1.000", "350"]]

    english = chart_words(templates, "en")
    _, header, rows = data.data_table(spec.load_spec(FIGURES / "print-run.yaml"), context, "en", english)
    assert header[-1] == "Share" and rows[0] == ["Turkish", "800", "54%"]

    _, header, rows = data.data_table(spec.load_spec(FIGURES / "budget.yaml"), context, "en", english)
    assert header[-1] == "Total" and rows[0][-1] == "€143,759.65"
    _, header, _ = data.data_table(spec.load_spec(FIGURES / "budget.yaml"), context, "tr", chart_words(templates, "tr"))
    assert header[-1] == "Toplam"


# ----------------------------------------------------------------- draw_all and its cache


def test_render_all_caches_and_rerenders_only_what_changed(tmp_path: Path, context: dict[str, Any]) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    langs = ["tr", "it", "en"]
    rendered: list[tuple[str, str]] = []

    def record(chart_id: str, lang: str) -> None:
        rendered.append((chart_id, lang))

    paths = render.draw_all(SPECS, context, langs, out, cache, on_draw=record)
    assert set(paths) == {(i, lang) for i in CHART_IDS for lang in langs}
    assert sorted(rendered) == sorted(paths)
    for (chart_id, lang), path in paths.items():
        assert path == out / f"{chart_id}.{lang}.svg" and path.is_file()
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    mtimes = {key: p.stat().st_mtime_ns for key, p in paths.items()}

    rendered.clear()
    render.draw_all(SPECS, context, langs, out, cache, on_draw=record)
    assert rendered == []
    assert {key: p.stat().st_mtime_ns for key, p in paths.items()} == mtimes

    changed = copy.deepcopy(context)
    changed["data"]["survey"]["molise"]["interviewed"] = 400
    render.draw_all(SPECS, changed, langs, out, cache, on_draw=record)
    assert sorted(rendered) == sorted(("interviews", lang) for lang in langs)
    assert ">400<" in paths[("interviews", "en")].read_text(encoding="utf-8")

    rendered.clear()
    (out / "budget.tr.svg").write_text("tampered", encoding="utf-8")
    render.draw_all(SPECS, changed, langs, out, cache, on_draw=record)
    assert rendered == [("budget", "tr")]


def test_corrupt_cache_is_ignored(tmp_path: Path, context: dict[str, Any]) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    cache.mkdir()
    (cache / render.CACHE_FILE).write_text("{not json", encoding="utf-8")
    rendered: list[tuple[str, str]] = []
    render.draw_all(SPECS, context, ["en"], out, cache, on_draw=lambda i, lang: rendered.append((i, lang)))
    assert len(rendered) == len(CHART_IDS)
    rendered.clear()
    render.draw_all(SPECS, context, ["en"], out, cache, on_draw=lambda i, lang: rendered.append((i, lang)))
    assert rendered == []


def test_unchanged_render_all_does_not_import_matplotlib(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        import yaml
        from publisher.charts import render, spec
        from publisher.diagnostics import Diagnostics
        root = Path({str(ROOT)!r})
        publication = yaml.safe_load((root / "publication.yaml").read_text(encoding="utf-8"))
        context = spec.build_context(root / "content" / "data", publication)
        specs = spec.load_specs(root / "figures", context, ["tr", "en"], Diagnostics())
        render.draw_all(specs, context, ["tr", "en"], Path(sys.argv[1]), Path(sys.argv[2]))
        print("matplotlib" in sys.modules)
        """
    )
    args = [sys.executable, "-c", script, str(tmp_path / "out"), str(tmp_path / "cache")]
    first = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "True"
    second = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    assert second.stdout.strip() == "False"


# ----------------------------------------------------------------- palette


def test_palette_has_cmyk_and_rgb() -> None:
    assert len(colours.PALETTE) >= 6
    for colour in [*colours.PALETTE, colours.TEXT, colours.GRID]:
        assert re.fullmatch(r"#[0-9a-f]{6}", colour.rgb_hex)
        assert len(colour.cmyk) == 4 and all(0.0 <= v <= 1.0 for v in colour.cmyk)
    assert colours.cmyk_for_rgb("#0072B2") == (1.0, 0.5, 0.0, 0.0)
    assert colours.cmyk_for_rgb("#123456") is None
