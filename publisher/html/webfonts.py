"""The publication's faces for the web: subset to the characters the site can show, as WOFF2.

A whole TrueType face is 200–300 KB; the few hundred characters a publication's pages use
make a WOFF2 of about 10 KB. The character set is gathered *before* any page is written, from
what the pages are made of — every chapter, data file and chart of every language (so a partial
build makes the same fonts as a full one), ``publication.yaml``, the theme's templates, scripts and
catalogs — plus what the build adds that is in none of them: each language's alphabet in both
cases, its quotation marks, its name in itself (for the language switchers), printable ASCII and the
typographic punctuation the Markdown dialect and the search page produce. A test checks that
every character of every built page is in the subsets.

The same characters give the same bytes (fontTools subsets deterministically, WOFF2 through
Brotli), so a font's URL carries a hash of its content: browsers may keep it for a year. The
subsets are cached under ``build/.cache/webfonts``, keyed by the font file, the characters and
:data:`FORMAT_VERSION`: made again only when the characters change. Subsetting ten faces takes
seconds, so a build hands the missing ones to its worker processes while they lay out the books
(:func:`missing_subsets`, :func:`make_subset`).
The PDFs never see these files: WeasyPrint embeds its own subsets of the TrueType faces.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from publisher.files import write_atomic
from publisher.fonts import FACES, SERIF, FontFace
from publisher.languages import DOTTED_I, language
from publisher.text.labels import LANGUAGE_NAMES
from publisher.theme import THEME_DIR

FORMAT_VERSION = "2"
"""Part of every cached subset's key: change it when the subsetting options change."""
PUNCTUATION = "\u00a0\u202f\u2009\u00ad«»‹›“”‘’„‚–—…·•×°%‰€₺£$↩→←↑©®™§¶"
"""Typographic characters the build produces itself (smart quotes, dashes, the footnote back-link,
thin and no-break spaces of CLDR numbers) or a search snippet adds (…, —)."""
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The invisible direction marks and isolates CLDR's right-to-left formats (the Arabic percent's
U+200F) and the templates may emit: kept in every subset whose face has them (the Arabic faces do),
so the browser never draws them with a stand-in face."""
LAYOUT_FEATURES = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk", "clig"]
LAYOUT_FEATURES += ["init", "medi", "fina", "isol", "rlig", "curs"]  # Arabic joining and its ligatures
BODY_FACE = (SERIF, 400, "normal")
"""The face the body text is set in: preloaded by every page."""
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]
"""The name records kept: family, style, version, the copyright and the SIL OFL notice."""
SOURCE_SUFFIXES = {".md", ".yaml", ".yml", ".po", ".j2", ".js"}


@dataclass(frozen=True)
class WebFont:
    """One face's subset, ready to publish."""

    face: FontFace
    path: str
    """Where it is published, relative to the site root: ``assets/fonts/<stem>.<hash>.woff2``."""
    source: Path
    """The subset in the build cache (the site copies it)."""


@dataclass(frozen=True)
class WebFonts:
    """Every face's subset, and the ``@font-face`` rules that serve them."""

    fonts: tuple[WebFont, ...]
    characters: str

    @property
    def body(self) -> WebFont:
        return next(f for f in self.fonts if (f.face.family, f.face.weight, f.face.style) == BODY_FACE)

    def css(self, url_for: dict[str, str]) -> str:
        """``@font-face`` rules; ``url_for`` maps a font's site path to its URL from the stylesheet."""
        # swap: text shows at once in a stand-in face, then in the publication's own once it has loaded
        return "\n".join(
            f'@font-face {{ font-family: "{f.face.family}"; src: url("{url_for[f.path]}") format("woff2"); '
            f"font-weight: {f.face.weight}; font-style: {f.face.style}; font-display: swap; }}"
            for f in self.fonts
        )


