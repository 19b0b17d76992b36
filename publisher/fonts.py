"""The publication's fonts, from pinned Python packages (never the machine's own fonts).

Text: Source Serif Pro (``font-source-serif-pro``); headings, captions and charts:
Source Sans Pro (``font-source-sans-pro``). Both are under the SIL Open Font
Licence and cover every Turkish and Italian letter and € ₺ « » “ ” ‘ ’ – — ….

The Arabic script: Noto Naskh Arabic (text) and Noto Sans Arabic (headings, captions,
charts), SIL Open Font Licence, from Debian's ``fonts-noto-core`` at its fixed path
(``scripts/system-packages.sh`` installs it; fontconfig is never asked). They hold no Latin
letters: a Latin word in Arabic text is drawn by the Latin pair. Which pair draws a language
is the registry's :attr:`publisher.languages.Language.fonts`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.diagnostics import Diagnostics, PublisherError
from publisher.languages import DEFAULT, find

if TYPE_CHECKING:
    from publisher.text.document import DocumentText

SERIF = "Source Serif Pro"
SANS = "Source Sans Pro"
NASKH = "Noto Naskh Arabic"
SANS_ARABIC = "Noto Sans Arabic"
#: The families of running text and of headings, captions and charts, one per script.
TEXT_FAMILIES = (SERIF, NASKH)
HEADING_FAMILIES = (SANS, SANS_ARABIC)
#: Debian font packages and the fixed folder each installs its files in.
DEBIAN_FONT_DIRS = {"fonts-noto-core": Path("/usr/share/fonts/truetype/noto")}


@dataclass(frozen=True)
class FontFace:
    family: str
    file: str
    weight: int
    style: str  # "normal" | "italic"
    package: str

    @property
    def path(self) -> Path:
        return font_dir(self.package) / self.file


FACES: tuple[FontFace, ...] = (
    FontFace(SERIF, "SourceSerifPro-Regular.ttf", 400, "normal", "font_source_serif_pro"),
    FontFace(SERIF, "SourceSerifPro-It.ttf", 400, "italic", "font_source_serif_pro"),
    FontFace(SERIF, "SourceSerifPro-Semibold.ttf", 600, "normal", "font_source_serif_pro"),
    FontFace(SERIF, "SourceSerifPro-Bold.ttf", 700, "normal", "font_source_serif_pro"),
    FontFace(SERIF, "SourceSerifPro-BoldIt.ttf", 700, "italic", "font_source_serif_pro"),
    FontFace(SANS, "SourceSansPro-Regular.ttf", 400, "normal", "font_source_sans_pro"),
    FontFace(SANS, "SourceSansPro-It.ttf", 400, "italic", "font_source_sans_pro"),
    FontFace(SANS, "SourceSansPro-Semibold.ttf", 600, "normal", "font_source_sans_pro"),
    FontFace(SANS, "SourceSansPro-Bold.ttf", 700, "normal", "font_source_sans_pro"),
    FontFace(SANS, "SourceSansPro-Light.ttf", 300, "normal", "font_source_sans_pro"),
    FontFace(NASKH, "NotoNaskhArabic-Regular.ttf", 400, "normal", "fonts-noto-core"),
    FontFace(NASKH, "NotoNaskhArabic-Bold.ttf", 700, "normal", "fonts-noto-core"),
    FontFace(SANS_ARABIC, "NotoSansArabic-Regular.ttf", 400, "normal", "fonts-noto-core"),
    FontFace(SANS_ARABIC, "NotoSansArabic-Bold.ttf", 700, "normal", "fonts-noto-core"),
)


@lru_cache(maxsize=4)
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


def font_face_css(url_for: dict[str, str] | None = None, display: str | None = None) -> str:
    """``@font-face`` rules; ``url_for`` maps a file name to its URL (default: file: URLs).

    ``display`` is the ``font-display`` descriptor, for browsers (WeasyPrint has no use for it).
    """
    rules = []
    extra = f" font-display: {display};" if display else ""
    for face in FACES:
        url = (url_for or {}).get(face.file) or face.path.as_uri()
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; src: url("{url}") format("truetype"); '
            f"font-weight: {face.weight}; font-style: {face.style};{extra} }}"
        )
    return "\n".join(rules)


def fonts_fingerprint() -> str:
    """A hash of every font file, for caches."""
    digest = hashlib.sha256()
    for face in FACES:
        digest.update(face.file.encode())
        digest.update(hashlib.sha256(face.path.read_bytes()).digest())
    return digest.hexdigest()


# --------------------------------------------------------------------------
# Coverage: every character in the publication's fonts, no system font in a PDF
# --------------------------------------------------------------------------


def font_families(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The font families of ``lang``: (text, headings), its script's face first, then the Latin
    one, then the other scripts' (an Arabic language name in an English colophon)."""
    found = find(lang)
    own = found.fonts if found is not None else ()
    return tuple(dict.fromkeys((*own[:1], SERIF, *TEXT_FAMILIES))), tuple(
        dict.fromkeys((*own[1:2], SANS, *HEADING_FAMILIES))
    )


