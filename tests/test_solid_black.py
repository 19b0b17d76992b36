"""Text prints solid: the body text, and every text drawn in black, is 100 % K on the black plate alone.

Read off the printer's PDFs' content streams — the colour each text-showing operator paints with is
what lands on the separations: ``c m y k k`` puts c, m, y and k on the four plates. A screened tint
(``0 0 0 0.9 k``, what the design used before) breaks small type into dots; only the design's own
tints (muted captions and running heads, the accent colours) may print screened.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pikepdf

from publisher.colours import BY_RGB, INKS

SOLID_BLACK = (0.0, 0.0, 0.0, 1.0)
DESIGN_INKS = {tuple(v / 100 for v in cmyk) for cmyk, _ in INKS.values()} | {
    tuple(v / 100 for v in colour.cmyk) for colour in BY_RGB.values()
}


def text_colours(pdf: pikepdf.Pdf) -> Counter[tuple[str, tuple[float, ...]]]:
    """(font, fill colour) of every text-showing operator, forms included, by count of glyph runs."""
    found: Counter[tuple[str, tuple[float, ...]]] = Counter()
    seen: set[tuple[int, int]] = set()

    def walk(stream, resources, fill, font) -> None:
        stack = []
        for operands, op in pikepdf.parse_content_stream(stream):
            name = str(op)
            if name == "q":
                stack.append((fill, font))
            elif name == "Q" and stack:
                fill, font = stack.pop()
            elif name == "k":
                fill = tuple(round(float(v), 4) for v in operands)
            elif name in ("g",):
                fill = (0.0, 0.0, 0.0, round(1 - float(operands[0]), 4))
            elif name == "Tf":
                entry = resources.get("/Font", {}).get(operands[0]) if resources is not None else None
                font = str(entry.get("/BaseFont", operands[0])) if entry is not None else str(operands[0])
            elif name in ("Tj", "TJ", "'", '"'):
                found[(font, fill)] += 1
            elif name == "Do" and resources is not None:
                xobject = resources.get("/XObject", {}).get(operands[0])
                if xobject is not None and xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                    seen.add(xobject.objgen)
                    walk(xobject, xobject.get("/Resources", resources), fill, font)
                    seen.discard(xobject.objgen)

    for page in pdf.pages:
        walk(page, page.obj.get("/Resources"), (0.0, 0.0, 0.0, 1.0), "")
    return found


def _print_pdfs(root: Path) -> list[Path]:
    return sorted(p for p in (root / "build" / "print").glob("*.*.pdf") if not p.name.endswith(".cover.pdf"))


def test_body_text_is_solid_black_on_the_black_plate(built):
    """Every run of the body face (the serif: paragraphs, lists, notes) is 0 0 0 1 k."""
    for path in _print_pdfs(built):
        with pikepdf.open(path) as pdf:
            colours = text_colours(pdf)
        body: Counter[tuple[float, ...]] = Counter()
        for (font, fill), runs in colours.items():
            if font.endswith(("Serif-Pro", "Serif-Pro-Italic")):  # the body face, regular and italic
                body[fill] += runs
        assert sum(body.values()) > 200, (path.name, body)  # the chapters' text was found
        assert set(body) == {SOLID_BLACK}, (path.name, body)


def test_text_is_printed_only_in_the_designs_inks(built):
    """No text in a colour the design does not name (a tint made by accident); black text is solid."""
    for path in _print_pdfs(built):
        with pikepdf.open(path) as pdf:
            fills = {fill for (_, fill) in text_colours(pdf)}
        assert fills <= DESIGN_INKS, (path.name, fills - DESIGN_INKS)
        greys = {f for f in fills if f[:3] == (0.0, 0.0, 0.0) and f[3] > 0.7}
        assert greys == {SOLID_BLACK}, (path.name, greys)  # dark text is never a near-black tint
