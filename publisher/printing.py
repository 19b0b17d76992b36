"""Print production: the printer's PDF after WeasyPrint (page count for the binding)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any


def finish_print_pdf(data: bytes, edition: Any, base_dir: Path) -> tuple[bytes, int]:
    """Post-process the printer's PDF; returns (bytes, page count)."""
    from pypdf import PdfReader

    return data, len(PdfReader(io.BytesIO(data)).pages)
