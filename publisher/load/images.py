"""Raster images as the printer needs them: readable, and within a sane number of pixels.

Checked when the chapters are gathered (``publisher check`` and every build), before anything is
rendered: an image WeasyPrint cannot load would otherwise be a warning with an empty reason and a
printer's PDF silently without the figure; a header promising gigapixels would take the memory of
the machine when decoded. Only the header is decoded, and the file's structure verified (chunk
checksums for PNG), so the check costs what the file's bytes cost, not what its pixels would.
(Resolution at the placed size is the preflight's, after layout: ``publisher/pdf/preflight.py``.)
"""

from __future__ import annotations

import base64
import binascii
import io
import struct
import warnings
from pathlib import Path
from typing import IO

MAX_PIXELS = 60_000_000
"""60 megapixels: a full A2 poster at 300 dpi (4961 x 7016 = 35 MP) with room to spare."""

_CACHE: dict[tuple[str, int, int], str | None] = {}


def image_problem(path: Path) -> str | None:
    """Why the image file at ``path`` cannot be printed, or None (SVG is checked elsewhere)."""
    if path.suffix.lower() in (".svg", ".svgz"):
        return None
    try:
        stat = path.stat()
    except OSError as exc:
        return exc.strerror or "cannot be read"
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        try:
            with path.open("rb") as stream:
                _CACHE[key] = _problem(stream)
        except OSError as exc:
            _CACHE[key] = exc.strerror or "cannot be read"
    return _CACHE[key]


def data_url_problem(src: str) -> str | None:
    """Why a ``data:`` URL image cannot be printed, or None (``data:image/svg+xml`` is not checked)."""
    header, _, payload = src.partition(",")
    if "svg" in header.lower():
        return None
    if not header.lower().endswith(";base64"):
        return "a data: URL image must be base64-encoded"
    try:
        raw = base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError) as exc:
        return f"invalid base64 ({exc})"
    return _problem(io.BytesIO(raw))


def _problem(stream: IO[bytes]) -> str | None:
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        # Pillow warns (and refuses past twice its own limit) about decompression bombs: ours is lower.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(stream) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return (
                        f"{width:,} x {height:,} pixels ({width * height / 1e6:,.0f} megapixels; "
                        f"the limit is {MAX_PIXELS / 1e6:,.0f}): scale it to the size it is printed at"
                    )
                if width == 0 or height == 0:
                    return "it has no pixels"
                image.verify()
        except Image.DecompressionBombError:
            # Pillow refuses before telling the size: past twice its own limit, far past ours
            return (
                f"more than {2 * (Image.MAX_IMAGE_PIXELS or 0) / 1e6:,.0f} megapixels "
                f"(the limit is {MAX_PIXELS / 1e6:,.0f}): scale it to the size it is printed at"
            )
        except UnidentifiedImageError:
            return "not an image format the printer can read (PNG, JPEG, GIF, WebP or TIFF; or SVG)"
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
            # Pillow's plug-ins report a damaged file with these (SyntaxError: "broken PNG file").
            return f"damaged image file ({exc or type(exc).__name__})"
    return None
