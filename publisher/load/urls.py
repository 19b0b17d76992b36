"""The URL jail: what a chapter, template or stylesheet may point at.

Only the project's own files (and the installed font packages, and the built-in theme's
files: :mod:`publisher.theme`) are ever read.
Network URLs, ``file:`` URLs, absolute paths, ``..`` escapes, symlinks that leave
the project and oversized ``data:`` URLs are refused with a located error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from publisher.theme import THEME_DIR, is_theme_file

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
    if not path.is_relative_to(root) and not is_theme_file(path):
        return f"refused path {src[:80]!r}: it leads outside the project"
    if not path.exists():
        return f"missing file {src[:80]!r}"
    if path.suffix.lower() in (".svg", ".svgz"):
        problem = svg_problem(path, root)
        if problem:
            return problem
    return None


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""", re.IGNORECASE)
MAX_SVG_BYTES = 20 * 1024 * 1024


def css_urls(text: str) -> list[tuple[int, str]]:
    """(line, URL) of every ``url(…)`` and ``@import "…"`` in a stylesheet's text."""
    found = []
    for match in CSS_URL.finditer(text):
        url = match.group(2) if match.group(2) is not None else match.group(4)
        found.append((text.count("\n", 0, match.start()) + 1, url or ""))
    return found


def svg_problem(path: Path, root: Path) -> str | None:
    """Why an SVG file in the project is refused: it references something outside the project
    (``href``, ``xlink:href``, ``src``, CSS ``url()``/``@import``), or is not readable SVG."""
    import xml.etree.ElementTree as ET

    try:
        if path.stat().st_size > MAX_SVG_BYTES:
            return f"refused SVG {path.name!r}: larger than {MAX_SVG_BYTES // 1024 // 1024} MB"
        data = path.read_bytes()
        if b"<!ENTITY" in data or b"<!DOCTYPE" in data.upper():
            return f"refused SVG {path.name!r}: DTDs and entities are not allowed in images"
        tree = ET.fromstring(data)
    except (OSError, ET.ParseError) as exc:
        return f"refused SVG {path.name!r}: not readable XML ({exc})"
    for element in tree.iter():
        refs: list[str] = []
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local in ("href", "src"):
                refs.append(value)
            elif local == "style" or "url(" in value:
                refs.extend(url for _, url in css_urls(value))
        if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] == "style" and element.text:
            refs.extend(url for _, url in css_urls(element.text))
        for ref in refs:
            ref = ref.strip()
            if not ref or ref.startswith("#"):
                continue
            if ref.lower().endswith((".svg", ".svgz")) and not SCHEME.match(ref):
                # an SVG that includes an SVG: check the path only (no recursion loops)
                target = (path.parent / unquote(urlsplit(ref).path)).resolve()
                if not target.is_relative_to(root.resolve()):
                    return f"refused SVG {path.name!r}: it references {ref[:80]!r}, outside the project"
                continue
            why = check_resource(ref, root, path.parent)
            if why:
                return f"refused SVG {path.name!r}: it references {ref[:80]!r} ({why})"
    return None


def check_template_urls(templates_dir: Path, root: Path) -> list[tuple[Path, int, str]]:
    """Every ``url()``/``@import`` in the designer's templates — the project's, and the theme's it does
    not override — that points outside the project (the theme's own files are allowed).

    Values written as Jinja expressions are filled in by the build (fonts, charts) and are
    checked by the PDF URL jail instead.
    """
    problems: list[Any] = []
    files: dict[str, Path] = {}
    for folder in (THEME_DIR, templates_dir):
        if folder.is_dir():
            files.update((p.relative_to(folder).as_posix(), p) for p in folder.rglob("*"))
    for _, path in sorted(files.items()):
        if not path.is_file() or path.suffix not in (".css", ".j2", ".html", ".svg"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for line, url in css_urls(text):
            if "{{" in url or "{%" in url:
                continue
            why = check_resource(url, root, path.parent)
            if why:
                problems.append((path, line, why))
    return problems


def inside(path: Path, roots: list[Path]) -> bool:
    """Whether ``path`` (symlinks resolved) lies inside one of ``roots``."""
    real = path.resolve()
    return any(real.is_relative_to(r.resolve()) for r in roots)


def locate_text(needle: str, folder: Path) -> tuple[Path, int] | None:
    """The first file and line under ``folder`` that holds ``needle`` (to locate a refused URL)."""
    if not needle or not folder.is_dir():
        return None
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.stat().st_size < 5 * 1024 * 1024:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            index = text.find(needle)
            if index >= 0:
                return path, text.count("\n", 0, index) + 1
    return None


def resolve_resource(src: str, base_dir: Path) -> Path | None:
    """The file a relative ``src`` (already accepted by :func:`check_resource`) points at."""
    if SCHEME.match(src.strip()) or src.strip().startswith(("/", "\\")):
        return None
    return (base_dir / unquote(urlsplit(src.strip()).path)).resolve()