def css_font_stacks(lang: str) -> dict[str, str]:
    """CSS ``font-family`` values for ``lang``: ``{"serif": …, "sans": …}``."""
    serif, sans = font_families(lang)
    return {
        "serif": ", ".join(f'"{family}"' for family in serif) + ", serif",
        "sans": ", ".join(f'"{family}"' for family in sans) + ", sans-serif",
    }


def script_font_css(langs: Iterable[str]) -> str:
    """CSS that sets ``--serif`` and ``--sans`` (the web edition's font stacks) for each of ``langs``
    whose script has fonts of its own: ``:root:lang(ar), :lang(ar) { --serif: "Noto Naskh Arabic", … }``.

    ``:root:lang(ar)`` outweighs the theme's ``:root`` stacks, which come later in the stylesheet:
    the root's font (what the body text inherits) is the Arabic one on an Arabic page."""
    rules = []
    for code in langs:
        if font_families(code) != font_families(DEFAULT):
            stacks = css_font_stacks(code)
            rules.append(
                f":root:lang({code}), :lang({code}) {{ --serif: {stacks['serif']}; --sans: {stacks['sans']}; }}"
            )
    return "\n".join(rules)


@lru_cache(maxsize=8)
def _covered(families: tuple[tuple[str, ...], tuple[str, ...]]) -> frozenset[int]:
    """Code points that both the text and the headings families can draw (regular faces)."""
    from fontTools.ttLib import TTFont

    sets = []
    for role in families:
        faces = [face for face in FACES if face.family in role and face.weight == 400 and face.style == "normal"]
        sets.append(set().union(*(TTFont(face.path, lazy=True).getBestCmap() for face in faces)))
    return frozenset(set.intersection(*sets))


@lru_cache(maxsize=8)
def _drawable(families: tuple[tuple[str, ...], tuple[str, ...]]) -> frozenset[str]:
    """The characters of :func:`_covered`, and the white space that is never drawn."""
    return frozenset(map(chr, _covered(families))) | frozenset(" \t\r\n")


def uncovered_characters(text: str, lang: str = DEFAULT) -> list[str]:
    """Characters of ``text`` that the fonts of ``lang`` (text and headings) cannot draw (in order)."""
    families = font_families(lang)
    if _drawable(families).issuperset(text):  # nearly always: one set operation, not a loop over the text
        return []
    covered = _covered(families)
    seen: list[str] = []
    for char in text:
        if ord(char) not in covered and char not in " \t\r\n" and char not in seen:
            seen.append(char)
    return seen


def _normalise(name: str) -> str:
    name = name.lstrip("/")
    if len(name) > 7 and name[6] == "+":  # subset prefix "ABCDEF+"
        name = name[7:]
    return "".join(c for c in name.lower() if c.isalnum())


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
    """Fonts in a PDF that are not the publication's (a system font drew a missing character)."""
    allowed = tuple({_normalise(face.family) for face in FACES})
    return [name for name in pdf_font_names(data) if not _normalise(name).startswith(allowed)]


def check_chapter_characters(text: DocumentText, diags: Diagnostics) -> None:
    """Report, at its chapter line, every character the publication's fonts cannot draw
    (each character once per chapter: where it first occurs)."""
    serif, sans = font_families(text.lang)
    names = ", ".join(dict.fromkeys((serif[0], SERIF, sans[0], SANS)))
    for chapter in text.chapters:
        reported: set[str] = set()
        lines: list[tuple[int, str]] = [(_title_line(chapter.source.path, chapter.source.body_line), chapter.title)]
        for token in chapter.tokens:
            parts = [child.content for child in token.children or [] if child.type in ("text", "code_inline")]
            if token.type in ("fence", "code_block"):
                parts.append(token.content)
            lines.append((chapter.line(token.map), " ".join(parts)))
        for line, content in lines:
            missing = [char for char in uncovered_characters(content, text.lang) if char not in reported]
            reported.update(missing)
            if missing:
                diags.error(chapter.source.path, line, _missing_message(missing, names))


def _title_line(path: Path, body_line: int) -> int:
    """The line of ``title:`` in a chapter's front matter (2, the first inside it, if not found)."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:body_line]
    return next((number for number, line in enumerate(lines, 1) if line.startswith("title:")), 2)


def _missing_message(missing: list[str], names: str) -> str:
    fonts = f"the publication's fonts ({names})"
    if len(missing) == 1:
        char = missing[0]
        return f"character {char!r} (U+{ord(char):04X}) is not in {fonts}: it would print in another font or as a box"
    shown = ", ".join(f"{char!r} (U+{ord(char):04X})" for char in missing[:12])
    more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
    return (
        f"characters {shown}{more} are not in {fonts}: they would print in another font or as boxes "
        "(docs/languages.md: adding a font)"
    )
