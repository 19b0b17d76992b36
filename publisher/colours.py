"""The publication's colours, in print (CMYK) and screen (sRGB) terms: the charts' palette and the books' inks.

The series colours are the Okabe-Ito palette ("Color Universal Design", Okabe & Ito
2008), which stays distinguishable for the common forms of colour-vision deficiency.
Each colour is given as the CMYK percentages of that palette's print specification and
as its sRGB equivalent. Charts are drawn in sRGB (:attr:`Colour.rgb_hex`); the print
stage maps every chart colour back to its CMYK values with :func:`cmyk_for_rgb`, so the
colours print as the intended device-CMYK builds instead of a colour-managed guess.

The neutrals are pure black ink (K only), so text and grid lines print from one plate
without registration fringes; their sRGB values are the usual coated-paper (FOGRA39)
appearance of those K tints.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AXIS",
    "BY_RGB",
    "GRID",
    "NEUTRALS",
    "PALETTE",
    "PAPER",
    "TEXT",
    "Colour",
    "INKS",
    "cmyk_for_rgb",
    "ink",
    "series_colour",
]


@dataclass(frozen=True)
class Colour:
    """One colour, defined for print (CMYK percentages) and for screen (sRGB)."""

    name: str
    """A short English name, for messages and documentation."""
    cmyk_percent: tuple[int, int, int, int]
    """Cyan, magenta, yellow and black ink, in percent (0 to 100)."""
    rgb_hex: str
    """The sRGB equivalent as ``#rrggbb`` (lower case)."""

    def __post_init__(self) -> None:
        if len(self.rgb_hex) != 7 or not self.rgb_hex.startswith("#"):
            raise ValueError(f"{self.name}: rgb_hex must be #rrggbb, got {self.rgb_hex!r}")
        int(self.rgb_hex[1:], 16)  # raises ValueError on a non-hex value
        if self.rgb_hex != self.rgb_hex.lower():
            raise ValueError(f"{self.name}: rgb_hex must be lower case, got {self.rgb_hex!r}")
        if len(self.cmyk_percent) != 4 or not all(0 <= v <= 100 for v in self.cmyk_percent):
            raise ValueError(f"{self.name}: CMYK percentages must be four values in 0..100")

    @property
    def cmyk(self) -> tuple[float, float, float, float]:
        """Cyan, magenta, yellow and black as fractions 0 to 1 (for PDF ``k`` operators)."""
        c, m, y, k = self.cmyk_percent
        return (c / 100, m / 100, y / 100, k / 100)

    @property
    def rgb(self) -> tuple[float, float, float]:
        """Red, green and blue as fractions 0 to 1 (for matplotlib)."""
        value = int(self.rgb_hex[1:], 16)
        return ((value >> 16 & 0xFF) / 255, (value >> 8 & 0xFF) / 255, (value & 0xFF) / 255)

    @property
    def luminance(self) -> float:
        """Relative luminance (WCAG 2) of the sRGB colour, 0 (black) to 1 (white)."""

        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in self.rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b


#: Series colours, in the order charts use them. The first two (blue, orange) are the
#: pair for two-series charts: they differ in hue *and* lightness.
PALETTE: list[Colour] = [
    Colour("blue", (100, 50, 0, 0), "#0072b2"),
    Colour("orange", (0, 50, 100, 0), "#e69f00"),
    Colour("sky blue", (80, 0, 0, 0), "#56b4e9"),
    Colour("bluish green", (97, 0, 75, 0), "#009e73"),
    Colour("vermillion", (0, 80, 100, 0), "#d55e00"),
    Colour("reddish purple", (10, 70, 0, 0), "#cc79a7"),
    Colour("yellow", (10, 5, 90, 0), "#f0e442"),
]

#: Text of charts: labels, ticks, value labels: solid black (K 100), never a screened tint.
TEXT = Colour("text", (0, 0, 0, 100), "#3c3c3b")
#: Axis lines (the baseline of bar charts) (K 50).
AXIS = Colour("axis", (0, 0, 0, 50), "#9d9d9c")
#: Grid lines (K 20).
GRID = Colour("grid", (0, 0, 0, 20), "#dadada")
#: The paper: no ink. Used for wedge separators and text on dark fills.
PAPER = Colour("paper", (0, 0, 0, 0), "#ffffff")

NEUTRALS: list[Colour] = [TEXT, AXIS, GRID, PAPER]

#: Every chart colour by its sRGB hex (lower case), for the print stage's CMYK mapping.
BY_RGB: dict[str, Colour] = {c.rgb_hex: c for c in [*PALETTE, *NEUTRALS]}
if len(BY_RGB) != len(PALETTE) + len(NEUTRALS):  # pragma: no cover - a definition error
    raise RuntimeError("two palette colours share one sRGB value")


def series_colour(index: int) -> Colour:
    """The colour of the ``index``-th series (or pie slice); cycles past the palette's end."""
    return PALETTE[index % len(PALETTE)]


def cmyk_for_rgb(rgb: str) -> tuple[float, float, float, float] | None:
    """The CMYK fractions of a palette colour given as ``#rrggbb`` / ``#rgb`` (any case).

    Returns None for a colour that is not in the palette (the print stage then
    decides, e.g. reports it or converts it with an ICC profile).
    """
    text = rgb.strip().lower()
    if len(text) == 4 and text.startswith("#"):
        text = "#" + "".join(ch * 2 for ch in text[1:])
    colour = BY_RGB.get(text)
    return colour.cmyk if colour else None


INKS: dict[str, tuple[tuple[int, int, int, int], str]] = {
    # name: (CMYK percent, sRGB)
    "text": ((0, 0, 0, 100), "#3c3c3b"),
    "muted": ((0, 0, 0, 65), "#706f6f"),
    "rule": ((0, 0, 0, 30), "#c6c6c5"),
    "accent": ((100, 50, 0, 0), "#0072b2"),
    "accent-dark": ((100, 60, 0, 35), "#0a4a7a"),
    "tint": ((8, 3, 0, 0), "#eef4fa"),
    "warn": ((0, 50, 100, 0), "#e69f00"),
    "warn-tint": ((0, 6, 18, 0), "#fdf3e1"),
    "paper": ((0, 0, 0, 0), "#ffffff"),
}
"""The inks of the book's design: sRGB in the HTML; the printer's PDF turns each into its CMYK
build (``publisher.pdf.colour.CmykMapper``)."""


def ink(name: str) -> str:
    """A CSS colour of the design (sRGB)."""
    return INKS[name][1]
