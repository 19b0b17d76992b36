"""Pictures the build draws for the web edition: social cards and the site's icons (Pillow).

A social card (1200×630 PNG, what a messaging app shows under a shared link) is the cover in
small: the cover's blue band with the title in white, the publication above it, and a white
foot with the publisher and the edition's language. The icons are the publication's initials
on the site header's colour. Each picture is a pure function of its texts, the colours, the
font files and :data:`VERSION`: drawn once into ``build/.cache/cards`` and reused.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from publisher.files import write_atomic
from publisher.fonts import FACES, SANS

VERSION = "2"
"""Part of every picture's cache key: change it when the drawing changes."""
COVER = "#0072b2"  # the cover band (the books' "accent" ink)
DARK = "#0a4a7a"  # the site header ("accent-dark")
PAPER = "#ffffff"
LIGHT = "#d9ecf7"
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
FOOT = 130


@dataclass(frozen=True)
class Card:
    """The texts of one social card."""

    title: str
    publication: str
    publisher: str
    language: str


def _font_path(weight: int) -> Path:
    return next(f.path for f in FACES if f.family == SANS and f.weight == weight and f.style == "normal")


def _key(*parts: str) -> str:
    digest = hashlib.sha256(VERSION.encode())
    for part in parts:
        digest.update(part.encode() + b"\0")
    for weight in (400, 600, 700):
        digest.update(hashlib.sha256(_font_path(weight).read_bytes()).digest())
    return digest.hexdigest()[:20]


def cached_picture(cache: Path, name: str, key_parts: tuple[str, ...], draw: object) -> Path:
    """The cached PNG for ``key_parts``, drawn by ``draw()`` (→ bytes) when it is not there yet."""
    path = cache / f"{name}.{_key(*key_parts)}.png"
    if not path.is_file():
        assert callable(draw)
        write_atomic(path, draw())
    return path


def card_file(card: Card, cache: Path) -> Path:
    """The card's PNG in the cache (drawn when missing)."""
    parts = (card.title, card.publication, card.publisher, card.language)
    return cached_picture(cache, "card", parts, lambda: draw_card(card))


def icon_file(initials: str, size: int, cache: Path) -> Path:
    return cached_picture(cache, f"icon-{size}", (initials, str(size)), lambda: draw_icon(initials, size))


def _wrap(draw: object, text: str, font: object, width: int) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (a word longer than a line stands alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:  # type: ignore[attr-defined]
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _png(image: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")  # type: ignore[attr-defined]
    return out.getvalue()


def draw_card(card: Card) -> bytes:
    """The card as PNG bytes."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH, HEIGHT), COVER)
    draw = ImageDraw.Draw(image)
    kicker = ImageFont.truetype(str(_font_path(600)), 30)
    for n, line in enumerate(_wrap(draw, card.publication, kicker, WIDTH - 2 * MARGIN)[:2]):
        draw.text((MARGIN, 64 + n * 40), line, font=kicker, fill=LIGHT)
    room = HEIGHT - FOOT - 170 - 40
    for size in (68, 60, 54, 48, 42, 36):  # the largest size at which the title fits
        font = ImageFont.truetype(str(_font_path(700)), size)
        lines = _wrap(draw, card.title, font, WIDTH - 2 * MARGIN)
        if len(lines) * size * 1.15 <= room:
            break
    for n, line in enumerate(lines):
        draw.text((MARGIN, 170 + n * size * 1.15), line, font=font, fill=PAPER)
    draw.rectangle((0, HEIGHT - FOOT, WIDTH, HEIGHT), fill=PAPER)
    label = ImageFont.truetype(str(_font_path(700)), 30)
    width = draw.textlength(card.language, font=label)
    right = WIDTH - MARGIN
    space = right - width - 48 - 32 - MARGIN  # the publisher's name stops short of the language
    for size in (28, 24, 20, 17):
        small = ImageFont.truetype(str(_font_path(600)), size)
        if draw.textlength(card.publisher, font=small) <= space:
            break
    draw.text((MARGIN, HEIGHT - FOOT / 2), card.publisher, font=small, fill=DARK, anchor="lm")
    draw.rounded_rectangle(
        (right - width - 48, HEIGHT - FOOT / 2 - 30, right, HEIGHT - FOOT / 2 + 30), radius=8, fill=DARK
    )
    draw.text((right - width / 2 - 24, HEIGHT - FOOT / 2), card.language, font=label, fill=PAPER, anchor="mm")
    return _png(image)


def initials(title: str) -> str:
    """Up to three capitals (and ``&``) of the title's first part: ``Together&Stronger: …`` → ``T&S``."""
    short = title.split(":")[0]
    letters = "".join(c for c in short if c.isupper() or c == "&")[:3]
    return letters or (short.strip()[:1].upper() or "·")


def draw_icon(letters: str, size: int) -> bytes:
    """A square icon: ``letters`` in white on the header's colour, as PNG bytes."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (size, size), DARK)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(_font_path(700)), int(size * (0.5 if len(letters) < 3 else 0.36)))
    draw.text((size / 2, size / 2), letters, font=font, fill=PAPER, anchor="mm")
    return _png(image)


def icon_svg(letters: str) -> str:
    """The favicon as SVG (it scales to every size a browser asks for)."""
    from html import escape

    size = 30 if len(letters) < 3 else 22
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="12" fill="{DARK}"/>'
        f'<text x="32" y="33" fill="{PAPER}" font-family="Source Sans Pro, Arial, sans-serif" font-weight="700" '
        f'font-size="{size}" text-anchor="middle" dominant-baseline="central">{escape(letters)}</text></svg>\n'
    )
