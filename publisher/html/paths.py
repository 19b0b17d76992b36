"""The web edition's URL scheme: where each page is (``*_path``), relative links between pages (:func:`rel`),
and :class:`SitePage`, a page or file of the site at its path, before it is written."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path


@dataclass
class SitePage:
    """One page of the web edition, before it is written."""

    path: str
    """Relative to build/html, POSIX style: ``tr/report/methodology.html``."""
    html: str
    source: Path | None = None
    """A file copied as it is (a PDF download) instead of ``html``."""


def rel(from_page: str, to: str) -> str:
    """A relative URL from one site page to another site path."""
    return posixpath.relpath(to, posixpath.dirname(from_page) or ".")


def chapter_path(lang: str, doc: str, slug: str) -> str:
    return f"{lang}/{doc}/{slug}.html"


def index_path(lang: str, doc: str) -> str:
    return f"{lang}/{doc}/index.html"


def search_path(lang: str) -> str:
    return f"{lang}/search.html"


def statement_path(lang: str) -> str:
    return f"{lang}/accessibility.html"


def search_index_path(lang: str, doc: str) -> str:
    return f"assets/search/{lang}.{doc}.js"
