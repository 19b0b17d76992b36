"""The e-book's cover, drawn as the print edition's: the accent band with the project, the title and
the publication, then the publisher, place and date — an SVG, so that every script is shaped by the
reading system (a picture drawn here would need a shaping engine for Arabic)."""

from __future__ import annotations

import textwrap
from html import escape

WIDTH, HEIGHT = 600, 848
"""A4's proportions."""
ACCENT, ACCENT_DARK, MUTED, PAPER = "#0072b2", "#0a4a7a", "#5e5e5d", "#ffffff"
FONTS = "'Source Sans Pro', 'Noto Sans Arabic', sans-serif"


def cover_svg(
    *, title: str, publication: str, project: str, publisher: str, place_date: str, direction: str, lang: str
) -> str:
    """The cover (an SVG document): ``title`` wrapped to the band, the rest on a line each."""
    rtl = direction == "rtl"
    x, anchor = (WIDTH - 48, "start") if rtl else (48, "start")
    lines = [
        _text(project.upper() if not rtl else project, x, 110, 20, PAPER, 600, anchor),
        *(_text(line, x, 190 + 46 * i, 38, PAPER, 700, anchor) for i, line in enumerate(_wrap(title, 26))),
    ]
    top = 190 + 46 * len(_wrap(title, 26)) + 30
    lines += [_text(line, x, top + 28 * i, 20, PAPER, 300, anchor) for i, line in enumerate(_wrap(publication, 44))]
    lines += [_text(publisher, x, 600, 20, ACCENT_DARK, 600, anchor), _text(place_date, x, 632, 18, MUTED, 400, anchor)]
    label = escape(" — ".join(p for p in (title, publication, publisher) if p))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xml:lang="{escape(lang)}" direction="{direction}">\n'
        f"<title>{label}</title>\n"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{PAPER}"/>\n'
        f'<rect width="{WIDTH}" height="540" fill="{ACCENT}"/>\n' + "\n".join(lines) + "\n</svg>\n"
    )


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def _text(text: str, x: int, y: int, size: int, fill: str, weight: int, anchor: str) -> str:
    return (
        f'<text x="{x}" y="{y}" font-family="{FONTS}" font-size="{size}" font-weight="{weight}" '
        f'fill="{fill}" text-anchor="{anchor}">{escape(text)}</text>'
    )
