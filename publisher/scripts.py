"""The writing systems the publication can set, and the faces that draw each (a ground-floor module:
the PDF, web and chart writers and the language registry all read it; it imports nothing of the package).

Every face comes from a package that the set-up installs at a fixed version, never from the
machine's fontconfig choice: the Source pair from PyPI (``font-source-serif-pro``,
``font-source-sans-pro``), the Noto faces from Debian's ``fonts-noto-core`` (every script but
Han, Kana and Hangul) and ``fonts-noto-cjk`` (those), read at their fixed folders
(``scripts/system-packages.sh`` installs both). docs/languages.md lists them with their sizes.

A :class:`Writing` is a pair of families (running text; headings, captions, tables and charts)
and the ISO 15924 scripts it draws. A language's own pair is its script's
(:func:`writing_for`), or one of its own (Urdu: Noto Nastaliq Urdu, :data:`LANGUAGE_WRITINGS`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: Debian font packages and the fixed folder each installs its files in.
DEBIAN_FONT_DIRS = {
    "fonts-noto-core": Path("/usr/share/fonts/truetype/noto"),
    "fonts-noto-cjk": Path("/usr/share/fonts/opentype/noto"),
}
_CORE, _CJK = "fonts-noto-core", "fonts-noto-cjk"

SERIF = "Source Serif Pro"
SANS = "Source Sans Pro"


@dataclass(frozen=True)
class FontFace:
    family: str
    file: str
    weight: int
    style: str  # "normal" | "italic"
    package: str
    """A Python package (its ``files/`` folder) or a Debian one (:data:`DEBIAN_FONT_DIRS`)."""


@dataclass(frozen=True)
class Writing:
    """The faces of one writing system."""

    key: str
    """ISO 15924 code of the script (``Arab``; ``Hani`` for Han, Kana and Hangul; ``Aran`` for Nastaliq)."""
    name: str
    """The script's English name, for messages (``Ethiopic``)."""
    text: str
    """The family of running text."""
    heading: str
    """The family of headings, captions, tables and charts."""
    scripts: tuple[str, ...]
    """The ISO 15924 codes (Unicode's, and CLDR's likely scripts such as ``Hans``) it draws."""
    italic: bool = False
    """Whether the faces have a true italic (else emphasis is set bold, never slanted)."""
    ragged: bool = False
    """Set ragged (``text-align: start``): the engine cannot justify it well (inter-character CJK)."""
    line_height: float | None = None
    """A taller line than the theme's (Nastaliq's descending joins and high marks)."""


def _source(family: str, stem: str, package: str) -> tuple[FontFace, ...]:
    return (
        FontFace(family, f"{stem}-Regular.ttf", 400, "normal", package),
        FontFace(family, f"{stem}-It.ttf", 400, "italic", package),
        FontFace(family, f"{stem}-Semibold.ttf", 600, "normal", package),
        FontFace(family, f"{stem}-Bold.ttf", 700, "normal", package),
    )


def _noto(family: str, package: str = _CORE, bold: bool = True, suffix: str = "ttf") -> tuple[FontFace, ...]:
    stem = family.replace(" ", "")
    faces = [FontFace(family, f"{stem}-Regular.{suffix}", 400, "normal", package)]
    if bold:
        faces.append(FontFace(family, f"{stem}-Bold.{suffix}", 700, "normal", package))
    return tuple(faces)


def _pair(
    key: str, name: str, family: str, scripts: tuple[str, ...] = (), serif: bool = True, **facts: object
) -> tuple[Writing, tuple[FontFace, ...]]:
    """A Noto pair: ``Noto Serif <family>`` and ``Noto Sans <family>`` (the sans alone when there is no serif)."""
    sans = f"Noto Sans {family}"
    text = f"Noto Serif {family}" if serif else sans
    faces = _noto(sans) + (_noto(text) if serif else ())
    return Writing(key, name, text, sans, scripts or (key,), **facts), faces  # type: ignore[arg-type]


def _one(key: str, name: str, family: str, bold: bool = True) -> tuple[Writing, tuple[FontFace, ...]]:
    """A script with one family for text and headings (Noto has no serif of it)."""
    return Writing(key, name, family, family, (key,)), _noto(family, bold=bold)


