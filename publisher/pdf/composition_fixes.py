"""Laying a book out again until its composition holds: what CSS cannot ask of WeasyPrint 70.

WeasyPrint 70 keeps headings with what follows (``break-after: avoid``), and honours ``orphans`` and
``widows``, but it has no ``hyphenate-limit-lines`` (hyphens in a row), no ``hyphenate-limit-last``
or any way to keep a word whole across a page turn, and keeps a heading with one line of a
paragraph or a definition. So a book is laid out, its composition read from the boxes
(:mod:`publisher.pdf.composition`), and laid out again with a remedy for each fault that has one:

* a word hyphenated at the foot of a page, or as the third of a ladder of hyphenated lines, is not
  hyphenated in this book (it is added to the names of the rules in force for the next layout:
  the paragraph breaks before or after it instead);
* a heading stranded at a page's foot starts the next page (``break-before: page`` on its id);
* a paragraph ending in a runt (one short word, or the end of a hyphenated word) or with a very
  loose line (often before a name, which is never hyphenated) is set with its word spaces a little
  tighter or looser (:data:`SPACINGS`, what a justified paragraph's spaces give without looking
  cramped or open), so that its lines break elsewhere — a typesetter's first remedy, before
  rewriting; when none does, its last words are kept together and whole (:data:`TIE` on its
  ``<span class="tie">``).

Each round depends only on the previous layout, so the result is the same on every build; at most
:data:`ROUNDS` layouts more. What is left is the composition report's (``publisher preflight``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from publisher.pdf.composition import Fault, composition_faults
from publisher.text.hyphenation_rules import HyphenationRules

ROUNDS = 12
"""Layouts after the first, at most."""

TIE = "white-space: nowrap;"
"""A paragraph's last words (``<span class="tie">``, ``publisher.text.ties``) kept together and whole."""

SPACINGS = (
    "word-spacing: -0.04em",
    "word-spacing: 0.04em",
    "letter-spacing: -0.01em",
    "letter-spacing: 0.01em",
    "letter-spacing: -0.02em",
    "letter-spacing: 0.02em",
    "word-spacing: -0.08em",
    "word-spacing: 0.08em",
    "letter-spacing: -0.03em",
    "letter-spacing: 0.03em",
)
"""A paragraph's spacing when it had a runt or a loose line, tried in turn: word spaces a little
tighter, then a little looser (a word moves down and the lines break elsewhere), then the letters
tracked by 1 %, then 2 % of the size (as a justification engine does), then the spaces again, further,
and the letters by 3 % (a stubborn paragraph: a long name that must not be broken)."""

Render = Callable[[str, HyphenationRules], Any]
"""(extra CSS, hyphenation rules) → a WeasyPrint document."""


def settle(render: Render, rules: HyphenationRules) -> tuple[Any, list[Fault]]:
    """The book laid out with remedies for its faults; the faults that remain."""
    css: list[str] = []
    spacing: dict[str, int] = {}
    document = render("", rules)
    faults = composition_faults(document, rules)
    for _ in range(ROUNDS):
        words = {f.remedy[5:].casefold() for f in faults if f.remedy.startswith("word:")} - rules.names
        breaks = [f"#{f.remedy[6:]} {{ break-before: page; }}" for f in faults if f.remedy.startswith("break:")]
        breaks = [rule for rule in breaks if rule not in css]
        respace = sorted({f.remedy[8:] for f in faults if f.remedy.startswith("respace:")})
        respace = [anchor for anchor in respace if spacing.get(anchor, -1) < len(SPACINGS)]
        if not words and not breaks and not respace:
            break
        for anchor in respace:
            spacing[anchor] = spacing.get(anchor, -1) + 1
        rules = replace(rules, names=rules.names | words)
        css.extend(sorted(set(breaks)))
        document = render("".join(css) + "".join(_spaced(a, i) for a, i in sorted(spacing.items())), rules)
        faults = composition_faults(document, rules)
    return document, faults


def _spaced(anchor: str, attempt: int) -> str:
    """The CSS of a paragraph's ``attempt``-th word spacing; past the last, its last words tied."""
    if attempt < len(SPACINGS):
        return f"#{anchor} {{ {SPACINGS[attempt]}; }}"
    return f"#{anchor} .tie {{ {TIE} }}"
