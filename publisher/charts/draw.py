"""Drawing a chart with matplotlib: one language, one deterministic SVG.

The SVG draws its text in the language's heading face (then Source Sans Pro; the files are
:mod:`publisher.fonts`'), carries no title (the document's caption does), and is byte-for-byte
reproducible. matplotlib is imported only when a chart is drawn.

Its text is ``<text>`` when WeasyPrint can draw it (one character at a time), else paths laid out
by matplotlib's libraqm: right to left (WeasyPrint puts Arabic words in reverse order), a text to
shape as a whole (Devanagari, Khmer, Thai…) or a CJK face (matplotlib names the collection's faces
by region); left to right, an invisible ``<text>`` copy keeps the words in the PDF's text
(:mod:`publisher.charts.svgtext`). Right to left: mirrored axes, legend and pie (docs/charts.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from publisher import colours, fonts
from publisher.charts.chartfonts import chart_families, register_fonts
from publisher.charts.data import format_share, format_tick, format_value, shares
from publisher.charts.data import values as chart_values
from publisher.charts.spec import ChartSpec
from publisher.diagnostics import PublisherError
from publisher.languages import find
from publisher.scripts import needs_shaping

if TYPE_CHECKING:  # pragma: no cover - typing only; matplotlib is imported lazily
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Chart width: a ~150 mm text column at 96 % (6.3 in = 160 mm incl. tick labels' overhang).
WIDTH_IN = 6.3
HEIGHT_IN = 3.2
FONT_SIZE_PT = 9.0


def _rtl(lang: str) -> bool:
    return getattr(find(lang), "direction", "ltr") == "rtl"


# Rendering
_SVG_HASH_SALT = "publisher-figures"


def _rc(lang: str) -> Any:
    """The rcParams of every chart (typed Any: matplotlib types the keys as a Literal)."""
    text = colours.TEXT.rgb_hex
    return {
        "svg.fonttype": "none",  # or paths: draw_svg
        "svg.hashsalt": _SVG_HASH_SALT,
        "svg.image_inline": True,
        "font.family": chart_families(lang),
        "font.size": FONT_SIZE_PT,
        "text.color": text,
        "axes.labelcolor": text,
        "axes.edgecolor": colours.AXIS.rgb_hex,
        "axes.linewidth": 0.8,
        "axes.labelsize": FONT_SIZE_PT,
        "axes.unicode_minus": True,
        "xtick.color": text,
        "ytick.color": text,
        "xtick.labelsize": FONT_SIZE_PT,
        "ytick.labelsize": FONT_SIZE_PT,
        "legend.fontsize": FONT_SIZE_PT,
        "path.simplify": False,
        "figure.dpi": 72,
        "savefig.dpi": 72,
    }


def _figure_height(spec: ChartSpec) -> float:
    if spec.horizontal:
        n = len(spec.categories) * (len(spec.series) if spec.kind == "grouped-bar" else 1)
        legend = 0.3 if len(spec.series) > 1 else 0.0
        return max(1.3, min(HEIGHT_IN * 1.5, 0.75 + 0.42 * n + legend))
    return HEIGHT_IN


def draw_svg(spec: ChartSpec, context: Mapping[str, Any], lang: str, font_dir: Path | None = None) -> bytes:
    """Draw one chart in one language and return the SVG bytes (deterministic).

    The spec must have been validated against ``context`` (project loading does it).
    Raises :class:`PublisherError` for a missing font.
    """
    import matplotlib
    from matplotlib.text import Text

    from publisher.charts.svgtext import with_hidden_text

    with chart_figure(spec, context, lang, font_dir) as fig:
        texts = [t.get_text() for t in fig.findobj(Text) if t.get_visible()]
        if not text_as_paths(lang, texts):
            return _svg(fig)
        with matplotlib.rc_context({"svg.fonttype": "path"}):
            drawn = _svg(fig)
        if _rtl(lang):  # no copy: WeasyPrint would put the words in reverse order
            return drawn
        copy = with_hidden_text(drawn.decode(), _svg(fig).decode(), fonts.font_families(lang)[1])
        return copy.encode()


def text_as_paths(lang: str, texts: list[str]) -> bool:
    """Whether a chart's texts are drawn as paths (this module's docstring): right to left, a text
    to shape as a whole, or a CJK face."""
    cjk = any(family.endswith(" CJK") for family in fonts.font_families(lang)[1])
    return _rtl(lang) or cjk or any(needs_shaping(text) for text in texts)


def _svg(fig: Figure) -> bytes:
    import io

    buf = io.BytesIO()
    fig.canvas.print_svg(buf, metadata={"Date": None, "Creator": None})  # type: ignore[attr-defined]
    return buf.getvalue()


@contextmanager
def chart_figure(
    spec: ChartSpec, context: Mapping[str, Any], lang: str, font_dir: Path | None = None
) -> Iterator[Figure]:
    """The chart drawn and fitted (``publisher.charts.fit``: no label on a gridline, a label or the
    legend; every value within the axis), inside the chart's rcParams: what :func:`draw_svg` saves."""
    values = chart_values(spec, context)
    if lang not in spec.title:
        raise PublisherError.at(spec.path, spec.line("title"), f"the spec has no {lang} texts")

    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    from publisher.charts.fit import fit_chart

    register_fonts(font_dir)
    with matplotlib.rc_context(_rc(lang)):
        layout = ConstrainedLayoutEngine(w_pad=0.02, h_pad=0.02)
        fig = Figure(figsize=(WIDTH_IN, _figure_height(spec)), layout=layout)
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        if spec.kind in ("pie", "donut"):
            _draw_pie(ax, spec, values[0], lang)
        elif spec.kind == "line":
            _draw_line(ax, spec, values, lang)
        else:
            _draw_bars(ax, spec, values, lang)
        fit_chart(fig, ax, spec, values)
        yield fig