_TABLE: tuple[tuple[Writing, tuple[FontFace, ...]], ...] = (
    (
        Writing("Latn", "Latin", SERIF, SANS, ("Latn", "Cyrl"), italic=True),
        _source(SERIF, "SourceSerifPro", "font_source_serif_pro")
        + (FontFace(SERIF, "SourceSerifPro-BoldIt.ttf", 700, "italic", "font_source_serif_pro"),)
        + _source(SANS, "SourceSansPro", "font_source_sans_pro")
        + (FontFace(SANS, "SourceSansPro-Light.ttf", 300, "normal", "font_source_sans_pro"),),
    ),
    # Greek, polytonic too (Source Serif Pro has monotonic Greek only): Noto Serif and Noto Sans.
    (
        Writing("Grek", "Greek", "Noto Serif", "Noto Sans", ("Grek",), italic=True),
        _noto("Noto Serif")
        + _noto("Noto Sans")
        + (
            FontFace("Noto Serif", "NotoSerif-Italic.ttf", 400, "italic", _CORE),
            FontFace("Noto Sans", "NotoSans-Italic.ttf", 400, "italic", _CORE),
        ),
    ),
    (
        Writing("Arab", "Arabic", "Noto Naskh Arabic", "Noto Sans Arabic", ("Arab",)),
        _noto("Noto Naskh Arabic") + _noto("Noto Sans Arabic"),
    ),
    # Urdu's Nastaliq: its joins descend far below the line and its marks sit high.
    (
        Writing("Aran", "Arabic (Nastaliq)", "Noto Nastaliq Urdu", "Noto Nastaliq Urdu", ("Aran",), line_height=2.3),
        _noto("Noto Nastaliq Urdu"),
    ),
    _pair("Hebr", "Hebrew", "Hebrew"),
    _pair("Ethi", "Ethiopic", "Ethiopic"),
    _pair("Deva", "Devanagari", "Devanagari"),
    _pair("Beng", "Bengali", "Bengali"),
    _pair("Guru", "Gurmukhi", "Gurmukhi"),
    _pair("Gujr", "Gujarati", "Gujarati"),
    _pair("Orya", "Oriya", "Oriya", serif=False),
    _pair("Taml", "Tamil", "Tamil"),
    _pair("Telu", "Telugu", "Telugu"),
    _pair("Knda", "Kannada", "Kannada"),
    _pair("Mlym", "Malayalam", "Malayalam"),
    _pair("Sinh", "Sinhala", "Sinhala"),
    _pair("Thai", "Thai", "Thai"),
    _pair("Laoo", "Lao", "Lao"),
    _pair("Khmr", "Khmer", "Khmer"),
    _pair("Mymr", "Myanmar", "Myanmar", line_height=1.9),
    _pair("Armn", "Armenian", "Armenian", italic=False),
    _pair("Geor", "Georgian", "Georgian"),
    _pair("Thaa", "Thaana", "Thaana", serif=False),
    _pair("Cher", "Cherokee", "Cherokee", serif=False),
    _pair("Olck", "Ol Chiki", "Ol Chiki", serif=False),
    _pair("Cans", "Canadian Aboriginal", "Canadian Aboriginal", serif=False),
    _pair("Adlm", "Adlam", "Adlam", serif=False),
    _pair("Java", "Javanese", "Javanese", serif=False),
    _pair("Sund", "Sundanese", "Sundanese", serif=False),
    _one("Tibt", "Tibetan", "Noto Serif Tibetan"),
    _one("Syrc", "Syriac", "Noto Sans Syriac", bold=False),
    _one("Tfng", "Tifinagh", "Noto Sans Tifinagh", bold=False),
    _one("Vaii", "Vai", "Noto Sans Vai", bold=False),
    _one("Nkoo", "N'Ko", "Noto Sans NKo", bold=False),
    _one("Yiii", "Yi", "Noto Sans Yi", bold=False),
    _one("Mong", "Mongolian", "Noto Sans Mongolian", bold=False),
    # Han (simplified and traditional), Japanese and Korean: one face each for text and headings,
    # Noto Serif CJK and Noto Sans CJK (.ttc). Each region's glyph forms come from the element's
    # `lang` (OpenType `locl`: zh-Hans, zh-Hant, ja, ko), which WeasyPrint passes to Pango/HarfBuzz.
    (
        Writing(
            "Hani",
            "Han (Chinese, Japanese, Korean)",
            "Noto Serif CJK",
            "Noto Sans CJK",
            ("Hani", "Hans", "Hant", "Hira", "Kana", "Jpan", "Hang", "Kore", "Bopo"),
            ragged=True,
        ),
        _noto("Noto Serif CJK", _CJK, suffix="ttc") + _noto("Noto Sans CJK", _CJK, suffix="ttc"),
    ),
)

