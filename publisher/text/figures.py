"""HTML of a numbered figure: a chart (SVG) with caption, source and — on the web — its data table."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.model import Chart


def figure_html(
    meta: dict[str, Any], number: int | str, *, noun: str, target: str, chart: Chart | None, url: str
) -> str:
    """A figure token (its ``meta``) as HTML: ``chart`` is the chart it places, if any; ``url`` its drawing's
    or image's URL. On the web (``target`` ``web``) a chart's figure also holds its data table."""
    label = f'<span class="label">{escape(noun)}\u00a0{number}</span>'
    fid = escape(meta.get("id", ""))
    alt = escape(meta.get("alt", ""))
    if meta.get("kind") != "chart":
        caption = escape(meta.get("title") or meta.get("alt", ""))
        return (
            f'<figure class="image" id="{fid}"><img src="{escape(url)}" alt="{alt}">'
            f"<figcaption>{label} {caption}</figcaption></figure>\n"
        )
    title = escape(chart.title) if chart else ""
    # A figure's caption must be its first or last child (HTML; the Nu checker, EPUBCheck): the source
    # note is part of the caption, and the data table follows the figure rather than its caption
    # (folded on the web, shown in the e-book; the printed book has none).
    source = f'<span class="figure-source">{escape(chart.source)}</span>' if chart and chart.source else ""
    parts = [
        f'<figure class="chart" id="{fid}">',
        f'<img src="{escape(url)}" alt="{alt}">',
        f"<figcaption>{label} {title}{source}</figcaption></figure>\n",
    ]
    if chart and target != "book":
        parts.append(_data_table(*chart.table, folded=target == "web") + "\n")
    return "".join(parts)


def _data_table(caption: str, header: list[str], rows: list[list[str]], *, folded: bool = True) -> str:
    """The numbers behind a chart, folded under its figure (on the web; in the e-book, shown): a table
    a screen reader can read."""
    # an empty corner cell is a <td>: a header must name its column (axe: empty-table-header)
    head = "".join(f'<th scope="col">{escape(h)}</th>' if h.strip() else "<td></td>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            (f'<th scope="row">{escape(c)}</th>' if i == 0 else f"<td>{escape(c)}</td>") for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    table = f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if not folded:
        return f'<div class="chart-data">{table}</div>'
    return f'<details class="chart-data"><summary>{escape(caption)}</summary>{table}</details>'
