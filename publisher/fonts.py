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

from .diagnostics import PublisherError

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


def font_face_css(url_for: dict[str, str] | None = None) -> str:
    """``@font-face`` rules; ``url_for`` maps a file name to its URL (default: file: URLs)."""
    rules = []
    for face in FACES:
        url = (url_for or {}).get(face.file) or face.path.as_uri()
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; src: url("{url}") format("truetype"); '
            f"font-weight: {face.weight}; font-style: {face.style}; }}"
        )
    return "\n".join(rules)


def fonts_fingerprint() -> str:
    """A hash of every font file, for caches."""
    digest = hashlib.sha256()
    for face in FACES:
        digest.update(face.file.encode())
        digest.update(hashlib.sha256(face.path.read_bytes()).digest())
    return digest.hexdigest()
