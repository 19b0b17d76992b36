"""Writing the web edition into ``build/html``: each page and file written only when its bytes changed,
the fonts of earlier builds and the pages of chapters that no longer exist removed."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from publisher import theme
from publisher.files import write_if_changed
from publisher.html.paths import SitePage


def write_site(out: Path, pages: list[SitePage], templates: Path, chart_files: dict[str, Path]) -> list[str]:
    """Write ``pages`` (and the charts' drawings ``chart_files``, the theme's scripts as ``templates``
    overrides them) into ``out``; returns the paths of the pages that changed.

    Unchanged files are left alone: a live preview rewrites only what an edit changed.
    """
    written = [
        page.path
        for page in pages
        if write_if_changed(out / page.path, page.source.read_bytes() if page.source is not None else page.html)
    ]
    _remove_old_fonts(out, pages)
    for name, source in chart_files.items():
        write_if_changed(out / "assets" / "figures" / name, source.read_bytes())
    for script in theme.glob(templates, "web/*.js"):
        write_if_changed(out / "assets" / script.name, script.read_bytes())
    _remove_old_pages(out, pages)
    return written


def _remove_old_fonts(out: Path, pages: list[SitePage]) -> None:
    """Fonts are named by their content: those of an earlier build go."""
    kept = {p.path for p in pages}
    for font in sorted((out / "assets" / "fonts").glob("*")):
        if font.relative_to(out).as_posix() not in kept:
            font.unlink()


def _remove_old_pages(out: Path, pages: list[SitePage]) -> None:
    """Remove the pages of chapters that no longer exist — only in the editions this build wrote."""
    wanted = {os.path.normpath(out / p.path) for p in pages}
    built = {posixpath.dirname(p.path) for p in pages if p.path.endswith("/index.html")}
    for html in out.rglob("*.html"):
        relative = html.relative_to(out).as_posix()
        if posixpath.dirname(relative) in built and relative.count("/") == 2 and os.path.normpath(html) not in wanted:
            html.unlink()
