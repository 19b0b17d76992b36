"""HTML of a numbered figure: a chart (SVG) with caption, source and — on the web — its data table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any


@dataclass(frozen=True)
class ChartInfo:
    """What a chart shows, in one language."""

    title: str
    source: str
    table: tuple[str, list[str], list[list[str]]]
    """(caption, header row, rows) of the numbers behind the chart."""


def figure_renderer(*, noun: str, mode: str, chart_url: Callable[[str], str],
                    chart_info: Callable[[str], ChartInfo | None],
                    image_url: Callable[[str], str], table_label: str = "") -> Callable[[dict[str, Any], int], str]:
    """A render callback for figure tokens (see :class:`publisher.markdown.RenderContext`)."""

    def render(meta: dict[str, Any], number: int) -> str:
        label = f'<span class="label">{escape(noun)}\u00a0{number}</span>'
        fid = escape(meta.get("id", ""))
        alt = escape(meta.get("alt", ""))
        if meta.get("kind") == "chart":
            info = chart_info(meta["chart"])
            title = escape(info.title) if info else ""
            parts = [f'<figure class="chart" id="{fid}">',
                     f'<img src="{escape(chart_url(meta["chart"]))}" alt="{alt}">',
                     f"<figcaption>{label} {title}</figcaption>"]
            if info and info.source:
                parts.append(f'<p class="figure-source">{escape(info.source)}</p>')
            if info and mode == "web":
                caption, header, rows = info.table
                # an empty corner cell is a <td>: a header must name its column (axe: empty-table-header)
                head = "".join(f'<th scope="col">{escape(h)}</th>' if h.strip() else "<td></td>" for h in header)
                body = "".join(
                    "<tr>" + "".join(
                        (f'<th scope="row">{escape(c)}</th>' if i == 0 else f"<td>{escape(c)}</td>")
                        for i, c in enumerate(row)) + "</tr>"
                    for row in rows)
                parts.append(f'<details class="chart-data"><summary>{escape(table_label or caption)}</summary>'
                             f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
                             f"<tbody>{body}</tbody></table></details>")
            parts.append("</figure>\n")
            return "".join(parts)
        caption = escape(meta.get("title") or meta.get("alt", ""))
        url = image_url(meta["path"]) if meta.get("path") else meta.get("src", "")
        return (f'<figure class="image" id="{fid}"><img src="{escape(url)}" alt="{alt}">'
                f"<figcaption>{label} {caption}</figcaption></figure>\n")

    return render
