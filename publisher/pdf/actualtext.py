"""Text that comes back right from the PDF, in every script (a WeasyPrint 70 patch: ``publisher.pdf.patches``).

WeasyPrint maps each glyph of a font to one text, the first it drew that glyph for (the PDF's
``/ToUnicode``). That is right for Latin, Greek and Cyrillic, where a glyph is a letter, but not
where shaping reorders, splits or joins characters: Persian منشأ, whose أ the font draws as an
alef and a hamza, came back as منشٔا; a Khmer or Devanagari vowel drawn before its consonant came
back first; a conjunct's glyph gave the text of the first cluster it was seen in; and the break
opportunities of ``publisher.text.wordbreak`` (U+200B) came back inside the words.

Our ``draw_first_line`` calls WeasyPrint's and wraps the line it draws in a marked-content
span whose ``/ActualText`` is the line's source text in logical order, less the break
opportunities (PDF 32000-1, 14.9.4): text extraction, search, copy and screen readers read that
instead of the glyphs. Lines in Latin, Greek or Cyrillic alone are left as they are.

Right-to-left lines are left as WeasyPrint draws them too: Poppler (pdftotext, and the
viewers built on it) takes a span's ActualText for glyphs in visual order and reverses it, so
a right-to-left line would come back backwards there. Their text comes back in logical order
from the glyphs, but a letter that shaping splits into two glyphs (منشأ's أ) still comes back
split (docs/languages.md: what is left).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from publisher.scripts import script_of

#: Scripts whose glyphs are their letters, one for one (no ActualText needed).
_SIMPLE = frozenset({"Latn", "Grek", "Cyrl", "Zyyy", "Zinh"})
ZWSP = "\u200b"
#: The hyphen-minus, and the hyphen WeasyPrint adds where it hyphenates (``hyphenate-character``).
HYPHEN_MINUS, HYPHEN = "-", "\u2010"
_MINUS_GLYPHS: dict[tuple[str, int, int], int | None] = {}


def needs_actual_text(text: str) -> bool:
    """Whether a line's glyphs may not give back ``text`` (a complex script or a break opportunity),
    and it is not a right-to-left line (see the module's docstring)."""
    chars = set(text)
    if any(unicodedata.bidirectional(char) in ("R", "AL") for char in chars):
        return False
    return any(script_of(char) not in _SIMPLE for char in chars) or ZWSP in text


def actual_text(text: str) -> str:
    """What a reader copies of a line: its text without the break opportunities we added."""
    return text.replace(ZWSP, "")


def _weasyprint_draw_first_line() -> Any:
    """WeasyPrint's own ``draw_first_line`` (read when this module is first imported, before the patch)."""
    from weasyprint.draw import text as draw_text_module

    return draw_text_module.draw_first_line


_WEASYPRINT = _weasyprint_draw_first_line()


def _original() -> Any:
    return _WEASYPRINT


def draw_first_line(stream: Any, textbox: Any, text_overflow: Any, block_ellipsis: Any, matrix: Any) -> Any:
    """WeasyPrint's ``draw_first_line``, inside a ``/Span`` with the line's ``/ActualText`` when needed."""
    import pydyf

    text = textbox.text
    if text.rstrip().endswith(HYPHEN):
        try:
            return _original()(stream, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            _hyphen_as_typed(stream)
    if not text.strip() or not needs_actual_text(text):
        return _original()(stream, textbox, text_overflow, block_ellipsis, matrix)
    stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(actual_text(text))}))
    try:
        return _original()(stream, textbox, text_overflow, block_ellipsis, matrix)
    finally:
        stream.end_marked_content()


def _hyphen_as_typed(stream: Any) -> None:
    """After a hyphenated line: the glyph of its added hyphen, when the face draws the hyphen-minus with
    it too (Noto's and Source Serif's faces do), is mapped to the hyphen-minus. The PDF's ``/ToUnicode``
    gives a glyph one text, the first it was drawn for: after a hyphenated line, a Russian По-английски
    came back По‐английски, a Turkish Partner-search Partner‐search. A reader joins a line that ends in
    a hyphen-minus to the next as it does one that ends in a hyphen."""
    for font in getattr(stream, "_fonts", {}).values():
        for glyph, text in list(font.to_unicode.items()):
            if text == HYPHEN and glyph == _minus_glyph(font):
                font.to_unicode[glyph] = HYPHEN_MINUS


def _minus_glyph(font: Any) -> int | None:
    """The glyph a WeasyPrint ``Font`` draws the hyphen-minus with (its cmap, read once per face)."""
    key = (font.family, font.index, len(font.file_content))
    if key not in _MINUS_GLYPHS:
        import io

        from fontTools.ttLib import TTFont

        face = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
        name = face.getBestCmap().get(ord(HYPHEN_MINUS))
        _MINUS_GLYPHS[key] = face.getGlyphID(name) if name else None
    return _MINUS_GLYPHS[key]


def actual_text_works() -> bool:
    """A Khmer word drawn by WeasyPrint carries its source text, less its break opportunities, as ``/ActualText``."""
    import io

    import pikepdf
    from weasyprint import HTML

    from publisher.fonts import font_face_css
    from publisher.scripts import writing

    css = font_face_css(writings=[writing("Khmr")])
    html = f"<style>{css} p {{ font-family: 'Noto Serif Khmer' }}</style><p lang=km>ក្រុង\u200bភ្ជាប់</p>"
    data = HTML(string=html).write_pdf()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        content = pdf.pages[0].Contents.read_bytes() if "/Contents" in pdf.pages[0] else b""
    return "ក្រុងភ្ជាប់".encode("utf-16-be").hex().encode() in content.lower()
