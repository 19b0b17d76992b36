"""Data charts: ``figures/<id>.yaml`` specs → one SVG per chart and language.

A spec names its numbers by *data paths* into the data context, never by literal
values, so a chart always shows what ``content/data`` and ``publication.yaml`` say::

    kind: grouped-bar            # bar | grouped-bar | stacked-bar | hbar | pie | donut | line
    format: number               # number | percent | currency:EUR  (value labels, ticks)
    title:  {tr: ..., it: ..., en: ...}
    source: {tr: ..., it: ..., en: ...}
    categories:
      - {tr: İzmir, it: Izmir, en: Izmir}
      - {tr: Molise, it: Molise, en: Molise}
    series:
      - name: {tr: Planlanan, it: Previsti, en: Planned}
        values: [data.survey.izmir.planned, data.survey.molise.planned]

The data context is ``{"data": {<file stem>: <parsed yaml>}, "publication": {...}}``
(see :func:`build_context`). The SVG keeps its text as ``<text>`` in Source Sans Pro
(the print PDF and the web edition embed that font), carries no title (the document's
caption does), and is byte-for-byte reproducible. :func:`render_all` re-renders a chart
only when something it depends on changed; with nothing changed it does not even import
matplotlib.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from publisher.diagnostics import Diagnostics, Problem, PublisherError, display_path
from publisher.load.yamlfile import KeyPath, LocatedYAML, load_yaml
from publisher.outputs import write_atomic

from . import palette

if TYPE_CHECKING:  # pragma: no cover - typing only; matplotlib is imported lazily
    from matplotlib.axes import Axes

__all__ = [
    "FONT_FAMILY",
    "KINDS",
    "LANGUAGES",
    "ChartSpec",
    "Series",
    "build_context",
    "data_table",
    "load_spec",
    "render_all",
    "render_svg",
    "resolve_path",
    "validate_spec",
]

#: Chart kinds a spec may ask for.
KINDS = ("bar", "grouped-bar", "stacked-bar", "hbar", "pie", "donut", "line")
#: Languages every text of a spec must be given in (unless ``load_spec`` is told otherwise).
LANGUAGES: tuple[str, ...] = ("tr", "it", "en")
#: The chart font; the files come from the ``font-source-sans-pro`` package.
FONT_FAMILY = "Source Sans Pro"
FONT_FILES = (
    "SourceSansPro-Regular.ttf",
    "SourceSansPro-It.ttf",
    "SourceSansPro-Semibold.ttf",
    "SourceSansPro-Bold.ttf",
)
#: Chart width: a ~150 mm text column at 96 % (6.3 in = 160 mm incl. tick labels' overhang).
WIDTH_IN = 6.3
HEIGHT_IN = 3.2
FONT_SIZE_PT = 9.0
CACHE_FILE = "figures-cache.json"
CACHE_VERSION = 1

_TOP_KEYS = {
    "kind",
    "format",
    "orientation",
    "decimals",
    "title",
    "source",
    "x_label",
    "y_label",
    "categories",
    "series",
}
_SERIES_KEYS = {"name", "values"}
_SPEC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FORMAT = re.compile(r"^(number|percent|currency:[A-Z]{3})$")
_SINGLE_SERIES = {"bar", "hbar", "pie", "donut"}
_WORDS: dict[str, dict[str, str]] = {
    "share": {"tr": "Pay", "it": "Quota", "en": "Share"},
    "total": {"tr": "Toplam", "it": "Totale", "en": "Total"},
}


# --------------------------------------------------------------------------
# Specs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One data series: a name per language and one data path per category."""

    name: dict[str, str]
    values: tuple[str, ...]
    """Data paths, e.g. ``data.survey.izmir.planned``; one per category."""


@dataclass(frozen=True)
class ChartSpec:
    """A parsed, structurally valid chart spec (data paths are checked by :func:`validate_spec`)."""

    id: str
    """The file stem: ``figures/interviews.yaml`` → ``interviews``."""
    path: Path
    kind: str
    format: str
    """``number``, ``percent`` (values are fractions) or ``currency:<ISO code>``."""
    title: dict[str, str]
    source: dict[str, str]
    categories: tuple[dict[str, str], ...]
    series: tuple[Series, ...]
    x_label: dict[str, str] | None = None
    """Label of the horizontal axis as drawn."""
    y_label: dict[str, str] | None = None
    """Label of the vertical axis as drawn."""
    orientation: str = "vertical"
    """``horizontal`` draws the bars of bar/grouped-bar/stacked-bar left to right (hbar is)."""
    decimals: int | None = None
    """Fraction digits of value labels (default: the format's own)."""
    raw: bytes = b""
    """The spec file's bytes (part of the render cache key)."""
    lines: dict[KeyPath, int] = field(default_factory=dict, compare=False, repr=False)
    """Source line of every key path of the spec, for messages."""

    def line(self, *keys: str | int) -> int:
        """The spec file's line of ``keys`` (or of the nearest enclosing key)."""
        key = tuple(keys)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)

    @property
    def horizontal(self) -> bool:
        """Whether bars run left to right."""
        return self.kind == "hbar" or self.orientation == "horizontal"

    @property
    def paths(self) -> list[str]:
        """Every data path the chart reads, in spec order (duplicates kept once)."""
        return list(dict.fromkeys(p for s in self.series for p in s.values))


