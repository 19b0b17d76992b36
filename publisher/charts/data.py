"""The numbers of a chart: its values, formatted for a language, and its data table.

Specs reach here validated (:func:`publisher.charts.spec.validate_spec`, when the project
is loaded): the data paths are only resolved, not checked again. Numbers are formatted by
:mod:`publisher.text.locale` (CLDR through Babel).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from publisher.charts.spec import ChartSpec, resolve_path
from publisher.model import DataTable
from publisher.text.locale import format_currency, format_number, format_percent


def values(spec: ChartSpec, context: Mapping[str, Any]) -> list[list[float]]:
    """The numbers of every series of a validated spec."""
    return [[resolve_path(context, p) for p in s.values] for s in spec.series]


def format_value(spec: ChartSpec, value: float, lang: str) -> str:
    """A value as the chart labels it: by the spec's format, in ``lang``'s conventions."""
    if spec.format == "percent":
        return format_percent(value, lang, spec.decimals or 0)
    if spec.format.startswith("currency:"):
        return format_currency(value, spec.format.split(":", 1)[1], lang)
    decimals = spec.decimals
    if decimals is None and float(value).is_integer():
        decimals = 0
    return format_number(int(value) if decimals == 0 else value, lang, decimals)


def format_tick(spec: ChartSpec, value: float, lang: str) -> str:
    """An axis tick: like :func:`format_value` but short (currency ticks carry no symbol)."""
    if abs(value) < 1e-9:
        value = 0.0
    if spec.format == "percent":
        pct = round(value * 100, 6)
        decimals = 0 if float(pct).is_integer() else 1
        return format_percent(value, lang, decimals)
    if float(round(value, 6)).is_integer():
        return format_number(round(value), lang, 0)
    return format_number(value, lang, None)


def format_share(value: float, lang: str) -> str:
    """A share (fraction of the whole) as a whole percentage in ``lang`` (``%53`` in Turkish)."""
    return format_percent(value, lang, 0)


def shares(values: list[float]) -> list[float]:
    """Each value's share of the whole in whole percent (as fractions) that add up to exactly 100 %:
    the largest-remainder method (each share rounded down, the missing points to the largest
    remainders; ties to the earlier value). Printed shares that add up to 99 % read as an error."""
    total = sum(values)
    if not total:
        return [0.0] * len(values)
    exact = [v / total * 100 for v in values]
    floors = [int(e // 1) for e in exact]
    missing = 100 - sum(floors)
    by_remainder = sorted(range(len(values)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:missing]:
        floors[i] += 1
    return [f / 100 for f in floors]


def data_table(spec: ChartSpec, context: Mapping[str, Any], lang: str, words: Mapping[str, str]) -> DataTable:
    """The numbers behind a chart, formatted for ``lang``: ``(caption, header, rows)``.

    One row per category; one column per series. Pie and donut tables add each
    category's share of the whole, stacked bars the total of each category; ``words``
    names those columns in ``lang`` (``share``, ``total``: see
    :func:`publisher.text.labels.chart_words`).
    """
    numbers = values(spec, context)
    cat_label = spec.y_label if spec.horizontal else spec.x_label
    header = [cat_label[lang] if cat_label else ""] + [s.name[lang] for s in spec.series]
    rows: list[list[str]] = []
    if spec.kind in ("pie", "donut"):
        header.append(words["share"])
        parts = shares(numbers[0])
        for i, cat in enumerate(spec.categories):
            v = numbers[0][i]
            rows.append([cat[lang], format_value(spec, v, lang), format_share(parts[i], lang)])
        return spec.title[lang], header, rows
    if spec.kind == "stacked-bar":
        header.append(words["total"])
    for i, cat in enumerate(spec.categories):
        row = [cat[lang]] + [format_value(spec, s[i], lang) for s in numbers]
        if spec.kind == "stacked-bar":
            row.append(format_value(spec, sum(s[i] for s in numbers), lang))
        rows.append(row)
    return spec.title[lang], header, rows
