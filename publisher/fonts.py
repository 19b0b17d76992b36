"""The publication's fonts, from pinned packages (never the machine's own fonts).

Which faces draw which script is :mod:`publisher.scripts` (Latin, Cyrillic: Source Serif Pro and
Source Sans Pro from PyPI; every other script a Noto pair from Debian's ``fonts-noto-core`` and
``fonts-noto-cjk``, read at their fixed folders: fontconfig is never asked). This module turns
that registry into CSS (``@font-face`` rules and font stacks), checks that a chapter's characters
have a face, and that a PDF holds none but these faces.

A language's stack is its own writing system's family, then the Latin one, then those of the
other scripts its edition uses (an Arabic language name in an English colophon), each only
once: a book declares only the faces it uses (``writings``), so a Latin book never loads the
CJK collections.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.languages import DEFAULT, find
from publisher.scripts import (
    DEBIAN_FONT_DIRS,
    FACES,
    LATIN,
    NEUTRAL_SCRIPTS,
    SANS,
    SERIF,
    WRITINGS,
    FontFace,
    Writing,
    faces_of,
    script_name,
    script_of,
    writing,
    writing_of_script,
    writings_in,
)

if TYPE_CHECKING:
    from publisher.text.document import DocumentText

__all__ = ["FACES", "SANS", "SERIF", "FontFace", "Writing", "font_dir", "font_families", "font_face_css"]

NASKH = "Noto Naskh Arabic"
SANS_ARABIC = "Noto Sans Arabic"
#: The families of running text and of headings, captions and charts, every writing system's.
TEXT_FAMILIES = tuple(dict.fromkeys(w.text for w in WRITINGS))
HEADING_FAMILIES = tuple(dict.fromkeys(w.heading for w in WRITINGS))


def face_path(face: FontFace) -> Path:
    return font_dir(face.package) / face.file


@lru_cache(maxsize=8)
def font_dir(package: str) -> Path:
    """Folder of a font package's files (a Python package or a Debian one); a clear error
    when it is not installed."""
    if package in DEBIAN_FONT_DIRS:
        folder = DEBIAN_FONT_DIRS[package]
        if not folder.is_dir():
            raise PublisherError.at(
                "scripts/system-packages.sh", 0, f"font package {package!r} is not installed: run `make build`"
            )
        return folder
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise PublisherError.at("pyproject.toml", 0, f"font package {package!r} is not installed: run `make build`")
    return Path(next(iter(spec.submodule_search_locations))) / "files"


def font_dirs() -> list[Path]:
    return sorted({font_dir(face.package) for face in FACES})


def language_writing(lang: str) -> Writing:
    """The writing system of ``lang``'s own faces (Latin when none of ours draws its script)."""
    found = find(lang)
    return found.writing if found is not None and found.writing is not None else LATIN


def edition_writings(lang: str, text: Iterable[str] = "") -> tuple[Writing, ...]:
    """The writing systems a book in ``lang`` with characters ``text`` uses: its own, Latin,
    then every other that draws one of the characters."""
    own = language_writing(lang)
    return tuple(dict.fromkeys((own, LATIN, *writings_in(text))))


def font_face_css(
    url_for: dict[str, str] | None = None, display: str | None = None, writings: Sequence[Writing] = (LATIN,)
) -> str:
    """``@font-face`` rules of the faces of ``writings``; ``url_for`` maps a file name to its URL
    (default: file: URLs). ``display`` is the ``font-display`` descriptor, for browsers."""
    rules = []
    extra = f" font-display: {display};" if display else ""
    for w in dict.fromkeys(writings):
        for face in faces_of(w):
            url = (url_for or {}).get(face.file) or face_path(face).as_uri()
            kind = "opentype" if face.file.endswith((".ttc", ".otf")) else "truetype"
            rules.append(
                f'@font-face {{ font-family: "{face.family}"; src: url("{url}") format("{kind}"); '
                f"font-weight: {face.weight}; font-style: {face.style};{extra} }}"
            )
    return "\n".join(rules)


