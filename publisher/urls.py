"""The URL jail: what a chapter, template or stylesheet may point at.

Only the project's own files (and the installed font packages) are ever read.
Network URLs, ``file:`` URLs, absolute paths, ``..`` escapes, symlinks that leave
the project and oversized ``data:`` URLs are refused with a located error.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_DATA_URL = 64 * 1024
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def check_resource(src: str, root: Path, base_dir: Path) -> str | None:
    """Why ``src`` (an image or resource reference) is refused, or None when it is fine.

    Relative paths are resolved against ``base_dir`` and must stay inside ``root``.
    """
    src = src.strip()
    if not src:
        return "empty resource URL"
    match = SCHEME.match(src)
    if match:
        scheme = match.group(1).lower()
        if scheme == "figure":
            return None
        if scheme == "data":
            if len(src) > MAX_DATA_URL:
                return f"refused data: URL of {len(src):,} characters (limit {MAX_DATA_URL:,})"
            return None
        return f"refused URL {src[:80]!r}: only files inside the project can be used ({scheme}: is not allowed)"
    if src.startswith(("/", "\\", "//")):
        return f"refused path {src[:80]!r}: absolute paths are not allowed; use a path relative to the chapter"
    path = (base_dir / unquote(urlsplit(src).path)).resolve()
    root = root.resolve()
    if not path.is_relative_to(root):
        return f"refused path {src[:80]!r}: it leads outside the project"
    if not path.exists():
        return f"missing file {src[:80]!r}"
    return None


def inside(path: Path, roots: list[Path]) -> bool:
    """Whether ``path`` (symlinks resolved) lies inside one of ``roots``."""
    real = path.resolve()
    return any(real.is_relative_to(r.resolve()) for r in roots)
