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
from collections.abc import Mapping, Sequence

from markdown_it.token import Token

from publisher.text.markup import Label

SHORT = 16
"""A last word of fewer characters than this is tied to the word before it."""
_LEAVES = ("text", "xref", "footnote_ref")


def tie_last_words(inline: Token) -> Token:
    """A copy of a paragraph's ``inline`` token whose last words are in a tie span (``inline`` itself
    when its end is not plain text, e.g. emphasis)."""
    children = inline.children or []
    index = next((i for i in range(len(children) - 1, -1, -1) if " " in _text(children[i])), None)
    if index is None or children[index].type != "text" or not children[index].content.strip():
        return inline
    if any(c.type not in _LEAVES or " " in _text(c) for c in children[index + 1 :]):
        return inline
    content = children[index].content
    text = content.rstrip(" ")
    head, space, last = text.rpartition(" ")
    last += content[len(text) :]  # a space before a reference that follows stays
    tail = last + "".join(_text(c) for c in children[index + 1 :])
    if not head.strip():  # the last word follows emphasis or a link: tied to it by a no-break space
        space = "\u00a0" if index and len(tail) < SHORT else space
    elif len(tail) < SHORT and " " in head.strip():
        head, _, before = head.rpartition(" ")
        last = before + " " + last
    tied = copy.copy(inline)
    tied.children = [
        *children[:index],
        _token("text", head + space),
        _token("html_inline", '<span class="tie">'),
        _token("text", last),
        *children[index + 1 :],
        _token("html_inline", "</span>"),
    ]
    return tied


def xref_placement(
    children: Sequence[Token], index: int, labels: Mapping[str, Label], located_in: tuple[str, ...] = ()
) -> tuple[str, str]:
    """Where the page number of the cross-reference ``children[index]`` goes, in a book: extra classes
    and the id of the label whose page it gives (and which it leads to).

    * inside parentheses, ``, p. 13`` rather than `` (p. 13)``: no parentheses nested
      (``xref-in-parens``);
    * of two references joined by one of the language's ``located_in`` words, one the chapter that
      holds the other, the first gives no page (``xref-nopage``) and the second the page of the
      figure or table: "(see Table 2 in Chapter 2, p. 13)", "(bkz. Bölüm 2 içindeki Tablo 2, s. 13)"
      — not "Figure 3 and Chapter 2", two references of their own.
    """
    before = "".join(_text(c) for c in children[:index])
    classes = " xref-in-parens" if before.count("(") > before.count(")") else ""
    label = labels.get(children[index].meta["id"])
    after = _joined(children, index, index + 2, labels, located_in)
    if label is not None and after is not None and (_holds(after, label) or _holds(label, after)):
        return classes + " xref-nopage", ""
    previous = _joined(children, index, index - 2, labels, located_in)
    if label is not None and previous is not None and _holds(label, previous):
        return classes, previous.id
    return classes, ""


def _joined(
    children: Sequence[Token], index: int, other: int, labels: Mapping[str, Label], located_in: tuple[str, ...]
) -> Label | None:
    """The label of the reference ``children[other]`` when only a ``located_in`` word separates it from
    ``index``'s."""
    if not 0 <= other < len(children) or children[other].type != "xref":
        return None
    if _text(children[(index + other) // 2]).strip().casefold() not in located_in:
        return None
    return labels.get(children[other].meta["id"])


def _holds(chapter: Label, label: Label) -> bool:
    """Whether ``chapter`` is the chapter that holds the figure or table ``label``."""
    return chapter.kind == "ch" and label.kind != "ch" and chapter.id == f"ch-{label.chapter}"


def _text(token: Token) -> str:
    return token.content if token.type == "text" else ""


def _token(kind: str, content: str) -> Token:
    token = Token(kind, "", 0)
    token.content = content
    return token