def site_characters(project_root: Path, theme: Path, languages: list[str]) -> str:
    """Every character the web edition may show, sorted: see the module's docstring."""
    chars = {chr(c) for c in range(0x20, 0x7F)} | set(PUNCTUATION) | set(BIDI_CONTROLS)
    for code in languages:
        info = language(code)
        chars |= set(info.alphabet) | set(info.alphabet.upper()) | set(info.quotes)
        if info.casing == DOTTED_I:
            chars |= {"İ", "ı"}  # what str.upper cannot make of the alphabet
        chars |= set(LANGUAGE_NAMES[code])  # the language switchers name the publication's languages only
    sources = [project_root / "publication.yaml"]
    for folder in ("content", "figures"):  # chapters and data; the charts' captions and alt texts
        sources += sorted(p for p in (project_root / folder).rglob("*") if p.suffix in SOURCE_SUFFIXES)
    for top in (theme, THEME_DIR):  # the project's overrides, then the built-in theme
        sources += sorted(p for p in top.rglob("*") if p.suffix in SOURCE_SUFFIXES)
    for path in sources:
        if path.is_file():
            chars |= set(path.read_text(encoding="utf-8", errors="replace"))
    return "".join(sorted(c for c in chars if c.isprintable() or c in PUNCTUATION or c in BIDI_CONTROLS))


@dataclass(frozen=True)
class Subset:
    """One face's subset to make (picklable: a worker process can make it)."""

    font: Path
    """The face's TrueType file."""
    characters: str
    target: Path
    """Where the WOFF2 goes in the build cache: its name holds the key (font file, characters, options)."""


def subsets(characters: str, cache: Path) -> list[Subset]:
    """Each of the publication's faces as a :class:`Subset` to ``characters``, cached under ``cache``."""
    found = []
    for face in FACES:
        key = hashlib.sha256(
            f"{FORMAT_VERSION}\0{face.file}\0{characters}\0".encode() + hashlib.sha256(face.path.read_bytes()).digest()
        ).hexdigest()[:20]
        found.append(Subset(face.path, characters, cache / f"{Path(face.file).stem}.{key}.woff2"))
    return found


def missing_subsets(characters: str, cache: Path) -> list[Subset]:
    """The subsets not in the cache yet (the build hands them to its workers while they lay out books)."""
    return [s for s in subsets(characters, cache) if not s.target.is_file()]


def make_subset(subset: Subset) -> None:
    """Make one subset and store it in the cache (in a worker process, or in this one)."""
    write_atomic(subset.target, subset_woff2(subset.font.read_bytes(), subset.characters))


def web_fonts(characters: str, cache: Path) -> WebFonts:
    """Each of the publication's faces subset to ``characters`` as WOFF2 (made once, then cached)."""
    fonts = []
    for face, subset in zip(FACES, subsets(characters, cache), strict=True):
        if not subset.target.is_file():
            make_subset(subset)
        digest = hashlib.sha256(subset.target.read_bytes()).hexdigest()[:10]
        fonts.append(WebFont(face, f"assets/fonts/{Path(face.file).stem}.{digest}.woff2", subset.target))
    return WebFonts(tuple(fonts), characters)


def subset_woff2(font_data: bytes, characters: str) -> bytes:
    """A TrueType font's glyphs for ``characters`` (and the features that combine them) as WOFF2."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = NAME_IDS
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.hinting = False  # phones and high-density screens do not use TrueType hints
    font = TTFont(io.BytesIO(font_data), recalcTimestamp=False, lazy=True)  # lookups of dropped features stay unread
    # The subsetter keeps any name another table refers to, found by walking every table of the
    # font (a third of the time): the publication's static faces refer to none, so the name
    # table is set aside and pruned here as the subsetter would, with the same options.
    names = font["name"]
    del font["name"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters])
    subsetter.subset(font)
    names.names = [n for n in names.names if n.nameID in NAME_IDS and n.isUnicode() and n.langID == 0x409]
    font["name"] = names
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
