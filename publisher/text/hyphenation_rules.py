"""What the patterns do not know: words never hyphenated, words hyphenated by hand, the pattern set.

Liang patterns break words they have never seen by analogy, which is right for common words and
wrong for proper names ("Mol-ise", "Rip-alimosani", "Togeth-er&Stronger"), brands and
abbreviations, and for some common words (Pyphen's British set gives "Dir-ectorate",
"atten-ded"). A typographer does not hyphenate a name at all. So the hyphenation of a book
follows, in this order:

1. **names**: a word that is, or contains (``Molise’den``, ``dell’Unione``), a word of a proper
   name, brand or abbreviation is never hyphenated — the editor's list in
   ``content/data/hyphenation.yaml`` (``names``), every abbreviation of
   ``content/data/abbreviations.yaml`` in every language, and any word with two capitals or a
   digit (``NGOs``, ``BAUMUS``, ``RESLOG``, ``COVID19``) — a word in capitals longer than
   :data:`ABBREVIATION` letters is a word set in capitals, hyphenated as such;
2. **exceptions**: a word the editor lists for a language with its breaks (``en: [di-rec-tor-ate]``)
   is broken there only (``Directorate``, ``directorates`` too: the list's words match a plural
   ``s``), as TeX's ``\\hyphenation``;
3. **patterns**: the language's pattern set — Pyphen's for the language's CLDR locale (English:
   ``en_US``, the US set, see docs/languages.md), ours for Turkish, or the one
   ``hyphenation.yaml`` names for the language (``patterns: {en: en_GB}``).

:class:`HyphenationRules` is plain data: it travels with a book to its worker (part of the layout's
cache key) and is in force while the book is laid out (:func:`in_force`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

FILE = Path("content") / "data" / "hyphenation.yaml"

ABBREVIATION = 6
"""A word in capitals of at most this many letters is an abbreviation (SPRAR, BAUMUS); a longer one is
a word set in capitals (IS-PAR-TA), hyphenated as the word is."""
_APOSTROPHES = re.compile(r"['’ʼ]")
_WORD_PARTS = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class HyphenationRules:
    """The names never hyphenated and the words hyphenated by hand, of one publication."""

    names: frozenset[str] = frozenset()
    """Words of names, brands and abbreviations, case-folded: never hyphenated."""
    exceptions: tuple[tuple[str, tuple[tuple[str, tuple[int, ...]], ...]], ...] = ()
    """Per language code: (case-folded word, its break positions)."""
    patterns: tuple[tuple[str, str], ...] = ()
    """Per language code: the pattern set to use (a Pyphen dictionary name such as ``en_GB``)."""
    shapes: bool = True
    """Whether a word's shape (a digit, two capitals) makes it an abbreviation: in a book, yes; the bare
    dictionaries outside one (``current()`` with no rules in force) hyphenate every word."""
    sources: tuple[str, ...] = field(default=(), compare=False)
    """The names as the editor wrote them (for messages and the composition report)."""

    def exceptions_of(self, lang: str) -> dict[str, tuple[int, ...]]:
        return dict(next((words for code, words in self.exceptions if code == lang), ()))

    def patterns_of(self, lang: str) -> str | None:
        return next((name for code, name in self.patterns if code == lang), None)

    def is_name(self, word: str) -> bool:
        """Whether ``word`` must not be hyphenated: a name's word, an abbreviation (two capitals, of which a
        word in capitals of :data:`ABBREVIATION` letters at most), a digit."""
        capitals = sum(char.isupper() for char in word)
        if not self.shapes:
            pass
        elif any(char.isdigit() for char in word) or (
            capitals >= 2 and (not word.isupper() or len(word) <= ABBREVIATION)
        ):
            return True
        return any(part.casefold() in self.names for part in _APOSTROPHES.split(word) if part)

    def breaks(self, word: str, lang: str) -> tuple[int, ...] | None:
        """The editor's breaks of ``word`` in ``lang`` (its plural too), or ``None`` if not listed."""
        words = self.exceptions_of(lang)
        key = word.casefold()
        if key in words:
            return words[key]
        if key.endswith("s") and key[:-1] in words:
            return words[key[:-1]]
        return None


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The case-folded words of ``names`` (``Salvini Decree`` → salvini, decree; ``Together&Stronger`` →
    together, stronger: WeasyPrint hyphenates word by word)."""
    return frozenset(part.casefold() for name in names for part in _WORD_PARTS.findall(name))


def positions_of(spelled: str) -> tuple[str, tuple[int, ...]]:
    """``di-rec-tor-ate`` → (``directorate``, (2, 5, 8))."""
    word, points, at = "", [], 0
    for index, piece in enumerate(spelled.split("-")):
        if index:
            points.append(at)
        word += piece
        at += len(piece)
    return word.casefold(), tuple(points)


_IN_FORCE: list[HyphenationRules] = []


@contextmanager
def in_force(rules: HyphenationRules | None) -> Iterator[None]:
    """``rules`` apply to every hyphenator made inside the block (one book's layout)."""
    _IN_FORCE.append(rules or HyphenationRules())
    try:
        yield
    finally:
        _IN_FORCE.pop()


def current() -> HyphenationRules:
    """The rules in force (none outside a book's layout: no names, no exceptions, no shapes)."""
    return _IN_FORCE[-1] if _IN_FORCE else HyphenationRules(shapes=False)
