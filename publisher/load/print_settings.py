"""The ``print:`` settings of ``publication.yaml``: trim, bleed, binding, signature, paper, press sheet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.load.yamlfile import Reader

TRIM_SIZES = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "B5": (176.0, 250.0)}
BINDINGS = ("perfect", "saddle-stitch")
COVERS = ("separate", "self")
PAPER_KEYS = {"text_gsm", "cover_gsm", "caliper_um", "cover_caliper_um"}
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*mm\s*$")
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*mm\s*$")


@dataclass(frozen=True)
class Paper:
    text_gsm: float = 80.0
    """Grammage of the text paper, g/m²."""
    cover_gsm: float = 250.0
    """Grammage of the cover board, g/m²."""
    caliper_um: float = 100.0
    """Thickness of one text leaf (two pages), micrometres: gives the spine width."""
    cover_caliper_um: float = 250.0
    """Thickness of the cover board, micrometres (250 g/m² coated board is about 250 µm): the cover
    wraps the spine, so the spine panel is the text block plus the board on either side."""


@dataclass(frozen=True)
class PressSheet:
    width_mm: float = 700.0
    height_mm: float = 1000.0
    pages_per_sheet: int = 16
    """Pages printed on one press sheet (both sides)."""


@dataclass(frozen=True)
class PrintSettings:
    """How the printer's PDF is made and the books are bound."""

    trim_mm: tuple[float, float] = (210.0, 297.0)
    """Trimmed page size (width, height) in millimetres: A4, A5, B5 or ``170x240mm``."""
    bleed_mm: float = 3.0
    """Bleed around each page, millimetres."""
    binding: str = "perfect"
    """``perfect`` (glued spine) or ``saddle-stitch`` (stapled)."""
    signature: int = 0
    """Pages per signature for perfect binding (8, 16, 32); 0 pads to an even count."""
    cover: str = "separate"
    """``separate`` (the default for perfect binding): a cover on cover board, its own file
    (``<doc>.<lang>.cover.pdf``), the text block without it; ``self`` (saddle-stitch only, its
    default): the cover pages are the first and last of the text paper."""
    min_spine_mm: float = 3.0
    """Perfect binding: the narrowest spine the printer glues (``publisher check`` warns below it)."""
    saddle_max_pages: int = 64
    """Saddle-stitch: the most pages (cover included) the printer staples and folds flat."""
    paper: Paper = field(default_factory=Paper)
    press_sheet: PressSheet = field(default_factory=PressSheet)
    overs_percent: float = 5.0
    """Extra sheets for make-ready and spoilage, percent."""


def parse_length(text: Any) -> float | None:
    """``"3mm"`` or ``3`` → 3.0 (millimetres); None when not a length."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    match = LENGTH.match(str(text))
    return float(match.group(1)) if match else None


def parse_size(text: Any) -> tuple[float, float] | None:
    """``"A4"`` or ``"170x240mm"`` → (width, height) in millimetres."""
    if str(text) in TRIM_SIZES:
        return TRIM_SIZES[str(text)]
    match = SIZE.match(str(text))
    return (float(match.group(1)), float(match.group(2))) if match else None


def _print_settings(r: Reader, value: Any) -> PrintSettings:
    keys: tuple[str | int, ...] = ("print",)
    if not isinstance(value, dict):
        r.error(keys, "expected a mapping")
        return PrintSettings()
    r.unknown_keys(
        value,
        {
            "trim",
            "bleed",
            "binding",
            "signature",
            "cover",
            "min_spine_mm",
            "saddle_max_pages",
            "paper",
            "press_sheet",
            "overs_percent",
        },
        keys,
    )
    defaults = PrintSettings()
    trim = parse_size(value.get("trim", "A4"))
    if trim is None:
        r.error(keys + ("trim",), f"expected A4, A5, B5 or WIDTHxHEIGHTmm, got {value.get('trim')!r}")
        trim = defaults.trim_mm
    bleed = parse_length(value.get("bleed", 3))
    if bleed is None or not 0 <= bleed <= 10:
        r.error(keys + ("bleed",), "expected a length between 0 and 10 mm, e.g. 3mm")
        bleed = defaults.bleed_mm
    binding = value.get("binding", "perfect")
    if binding not in BINDINGS:
        r.error(keys + ("binding",), f"expected one of {', '.join(BINDINGS)}, got {binding!r}")
        binding = "perfect"
    signature = value.get("signature", 0)
    if signature not in (0, 4, 8, 16, 32):
        r.error(keys + ("signature",), "expected 4, 8, 16 or 32 pages (or 0 for none)")
        signature = 0
    cover = value.get("cover", "separate" if binding == "perfect" else "self")
    if cover not in COVERS:
        r.error(keys + ("cover",), f"expected one of {', '.join(COVERS)}, got {cover!r}")
        cover = "separate"
    elif cover == "self" and binding == "perfect":
        r.error(keys + ("cover",), "a perfect-bound book has a separate cover (cover: self is for saddle-stitch)")
        cover = "separate"
    min_spine = parse_length(value.get("min_spine_mm", defaults.min_spine_mm))
    if min_spine is None or not 0 <= min_spine <= 50:
        r.error(keys + ("min_spine_mm",), "expected a length between 0 and 50 mm, e.g. 3")
        min_spine = defaults.min_spine_mm
    saddle_max = value.get("saddle_max_pages", defaults.saddle_max_pages)
    if isinstance(saddle_max, bool) or not isinstance(saddle_max, int) or saddle_max < 4 or saddle_max % 4:
        r.error(keys + ("saddle_max_pages",), "expected a whole multiple of 4, e.g. 64")
        saddle_max = defaults.saddle_max_pages
    paper = _paper(r, value.get("paper") or {}, keys + ("paper",))
    sheet = _press_sheet(r, value.get("press_sheet") or {}, keys + ("press_sheet",))
    overs = r.number(value.get("overs_percent", defaults.overs_percent), keys + ("overs_percent",))
    return PrintSettings(
        trim,
        bleed,
        binding,
        signature,
        cover,
        min_spine,
        saddle_max,
        paper,
        sheet,
        defaults.overs_percent if overs is None else overs,
    )


def _paper(r: Reader, paper_in: Any, keys: tuple[str | int, ...]) -> Paper:
    paper = Paper()
    if not isinstance(paper_in, dict):
        r.error(keys, "expected a mapping")
        return paper
    r.unknown_keys(paper_in, PAPER_KEYS, keys)
    return Paper(
        **{k: r.number(v, keys + (k,), minimum=1) or getattr(paper, k) for k, v in paper_in.items() if k in PAPER_KEYS}
    )


def _press_sheet(r: Reader, sheet_in: Any, keys: tuple[str | int, ...]) -> PressSheet:
    sheet = PressSheet()
    if not isinstance(sheet_in, dict):
        r.error(keys, "expected a mapping")
        return sheet
    r.unknown_keys(sheet_in, {"size", "pages_per_sheet"}, keys)
    size = parse_size(sheet_in.get("size", "700x1000mm"))
    if size is None:
        r.error(keys + ("size",), "expected WIDTHxHEIGHTmm, e.g. 700x1000mm")
        size = (sheet.width_mm, sheet.height_mm)
    pps = sheet_in.get("pages_per_sheet", sheet.pages_per_sheet)
    if not isinstance(pps, int) or pps < 2 or pps % 2:
        r.error(keys + ("pages_per_sheet",), "expected an even whole number, e.g. 16")
        pps = sheet.pages_per_sheet
    return PressSheet(size[0], size[1], pps)