#: Every writing system, Latin first (the fallback of every other: a Latin word in any text).
WRITINGS: tuple[Writing, ...] = tuple(writing for writing, _ in _TABLE)
LATIN = WRITINGS[0]
#: Every face of every writing system.
FACES: tuple[FontFace, ...] = tuple(face for _, faces in _TABLE for face in faces)
_FACES_OF = {writing.key: faces for writing, faces in _TABLE}
_BY_SCRIPT = {script: writing for writing in WRITINGS for script in writing.scripts}
_BY_KEY = {writing.key: writing for writing in WRITINGS}

#: Languages whose own faces differ from their script's (the language's CLDR code or BCP 47 tag).
LANGUAGE_WRITINGS: dict[str, str] = {"ur": "Aran"}

#: Scripts that do not mark word boundaries with spaces, broken at dictionary word boundaries
#: (ICU) before layout: Pango breaks them only at spaces (Khmer, Myanmar, Lao) or through libthai.
DICTIONARY_BREAK_SCRIPTS = frozenset({"Thai", "Laoo", "Khmr", "Mymr"})
#: Scripts written without spaces between words (search segments them).
UNSPACED_SCRIPTS = DICTIONARY_BREAK_SCRIPTS | {"Hani", "Hira", "Kana"}
#: Characters of no script of their own (punctuation, digits, marks): drawn by the surrounding text's face.
NEUTRAL_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})


def faces_of(writing: Writing) -> tuple[FontFace, ...]:
    return _FACES_OF[writing.key]


def writing(key: str) -> Writing:
    """The writing system of key ``key`` (``Arab``)."""
    return _BY_KEY[key]


def writing_of_script(script: str) -> Writing | None:
    """The writing system that draws ISO 15924 ``script`` (``Hira`` → Han), or None."""
    return _BY_SCRIPT.get(script)


def writing_for(code: str, script: str) -> Writing | None:
    """The writing system of a language (``code``, its likely ``script``): its own (Urdu), else its script's."""
    base = code.split("-")[0]
    own = LANGUAGE_WRITINGS.get(code) or LANGUAGE_WRITINGS.get(base)
    return _BY_KEY[own] if own else _BY_SCRIPT.get(script)


@cache
def script_of(char: str) -> str:
    """The Unicode script (ISO 15924) of ``char`` (``Zyyy`` for common punctuation and digits)."""
    from fontTools import unicodedata

    return str(unicodedata.script(char))


def scripts_in(text: Iterable[str]) -> set[str]:
    """The Unicode scripts of ``text``'s characters (neutral ones left out)."""
    return {script_of(char) for char in set(text)} - NEUTRAL_SCRIPTS


def writings_in(text: Iterable[str]) -> list[Writing]:
    """The writing systems that draw ``text``'s characters, in :data:`WRITINGS` order."""
    wanted = {w.key for w in map(writing_of_script, scripts_in(text)) if w is not None}
    return [w for w in WRITINGS if w.key in wanted]


def script_name(script: str) -> str:
    """The English name of ISO 15924 ``script`` (``Ol Chiki``)."""
    from fontTools import unicodedata

    found = writing_of_script(script)
    return found.name if found is not None else str(unicodedata.script_name(script, default=script)).replace("_", " ")


#: Scripts whose letters join their neighbours (cursive), marks or not.
JOINING_SCRIPTS = frozenset({"Arab", "Syrc", "Nkoo", "Adlm", "Mong"})


def needs_shaping(text: str) -> bool:
    """Whether ``text`` must be shaped as a whole, not letter by letter: it holds a mark that combines
    with the letter before it (Devanagari vowel signs and virama, Khmer subscripts, Thai and Myanmar
    vowels and tones…) or a letter of a cursive script (Arabic, Mongolian…)."""
    import unicodedata

    return any(unicodedata.category(char).startswith("M") or script_of(char) in JOINING_SCRIPTS for char in text)
