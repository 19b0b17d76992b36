"""The publication's fonts, from pinned Python packages (never the machine's own fonts).

Text: Source Serif Pro (``font-source-serif-pro``); headings, captions and charts:
Source Sans Pro (``font-source-sans-pro``). Both are under the SIL Open Font
Licence and cover every Turkish and Italian letter and € ₺ « » “ ” ‘ ’ – — ….
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.diagnostics import Diagnostics, PublisherError

if TYPE_CHECKING:
    from publisher.text.document import DocumentText

SERIF = "Source Serif Pro"
SANS = "Source Sans Pro"


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
)


@lru_cache(maxsize=4)
def font_dir(package: str) -> Path:
    """Folder of a font package's files; a clear error when it is not installed."""
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

_BASE_FACES = ("SourceSerifPro-Regular.ttf", "SourceSansPro-Regular.ttf")


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """Code points that both base faces (text serif, headings sans) can draw."""
    from fontTools.ttLib import TTFont

    sets = [set(TTFont(face.path, lazy=True).getBestCmap()) for face in FACES if face.file in _BASE_FACES]
    return frozenset(set.intersection(*sets))


@lru_cache(maxsize=1)
def _drawable() -> frozenset[str]:
    """The characters of :func:`_covered`, and the white space that is never drawn."""
    return frozenset(map(chr, _covered())) | frozenset(" \t\r\n")


def uncovered_characters(text: str) -> list[str]:
    """Characters of ``text`` that Source Serif Pro or Source Sans Pro cannot draw (in order)."""
    if _drawable().issuperset(text):  # nearly always: one set operation, not a loop over the text
        return []
    covered = _covered()
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
    allowed = tuple(_normalise(family) for family in (SERIF, SANS))
    return [name for name in pdf_font_names(data) if not _normalise(name).startswith(allowed)]


def check_chapter_characters(text: DocumentText, diags: Diagnostics) -> None:
    """Report, at its chapter line, every character the publication's fonts cannot draw
    (each character once per chapter: where it first occurs)."""
    for chapter in text.chapters:
        reported: set[str] = set()
        lines: list[tuple[int, str]] = [(_title_line(chapter.source.path, chapter.source.body_line), chapter.title)]
        for token in chapter.tokens:
            parts = [child.content for child in token.children or [] if child.type in ("text", "code_inline")]
            if token.type in ("fence", "code_block"):
                parts.append(token.content)
            lines.append((chapter.line(token.map), " ".join(parts)))
        for line, content in lines:
            missing = [char for char in uncovered_characters(content) if char not in reported]
            reported.update(missing)
            if missing:
                diags.error(chapter.source.path, line, _missing_message(missing))


def _title_line(path: Path, body_line: int) -> int:
    """The line of ``title:`` in a chapter's front matter (2, the first inside it, if not found)."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:body_line]
    return next((number for number, line in enumerate(lines, 1) if line.startswith("title:")), 2)


def _missing_message(missing: list[str]) -> str:
    fonts = f"the publication's fonts ({SERIF}, {SANS})"
    if len(missing) == 1:
        char = missing[0]
        return f"character {char!r} (U+{ord(char):04X}) is not in {fonts}: it would print in another font or as a box"
    shown = ", ".join(f"{char!r} (U+{ord(char):04X})" for char in missing[:12])
    more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
    return (
        f"characters {shown}{more} are not in {fonts}: they would print in another font or as boxes "
        "(docs/languages.md: adding a font)"
    )
