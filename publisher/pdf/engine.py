"""WeasyPrint: a URL jail, deterministic output, warnings as problems.

WeasyPrint is used through its public API, with the corrections of
``publisher.pdf.patches`` applied first (the pinned version only; a warning otherwise).
WeasyPrint (and its 0.5 s import) is loaded only when a PDF must be drawn.
"""

from __future__ import annotations

import hashlib
import logging
import time
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


@dataclass
class PdfResult:
    data: bytes
    pages: int
    log: LayoutLog


@dataclass
class Layout:
    """One book laid out once: the WeasyPrint document both of its PDFs are written from."""

    document: Any
    base_dir: Path
    roots: list[Path]
    log: LayoutLog
    page_layouts: int
    """Pages WeasyPrint laid out (``make_page`` calls) to get there, relayouts included."""
    seconds: float

    @property
    def pages(self) -> int:
        return len(self.document.pages)


def lay_out(html: str, base_dir: Path, roots: list[Path]) -> Layout:
    """Lay out one book's HTML with WeasyPrint, once (see :func:`write_pdf` for its PDFs)."""
    import weasyprint

    from publisher.pdf import patches
    from publisher.pdf.footnotes import misplaced_footnotes
    from publisher.pdf.relayout import layout_counter

    start = time.perf_counter()
    log = LayoutLog()
    log.warnings.extend(patches.apply())
    with collected_warnings(log), layout_counter() as count:
        fetcher = jailed_fetcher(roots, log)
        pushed: list[str] = []
        for _ in range(2):
            # A note that does not fit may be deferred by WeasyPrint to the next page while
            # its call stays: then the calling paragraph starts the next page, and we retry.
            push = [weasyprint.CSS(string="".join(f"#{p} {{ break-before: page; }}" for p in pushed))]
            document = weasyprint.HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher).render(
                stylesheets=push
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
    return Layout(document, base_dir, roots, log, count.pages, time.perf_counter() - start)


def write_pdf(
    layout: Layout,
    *,
    identifier: str,
    options: dict[str, Any] | None = None,
    profile_css: str = "",
    bleed: bool = True,
    finisher: Any = None,
    extra_roots: list[Path] | None = None,
    output_intent: str | None = None,
) -> bytes:
    """Write a PDF of ``layout``: WeasyPrint's ``write_pdf`` ``options`` and ``finisher``.

    ``profile_css``: ``@color-profile`` rules whose profiles the PDF embeds (the printer's
    output intent, read from ``extra_roots`` too); none otherwise. ``bleed=False``: every
    page's MediaBox is its trim, the bleed cut off. ``output_intent="device-cmyk"``: what
    WeasyPrint paints in no colour space of its own (transparency groups, gradients) is
    CMYK, as in a PDF/X file, with no profile embedded. The PDF identifier derives from
    ``identifier``.
    """
    import weasyprint

    document = layout.document
    settings: dict[str, Any] = {
        "pdf_identifier": hashlib.sha256(identifier.encode()).hexdigest()[:32].encode(),
        **(options or {}),
    }
    profiles: dict[str, Any] = {}
    with collected_warnings(layout.log):
        if profile_css:
            fetcher = jailed_fetcher([*layout.roots, *(extra_roots or [])], layout.log)
            weasyprint.CSS(
                string=profile_css,
                base_url=layout.base_dir.as_uri() + "/",
                url_fetcher=fetcher,
                color_profiles=profiles,
            )
        saved = document.color_profiles, [page.bleed for page in document.pages], document.output_intent
        document.color_profiles, document.output_intent = profiles, output_intent
        if not bleed:
            for page in document.pages:
                page.bleed = {side: 0 for side in page.bleed}
        try:
            return bytes(document.write_pdf(finisher=finisher, **settings))
        finally:
            document.color_profiles, document.output_intent = saved[0], saved[2]
            for page, page_bleed in zip(document.pages, saved[1], strict=True):
                page.bleed = page_bleed


def pdfx_metadata(layout: Layout, date: str) -> bytes:
    """The XMP metadata WeasyPrint writes into a PDF/X-4 file of ``layout`` (its ``pdf/x-4`` variant),
    dated ``date`` when the document names no modification date."""
    metadata = layout.document.metadata
    saved = metadata.modified
    metadata.modified = saved or date
    try:
        rdf = metadata.generate_rdf_metadata("x", 4, "PDF/X-4")
    finally:
        metadata.modified = saved
    header = b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    return b"\n".join((header, rdf, *metadata.xmp_metadata, b'</x:xmpmeta>\n<?xpacket end="r"?>'))


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
    """Lay out ``html`` and write one PDF: ``mode`` ``pdf`` is tagged, ``print`` is not.

    ``stylesheets``: ``@color-profile`` rules for the PDF's output intent. (A book's two
    PDFs are written from one :func:`lay_out` by ``publisher.pipeline.workers``.)
    """
    layout = lay_out(html, base_dir, roots)
    options = {"pdf_tags": True} if mode == "pdf" else {}
    options.update(extra_options or {})
    data = write_pdf(layout, identifier=identifier, options=options, profile_css="".join(stylesheets or []))
    return PdfResult(data, layout.pages, layout.log)
