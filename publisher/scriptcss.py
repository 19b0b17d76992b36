"""The book stylesheet's parts that depend on the scripts of its text: the ``@font-face`` rules
of the faces it uses, its font stacks, and the rules of writing systems that the theme's Latin
defaults do not suit (docs/languages.md):

* a passage in another language (``[text]{lang=ur}``) is set in that language's own faces
  (Urdu's Nastaliq in an Arabic book, Greek's Noto Serif in an English one), in the role of
  its surroundings (text or headings);
* scripts that the engine cannot justify properly are set ragged: Han and Kana (they justify
  between characters, WeasyPrint only widens spaces), the joining scripts (they justify by
  lengthening joins, kashida), and the scripts written without spaces between words (Thai, Lao,
  Khmer, Myanmar, Tibetan: only the few spaces between phrases would widen);
* scripts without a true italic set emphasis bold, never slanted (a synthetic oblique);
* Nastaliq and Myanmar get the taller line their marks and descending joins need.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from publisher.fonts import css_font_stacks, font_face_css, language_writing
from publisher.languages import find
from publisher.scripts import Writing

#: Writing systems set ragged (see the module's docstring).
RAGGED = frozenset({"Arab", "Aran", "Syrc", "Nkoo", "Mong", "Hani", "Thai", "Laoo", "Khmr", "Mymr", "Tibt"})

#: Where the theme sets the headings family (``fonts.sans``): a passage there takes its own
#: language's headings family.
_SANS_CONTEXTS = (
    "h1", "h2", "h3", "h4", "code", "table", "figcaption", ".figure-source", ".cover-project",
    ".cover-publication", ".cover-foot", ".title-project", ".title-publisher", ".colophon", ".toc",
    ".abbreviations", ".chapter-label", ".admonition-title",
)  # fmt: skip


def book_font_css(lang: str, writings: Sequence[Writing], passages: Iterable[str] = ()) -> dict[str, object]:
    """What the book stylesheet (``print/document.css.j2``) needs of the fonts: ``font_faces``,
    ``fonts`` (the stacks), ``script_css`` (the rules above) and ``upright`` (no italic)."""
    own = language_writing(lang)
    rules = []
    for code in dict.fromkeys(passages):
        found = find(code)
        if found is None or found.code == lang or language_writing(code) == own:
            continue
        stacks = css_font_stacks(code, writings)
        rules.append(f":lang({code}) {{ font-family: {stacks['serif']}; }}")
        sans = ", ".join(f"{context} :lang({code}), {context}:lang({code})" for context in _SANS_CONTEXTS)
        rules.append(f"{sans} {{ font-family: {stacks['sans']}; }}")
        if not language_writing(code).italic:
            rules.append(
                f"em:lang({code}), i:lang({code}), :lang({code}) em, :lang({code}) i "
                "{ font-style: normal; font-weight: 700; }"
            )
    if own.key in RAGGED:
        rules.append("p, li, dd, .footnote { text-align: start; }")
    if own.line_height:
        rules.append(f"html {{ line-height: {own.line_height}; }} p, li {{ line-height: {own.line_height}; }}")
        rules.append(
            "h1, h2, h3, h4, .chapter-title, .cover-title, .title-title "
            f"{{ line-height: {own.line_height * 0.8:.2f}; }}"
        )
    return {
        "font_faces": font_face_css(writings=writings),
        "fonts": css_font_stacks(lang, writings),
        "script_css": "\n".join(rules),
        "upright": not own.italic,
    }
