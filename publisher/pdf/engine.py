"""WeasyPrint: a URL jail, deterministic output, warnings as problems.

WeasyPrint is used through its public API, with the corrections of
``publisher.pdf.patches`` applied first (the pinned version only; a warning otherwise).
WeasyPrint (and its 0.5 s import) is loaded only when a PDF must be drawn.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.load.urls import MAX_DATA_URL, inside
from publisher.theme import is_theme_file


@dataclass
class LayoutLog:
    """What WeasyPrint complained about while rendering one edition."""

    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def missing_glyphs(self) -> list[str]:
        """WeasyPrint 70: '.notdef glyph rendered for Unicode string unsupported by fonts: "X" (U+…)'."""
        return [w for w in self.warnings if "glyph" in w.lower()]


class _Collect(logging.Handler):
    def __init__(self, log: LayoutLog):
        super().__init__(logging.WARNING)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        self.log.warnings.append(record.getMessage())


@contextmanager
def collected_warnings(log: LayoutLog) -> Iterator[None]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect(log)
    logger.addHandler(handler)
    old = logger.propagate
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = old


def jailed_fetcher(roots: list[Path], log: LayoutLog) -> Any:
    """A WeasyPrint URL fetcher that serves only files inside ``roots`` (and the built-in theme's files)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class JailedFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                if len(url) > MAX_DATA_URL:
                    log.refused.append(url[:60] + "…")
                    raise ValueError("data: URL too large")
                return super().fetch(url, headers)
            if url.startswith("file://"):
                from urllib.parse import unquote, urlsplit

                path = Path(unquote(urlsplit(url).path))
                if path.is_file() and (inside(path, roots) or is_theme_file(path)):
                    data = path.read_bytes()
                    return URLFetcherResponse(url, data, {}, 200)
            log.refused.append(url)
            raise ValueError(f"refused: {url}")

    return JailedFetcher()


DIGITAL_PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}
"""``write_pdf`` options of the digital PDF: PDF/UA-1 (WeasyPrint 70's variant; it implies ``pdf_tags``)."""


@dataclass
class PdfResult:
    data: bytes
    pages: int
    log: LayoutLog


def lay_out_pdf(
    html: str,
    base_dir: Path,
    roots: list[Path],
    *,
    identifier: str,
    mode: str,
    extra_options: dict[str, Any] | None = None,
    stylesheets: list[str] | None = None,
) -> PdfResult:
    """Render one edition's HTML to PDF bytes.

    ``mode`` is ``print`` (the printer's PDF) or ``pdf`` (digital, tagged). The PDF
    identifier is derived from ``identifier`` so that builds are reproducible.
    ``stylesheets`` are extra CSS texts (e.g. the print's ``@color-profile`` rule).
    """
    import weasyprint

    from publisher.pdf import patches

    log = LayoutLog()
    log.warnings.extend(patches.apply())
    options: dict[str, Any] = {
        "pdf_identifier": hashlib.sha256(identifier.encode()).hexdigest()[:32].encode(),
    }
    if mode == "pdf":
        # PDF/UA-1: tagged, pdfuaid:part 1 in the XMP, DisplayDocTitle, /Tabs /S (docs/accessibility.md);
        # publisher.pdf.accessibility finishes what WeasyPrint leaves out
        options.update(DIGITAL_PDF_OPTIONS)
    options.update(extra_options or {})
    with collected_warnings(log):
        fetcher = jailed_fetcher(roots, log)
        color_profiles: dict[str, Any] = {}
        sheets = [
            weasyprint.CSS(
                string=css, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher, color_profiles=color_profiles
            )
            for css in stylesheets or []
        ]
        pushed: list[str] = []
        for _ in range(2):
            # A note that does not fit may be deferred by WeasyPrint to the next page while
            # its call stays: then the calling paragraph starts the next page, and we retry.
            push = [weasyprint.CSS(string="".join(f"#{p} {{ break-before: page; }}" for p in pushed))]
            document = weasyprint.HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher).render(
                stylesheets=sheets + push, color_profiles=color_profiles
            )
            misplaced = misplaced_footnotes(document)
            new = [p for p, _ in misplaced if p and p not in pushed]
            if not new:
                break
            pushed.extend(new)
        for paragraph, page in misplaced:
            log.warnings.append(
                f"the footnote of paragraph #{paragraph} is not on the page of its call (page {page + 1})"
            )
        data = document.write_pdf(**options)
    return PdfResult(data, len(document.pages), log)


def misplaced_footnotes(document: Any) -> list[tuple[str, int]]:
    """(paragraph id, page index) of footnote calls whose note is on another page.

    WeasyPrint 70 defers notes to a later page when the footnote area has a margin or
    padding (see templates/print/document.css.j2); this check makes sure it never happens
    unnoticed.
    """
    calls: dict[str, tuple[int, str]] = {}
    bodies: dict[str, int] = {}

    def walk(box: Any, page: int, paragraph: str) -> None:
        element = getattr(box, "element", None)
        tag = getattr(box, "element_tag", "")
        if element is not None and tag == "p" and element.get("id"):
            paragraph = element.get("id")
        if element is not None and tag.startswith("span"):
            fid = element.get("id") or ""
            if tag == "span::footnote-call" and fid not in calls:
                calls[fid] = (page, paragraph)
            elif tag == "span" and "footnote" in (element.get("class") or "").split() and fid not in bodies:
                bodies[fid] = page
        for child in getattr(box, "children", None) or []:
            walk(child, page, paragraph)

    for number, page in enumerate(document.pages):
        walk(page._page_box, number, "")
    return [(paragraph, page) for fid, (page, paragraph) in calls.items() if fid in bodies and bodies[fid] != page]
