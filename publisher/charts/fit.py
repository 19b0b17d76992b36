"""Fitting a drawn chart: every value within its axis, no label on a gridline, another label or the legend.

Measured on the drawn figure (matplotlib's window extents, in points, after the constrained layout):

* the value axis gets ticks at a round step whose top tick holds the largest value (a bar of 70 is
  never above a top tick of 60) and whose gridlines cross no label — the totals past the end of a
  bar, the value labels on top of the bars; the candidate steps are tried from the one closest to
  five ticks, and the first that fits is kept;
* a label that runs under the legend (above a horizontal bar) makes the figure taller until it fits.

:func:`collisions` says what still overlaps (the tests use their own measure of the same boxes).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from publisher.charts.spec import ChartSpec

TOLERANCE_PT = 1.0
"""A gridline this close to a label's edge touches it, not crosses it (the ink starts inside the box)."""
LEGEND_GAP_PT = 3.0


def _steps(span: float) -> list[float]:
    """Round tick steps for an axis of ``span``: 1, 2, 2.5 and 5 × a power of ten, around a fifth of it."""
    if span <= 0:
        return [1.0]
    power = 10 ** math.floor(math.log10(span / 5))
    return [m * power * scale for scale in (0.1, 1, 10) for m in (1, 2, 2.5, 5)]


def _ticks(lo: float, hi: float, step: float) -> list[float]:
    first = math.floor(lo / step + 1e-9) * step
    last = math.ceil(hi / step - 1e-9) * step
    count = round((last - first) / step)
    return [round(first + i * step, 10) for i in range(count + 1)]


def _labels(ax: Axes) -> list[Any]:
    return [t for t in ax.texts if t.get_visible() and t.get_text().strip()]


def _boxes(fig: Figure, ax: Axes) -> tuple[list[Any], Any]:
    """The labels' boxes and the legend's (or None), in display units, after the layout."""
    fig.draw_without_rendering()
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    legend = ax.get_legend()
    return (
        [t.get_window_extent(renderer) for t in _labels(ax)],
        legend.get_window_extent(renderer) if legend is not None else None,
    )


def _gridlines(ax: Axes, value_axis: str) -> list[float]:
    """Display positions (x for a horizontal value axis, else y) of the value axis's gridlines in view."""
    axis = ax.xaxis if value_axis == "x" else ax.yaxis
    lo, hi = sorted(axis.get_view_interval())
    ticks = [t for t in axis.get_majorticklocs() if lo - 1e-9 <= t <= hi + 1e-9]
    if value_axis == "x":
        return [float(ax.transData.transform((t, 0))[0]) for t in ticks]
    return [float(ax.transData.transform((0, t))[1]) for t in ticks]


def collisions(fig: Figure, ax: Axes, value_axis: str | None) -> list[str]:
    """What overlaps in the drawn chart: a label and a gridline, two labels, a label and the legend."""
    boxes, legend = _boxes(fig, ax)
    names = [t.get_text().replace("\n", " ") for t in _labels(ax)]
    found = []
    frame = ax.get_window_extent()
    for position in _gridlines(ax, value_axis) if value_axis else []:
        for name, box in zip(names, boxes, strict=True):
            low, high = (box.x0, box.x1) if value_axis == "x" else (box.y0, box.y1)
            across = (box.y0 < frame.y1 and box.y1 > frame.y0) if value_axis == "x" else box.x1 > frame.x0
            if low + TOLERANCE_PT < position < high - TOLERANCE_PT and across:
                found.append(f"gridline at {position:.0f} crosses {name!r}")
    for i, (name, box) in enumerate(zip(names, boxes, strict=True)):
        for other, other_box in list(zip(names, boxes, strict=True))[i + 1 :]:
            if box.overlaps(other_box):
                found.append(f"{name!r} overlaps {other!r}")
        if legend is not None and box.overlaps(legend):
            found.append(f"{name!r} is under the legend")
    return found


def _value_axis(spec: ChartSpec) -> str | None:
    if spec.kind in ("pie", "donut"):
        return None
    return "x" if spec.horizontal else "y"


def _extent(values: list[list[float]], stacked: bool) -> tuple[float, float]:
    if stacked:
        totals = [sum(v for v in column if v > 0) for column in zip(*values, strict=True)]
        lows = [sum(v for v in column if v < 0) for column in zip(*values, strict=True)]
        return min([0.0, *lows]), max([0.0, *totals])
    flat = [v for series in values for v in series]
    return min([0.0, *flat]), max([0.0, *flat])


def _fit_axis(fig: Figure, ax: Axes, spec: ChartSpec, values: list[list[float]], value_axis: str) -> None:
    """Ticks at the first round step whose top tick holds every value and whose gridlines cross no label."""
    from matplotlib.ticker import FixedLocator

    axis = ax.xaxis if value_axis == "x" else ax.yaxis
    bound = ax.get_xbound if value_axis == "x" else ax.get_ybound
    set_bound = ax.set_xbound if value_axis == "x" else ax.set_ybound
    low, high = _extent(values, spec.kind == "stacked-bar")
    view_lo, view_hi = bound()
    steps = sorted(_steps(high - low), key=lambda s: abs(len(_ticks(low, high, s)) - 5))
    first: tuple[list[float], float, float] | None = None
    for step in steps:
        ticks = _ticks(low, high, step)
        if not 3 <= len(ticks) <= 7:
            continue
        axis.set_major_locator(FixedLocator(ticks))
        set_bound(min(ticks[0], view_lo), max(ticks[-1], min(view_hi, ticks[-1] + step)))
        first = first or (ticks, min(ticks[0], view_lo), max(ticks[-1], min(view_hi, ticks[-1] + step)))
        if not [c for c in collisions(fig, ax, value_axis) if c.startswith("gridline")]:
            return
    if first is not None:  # nothing fits: the ticks closest to five, which hold every value
        axis.set_major_locator(FixedLocator(first[0]))
        set_bound(first[1], first[2])


def _make_room(fig: Figure, ax: Axes) -> None:
    """A label under the legend (above a horizontal bar: the legend sits above the axes): the figure
    grows taller until the label fits between the bar and the legend."""
    for _ in range(6):
        boxes, legend = _boxes(fig, ax)
        if legend is None:
            return
        under = [b for b in boxes if b.overlaps(legend)]
        if not under:
            return
        need = max(b.y1 for b in under) - legend.y0 + LEGEND_GAP_PT
        # the room above the bar is a part of the axes' height only: grow by a few times the overlap
        fig.set_figheight(fig.get_figheight() + max(need, 6.0) * 3 / 72)


def fit_chart(fig: Figure, ax: Axes, spec: ChartSpec, values: list[list[float]]) -> None:
    """Fit the drawn chart (see the module's docstring)."""
    value_axis = _value_axis(spec)
    if value_axis is not None:
        _fit_axis(fig, ax, spec, values, value_axis)
    _make_room(fig, ax)
