"""The tiny publication of tests/fixtures/tiny (one short chapter per language, one document, A5 pages),
with the built-in theme: small enough for the real engines (WeasyPrint, preflight, print runs)
to build every edition in a few seconds."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tiny"


def copy_tiny(target: Path) -> Path:
    """Copy the tiny publication into ``target`` (its templates: the built-in theme)."""
    shutil.copytree(FIXTURE, target)
    return target


def valid_pdf(data: bytes) -> bool:
    """A complete PDF: header, end-of-file marker, and at least one page pypdf can read."""
    from pypdf import PdfReader

    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
        return False
    return len(PdfReader(io.BytesIO(data)).pages) > 0
