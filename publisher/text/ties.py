"""The end of a paragraph in a book: its last words kept together and whole (no runts).

A paragraph's last line holding one short word (a *runt*: "them.", "almıştır.") or the end of a
hyphenated word ("sibilities.") is what a typographer corrects first. WeasyPrint 70 has no
``hyphenate-limit-last``, so the book's HTML does it: the last two words of a paragraph, when the
last is short (:data:`SHORT`), or else the last word alone, go into ``<span class="tie">``, which the
print stylesheet sets ``white-space: nowrap; hyphens: manual``. Only the book's HTML: the web edition
reflows at every width.
"""

from __future__ import annotations

import copy

from markdown_it.token import Token

SHORT = 10
"""A last word of fewer characters than this is tied to the word before it."""
_LEAVES = ("text", "xref", "footnote_ref")


def tie_last_words(inline: Token) -> Token:
    """A copy of a paragraph's ``inline`` token whose last words are in a tie span (``inline`` itself
    when its end is not plain text, e.g. emphasis)."""
    children = inline.children or []
    index = next((i for i in range(len(children) - 1, -1, -1) if " " in _text(children[i])), None)
    if index is None or children[index].type != "text":
        return inline
    if any(c.type not in _LEAVES or " " in _text(c) for c in children[index + 1 :]):
        return inline
    text = children[index].content.rstrip(" ")
    head, _, last = text.rpartition(" ")
    if not head:
        return inline
    tail = last + "".join(_text(c) for c in children[index + 1 :])
    if len(tail) < SHORT and " " in head.strip():
        head, _, before = head.rpartition(" ")
        last = before + " " + last
    tied = copy.copy(inline)
    tied.children = [
        *children[:index],
        _token("text", head + " "),
        _token("html_inline", '<span class="tie">'),
        _token("text", last),
        *children[index + 1 :],
        _token("html_inline", "</span>"),
    ]
    return tied


def _text(token: Token) -> str:
    return token.content if token.type == "text" else ""


def _token(kind: str, content: str) -> Token:
    token = Token(kind, "", 0)
    token.content = content
    return token
