"""Colour for print: the output profile (FOGRA39 CMYK ICC) and RGB → CMYK in the printer's PDF.

* the PDF/X output intent names the printing condition (FOGRA39, coated offset paper)
  and embeds a CMYK profile installed from a Debian package (never downloaded):
  :func:`output_profile` finds it;
* every DeviceRGB colour left in a content stream (the charts' SVG, drawn in sRGB) is
  replaced by the palette's own CMYK build (:func:`publisher.colours.cmyk_for_rgb`),
  neutral greys by black ink only, anything else through the output profile
  (:class:`CmykMapper`, :func:`convert_rgb`).
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.colours import INKS, cmyk_for_rgb
from publisher.diagnostics import PublisherError

PROFILE_ENV = "PUBLISHER_CMYK_PROFILE"
PROFILE_CANDIDATES: tuple[tuple[str, str], ...] = (
    # (path, Debian package that installs it)
    ("/usr/share/color/icc/colord/FOGRA39L_coated.icc", "colord-data"),
    ("/usr/share/scribus/profiles/ISOcoated_v2_300_bas.icc", "scribus-data"),
)
"""CMYK profiles for coated offset paper characterised by FOGRA39, in order of preference.

Debian 12's ``colord-data`` no longer ships the FOGRA39 profile; ``scribus-data`` ships
basICColor's *ISO Coated v2 300 %* (zlib licence), which is built on the FOGRA39 data."""

OUTPUT_CONDITION = "FOGRA39"
OUTPUT_CONDITION_TEXT = "Offset printing, coated paper (ISO 12647-2:2004/Amd 1:2007), FOGRA39"
REGISTRY = "http://www.color.org"


@dataclass(frozen=True)
class OutputProfile:
    """The CMYK ICC profile of the printing condition."""

    path: Path
    description: str
    sha256: str


def output_profile() -> OutputProfile:
    """Find the FOGRA39 CMYK profile; raise a PublisherError naming the package to install."""
    from PIL import ImageCms

    override = os.environ.get(PROFILE_ENV)
    candidates = [(override, f"${PROFILE_ENV}")] if override else list(PROFILE_CANDIDATES)
    for path_text, origin in candidates:
        path = Path(path_text)
        if not path.is_file():
            continue
        data = path.read_bytes()
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
        except (OSError, ImageCms.PyCMSError) as exc:
            raise PublisherError.at(path, 0, f"not a readable ICC profile ({origin}): {exc}") from None
        if profile.profile.xcolor_space.strip() != "CMYK":
            raise PublisherError.at(
                path,
                0,
                f"the output profile must be a CMYK profile ({origin}), "
                f"this one is {profile.profile.xcolor_space.strip()}",
            )
        description = (profile.profile.profile_description or path.stem).strip()
        return OutputProfile(path, description, hashlib.sha256(data).hexdigest())
    if override:
        raise PublisherError.at(override, 0, f"no such ICC profile (from ${PROFILE_ENV})")
    raise PublisherError.at(
        PROFILE_CANDIDATES[-1][0],
        0,
        "no CMYK profile for coated offset paper (FOGRA39) is installed: install the Debian package "
        "scribus-data (apt-get install --no-install-recommends scribus-data), or set "
        f"{PROFILE_ENV} to the printer's profile",
    )


class CmykMapper:
    """sRGB (0–1 floats) → CMYK (0–1 floats): palette builds, greys as black ink, else the profile."""

    def __init__(self, profile: OutputProfile):
        self._palette = cmyk_for_rgb
        self._inks = {rgb.lower(): tuple(v / 100 for v in cmyk) for cmyk, rgb in INKS.values()}
        self._profile = profile
        self._transform: Any = None
        self._cache: dict[tuple[int, int, int], tuple[float, float, float, float]] = {}
        self.converted: set[str] = set()
        """The non-palette colours that went through the profile (``#rrggbb``)."""

    def __call__(self, r: float, g: float, b: float) -> tuple[float, float, float, float]:
        red, green, blue = (max(0, min(255, round(v * 255))) for v in (r, g, b))
        key = (red, green, blue)
        if key in self._cache:
            return self._cache[key]
        hex_rgb = f"#{red:02x}{green:02x}{blue:02x}"
        cmyk = self._palette(hex_rgb) or self._inks.get(hex_rgb)
        if cmyk is None and key[0] == key[1] == key[2]:
            cmyk = (0.0, 0.0, 0.0, round(1 - key[0] / 255, 4))
        if cmyk is None:
            cmyk = self._through_profile(key)
            self.converted.add(hex_rgb)
        c, m, y, k = (float(v) for v in cmyk)
        self._cache[key] = (c, m, y, k)
        return self._cache[key]

    def _through_profile(self, rgb: tuple[int, int, int]) -> tuple[float, float, float, float]:
        from PIL import Image, ImageCms

        if self._transform is None:
            self._transform = ImageCms.buildTransform(
                ImageCms.createProfile("sRGB"),
                ImageCms.getOpenProfile(str(self._profile.path)),
                "RGB",
                "CMYK",
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            )
        pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), self._transform)
        assert pixel is not None
        return tuple(round(v / 255, 4) for v in pixel.getpixel((0, 0)))  # type: ignore[return-value, union-attr]


