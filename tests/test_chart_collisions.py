"""Charts without collisions, in every language of the sample: measured on the drawn figure.

matplotlib's window extents (display points, after the constrained layout) of every label, of each
visible gridline of the value axis, of the legend and of the bars: no label crosses a gridline,
another label or the legend; every bar stays inside the axes and below the top tick; the shares a
pie prints add up to 100 %.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from publisher.charts.data import shares
from publisher.charts.draw import chart_figure
from publisher.pipeline.project import load_project

TOLERANCE = 1.0  # points: a gridline touching a label's edge (ink starts inside the box) is no crossing


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def _charts(project) -> list[tuple[str, str]]:
    return [(cid, lang) for cid in sorted(project.charts) for lang in project.publication.languages]


def _measure(fig):
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    ax = fig.axes[0]
    labels = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text().strip()]
    legend = ax.get_legend()
    legend_box = legend.get_window_extent(renderer) if legend is not None else None
    return ax, renderer, labels, legend_box


def _gridlines(ax, renderer) -> list[tuple[str, float, object]]:
    """(axis, display position, box) of every gridline drawn (its tick in view, the grid on)."""
    found = []
    for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
        lo, hi = sorted(axis.get_view_interval())
        for tick in axis.get_major_ticks():
            if tick.gridline.get_visible() and lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                box = tick.gridline.get_window_extent(renderer)
                found.append((name, box.x0 if name == "x" else box.y0, box))
    return found


def test_no_label_crosses_a_gridline_another_label_or_the_legend(project):
    problems = []
    for cid, lang in _charts(project):
        with chart_figure(project.charts[cid], project.chart_context(), lang) as fig:
            ax, renderer, labels, legend = _measure(fig)
            for axis, position, line in _gridlines(ax, renderer):
                for text, box in labels:
                    low, high = (box.x0, box.x1) if axis == "x" else (box.y0, box.y1)
                    side = (
                        (box.y0 < line.y1 and box.y1 > line.y0)
                        if axis == "x"
                        else (box.x0 < line.x1 and box.x1 > line.x0)
                    )
                    if low + TOLERANCE < position < high - TOLERANCE and side:
                        problems.append(f"{cid}.{lang}: the {axis} gridline at {position:.0f} crosses {text!r}")
            for i, (text, box) in enumerate(labels):
                problems += [f"{cid}.{lang}: {text!r} on {other!r}" for other, b in labels[i + 1 :] if box.overlaps(b)]
                if legend is not None and box.overlaps(legend):
                    problems.append(f"{cid}.{lang}: {text!r} under the legend")
    assert problems == []


def test_every_bar_is_inside_its_axis_and_below_the_top_tick(project):
    checked = 0
    for cid, lang in _charts(project):
        spec = project.charts[cid]
        if spec.kind in ("pie", "donut"):
            continue
        with chart_figure(spec, project.chart_context(), lang) as fig:
            ax, renderer, _, _ = _measure(fig)
            frame = ax.get_window_extent(renderer)
            value_axis = ax.xaxis if spec.horizontal else ax.yaxis
            lo, hi = sorted(value_axis.get_view_interval())
            top = max(t for t in value_axis.get_majorticklocs() if lo - 1e-9 <= t <= hi + 1e-9)
            for bar in ax.patches:
                box = bar.get_window_extent(renderer)
                assert frame.x0 - TOLERANCE <= box.x0 and box.x1 <= frame.x1 + TOLERANCE, (cid, lang)
                assert frame.y0 - TOLERANCE <= box.y0 and box.y1 <= frame.y1 + TOLERANCE, (cid, lang)
                end = bar.get_x() + bar.get_width() if spec.horizontal else bar.get_y() + bar.get_height()
                assert end <= top + 1e-9, f"{cid}.{lang}: a bar ends at {end:g}, above the top tick {top:g}"
                checked += 1
    assert checked > 20


def test_printed_shares_add_up_to_100(project):
    checked = 0
    for cid, lang in _charts(project):
        if project.charts[cid].kind not in ("pie", "donut"):
            continue
        with chart_figure(project.charts[cid], project.chart_context(), lang) as fig:
            texts = [t.get_text() for t in fig.axes[0].texts]
        printed = [int(re.sub(r"\D", "", m)) for t in texts for m in re.findall(r"\(([^()]*\d[^()]*)\)", t)]
        assert len(printed) >= 2 and sum(printed) == 100, (cid, lang, printed)
        checked += 1
    assert checked == 8  # two pie charts in four languages
    assert shares([800, 350, 350]) == [0.54, 0.23, 0.23]  # largest remainder: 53.3 + 23.3 + 23.3


def test_the_data_tables_print_the_same_shares(project):
    from publisher.charts.data import data_table

    table = data_table(project.charts["print-run"], project.chart_context(), "en", {"share": "Share", "total": "T"})
    assert [row[-1] for row in table[2]] == ["54%", "23%", "23%"]


def test_fitting_is_what_the_svg_draws(project):
    """The SVG is drawn from the fitted figure: the participants chart's axis reads 0 to 80, above its
    70 bar (it stopped at 60 before)."""
    from publisher.charts.draw import draw_svg

    svg = draw_svg(project.charts["workshop"], project.chart_context(), "en").decode()
    assert re.findall(r">(\d+)</text>", svg) == ["0", "20", "40", "60", "80", "70", "60"]