def fonts_fingerprint() -> str:
    """A hash of every font file's name, size and time (for caches: the packages are pinned)."""
    digest = hashlib.sha256()
    for face in FACES:
        path = face_path(face)
        stat = path.stat()
        digest.update(f"{face.family}\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def font_families(lang: str, writings: Sequence[Writing] = ()) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The font families of ``lang``: (text, headings): its writing system's first, then the
    Latin one, then those of ``writings`` (the other scripts of its edition)."""
    order = tuple(dict.fromkeys((language_writing(lang), LATIN, *writings)))
    return tuple(dict.fromkeys(w.text for w in order)), tuple(dict.fromkeys(w.heading for w in order))


def css_font_stacks(lang: str, writings: Sequence[Writing] = ()) -> dict[str, str]:
    """CSS ``font-family`` values for ``lang``: ``{"serif": …, "sans": …}``."""
    serif, sans = font_families(lang, writings)
    return {
        "serif": ", ".join(f'"{family}"' for family in serif) + ", serif",
        "sans": ", ".join(f'"{family}"' for family in sans) + ", sans-serif",
    }


def script_font_css(langs: Iterable[str], writings: Sequence[Writing] = ()) -> str:
    """CSS that sets ``--serif`` and ``--sans`` (the web edition's font stacks) for each of ``langs``
    whose writing system is not Latin: ``:root:lang(ar), :lang(ar) { --serif: "Noto Naskh Arabic", … }``.

    ``:root:lang(ar)`` outweighs the theme's ``:root`` stacks, which come later in the stylesheet:
    the root's font (what the body text inherits) is the Arabic one on an Arabic page."""
    rules = []
    for code in langs:
        if language_writing(code) is not LATIN:
            stacks = css_font_stacks(code, writings)
            rules.append(
                f":root:lang({code}), :lang({code}) {{ --serif: {stacks['serif']}; --sans: {stacks['sans']}; }}"
            )
    return "\n".join(rules)


# --------------------------------------------------------------------------
# Coverage: every character in the publication's fonts, no system font in a PDF
# --------------------------------------------------------------------------


def _cmap(face: FontFace) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(face_path(face), lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


@lru_cache(maxsize=64)
def covered(w: Writing) -> frozenset[int]:
    """Code points that both the text and the headings faces of ``w`` draw (regular faces)."""
    sets = []
    for family in dict.fromkeys((w.text, w.heading)):
        regular = [face for face in faces_of(w) if face.family == family and face.weight == 400]
        sets.append(_cmap(regular[0]))
    return frozenset.intersection(*sets)


_BLANK = frozenset(map(ord, " \t\r\n"))


def uncovered_characters(text: str, lang: str = DEFAULT) -> list[str]:
    """Characters of ``text`` that no face of the publication draws (in order): a character of a
    script is drawn by its writing system's faces; a neutral one (punctuation, symbols) by those of
    the language, of Latin, or of a script around it in ``text``."""
    own = language_writing(lang)
    base = covered(LATIN) | covered(own) | _BLANK
    rest = {char for char in set(text) if ord(char) not in base}
    if not rest:  # nearly always: one set operation, not a loop over the text
        return []
    around = [w for w in writings_in(text) if w not in (own, LATIN)]
    missing = set()
    for char in rest:
        found = writing_of_script(script_of(char))
        if found is not None and ord(char) in covered(found):
            continue
        if script_of(char) in NEUTRAL_SCRIPTS and any(ord(char) in covered(w) for w in around):
            continue
        missing.add(char)
    return [char for char in dict.fromkeys(text) if char in missing]


def _normalise(name: str) -> str:
    name = name.lstrip("/")
    if len(name) > 7 and name[6] == "+":  # subset prefix "ABCDEF+"
        name = name[7:]
    return "".join(c for c in name.lower() if c.isalnum())


# Pango slants an upright face where the italic lacks a letter (Cyrillic in Source Serif Pro's italic):
# still our face, named ``Source-Serif-Pro-Oblique`` by WeasyPrint.
_STYLES: tuple[str, ...] = (
    *("", "regular", "bold", "semibold", "light", "italic", "bolditalic", "semibolditalic", "lightitalic"),
    *("oblique", "boldoblique", "semiboldoblique", "lightoblique"),
)


def pdf_font_names(data: bytes) -> list[str]:
    """The BaseFont name of every font in a PDF (subset prefix removed), sorted."""
    import io

    import pikepdf

    names: set[str] = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/BaseFont" in obj:
                name = str(obj["/BaseFont"]).lstrip("/")
                names.add(name[7:] if len(name) > 7 and name[6] == "+" else name)
    return sorted(names)


def foreign_fonts(data: bytes) -> list[str]:
    """Fonts in a PDF that are not the publication's (a system font drew a missing character).

    WeasyPrint names an embedded face after its ``@font-face`` family and style
    (``Noto-Naskh-Arabic-Bold``): any other name is a font fontconfig found on the machine."""
    allowed = {_normalise(face.family) + style for face in FACES for style in _STYLES}
    return [name for name in pdf_font_names(data) if _normalise(name) not in allowed]


def check_chapter_characters(text: DocumentText, diags: Diagnostics) -> None:
    """Report every script (or kind of symbol) of a chapter that no face draws, once per chapter
    file: at the line where it first occurs, with how many such characters there are and the fix."""
    for chapter in text.chapters:
        lines: list[tuple[int, str]] = [(_title_line(chapter.source.path, chapter.source.body_line), chapter.title)]
        for token in chapter.tokens:
            parts = [child.content for child in token.children or [] if child.type in ("text", "code_inline")]
            if token.type in ("fence", "code_block"):
                parts.append(token.content)
            lines.append((chapter.line(token.map), " ".join(parts)))
        found: dict[str, tuple[int, list[str], int]] = {}  # script -> (first line, characters, count)
        for line, content in lines:
            missing = set(uncovered_characters(content, text.lang))
            for char in content:
                if char in missing:
                    script = script_of(char)
                    first, chars, count = found.get(script, (line, [], 0))
                    found[script] = (first, chars if char in chars else [*chars, char], count + 1)
        for script, (line, chars, count) in sorted(found.items(), key=lambda item: item[1][0]):
            diags.error(chapter.source.path, line, _missing_message(script, chars, count))


def _title_line(path: Path, body_line: int) -> int:
    """The line of ``title:`` in a chapter's front matter (2, the first inside it, if not found)."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:body_line]
    return next((number for number, line in enumerate(lines, 1) if line.startswith("title:")), 2)


def _missing_message(script: str, chars: list[str], count: int) -> str:
    shown = ", ".join(f"{char!r} (U+{ord(char):04X})" for char in chars[:3])
    more = f" and {len(chars) - 3} more" if len(chars) > 3 else ""
    what = f"{count} character{'s' if count != 1 else ''}"
    if script in NEUTRAL_SCRIPTS:
        return (
            f"{what} that no face of the publication draws ({shown}{more}): they would print in another "
            "font or as boxes; replace them, or add a face that draws them (docs/languages.md: adding a font)"
        )
    name = script_name(script)
    return (
        f"{what} of the {name} script ({shown}{more}): no face of the publication draws {name}; "
        f"they would print in another font or as boxes. Add a face for {name} (docs/languages.md: adding a font)"
    )


def writing_by_key(key: str) -> Writing:
    return writing(key)