def _rgb_space(name: Any, resources: Any) -> bool:
    """Whether the colour space named in a ``cs``/``CS`` operator is RGB."""
    import pikepdf

    if name == "/DeviceRGB" or name == "/RGB":
        return True
    spaces = resources.get("/ColorSpace") if resources is not None else None
    space = spaces.get(name) if isinstance(spaces, pikepdf.Dictionary) else None
    if isinstance(space, pikepdf.Name):
        return str(space) == "/DeviceRGB"
    if isinstance(space, pikepdf.Array) and len(space) == 2 and space[0] == "/ICCBased":
        return int(space[1].stream_dict.get("/N", 0)) == 3
    return False


_OPERATORS = {b"rg": b"k", b"RG": b"K"}


def _recolour_bytes(content: bytes, resources: Any, mapper: CmykMapper) -> bytes | None:
    """``content`` with each ``r g b rg``/``RG`` written as ``c m y k k``/``K``, done on the bytes
    (parsing the stream takes ten times as long); None when the bytes may hold more than
    operators one to a line as WeasyPrint writes them — a string, an inline image, a colour
    space set (``cs``/``CS``), an ``rg`` not at the end of a line of three numbers — and the
    stream must be parsed."""
    if b"(" in content or b"BI" in content or b"cs" in content or b"CS" in content:
        return None
    lines = content.split(b"\n")
    found = 0
    for number, line in enumerate(lines):
        operator = _OPERATORS.get(line[-2:])
        if operator is None or line[-3:-2] != b" ":
            continue
        try:
            r, g, b = (float(v) for v in line[:-3].split())
        except ValueError:  # not three numbers: parse the stream
            return None
        lines[number] = " ".join(f"{v:g}" for v in mapper(r, g, b)).encode() + b" " + operator
        found += 1
    if found != content.count(b"rg") + content.count(b"RG"):  # an rg elsewhere than at a line's end
        return None
    return b"\n".join(lines)


def _recolour(operations: list[Any], resources: Any, mapper: CmykMapper) -> tuple[list[Any], bool]:
    """Rewrite RGB colour operators as CMYK ones; returns (operations, changed)."""
    import pikepdf

    out: list[Any] = []
    changed = False
    rgb_fill = rgb_stroke = False
    for item in operations:
        operands, operator = item
        op = str(operator)
        if op in ("rg", "RG") and len(operands) == 3:
            cmyk = mapper(*(float(v) for v in operands))
            out.append(pikepdf.ContentStreamInstruction(list(cmyk), pikepdf.Operator("k" if op == "rg" else "K")))
            changed = True
            continue
        if op in ("cs", "CS") and operands:
            rgb = _rgb_space(operands[0], resources)
            if op == "cs":
                rgb_fill = rgb
            else:
                rgb_stroke = rgb
            if rgb:
                out.append(pikepdf.ContentStreamInstruction([pikepdf.Name("/DeviceCMYK")], operator))
                changed = True
                continue
        if op in ("sc", "scn", "SC", "SCN") and len(operands) == 3 and (rgb_fill if op.islower() else rgb_stroke):
            cmyk = mapper(*(float(v) for v in operands))
            out.append(pikepdf.ContentStreamInstruction(list(cmyk), operator))
            changed = True
            continue
        out.append(item)
    return out, changed


def convert_rgb(pdf: Any, mapper: CmykMapper) -> None:
    """Replace RGB colour operators in every page and every form XObject or tiling pattern."""
    import pikepdf

    done: set[tuple[int, int]] = set()

    def visit_resources(resources: Any) -> None:
        if not isinstance(resources, pikepdf.Dictionary):
            return
        for group in ("/XObject", "/Pattern"):
            entries = resources.get(group)
            if not isinstance(entries, pikepdf.Dictionary):
                continue
            for _, stream in entries.items():
                if not isinstance(stream, pikepdf.Stream) or stream.objgen in done:
                    continue
                done.add(stream.objgen)
                is_form = stream.stream_dict.get("/Subtype") == "/Form"
                is_tiling = stream.stream_dict.get("/PatternType") == 1
                if not (is_form or is_tiling):
                    continue
                own = stream.stream_dict.get("/Resources")
                _recolour_stream(stream, own, mapper)
                visit_resources(own)

    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        contents = page.obj.get("/Contents")
        if isinstance(contents, pikepdf.Stream):
            _recolour_stream(contents, resources, mapper)
        else:  # several streams: parsed as one
            ops, changed = _recolour(list(pikepdf.parse_content_stream(page)), resources, mapper)
            if changed:
                page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
        visit_resources(resources)


def _recolour_stream(stream: Any, resources: Any, mapper: CmykMapper) -> None:
    """Rewrite the RGB colours of one content stream (a page's, a form XObject's, a pattern's)."""
    import pikepdf

    content = stream.read_bytes()
    recoloured = _recolour_bytes(content, resources, mapper)
    if recoloured is None:
        ops, changed = _recolour(list(pikepdf.parse_content_stream(stream)), resources, mapper)
        if changed:
            stream.write(pikepdf.unparse_content_stream(ops))
    elif recoloured != content:
        stream.write(recoloured)
