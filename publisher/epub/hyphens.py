"""Soft hyphens for the languages reading systems cannot hyphenate: the e-book asks for
``hyphens: auto``, which a reading system does with its own dictionary of the text's language —
and none has Turkish patterns. For a language whose dictionary the publisher ships itself (the
registry's ``hyphenation``: Turkish), the words of the running text get soft hyphens (U+00AD) at
that dictionary's break points, as the PDFs break them; every reading system can break there.
Screen readers and searching ignore soft hyphens; page-break places do not count them."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from publisher.epub.xhtml import XML
from publisher.languages import find

SOFT_HYPHEN = "\u00ad"
RUNNING_TEXT = {"p", "li", "dd", "blockquote"}
"""Where the text is hyphenated (as in print: not headings, tables, captions or the front matter)."""
LEFT_ALONE = {"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "a", "abbr", "table", "figcaption"}
WORD = re.compile(r"\w{5,}")


def add_soft_hyphens(root: Any, lang: str) -> None:
    """Soft hyphens in the running text of ``root`` (an XHTML document in ``lang``) that is in a
    language with a dictionary of the publisher's own."""
    _walk(root, lang, False)


def _walk(element: Any, lang: str, running: bool) -> None:
    name = etree.QName(element).localname
    lang = element.get(f"{{{XML}}}lang") or element.get("lang") or lang
    if name in LEFT_ALONE or "footnote-ref" in (element.get("class") or "").split():
        running = False
    elif name in RUNNING_TEXT:
        running = True
    hyphenate = _hyphenator(lang) if running else None
    if hyphenate is not None:
        element.text = _hyphenated(element.text, hyphenate)
    for child in element:
        if isinstance(child.tag, str):
            _walk(child, lang, running)
            if hyphenate is not None:
                child.tail = _hyphenated(child.tail, hyphenate)


def _hyphenator(lang: str) -> Any:
    """Pyphen with the publisher's dictionary of ``lang``, if it ships one."""
    found = find(lang)
    if found is None or found.hyphenation is None:
        return None
    from publisher.text.hyphenation import hyphenator

    return hyphenator(lang)


def _hyphenated(text: str | None, hyphenate: Any) -> str | None:
    if not text:
        return text
    return WORD.sub(lambda m: hyphenate.inserted(m.group(0), hyphen=SOFT_HYPHEN), text)
