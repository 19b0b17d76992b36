"""Line-break opportunities for the scripts written without spaces between words.

Pango breaks Thai through libthai, but Khmer, Myanmar and Lao only at the spaces between
phrases: a phrase wider than the column runs past it. ICU's line-break iterator (PyICU, from
the pinned ``pyicu-wheels``, which bundles ICU and its dictionaries, so every machine breaks
alike) knows their words: :func:`with_word_breaks` puts a ZERO WIDTH SPACE (U+200B, the break
opportunity HTML's ``<wbr>`` stands for) at each dictionary word boundary inside a run of these
scripts, in the HTML given to WeasyPrint only (the web edition leaves breaking to the browser,
which uses ICU itself). Thai gets the same, for the same breaks everywhere.

The inserted characters are layout only: the digital PDF maps their glyphs to no text
(``publisher.pdf.wordbreaks``), so what a reader copies or searches is the source's words.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from publisher.scripts import DICTIONARY_BREAK_SCRIPTS

ZWSP = "\u200b"

#: The Unicode blocks of the dictionary-broken scripts (Thai, Lao, Myanmar and its extensions, Khmer and its symbols).
_RANGES = "\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff\u1780-\u17ff\u19e0-\u19ff"
_RUN = re.compile(f"[{_RANGES}]{{2,}}")
assert DICTIONARY_BREAK_SCRIPTS == {"Thai", "Laoo", "Khmr", "Mymr"}  # the blocks above


@cache
def _iterator() -> Any:
    import icu

    # The line-break rules of the root locale already use the dictionaries of these scripts.
    return icu.BreakIterator.createLineInstance(icu.Locale.getRoot())


@cache
def _word_iterator() -> Any:
    import icu

    return icu.BreakIterator.createWordInstance(icu.Locale.getRoot())


def word_segments(text: str) -> list[str]:
    """``text`` cut at ICU's word boundaries (dictionary words in Han, Kana, Thai, Lao, Khmer,
    Myanmar), for search. ``text`` must be in the BMP (ICU counts UTF-16 units)."""
    if any(ord(char) > 0xFFFF for char in text):
        return [text]
    iterator = _word_iterator()
    iterator.setText(text)
    cuts = [0, *iterator]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]


def word_boundaries(run: str) -> list[int]:
    """The dictionary word boundaries inside ``run`` (offsets, neither 0 nor ``len(run)``)."""
    iterator = _iterator()
    iterator.setText(run)
    return [offset for offset in iterator if 0 < offset < len(run)]  # the run is in the BMP: UTF-16 = str offsets


def with_word_breaks(text: str) -> str:
    """``text`` with U+200B at every dictionary word boundary inside runs of Thai, Lao, Khmer, Myanmar."""
    if not _RUN.search(text):
        return text

    def breaks(match: re.Match[str]) -> str:
        run = match.group(0)
        cuts = [0, *word_boundaries(run), len(run)]
        return ZWSP.join(run[a:b] for a, b in zip(cuts, cuts[1:], strict=False))

    return _RUN.sub(breaks, text)