def _style_axes(ax: Axes, spec: ChartSpec, lang: str, value_axis: Literal["x", "y"], values: list[list[float]]) -> None:
    """Report style: no box, a light grid along the value axis, locale-formatted ticks."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    start, end = ("right", "left") if _rtl(lang) else ("left", "right")
    for side in ("top", end):
        ax.spines[side].set_visible(False)
    # The value axis is read from the grid; the category axis keeps its baseline.
    ax.spines[start if value_axis == "y" else "bottom"].set_visible(False)
    if _rtl(lang):  # mirrored: the y axis (values or categories) on the right, x growing leftwards
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")
        ax.invert_xaxis()
    ax.set_axisbelow(True)
    ax.grid(axis=value_axis, color=colours.GRID.rgb_hex, linewidth=0.6)
    ax.tick_params(axis="both", length=0, pad=6)
    axis = ax.yaxis if value_axis == "y" else ax.xaxis
    integral = spec.format != "percent" and all(float(v).is_integer() for s in values for v in s)
    axis.set_major_locator(MaxNLocator(nbins=5, integer=integral, min_n_ticks=3))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: format_tick(spec, v, lang)))
    if spec.x_label:
        ax.set_xlabel(spec.x_label[lang])
    if spec.y_label:
        ax.set_ylabel(spec.y_label[lang])
    if spec.format.startswith("currency:"):
        code = spec.format.split(":", 1)[1]
        if value_axis == "y" and not spec.y_label:
            ax.set_ylabel(code)
        if value_axis == "x" and not spec.x_label:
            ax.set_xlabel(code)


def _legend(ax: Axes, spec: ChartSpec, lang: str) -> None:
    if len(spec.series) < 2:
        return
    rtl = _rtl(lang)
    handles, labels = ax.get_legend_handles_labels()
    order = slice(None, None, -1 if rtl else 1)  # right to left: the first series rightmost
    ax.legend(
        handles[order],
        labels[order],
        loc="lower right" if rtl else "lower left",
        bbox_to_anchor=(1.0 if rtl else 0.0, 1.02),
        markerfirst=not rtl,
        ncol=len(spec.series),
        frameon=False,
        borderaxespad=0.0,
        handlelength=1.0,
        handleheight=1.0,
        columnspacing=1.5,
    )


def _sign(lang: str) -> int:
    return -1 if _rtl(lang) else 1  # -1: the value axis grows leftwards


def _after(lang: str) -> Literal["left", "right"]:
    """``ha`` of a label that starts at a point and reads on (right to left: ends there)."""
    return "right" if _rtl(lang) else "left"


def _value_limits(totals: list[float], headroom: float) -> tuple[float, float]:
    lo = min([0.0, *totals])
    hi = max([0.0, *totals])
    span = (hi - lo) or 1.0
    return (lo - span * headroom if lo < 0 else 0.0, hi + span * headroom if hi > 0 else 0.0)


def _draw_bars(ax: Axes, spec: ChartSpec, values: list[list[float]], lang: str) -> None:
    horizontal = spec.horizontal
    n_cat, n_ser = len(spec.categories), len(values)
    positions: list[float] = [float(i) for i in range(n_cat)]
    labels = [c[lang] for c in spec.categories]
    text = colours.TEXT.rgb_hex

    def bar(pos: list[float], vals: list[float], size: float, start: list[float] | None, colour: str, name: str) -> Any:
        if horizontal:
            return ax.barh(pos, vals, height=size, left=start, color=colour, label=name, linewidth=0)
        return ax.bar(pos, vals, width=size, bottom=start, color=colour, label=name, linewidth=0)

    if spec.kind == "stacked-bar":
        width = 0.55 if n_cat > 1 else 0.5
        bottoms = [0.0] * n_cat
        grand = max(sum(abs(s[i]) for s in values) for i in range(n_cat)) or 1.0
        for i, (series, vals) in enumerate(zip(spec.series, values, strict=True)):
            colour = colours.series_colour(i)
            bar(positions, vals, width, list(bottoms), colour.rgb_hex, series.name[lang])
            inside = colours.PAPER if colour.luminance < 0.35 else colours.TEXT
            for pos, start, v in zip(positions, bottoms, vals, strict=True):
                _segment_label(ax, spec, lang, pos, start, v, grand, width, inside)
            bottoms = [b + v for b, v in zip(bottoms, vals, strict=True)]
        totals = bottoms
        for pos, total in zip(positions, totals, strict=True):
            label = format_value(spec, total, lang)
            # the total sits past the end of the bar: right of it, or above it
            xy, nudge, va, ha = (
                ((total, pos), (_sign(lang) * 4, 0), "center", _after(lang))
                if horizontal
                else ((pos, total), (0, 3), "bottom", "center")
            )
            ax.annotate(
                label, xy, xytext=nudge, textcoords="offset points", va=va, ha=ha, color=text, fontweight="semibold"
            )
        totals_for_limits = totals
    else:
        group = 0.8 if n_ser > 1 else 0.5
        width = group / n_ser
        for i, (series, vals) in enumerate(zip(spec.series, values, strict=True)):
            offset = (i - (n_ser - 1) / 2) * width
            colour = colours.series_colour(i)
            container = bar(
                [p + offset for p in positions], vals, width * 0.92, None, colour.rgb_hex, series.name[lang]
            )
            ax.bar_label(container, labels=[format_value(spec, v, lang) for v in vals], padding=3, color=text)
        totals_for_limits = [v for s in values for v in s]

    lo, hi = _value_limits(totals_for_limits, 0.22 if horizontal else 0.12)
    if horizontal:
        ax.set_xlim(lo, hi)
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()  # first category on top
        ax.set_ylim(n_cat - 0.5, -0.5 - (0.25 if n_cat == 1 else 0))
    else:
        ax.set_ylim(lo, hi)
        ax.set_xticks(positions, labels)
        ax.set_xlim(-0.5, n_cat - 0.5)
    _style_axes(ax, spec, lang, "x" if horizontal else "y", values)
    _legend(ax, spec, lang)


def _segment_label(
    ax: Axes,
    spec: ChartSpec,
    lang: str,
    pos: float,
    start: float,
    value: float,
    grand: float,
    bar_size: float,
    inside: colours.Colour,
) -> None:
    """Label one stacked segment: centred inside it, or beside the bar when it is too small."""
    if not value:
        return
    label = format_value(spec, value, lang)
    text_pt = len(label) * FONT_SIZE_PT * 0.5 + 6  # estimated text extent along the bar
    axis_pt = (WIDTH_IN * 0.78 if spec.horizontal else _figure_height(spec) * 0.75) * 72
    segment_pt = abs(value) / (grand * 1.2) * axis_pt
    centre = start + value / 2
    if segment_pt >= text_pt:
        xy = (centre, pos) if spec.horizontal else (pos, centre)
        ax.annotate(label, xy, ha="center", va="center", color=inside.rgb_hex)
    elif spec.horizontal:  # above the bar, from the segment's start
        ax.annotate(
            label,
            (start, pos - bar_size / 2),
            xytext=(0, 3),
            textcoords="offset points",
            ha=_after(lang),
            va="bottom",
            color=colours.TEXT.rgb_hex,
        )
    else:  # right of the bar, at the segment's middle
        ax.annotate(
            label,
            (pos + bar_size / 2, centre),
            xytext=(_sign(lang) * 4, 0),
            textcoords="offset points",
            ha=_after(lang),
            va="center",
            color=colours.TEXT.rgb_hex,
        )


def _draw_line(ax: Axes, spec: ChartSpec, values: list[list[float]], lang: str) -> None:
    positions = list(range(len(spec.categories)))
    for i, (series, vals) in enumerate(zip(spec.series, values, strict=True)):
        colour = colours.series_colour(i)
        ax.plot(
            positions,
            vals,
            color=colour.rgb_hex,
            linewidth=2,
            marker="o",
            markersize=5,
            label=series.name[lang],
        )
        for pos, v in zip(positions, vals, strict=True):
            ax.annotate(
                format_value(spec, v, lang),
                (pos, v),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                va="bottom",
                color=colours.TEXT.rgb_hex,
            )
    lo, hi = _value_limits([v for s in values for v in s], 0.15)
    ax.set_ylim(lo, hi)
    ax.set_xticks(positions, [c[lang] for c in spec.categories])
    ax.set_xlim(-0.3, len(positions) - 0.7)
    _style_axes(ax, spec, lang, "y", values)
    _legend(ax, spec, lang)


def _draw_pie(ax: Axes, spec: ChartSpec, vals: list[float], lang: str) -> None:
    total = sum(vals)
    fills = [colours.series_colour(i).rgb_hex for i in range(len(vals))]
    labels = [
        f"{cat[lang]}\n{format_value(spec, v, lang)} ({format_share(share, lang)})"
        for cat, v, share in zip(spec.categories, vals, shares(vals), strict=True)
    ]
    donut = spec.kind == "donut"
    _wedges, texts = ax.pie(
        vals,
        labels=labels,
        colors=fills,
        startangle=90,
        counterclock=_rtl(lang),
        labeldistance=1.12,
        radius=1.0,
        wedgeprops={"width": 0.38 if donut else 1.0, "edgecolor": colours.PAPER.rgb_hex, "linewidth": 1.5},
        textprops={"color": colours.TEXT.rgb_hex},
    )[:2]
    for t in texts:
        t.set_linespacing(1.3)
    if donut:
        ax.text(
            0,
            0.08,
            format_value(spec, total, lang),
            ha="center",
            va="center",
            fontsize=FONT_SIZE_PT * 1.6,
            fontweight="semibold",
            color=colours.TEXT.rgb_hex,
        )
        ax.text(0, -0.2, spec.series[0].name[lang], ha="center", va="center", color=colours.TEXT.rgb_hex)
    ax.set_aspect("equal")
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.2, 1.2)