def _texts(
    located: LocatedYAML,
    keys: KeyPath,
    value: Any,
    languages: Iterable[str],
    diag: Diagnostics,
    what: str,
) -> dict[str, str]:
    """Check a ``{lang: text}`` mapping; report missing and unknown languages."""
    line = located.line(*keys)
    if not isinstance(value, dict):
        diag.error(
            located.path,
            line,
            f"{what} must be a mapping of language to text, e.g. {{tr: ..., it: ..., en: ...}}",
        )
        return {}
    out: dict[str, str] = {}
    wanted = list(languages)
    known = [*wanted, *(lang for lang in LANGUAGES if lang not in wanted)]
    for lang, text in value.items():
        if lang not in known:
            diag.error(
                located.path,
                located.line(*keys, lang),
                f"{what}: unknown language {lang!r} (expected {', '.join(known)})",
            )
        elif not isinstance(text, (str, int, float)) or isinstance(text, bool) or str(text).strip() == "":
            diag.error(
                located.path, located.line(*keys, lang), f"{what}: the {lang} text must be a non-empty string"
            )
        else:
            out[str(lang)] = str(text)
    missing = [lang for lang in wanted if lang not in value]
    if missing:
        diag.error(located.path, line, f"{what}: missing language {', '.join(missing)}")
    return out


def load_spec(path: Path, languages: Iterable[str] = LANGUAGES) -> ChartSpec:
    """Read and check the structure of a chart spec; raise every problem at once.

    Every text must be given in each of ``languages``; texts in the other
    publication languages (:data:`LANGUAGES`) are allowed, any other key is an error.

    Data paths are not resolved here (that needs the data context): see
    :func:`validate_spec`. Raises :class:`PublisherError`.
    """
    path = Path(path)
    langs = tuple(languages)
    located = load_yaml(path)  # raises on bad YAML, at its line
    raw = path.read_bytes()
    shown = located.path
    diag = Diagnostics()
    doc = located.data
    spec_id = path.stem
    if not _SPEC_ID.match(spec_id):
        diag.error(
            shown, 1, f"chart id {spec_id!r} (the file name) must be lower-case letters, digits and '-'"
        )
    if not isinstance(doc, dict):
        diag.error(shown, located.line(), "a chart spec must be a mapping (kind:, title:, series:, ...)")
        raise PublisherError(diag.errors)

    for key in doc:
        if key not in _TOP_KEYS:
            diag.error(
                shown,
                located.line(key),
                f"unknown key {key!r} (expected one of: {', '.join(sorted(_TOP_KEYS))})",
            )
    for key in ("kind", "title", "source", "categories", "series"):
        if key not in doc:
            diag.error(shown, located.line(), f"missing key {key!r}")

    kind = doc.get("kind", "bar")
    if "kind" in doc and kind not in KINDS:
        diag.error(
            shown, located.line("kind"), f"unknown chart kind {kind!r} (expected one of: {', '.join(KINDS)})"
        )
    fmt = doc.get("format", "number")
    if not isinstance(fmt, str) or not _FORMAT.match(fmt):
        diag.error(
            shown,
            located.line("format"),
            f"bad format {fmt!r} (expected number, percent or currency:<ISO code> such as currency:EUR)",
        )
        fmt = "number"
    orientation = doc.get("orientation", "vertical")
    if orientation not in ("vertical", "horizontal"):
        diag.error(
            shown,
            located.line("orientation"),
            f"bad orientation {orientation!r} (expected vertical or horizontal)",
        )
        orientation = "vertical"
    elif "orientation" in doc and kind not in ("bar", "grouped-bar", "stacked-bar"):
        diag.error(
            shown,
            located.line("orientation"),
            f"orientation applies to bar, grouped-bar and stacked-bar charts, not {kind}",
        )
    decimals = doc.get("decimals")
    if decimals is not None and (
        not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6
    ):
        diag.error(shown, located.line("decimals"), "decimals must be a whole number from 0 to 6")
        decimals = None

    title = _texts(located, ("title",), doc.get("title", {}), langs, diag, "title") if "title" in doc else {}
    source = (
        _texts(located, ("source",), doc.get("source", {}), langs, diag, "source") if "source" in doc else {}
    )
    x_label = (
        _texts(located, ("x_label",), doc["x_label"], langs, diag, "x_label") if "x_label" in doc else None
    )
    y_label = (
        _texts(located, ("y_label",), doc["y_label"], langs, diag, "y_label") if "y_label" in doc else None
    )

    categories: list[dict[str, str]] = []
    raw_categories = doc.get("categories", [])
    if not isinstance(raw_categories, list) or ("categories" in doc and not raw_categories):
        diag.error(
            shown,
            located.line("categories"),
            "categories must be a non-empty list of {tr: ..., it: ..., en: ...} labels",
        )
        raw_categories = []
    for i, item in enumerate(raw_categories):
        categories.append(_texts(located, ("categories", i), item, langs, diag, f"category {i + 1}"))

    series: list[Series] = []
    raw_series = doc.get("series", [])
    if not isinstance(raw_series, list) or ("series" in doc and not raw_series):
        diag.error(
            shown, located.line("series"), "series must be a non-empty list of {name: ..., values: [...]}"
        )
        raw_series = []
    for i, item in enumerate(raw_series):
        where = ("series", i)
        if not isinstance(item, dict):
            diag.error(
                shown, located.line(*where), f"series {i + 1} must be a mapping with name: and values:"
            )
            continue
        for key in item:
            if key not in _SERIES_KEYS:
                diag.error(
                    shown,
                    located.line(*where, key),
                    f"series {i + 1}: unknown key {key!r} (expected name, values)",
                )
        name = (
            _texts(located, (*where, "name"), item.get("name"), langs, diag, f"series {i + 1} name")
            if "name" in item
            else {}
        )
        if "name" not in item:
            diag.error(shown, located.line(*where), f"series {i + 1}: missing key 'name'")
        values = item.get("values")
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not values:
            diag.error(
                shown,
                located.line(*where, "values"),
                f"series {i + 1}: values must be a list of data paths (e.g. data.survey.izmir.planned)",
            )
            values = []
        paths: list[str] = []
        for j, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                diag.error(
                    shown,
                    located.line(*where, "values", j),
                    f"series {i + 1}: value {j + 1} must be a data path"
                    f" such as data.survey.izmir.planned, not {value!r}",
                )
            else:
                paths.append(value.strip())
        if raw_categories and values and len(values) != len(raw_categories):
            diag.error(
                shown,
                located.line(*where, "values"),
                f"series {i + 1} has {len(values)} values for {len(raw_categories)} categories",
            )
        series.append(Series(name, tuple(paths)))

    if kind in _SINGLE_SERIES and len(raw_series) > 1:
        diag.error(
            shown,
            located.line("series"),
            f"a {kind} chart has exactly one series (use grouped-bar or stacked-bar for more)",
        )

    diag.raise_if_errors()
    return ChartSpec(
        id=spec_id,
        path=path,
        kind=kind,
        format=fmt,
        title=title,
        source=source,
        categories=tuple(categories),
        series=tuple(series),
        x_label=x_label,
        y_label=y_label,
        orientation=orientation,
        decimals=decimals,
        raw=raw,
        lines=dict(located.lines),
    )


