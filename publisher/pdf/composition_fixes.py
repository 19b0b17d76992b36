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
* a paragraph with a very loose line is set with its word spaces a little tighter
  (:data:`TIGHTER`, the most a justified paragraph's spaces give without looking cramped) — a
  typesetter's first remedy, before rewriting.

Each round depends only on the previous layout, so the result is the same on every build; at most
:data:`ROUNDS` layouts more. What is left is the composition report's (``publisher preflight``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from publisher.pdf.composition import Fault, composition_faults
from publisher.text.hyphenation_rules import HyphenationRules

ROUNDS = 4
"""Layouts after the first, at most."""

TIGHTER = "-0.04em"
"""Word spacing of a paragraph that had a loose line."""

Render = Callable[[str, HyphenationRules], Any]
"""(extra CSS, hyphenation rules) → a WeasyPrint document."""


def settle(render: Render, rules: HyphenationRules) -> tuple[Any, list[Fault]]:
    """The book laid out with remedies for its faults; the faults that remain."""
    css: list[str] = []
    document = render("", rules)
    faults = composition_faults(document, rules)
    for _ in range(ROUNDS):
        words = {f.remedy[5:].casefold() for f in faults if f.remedy.startswith("word:")} - rules.names
        breaks = [f"#{f.remedy[6:]} {{ break-before: page; }}" for f in faults if f.remedy.startswith("break:")]
        breaks += [f"#{f.remedy[8:]} {{ word-spacing: {TIGHTER}; }}" for f in faults if f.remedy.startswith("tighten:")]
        breaks = [rule for rule in breaks if rule not in css]
        if not words and not breaks:
            break
        rules = replace(rules, names=rules.names | words)
        css.extend(sorted(set(breaks)))
        document = render("".join(css), rules)
        faults = composition_faults(document, rules)
    return document, faults
