"""Preflight: what a printer checks before accepting a PDF, checked here first.

:func:`preflight_file` opens a printer's PDF with pikepdf and reports its PDF/X version and output
intent, its trim and bleed, fonts not embedded, RGB anywhere (content streams, form XObjects, patterns,
images, shadings, transparency groups), images under 300 dpi at their placed size, and a page count the
binding cannot take. Every problem is ``build/print/report.tr.pdf: error: page 7: …``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.diagnostics import Problem, display_path
from publisher.files import write_if_changed
from publisher.pdf.composition_report import add_composition
from publisher.pdf.prepress import MM, binding_problems, binding_warnings, is_blank_page

MIN_DPI = 300
TOLERANCE_MM = 0.05


@dataclass
class PreflightReport:
    """What preflight found in one printer's PDF."""

    path: Path
    pdfx: str = ""
    output_intent: str = ""
    pages: int = 0
    blank_pages: int = 0
    trim_mm: tuple[float, float] = (0.0, 0.0)
    bleed_mm: float = 0.0
    fonts: int = 0
    images: int = 0
    composition: int = 0  # composition faults (stranded headings, widows, page-end hyphens…), each a warning
    problems: list[Problem] = field(default_factory=list)

    def error(self, message: str, page: int = 0) -> None:
        where = f"page {page}: " if page else ""
        problem = Problem(display_path(self.path), 0, where + message, "error")
        if problem not in self.problems:  # one line per distinct problem and page
            self.problems.append(problem)

    def warning(self, message: str, page: int = 0) -> None:
        where = f"page {page}: " if page else ""
        self.problems.append(Problem(display_path(self.path), 0, where + message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _matrix_mul(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    """a × b for PDF matrices [a b c d e f]."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _is_rgb_space(space: Any, resources: Any = None) -> bool:
    import pikepdf

    if isinstance(space, pikepdf.Name):
        if str(space) in ("/DeviceRGB", "/RGB", "/CalRGB"):
            return True
        spaces = resources.get("/ColorSpace") if isinstance(resources, pikepdf.Dictionary) else None
        named = spaces.get(space) if isinstance(spaces, pikepdf.Dictionary) else None
        return named is not None and _is_rgb_space(named)
    if isinstance(space, pikepdf.Array) and len(space) >= 2:
        family = str(space[0])
        if family == "/ICCBased":
            return int(space[1].stream_dict.get("/N", 0)) == 3
        if family == "/CalRGB":
            return True
        if family in ("/Indexed", "/I"):
            return _is_rgb_space(space[1], resources)
        if family in ("/Separation", "/DeviceN") and len(space) >= 3:
            return _is_rgb_space(space[2], resources)
    return False


class _PageWalker:
    """Walks one page's content streams (and the forms they draw) with the CTM."""

    def __init__(self, report: PreflightReport, page_number: int):
        self.report = report
        self.page = page_number
        self.seen_forms: set[tuple[int, int]] = set()
        self.fonts: dict[tuple[int, int], str] = {}

    def walk(self, stream: Any, resources: Any, ctm: tuple[float, ...], where: str) -> None:
        import pikepdf

        stack: list[tuple[float, ...]] = []
        for instruction in pikepdf.parse_content_stream(stream):
            operands, operator = instruction  # type: ignore[misc]
            op = str(operator)
            if op == "q":
                stack.append(ctm)
            elif op == "Q":
                ctm = stack.pop() if stack else ctm
            elif op == "cm" and len(operands) == 6:
                ctm = _matrix_mul(tuple(float(v) for v in operands), ctm)
            elif op in ("rg", "RG"):
                values = " ".join(f"{float(v):g}" for v in operands)
                self.report.error(f"RGB colour ({values} {op}) in {where}", self.page)
            elif op in ("cs", "CS") and operands:
                if _is_rgb_space(operands[0], resources):
                    self.report.error(f"RGB colour space {operands[0]} in {where}", self.page)
            elif op == "sh" and operands:
                shading = resources.get("/Shading", {}).get(operands[0]) if resources is not None else None
                if shading is not None and _is_rgb_space(shading.get("/ColorSpace"), resources):
                    self.report.error(f"RGB shading {operands[0]} in {where}", self.page)
            elif op == "Do" and operands:
                xobject = resources.get("/XObject", {}).get(operands[0]) if resources is not None else None
                if xobject is not None:
                    self._xobject(xobject, str(operands[0]), resources, ctm, where)
            elif op == "Tf" and operands and resources is not None:
                font = resources.get("/Font", {}).get(operands[0])
                if font is not None and font.objgen not in self.fonts:
                    self.fonts[font.objgen] = str(font.get("/BaseFont", operands[0]))
                    self._font(font)
            elif op == "INLINE IMAGE":
                self._inline_image(operands, ctm, where)

    def _xobject(self, xobject: Any, name: str, resources: Any, ctm: tuple[float, ...], where: str) -> None:
        subtype = xobject.stream_dict.get("/Subtype")
        if subtype == "/Image":
            self.report.images += 1
            self._image(xobject.stream_dict, name, ctm, where)
        elif subtype == "/Form":
            matrix = tuple(float(v) for v in xobject.stream_dict.get("/Matrix", [1, 0, 0, 1, 0, 0]))
            own = xobject.stream_dict.get("/Resources", resources)
            group = xobject.stream_dict.get("/Group")
            if group is not None and _is_rgb_space(group.get("/CS"), own):
                self.report.error(f"RGB transparency group in form XObject {name}", self.page)
            self.walk(xobject, own, _matrix_mul(matrix, ctm), f"form XObject {name}")

    def _image(self, image: Any, name: str, ctm: tuple[float, ...], where: str) -> None:
        if image.get("/ImageMask"):
            return
        if _is_rgb_space(image.get("/ColorSpace")):
            self.report.error(f"RGB image {name} in {where}", self.page)
        self._resolution(int(image.get("/Width", 0)), int(image.get("/Height", 0)), name, ctm)

    def _inline_image(self, operands: Any, ctm: tuple[float, ...], where: str) -> None:
        inline = operands[0]
        try:
            space = inline.obj.get("/ColorSpace", inline.obj.get("/CS"))
            if space is not None and str(space) in ("/DeviceRGB", "/RGB"):
                self.report.error(f"RGB inline image in {where}", self.page)
            self._resolution(int(inline.width), int(inline.height), "inline image", ctm)
        except (AttributeError, ValueError):
            pass

    def _resolution(self, width: int, height: int, name: str, ctm: tuple[float, ...]) -> None:
        placed_w = math.hypot(ctm[0], ctm[1]) / 72  # inches
        placed_h = math.hypot(ctm[2], ctm[3]) / 72
        if not width or not height or placed_w <= 0 or placed_h <= 0:
            return
        dpi = min(width / placed_w, height / placed_h)
        if dpi < MIN_DPI - 0.5:
            self.report.error(
                f"image {name} is {dpi:.0f} dpi at its placed size "
                f"({placed_w * 25.4:.0f}×{placed_h * 25.4:.0f} mm); print needs {MIN_DPI} dpi",
                self.page,
            )

    def _font(self, font: Any) -> None:
        name = str(font.get("/BaseFont", "?")).lstrip("/")
        subtype = str(font.get("/Subtype"))
        if subtype == "/Type3":
            return
        descendants = font.get("/DescendantFonts")
        target = descendants[0] if subtype == "/Type0" and descendants else font
        descriptor = target.get("/FontDescriptor")
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            self.report.error(f"font {name} is not embedded", self.page)


def _boxes(
    report: PreflightReport, page: Any, number: int, trim_expected: tuple[float, float], bleed_expected: float
) -> None:
    obj = page.obj
    for key in ("/TrimBox", "/BleedBox"):
        if key not in obj:
            report.error(f"no {key[1:]}", number)
            return
    trim = [float(v) for v in obj.TrimBox]
    bleed = [float(v) for v in obj.BleedBox]
    media = [float(v) for v in obj.MediaBox]
    width, height = (trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM
    if number == 1:
        report.trim_mm = (round(width, 1), round(height, 1))
    if abs(width - trim_expected[0]) > TOLERANCE_MM * 4 or abs(height - trim_expected[1]) > TOLERANCE_MM * 4:
        report.error(
            f"trim is {width:.1f}×{height:.1f} mm, publication.yaml says {trim_expected[0]:g}×{trim_expected[1]:g} mm",
            number,
        )
    sides = [(trim[0] - bleed[0]) / MM, (trim[1] - bleed[1]) / MM, (bleed[2] - trim[2]) / MM, (bleed[3] - trim[3]) / MM]
    if number == 1:
        report.bleed_mm = round(min(sides), 2)
    if any(abs(s - bleed_expected) > TOLERANCE_MM for s in sides):
        report.error(
            f"bleed is {', '.join(f'{s:.2f}' for s in sides)} mm (left, bottom, right, top); "
            f"{bleed_expected:g} mm needed",
            number,
        )
    if any(bleed[i] < media[i] - 0.01 for i in (0, 1)) or any(bleed[i] > media[i] + 0.01 for i in (2, 3)):
        report.error("BleedBox extends beyond the MediaBox", number)


def _pdfx(report: PreflightReport, pdf: Any) -> None:
    import pikepdf

    try:
        with pdf.open_metadata() as meta:
            report.pdfx = str(meta.get("pdfxid:GTS_PDFXVersion", "") or "")
    except Exception:  # unreadable XMP is reported below as no PDF/X version
        report.pdfx = ""
    if not report.pdfx.startswith("PDF/X-4"):
        report.error(f"not PDF/X-4 (XMP pdfxid:GTS_PDFXVersion is {report.pdfx or 'missing'!r})")
    intents = pdf.Root.get("/OutputIntents")
    intent = next((i for i in intents or [] if i.get("/S") == "/GTS_PDFX"), None)
    if intent is None:
        report.error("no PDF/X output intent")
        return
    report.output_intent = f"{intent.get('/OutputConditionIdentifier', '')} ({intent.get('/Info', '')})"
    profile = intent.get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream) or int(profile.stream_dict.get("/N", 0)) != 4:
        report.error("the output intent has no embedded CMYK profile (DestOutputProfile with N 4)")


def _page_groups(report: PreflightReport, page: Any, number: int) -> None:
    group = page.obj.get("/Group")
    if group is not None and _is_rgb_space(group.get("/CS"), page.obj.get("/Resources")):
        report.error("RGB page transparency group", number)


def preflight_file(
    path: Path,
    *,
    trim_mm: tuple[float, float],
    bleed_mm: float,
    binding: str,
    signature: int,
    cover_pages: int = 0,
    saddle_max: int = 64,
) -> PreflightReport:
    """Check one printer's PDF against PDF/X-4, the trim, the bleed and the binding (``binding``
    ``none``: a cover spread, one sheet; ``cover_pages``: those of a separate cover, bound with it)."""
    import pikepdf

    report = PreflightReport(path)
    try:
        pdf = pikepdf.open(path)
    except (OSError, pikepdf.PdfError) as exc:
        report.error(f"cannot open: {exc}")
        return report
    with pdf:
        _pdfx(report, pdf)
        report.pages = len(pdf.pages)
        fonts: set[tuple[int, int]] = set()
        for number, page in enumerate(pdf.pages, start=1):
            if is_blank_page(page):
                report.blank_pages += 1
            _boxes(report, page, number, trim_mm, bleed_mm)
            _page_groups(report, page, number)
            walker = _PageWalker(report, number)
            walker.walk(page, page.obj.get("/Resources"), (1, 0, 0, 1, 0, 0), "page content")
            fonts.update(walker.fonts)
            # Forms or images present in resources but never drawn are still in the file.
            for name, xobject in _unused_images(page):
                if _is_rgb_space(xobject.stream_dict.get("/ColorSpace")):
                    report.error(f"RGB image {name} in the page resources", number)
        report.fonts = len(fonts)
        for message in binding_problems(report.pages, binding, signature):
            report.error(message)
        for message in binding_warnings(report.pages + cover_pages, binding, saddle_max):
            report.warning(message)
    return report


def _unused_images(page: Any) -> Iterator[tuple[str, Any]]:
    xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
    for name, xobject in xobjects.items():
        if xobject.stream_dict.get("/Subtype") == "/Image":
            yield str(name), xobject


def preflight_publication(
    publication: Any,
    build_dir: Path,
    *,
    missing_is_error: bool = True,
    use_cache: bool = True,
    fresh: dict[str, Any] | None = None,
) -> list[PreflightReport]:
    """Preflight every printer's PDF of the publication found in ``build/print``.

    A PDF whose bytes (and the print settings) are those of its last preflight is not read
    again: its stored report is used (``build/.cache/preflight.json``), or one of ``fresh``
    (file name → :func:`preflight_entry`: the build's workers preflight each PDF they write).
    """
    settings = publication.print
    reports = []
    cache_file = build_dir / ".cache" / "preflight.json" if use_cache else None
    known: dict[str, Any] = {}
    if cache_file is not None:
        try:
            loaded = json.loads(cache_file.read_text(encoding="utf-8"))
            known = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            known = {}
    known.update(fresh or {})
    from publisher.pdf.printruns import is_ordered

    for document in publication.documents:
        for lang in [lang for lang in document.languages if is_ordered(document, lang)]:
            path = build_dir / "print" / f"{document.id}.{lang}.pdf"
            if not path.is_file():
                if missing_is_error:
                    report = PreflightReport(path)
                    report.error("missing: run `publisher build -f print` first")
                    reports.append(report)
                continue
            report = _preflight_cached(path, settings, known)
            add_composition(report, path)
            reports.append(report)
            cover = path.with_name(path.stem + ".cover.pdf")
            if settings.cover == "separate" and (cover.is_file() or missing_is_error):  # missing: "cannot open"
                reports.append(_preflight_cached(cover, settings, known, report.pages))
    if cache_file is not None:
        write_if_changed(cache_file, json.dumps(known, indent=1, sort_keys=True))
    return reports


def _preflight_cached(path: Path, settings: Any, known: dict[str, Any], cover_for: int = 0) -> PreflightReport:
    """The report of ``path`` (``cover_for``: a cover spread, for a text block of that many pages),
    read from ``known`` when the file and the settings are unchanged; ``known`` gets the new one."""
    data = path.read_bytes() if path.is_file() else b""
    key = hashlib.sha256(data + repr(settings).encode() + str(cover_for).encode()).hexdigest()
    report = _from_cache(known.get(path.name), key, path) or _preflight(path, settings, cover_for)
    known[path.name] = _to_cache(report, key)
    return report


def _preflight(path: Path, settings: Any, cover_for: int) -> PreflightReport:
    """A text block against the print settings, or a cover spread (for ``cover_for`` pages) against its spread."""
    from publisher.pdf.cover import spread_size_mm

    trim = spread_size_mm(settings, cover_for) if cover_for else settings.trim_mm
    binding, signature = ("none", 0) if cover_for else (settings.binding, settings.signature)
    cover = 4 if settings.cover == "separate" else 0
    return preflight_file(
        path, trim_mm=trim, bleed_mm=settings.bleed_mm, binding=binding, signature=signature, cover_pages=cover,
        saddle_max=settings.saddle_max_pages,
    )  # fmt: skip


def preflight_entry(path: Path, data: bytes, settings: Any, cover_for: int = 0) -> dict[str, Any]:
    """The stored report of the printer's PDF ``data`` just written to ``path`` (``settings``: the
    publication's print settings; ``cover_for``: a cover spread for a text block of that many pages),
    as :func:`preflight_publication` keeps it."""
    key = hashlib.sha256(data + repr(settings).encode() + str(cover_for).encode()).hexdigest()
    return _to_cache(_preflight(path, settings, cover_for), key)


def _to_cache(report: PreflightReport, key: str) -> dict[str, Any]:
    fields = {f.name: getattr(report, f.name) for f in dataclasses.fields(report) if f.name not in ("path", "problems")}
    return {"key": key, "fields": fields, "problems": [[p.line, p.message, p.severity] for p in report.problems]}


def _from_cache(entry: Any, key: str, path: Path) -> PreflightReport | None:
    """The stored report of an unchanged PDF (same bytes, same settings); None otherwise."""
    try:
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        fields = dict(entry["fields"])
        fields["trim_mm"] = tuple(fields["trim_mm"])
        report = PreflightReport(path, **fields)
        report.problems = [
            Problem(display_path(path), int(line), str(message), severity)
            for line, message, severity in entry["problems"]
        ]
        return report
    except (KeyError, TypeError, ValueError):
        return None