# --------------------------------------------------------------------------
# Data context and paths
# --------------------------------------------------------------------------


def build_context(data_dir: Path, publication: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The data context of charts from ``content/data/*.yaml`` and ``publication.yaml``'s data.

    ``publication`` is the parsed ``publication.yaml`` (a mapping whose ``documents``
    is a list of ``{id:, print_runs:}``); it becomes
    ``{"documents": {<id>: {"print_runs": {...}}}}``.
    """
    data: dict[str, Any] = {}
    for file in sorted(Path(data_dir).glob("*.yaml")):
        data[file.stem] = load_yaml(file).data
    documents: dict[str, Any] = {}
    for doc in (publication or {}).get("documents", []) or []:
        if isinstance(doc, dict) and "id" in doc:
            documents[str(doc["id"])] = {"print_runs": dict(doc.get("print_runs") or {})}
    return {"data": data, "publication": {"documents": documents}}


def resolve_path(context: Mapping[str, Any], dotted: str) -> Any:
    """The value at a dotted path (``data.survey.izmir.planned``); a digit segment indexes a list.

    Raises :class:`KeyError` with a message naming the first missing segment and
    the keys that exist there.
    """
    node: Any = context
    done: list[str] = []
    for segment in dotted.split("."):
        here = ".".join(done) or "the data context"
        if isinstance(node, Mapping):
            if segment not in node:
                known = ", ".join(sorted(str(k) for k in node)) or "nothing"
                raise KeyError(f"unknown data path {dotted!r}: {here} has no {segment!r} (it has: {known})")
            node = node[segment]
        elif isinstance(node, list) and segment.isdigit():
            if int(segment) >= len(node):
                raise KeyError(
                    f"unknown data path {dotted!r}: {here} has {len(node)} items, no index {segment}"
                )
            node = node[int(segment)]
        else:
            raise KeyError(
                f"unknown data path {dotted!r}: {here} is a {type(node).__name__}, it has no {segment!r}"
            )
        done.append(segment)
    return node


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def validate_spec(
    spec: ChartSpec, context: Mapping[str, Any], path: Path | str | None = None
) -> list[Problem]:
    """Check every data path of ``spec`` against ``context``: it must exist and be a number.

    Problems are located at the spec file's line of the offending path.
    """
    shown = display_path(path if path is not None else spec.path)
    problems: list[Problem] = []
    for i, series in enumerate(spec.series):
        values: list[float] = []
        for j, dotted in enumerate(series.values):
            line = spec.line("series", i, "values", j)
            try:
                value = resolve_path(context, dotted)
            except KeyError as exc:
                problems.append(Problem(shown, line, str(exc.args[0])))
                continue
            if not _is_number(value):
                problems.append(Problem(shown, line, f"data path {dotted!r} is {value!r}, not a number"))
                continue
            values.append(float(value))
        if spec.kind in ("pie", "donut") and len(values) == len(series.values):
            if any(v < 0 for v in values):
                problems.append(
                    Problem(
                        shown,
                        spec.line("series", i, "values"),
                        f"a {spec.kind} chart cannot show negative values",
                    )
                )
            elif sum(values) <= 0:
                problems.append(
                    Problem(
                        shown,
                        spec.line("series", i, "values"),
                        f"the values of a {spec.kind} chart add up to zero",
                    )
                )
    return problems


def _values(spec: ChartSpec, context: Mapping[str, Any]) -> list[list[float]]:
    """The numbers of every series (raises :class:`PublisherError` if a path is bad)."""
    problems = validate_spec(spec, context)
    if problems:
        raise PublisherError(problems)
    return [[resolve_path(context, p) for p in s.values] for s in spec.series]


# --------------------------------------------------------------------------
# Number formatting (publisher.text.locale, or Babel directly while it is missing)
# --------------------------------------------------------------------------

_FALLBACK_LOCALES = {"tr": "tr_TR", "it": "it_IT", "en": "en_US"}


class _Formatters:
    """format_number / format_percent / format_currency with publisher.text.locale's signatures."""

    def __init__(self) -> None:
        try:
            from publisher.text import locale as loc

            self.number: Callable[..., str] = loc.format_number
            self.percent: Callable[..., str] = loc.format_percent
            self.currency: Callable[..., str] = loc.format_currency
        except ImportError:  # pragma: no cover - only while publisher.text.locale is missing
            self.number, self.percent, self.currency = _fb_number, _fb_percent, _fb_currency


def _fb_locale(lang: str) -> str:  # pragma: no cover - fallback
    return _FALLBACK_LOCALES.get(lang, lang)


def _fb_number(value: float, lang: str, decimals: int | None = None) -> str:  # pragma: no cover - fallback
    from babel import numbers

    if decimals is None:
        return numbers.format_decimal(value, locale=_fb_locale(lang)).replace("\u202f", "\u00a0")
    rounded = round(value, decimals)
    text = numbers.format_decimal(rounded, locale=_fb_locale(lang), decimal_quantization=False)
    return text.replace("\u202f", "\u00a0")


def _fb_percent(value: float, lang: str, decimals: int = 0) -> str:  # pragma: no cover - fallback
    from babel import numbers

    rounded = round(value * 100, decimals) / 100
    text = numbers.format_percent(rounded, locale=_fb_locale(lang), decimal_quantization=decimals == 0)
    return text.replace("\u202f", "\u00a0")


def _fb_currency(value: float, code: str, lang: str) -> str:  # pragma: no cover - fallback
    from babel import numbers

    return numbers.format_currency(value, code, locale=_fb_locale(lang)).replace("\u202f", "\u00a0")


_formatters: _Formatters | None = None


def _fmt() -> _Formatters:
    global _formatters
    if _formatters is None:
        _formatters = _Formatters()
    return _formatters


def format_value(spec: ChartSpec, value: float, lang: str) -> str:
    """A value as the chart labels it: by the spec's format, in ``lang``'s conventions."""
    f = _fmt()
    if spec.format == "percent":
        return f.percent(value, lang, spec.decimals or 0)
    if spec.format.startswith("currency:"):
        return f.currency(value, spec.format.split(":", 1)[1], lang)
    decimals = spec.decimals
    if decimals is None and float(value).is_integer():
        decimals = 0
    return f.number(int(value) if decimals == 0 else value, lang, decimals)


def format_tick(spec: ChartSpec, value: float, lang: str) -> str:
    """An axis tick: like :func:`format_value` but short (currency ticks carry no symbol)."""
    f = _fmt()
    if abs(value) < 1e-9:
        value = 0.0
    if spec.format == "percent":
        pct = round(value * 100, 6)
        decimals = 0 if float(pct).is_integer() else 1
        return f.percent(value, lang, decimals)
    if float(round(value, 6)).is_integer():
        return f.number(round(value), lang, 0)
    return f.number(value, lang, None)


def format_share(value: float, lang: str) -> str:
    """A share (fraction of the whole) as a whole percentage in ``lang`` (``%53`` in Turkish)."""
    return _fmt().percent(value, lang, 0)


def _word(word: str, lang: str) -> str:
    return _WORDS[word].get(lang, _WORDS[word]["en"])


# --------------------------------------------------------------------------
# Accessible data table
# --------------------------------------------------------------------------


def data_table(
    spec: ChartSpec, context: Mapping[str, Any], lang: str
) -> tuple[str, list[str], list[list[str]]]:
    """The numbers behind a chart, formatted for ``lang``: ``(caption, header, rows)``.

    One row per category; one column per series. Pie and donut tables add each
    category's share of the whole, stacked bars the total of each category.
    """
    values = _values(spec, context)
    cat_label = spec.y_label if spec.horizontal else spec.x_label
    header = [cat_label[lang] if cat_label else ""] + [s.name[lang] for s in spec.series]
    rows: list[list[str]] = []
    if spec.kind in ("pie", "donut"):
        header.append(_word("share", lang))
        total = sum(values[0])
        for i, cat in enumerate(spec.categories):
            v = values[0][i]
            rows.append([cat[lang], format_value(spec, v, lang), format_share(v / total, lang)])
        return spec.title[lang], header, rows
    if spec.kind == "stacked-bar":
        header.append(_word("total", lang))
    for i, cat in enumerate(spec.categories):
        row = [cat[lang]] + [format_value(spec, s[i], lang) for s in values]
        if spec.kind == "stacked-bar":
            row.append(format_value(spec, sum(s[i] for s in values), lang))
        rows.append(row)
    return spec.title[lang], header, rows


# --------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------


def default_font_dir() -> Path:
    """Where the ``font-source-sans-pro`` package keeps its font files."""
    found = importlib.util.find_spec("font_source_sans_pro")
    if found is None or not found.submodule_search_locations:
        raise PublisherError.at(
            "font_source_sans_pro",
            0,
            f"the chart font {FONT_FAMILY} is not installed: pip install font-source-sans-pro",
        )
    return Path(next(iter(found.submodule_search_locations))) / "files"


def font_files(font_dir: Path | None = None) -> list[Path]:
    """The Source Sans Pro TTF files charts use (Regular is required)."""
    directory = Path(font_dir) if font_dir is not None else default_font_dir()
    files = [directory / name for name in FONT_FILES if (directory / name).is_file()]
    if not any(f.name == FONT_FILES[0] for f in files):
        raise PublisherError.at(
            directory, 0, f"the chart font {FONT_FAMILY} is missing: no {FONT_FILES[0]} here"
        )
    return files


_registered: set[str] = set()


def _register_fonts(font_dir: Path | None) -> None:
    """Add the fonts to matplotlib and make sure the family resolves to them (no DejaVu fallback)."""
    from matplotlib import font_manager

    files = font_files(font_dir)
    for file in files:
        key = str(file.resolve())
        if key not in _registered:
            font_manager.fontManager.addfont(key)
            _registered.add(key)
    props = font_manager.FontProperties(family=FONT_FAMILY)
    try:
        found = str(
            font_manager.fontManager.findfont(props, fallback_to_default=False, rebuild_if_missing=False)
        )
    except ValueError:
        found = ""
    if Path(found).name not in {f.name for f in files}:
        raise PublisherError.at(
            files[0],
            0,
            f"matplotlib does not resolve the font family {FONT_FAMILY!r} to these files"
            f" (found {found or 'nothing'})",
        )


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

_SVG_HASH_SALT = "publisher-figures"


def _rc() -> Any:
    """The rcParams of every chart (typed Any: matplotlib types the keys as a Literal)."""
    text = palette.TEXT.rgb_hex
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": _SVG_HASH_SALT,
        "svg.image_inline": True,
        "font.family": [FONT_FAMILY],
        "font.size": FONT_SIZE_PT,
        "text.color": text,
        "axes.labelcolor": text,
        "axes.edgecolor": palette.AXIS.rgb_hex,
        "axes.linewidth": 0.8,
        "axes.labelsize": FONT_SIZE_PT,
        "axes.unicode_minus": True,
        "xtick.color": text,
        "ytick.color": text,
        "xtick.labelsize": FONT_SIZE_PT,
        "ytick.labelsize": FONT_SIZE_PT,
        "legend.fontsize": FONT_SIZE_PT,
        "path.simplify": False,
        "figure.dpi": 72,
        "savefig.dpi": 72,
    }


def _figure_height(spec: ChartSpec) -> float:
    if spec.horizontal:
        n = len(spec.categories) * (len(spec.series) if spec.kind == "grouped-bar" else 1)
        legend = 0.3 if len(spec.series) > 1 else 0.0
        return max(1.3, min(HEIGHT_IN * 1.5, 0.75 + 0.42 * n + legend))
    return HEIGHT_IN


def render_svg(spec: ChartSpec, context: Mapping[str, Any], lang: str, font_dir: Path | None = None) -> bytes:
    """Draw one chart in one language and return the SVG bytes (deterministic).

    Raises :class:`PublisherError` for a bad data path or a missing font.
    """
    values = _values(spec, context)
    if lang not in spec.title:
        raise PublisherError.at(spec.path, spec.line("title"), f"the spec has no {lang} texts")

    import io

    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    _register_fonts(font_dir)
    with matplotlib.rc_context(_rc()):
        layout = ConstrainedLayoutEngine(w_pad=0.02, h_pad=0.02)
        fig = Figure(figsize=(WIDTH_IN, _figure_height(spec)), layout=layout)
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        if spec.kind in ("pie", "donut"):
            _draw_pie(ax, spec, values[0], lang)
        elif spec.kind == "line":
            _draw_line(ax, spec, values, lang)
        else:
            _draw_bars(ax, spec, values, lang)
        buf = io.BytesIO()
        fig.canvas.print_svg(buf, metadata={"Date": None, "Creator": None})  # type: ignore[attr-defined]
    return buf.getvalue()


def _style_axes(
    ax: Axes, spec: ChartSpec, lang: str, value_axis: Literal["x", "y"], values: list[list[float]]
) -> None:
    """Report style: no box, a light grid along the value axis, locale-formatted ticks."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    # The value axis is read from the grid; the category axis keeps its baseline.
    ax.spines["left" if value_axis == "y" else "bottom"].set_visible(False)
    ax.set_axisbelow(True)
    ax.grid(axis=value_axis, color=palette.GRID.rgb_hex, linewidth=0.6)
    ax.tick_params(axis="both", length=0, pad=6)
    axis = ax.yaxis if value_axis == "y" else ax.xaxis
    integral = spec.format != "percent" and all(float(v).is_integer() for s in values for v in s)
    axis.set_major_locator(MaxNLocator(nbins=5, integer=integral, min_n_ticks=3))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: format_tick(spec, v, lang)))
    if spec.x_label:
        ax.set_xlabel(spec.x_label[lang])
    if spec.y_label:
        ax.set_ylabel(spec.y_label[lang])
    if spec.format.startswith("currency:"):
        code = spec.format.split(":", 1)[1]
        if value_axis == "y" and not spec.y_label:
            ax.set_ylabel(code)
        if value_axis == "x" and not spec.x_label:
            ax.set_xlabel(code)


def _legend(ax: Axes, spec: ChartSpec, lang: str) -> None:
    if len(spec.series) < 2:
        return
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.02),
        ncol=len(spec.series),
        frameon=False,
        borderaxespad=0.0,
        handlelength=1.0,
        handleheight=1.0,
        columnspacing=1.5,
    )


def _value_limits(totals: list[float], headroom: float) -> tuple[float, float]:
    lo = min([0.0, *totals])
    hi = max([0.0, *totals])
    span = (hi - lo) or 1.0
    return (lo - span * headroom if lo < 0 else 0.0, hi + span * headroom if hi > 0 else 0.0)


def _draw_bars(ax: Axes, spec: ChartSpec, values: list[list[float]], lang: str) -> None:
    horizontal = spec.horizontal
    n_cat, n_ser = len(spec.categories), len(values)
    positions: list[float] = [float(i) for i in range(n_cat)]
    labels = [c[lang] for c in spec.categories]
    text = palette.TEXT.rgb_hex

    def bar(
        pos: list[float], vals: list[float], size: float, start: list[float] | None, colour: str, name: str
    ) -> Any:
        if horizontal:
            return ax.barh(pos, vals, height=size, left=start, color=colour, label=name, linewidth=0)
        return ax.bar(pos, vals, width=size, bottom=start, color=colour, label=name, linewidth=0)

    if spec.kind == "stacked-bar":
        width = 0.55 if n_cat > 1 else 0.5
        bottoms = [0.0] * n_cat
        grand = max(sum(abs(s[i]) for s in values) for i in range(n_cat)) or 1.0
        for i, (series, vals) in enumerate(zip(spec.series, values, strict=True)):
            colour = palette.series_colour(i)
            bar(positions, vals, width, list(bottoms), colour.rgb_hex, series.name[lang])
            inside = palette.PAPER if colour.luminance < 0.35 else palette.TEXT
            for pos, start, v in zip(positions, bottoms, vals, strict=True):
                _segment_label(ax, spec, lang, pos, start, v, grand, width, inside)
            bottoms = [b + v for b, v in zip(bottoms, vals, strict=True)]
        totals = bottoms
        for pos, total in zip(positions, totals, strict=True):
            label = format_value(spec, total, lang)
            # the total sits past the end of the bar: right of it, or above it
            xy, nudge, va, ha = (((total, pos), (4, 0), "center", "left") if horizontal
                                 else ((pos, total), (0, 3), "bottom", "center"))
            ax.annotate(label, xy, xytext=nudge, textcoords="offset points", va=va, ha=ha,
                        color=text, fontweight="semibold")
        totals_for_limits = totals
    else:
        group = 0.8 if n_ser > 1 else 0.5
        width = group / n_ser
        for i, (series, vals) in enumerate(zip(spec.series, values, strict=True)):
            offset = (i - (n_ser - 1) / 2) * width
            colour = palette.series_colour(i)
            container = bar(
                [p + offset for p in positions], vals, width * 0.92, None, colour.rgb_hex, series.name[lang]
            )
            ax.bar_label(container, labels=[format_value(spec, v, lang) for v in vals], padding=3, color=text)
        totals_for_limits = [v for s in values for v in s]

    lo, hi = _value_limits(totals_for_limits, 0.22 if horizontal else 0.12)
    if horizontal:
        ax.set_xlim(lo, hi)
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()  # first category on top
        ax.set_ylim(n_cat - 0.5, -0.5 - (0.25 if n_cat == 1 else 0))
    else:
        ax.set_ylim(lo, hi)
        ax.set_xticks(positions, labels)
        ax.set_xlim(-0.5, n_cat - 0.5)
    _style_axes(ax, spec, lang, "x" if horizontal else "y", values)
    _legend(ax, spec, lang)


def _segment_label(
    ax: Axes,
    spec: ChartSpec,
    lang: str,
    pos: float,
    start: float,
    value: float,
    grand: float,
    bar_size: float,
    inside: palette.Colour,
) -> None:
    """Label one stacked segment: centred inside it, or beside the bar when it is too small."""
    if not value:
        return
    label = format_value(spec, value, lang)
    text_pt = len(label) * FONT_SIZE_PT * 0.5 + 6  # estimated text extent along the bar
    axis_pt = (WIDTH_IN * 0.78 if spec.horizontal else _figure_height(spec) * 0.75) * 72
    segment_pt = abs(value) / (grand * 1.2) * axis_pt
    centre = start + value / 2
    if segment_pt >= text_pt:
        xy = (centre, pos) if spec.horizontal else (pos, centre)
        ax.annotate(label, xy, ha="center", va="center", color=inside.rgb_hex)
    elif spec.horizontal:  # above the bar, from the segment's start
        ax.annotate(
            label,
            (start, pos - bar_size / 2),
            xytext=(0, 3),
            textcoords="offset points",
            ha="left",
            va="bottom",
            color=palette.TEXT.rgb_hex,
        )
    else:  # right of the bar, at the segment's middle
        ax.annotate(
            label,
            (pos + bar_size / 2, centre),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            color=palette.TEXT.rgb_hex,
        )


def _draw_line(ax: Axes, spec: ChartSpec, values: list[list[float]], lang: str) -> None:
    positions = list(range(len(spec.categories)))
    for i, (series, vals) in enumerate(zip(spec.series, values, strict=True)):
        colour = palette.series_colour(i)
        ax.plot(
            positions,
            vals,
            color=colour.rgb_hex,
            linewidth=2,
            marker="o",
            markersize=5,
            label=series.name[lang],
        )
        for pos, v in zip(positions, vals, strict=True):
            ax.annotate(
                format_value(spec, v, lang),
                (pos, v),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                va="bottom",
                color=palette.TEXT.rgb_hex,
            )
    lo, hi = _value_limits([v for s in values for v in s], 0.15)
    ax.set_ylim(lo, hi)
    ax.set_xticks(positions, [c[lang] for c in spec.categories])
    ax.set_xlim(-0.3, len(positions) - 0.7)
    _style_axes(ax, spec, lang, "y", values)
    _legend(ax, spec, lang)


def _draw_pie(ax: Axes, spec: ChartSpec, vals: list[float], lang: str) -> None:
    total = sum(vals)
    colours = [palette.series_colour(i).rgb_hex for i in range(len(vals))]
    labels = [
        f"{cat[lang]}\n{format_value(spec, v, lang)} ({format_share(v / total, lang)})"
        for cat, v in zip(spec.categories, vals, strict=True)
    ]
    donut = spec.kind == "donut"
    _wedges, texts = ax.pie(
        vals,
        labels=labels,
        colors=colours,
        startangle=90,
        counterclock=False,
        labeldistance=1.12,
        radius=1.0,
        wedgeprops={"width": 0.38 if donut else 1.0, "edgecolor": palette.PAPER.rgb_hex, "linewidth": 1.5},
        textprops={"color": palette.TEXT.rgb_hex},
    )[:2]
    for t in texts:
        t.set_linespacing(1.3)
    if donut:
        ax.text(
            0,
            0.08,
            format_value(spec, total, lang),
            ha="center",
            va="center",
            fontsize=FONT_SIZE_PT * 1.6,
            fontweight="semibold",
            color=palette.TEXT.rgb_hex,
        )
        ax.text(0, -0.2, spec.series[0].name[lang], ha="center", va="center", color=palette.TEXT.rgb_hex)
    ax.set_aspect("equal")
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.2, 1.2)


# --------------------------------------------------------------------------
# Rendering every chart, with a cache
# --------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _environment_key(font_dir: Path | None) -> dict[str, Any]:
    """What every chart depends on besides its spec and data (no matplotlib import)."""
    package = Path(__file__).resolve().parent.parent
    code = {
        name: _sha256((package / name).read_bytes())
        for name in ("charts/figures.py", "charts/palette.py", "text/locale.py")
        if (package / name).is_file()
    }
    fonts = {f.name: _sha256(f.read_bytes()) for f in font_files(font_dir)}
    versions: dict[str, str | None] = {}
    for dist in ("matplotlib", "babel"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {"code": code, "fonts": fonts, "versions": versions, "cache": CACHE_VERSION}


def chart_key(spec: ChartSpec, context: Mapping[str, Any], lang: str, environment: Mapping[str, Any]) -> str:
    """The cache key of one chart in one language."""
    data = {p: resolve_path(context, p) for p in spec.paths}
    blob = json.dumps(
        {"spec": _sha256(spec.raw), "data": data, "lang": lang, "env": environment},
        sort_keys=True,
        default=str,
    )
    return _sha256(blob.encode("utf-8"))


def _read_index(path: Path) -> dict[str, dict[str, str]]:
    """The cache index; anything unreadable or malformed counts as empty."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(doc, dict)
        or doc.get("version") != CACHE_VERSION
        or not isinstance(doc.get("entries"), dict)
    ):
        return {}
    return {
        k: v
        for k, v in doc["entries"].items()
        if isinstance(v, dict) and isinstance(v.get("key"), str) and isinstance(v.get("output"), str)
    }


def load_specs(
    figures_dir: Path, context: Mapping[str, Any], languages: Iterable[str] = LANGUAGES
) -> list[ChartSpec]:
    """Load and validate every ``*.yaml`` spec of ``figures_dir``; raise all problems at once."""
    diag = Diagnostics()
    specs: list[ChartSpec] = []
    for file in sorted(Path(figures_dir).glob("*.yaml")):
        try:
            spec = load_spec(file, languages)
        except PublisherError as exc:
            diag.extend(exc.problems)
            continue
        diag.extend(validate_spec(spec, context, file))
        specs.append(spec)
    diag.raise_if_errors()
    return specs


def render_all(
    figures_dir: Path,
    context: Mapping[str, Any],
    langs: Iterable[str],
    out_dir: Path,
    cache_dir: Path,
    *,
    font_dir: Path | None = None,
    on_render: Callable[[str, str], None] | None = None,
) -> dict[tuple[str, str], Path]:
    """Render every spec of ``figures_dir`` in every language to ``<out_dir>/<id>.<lang>.svg``.

    A chart is re-rendered only when its cache key changed (spec bytes, the data
    values it reads, the font files, this module's and the palette's source, the
    matplotlib and Babel versions) or its SVG is missing or was altered.
    ``on_render(id, lang)`` is called for each chart actually rendered.
    Returns the SVG path of every (id, lang). Raises :class:`PublisherError`
    with every spec problem at once.
    """
    languages = tuple(langs)
    specs = load_specs(figures_dir, context, languages)
    out_dir = Path(out_dir)
    cache_dir = Path(cache_dir)
    index_path = cache_dir / CACHE_FILE
    index = _read_index(index_path)
    environment = _environment_key(font_dir)
    results: dict[tuple[str, str], Path] = {}
    changed = False
    for spec in specs:
        for lang in languages:
            target = out_dir / f"{spec.id}.{lang}.svg"
            results[(spec.id, lang)] = target
            key = chart_key(spec, context, lang, environment)
            entry = index.get(f"{spec.id}.{lang}")
            if (
                entry
                and entry["key"] == key
                and target.is_file()
                and _sha256(target.read_bytes()) == entry["output"]
            ):
                continue
            svg = render_svg(spec, context, lang, font_dir)
            write_atomic(target, svg)
            index[f"{spec.id}.{lang}"] = {"key": key, "output": _sha256(svg)}
            changed = True
            if on_render is not None:
                on_render(spec.id, lang)
    live = {s.id for s in specs}
    stale = [k for k in index if k.rsplit(".", 1)[0] not in live]
    for k in stale:
        del index[k]
    if changed or stale or not index_path.is_file():
        write_atomic(
            index_path,
            json.dumps({"version": CACHE_VERSION, "entries": index}, indent=1, sort_keys=True).encode(
                "utf-8"
            ),
        )
    return results
