"""A chart's text in the SVG: as ``<text>``, or as paths with an invisible ``<text>`` copy.

WeasyPrint 70 lays out an SVG ``<text>`` one character at a time: Latin, Cyrillic, Greek, Armenian,
Georgian, Ethiopic, Han, Kana and Hangul come out right, but a text that must be shaped as a whole
(:func:`publisher.scripts.needs_shaping`: Devanagari conjuncts and vowel signs, Khmer and Myanmar
stacks, Thai marks, Arabic joins) falls apart into dotted circles, and right-to-left words come out
in reverse order. Such a chart draws its text as paths (matplotlib shapes with libraqm), so that it
looks the same in WeasyPrint and in every browser whatever its fonts. A left-to-right one also
carries each text as an invisible ``<text>`` (``fill: none``: PDF text render mode 3) at its place,
so that the digital PDF's text (pdftotext, search, copy) still holds the chart's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_TEXT = re.compile(r"<text\b[^>]*>.*?</text>", re.S)
_FILL = re.compile(r"fill: [^;\"]+")
_FAMILY = re.compile(r"font-family: [^;\"]+")


def hidden_text(text_svg: str, families: Sequence[str]) -> str:
    """The ``<text>`` elements of ``text_svg`` (the chart saved with ``svg.fonttype: none``) made
    invisible, in the registry's ``families``, as one group."""

    def hide(element: str) -> str:
        families_css = "font-family: " + ", ".join(f"'{family}'" for family in families)
        element = _FAMILY.sub(families_css, element, count=1)
        if _FILL.search(element):
            return _FILL.sub("fill: none", element, count=1)
        return element.replace('style="', 'style="fill: none; ', 1)

    texts = [hide(element) for element in _TEXT.findall(text_svg)]
    return ' <g id="chart-text">\n  ' + "\n  ".join(texts) + "\n </g>\n"


def with_hidden_text(path_svg: str, text_svg: str, families: Sequence[str]) -> str:
    """``path_svg`` (the chart with its text as paths) with the invisible copy of its text on top."""
    head, tail = path_svg.rsplit("</svg>", 1)
    return head + hidden_text(text_svg, families) + "</svg>" + tail
