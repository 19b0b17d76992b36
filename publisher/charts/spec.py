"""Chart specs: ``figures/<id>.yaml`` read, checked and validated against the data, once.

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

Texts per language are read as ``publication.yaml``'s are (:class:`publisher.load.yamlfile.Reader`).
The data context is ``{"data": {<file stem>: <parsed yaml>}, "publication": {...}}`` (see
:func:`build_context`); :func:`validate_spec` checks every data path of a spec against it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.diagnostics import Diagnostics, Problem, PublisherError, display_path
from publisher.languages import ACCEPTED
from publisher.load.yamlfile import KeyPath, LocatedYAML, Reader, load_yaml

#: Chart kinds a spec may ask for.
KINDS = ("bar", "grouped-bar", "stacked-bar", "hbar", "pie", "donut", "line")
_TOP_KEYS = {"kind", "format", "orientation", "decimals", "title", "source", "x_label", "y_label"}
_TOP_KEYS |= {"categories", "series"}
_SERIES_KEYS = {"name", "values"}
_SPEC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FORMAT = re.compile(r"^(number|percent|currency:[A-Z]{3})$")
_SINGLE_SERIES = {"bar", "hbar", "pie", "donut"}


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


class _SpecReader(Reader):
    """The config reader, plus the languages every text of the spec must be given in."""

    def __init__(self, doc: LocatedYAML, diags: Diagnostics, languages: tuple[str, ...]):
        super().__init__(doc, diags)
        self.languages = languages

    def at(self, keys: KeyPath, message: str) -> None:
        """An error at the line of ``keys``, without the key-path prefix."""
        self.diags.error(self.doc.path, self.doc.line(*keys), message)

    def texts(self, value: Any, keys: KeyPath) -> dict[str, str]:
        """A text per language; texts in the other accepted languages are allowed (a publication
        may drop one). A language without its text gets the source language's, with a warning
        (``check --strict`` fails on it), as an untranslated template string does."""
        if not isinstance(value, dict) or not value:
            return self.per_language(value, keys, self.languages, also=ACCEPTED)
        given = self.per_language(value, keys, self.languages, required=False, also=ACCEPTED)
        fallback = next((lang for lang in (*self.languages, *given) if lang in given), None)
        if fallback is None:
            return given
        for lang in self.languages:
            if lang not in given:
                given[lang] = given[fallback]
                shown = ".".join(str(k) for k in keys)
                self.diags.warning(
                    self.doc.path,
                    self.doc.line(*keys),
                    f"{shown}: no {lang!r} text yet: the {fallback!r} text is shown until it is translated",
                )
        return given

    def optional_texts(self, data: dict[str, Any], key: str) -> dict[str, str] | None:
        return self.texts(data[key], (key,)) if key in data else None


def load_spec(path: Path, languages: Iterable[str] | None = None, warnings: Diagnostics | None = None) -> ChartSpec:
    """Read and check the structure of a chart spec; raise every problem at once.

    Every text must be given in each of ``languages`` (default: the languages of the spec's
    own ``title``); texts in the other accepted languages are allowed. Data paths are not
    resolved here (that needs the data context): see :func:`validate_spec`. Raises
    :class:`PublisherError`; warnings (a text not yet translated) go to ``warnings``.
    """
    path = Path(path)
    located = load_yaml(path)  # raises on bad YAML, at its line
    doc = located.data
    if languages is None:
        title = doc.get("title") if isinstance(doc, dict) else None
        languages = [code for code in title if isinstance(code, str)] if isinstance(title, dict) else []
    r = _SpecReader(located, Diagnostics(), tuple(languages))
    if not _SPEC_ID.match(path.stem):
        r.at((), f"chart id {path.stem!r} (the file name) must be lower-case letters, digits and '-'")
    if not isinstance(doc, dict):
        r.at((), "a chart spec must be a mapping (kind:, title:, series:, ...)")
        r.diags.raise_if_errors()
    for key in doc:
        if key not in _TOP_KEYS:
            r.at((key,), f"unknown key {key!r} (expected one of: {', '.join(sorted(_TOP_KEYS))})")
    for key in ("kind", "title", "source", "categories", "series"):
        if key not in doc:
            r.at((), f"missing key {key!r}")
    kind, fmt, orientation, decimals = _settings(r, doc)
    title, source = r.optional_texts(doc, "title") or {}, r.optional_texts(doc, "source") or {}
    x_label, y_label = r.optional_texts(doc, "x_label"), r.optional_texts(doc, "y_label")
    categories = _categories(r, doc)
    series = _series(r, doc, len(categories))
    if kind in _SINGLE_SERIES and len(series) > 1:
        r.at(("series",), f"a {kind} chart has exactly one series (use grouped-bar or stacked-bar for more)")
    r.diags.raise_if_errors()
    if warnings is not None:
        warnings.extend(r.diags.warnings)
    return ChartSpec(
        id=path.stem,
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
        raw=path.read_bytes(),
        lines=dict(located.lines),
    )


def _settings(r: _SpecReader, doc: dict[str, Any]) -> tuple[str, str, str, int | None]:
    """The spec's kind, format, orientation and decimals (defaults where they are bad)."""
    kind = doc.get("kind", "bar")
    if "kind" in doc and kind not in KINDS:
        r.at(("kind",), f"unknown chart kind {kind!r} (expected one of: {', '.join(KINDS)})")
    fmt = doc.get("format", "number")
    if not isinstance(fmt, str) or not _FORMAT.match(fmt):
        r.at(
            ("format",),
            f"bad format {fmt!r} (expected number, percent or currency:<ISO code> such as currency:EUR)",
        )
        fmt = "number"
    orientation = doc.get("orientation", "vertical")
    if orientation not in ("vertical", "horizontal"):
        r.at(("orientation",), f"bad orientation {orientation!r} (expected vertical or horizontal)")
        orientation = "vertical"
    elif "orientation" in doc and kind not in ("bar", "grouped-bar", "stacked-bar"):
        r.at(("orientation",), f"orientation applies to bar, grouped-bar and stacked-bar charts, not {kind}")
    decimals = doc.get("decimals")
    if decimals is not None and (not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6):
        r.at(("decimals",), "decimals must be a whole number from 0 to 6")
        decimals = None
    return kind, fmt, orientation, decimals


def _categories(r: _SpecReader, doc: dict[str, Any]) -> list[dict[str, str]]:
    raw = doc.get("categories", [])
    if not isinstance(raw, list) or ("categories" in doc and not raw):
        r.at(("categories",), "categories must be a non-empty list of {language: label} mappings")
        return []
    return [r.texts(item, ("categories", i)) for i, item in enumerate(raw)]


def _series(r: _SpecReader, doc: dict[str, Any], n_categories: int) -> list[Series]:
    raw = doc.get("series", [])
    if not isinstance(raw, list) or ("series" in doc and not raw):
        r.at(("series",), "series must be a non-empty list of {name: ..., values: [...]}")
        return []
    series: list[Series] = []
    for i, item in enumerate(raw):
        where: KeyPath = ("series", i)
        if not isinstance(item, dict):
            r.at(where, f"series {i + 1} must be a mapping with name: and values:")
            continue
        for key in item:
            if key not in _SERIES_KEYS:
                r.at((*where, key), f"series {i + 1}: unknown key {key!r} (expected name, values)")
        if "name" not in item:
            r.at(where, f"series {i + 1}: missing key 'name'")
        name = r.texts(item["name"], (*where, "name")) if "name" in item else {}
        series.append(Series(name, tuple(_paths(r, item.get("values"), where, i, n_categories))))
    return series


def _paths(r: _SpecReader, values: Any, where: KeyPath, i: int, n_categories: int) -> list[str]:
    """The data paths of series ``i`` (one per category)."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not values:
        r.at(
            (*where, "values"),
            f"series {i + 1}: values must be a list of data paths (e.g. data.survey.izmir.planned)",
        )
        return []
    paths: list[str] = []
    for j, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            r.at(
                (*where, "values", j),
                f"series {i + 1}: value {j + 1} must be a data path such as data.survey.izmir.planned, not {value!r}",
            )
        else:
            paths.append(value.strip())
    if n_categories and len(values) != n_categories:
        r.at((*where, "values"), f"series {i + 1} has {len(values)} values for {n_categories} categories")
    return paths


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
                raise KeyError(f"unknown data path {dotted!r}: {here} has {len(node)} items, no index {segment}")
            node = node[int(segment)]
        else:
            raise KeyError(f"unknown data path {dotted!r}: {here} is a {type(node).__name__}, it has no {segment!r}")
        done.append(segment)
    return node


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def validate_spec(spec: ChartSpec, context: Mapping[str, Any], path: Path | str | None = None) -> list[Problem]:
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
            line = spec.line("series", i, "values")
            if any(v < 0 for v in values):
                problems.append(Problem(shown, line, f"a {spec.kind} chart cannot show negative values"))
            elif sum(values) <= 0:
                problems.append(Problem(shown, line, f"the values of a {spec.kind} chart add up to zero"))
    return problems


def load_specs(
    figures_dir: Path, context: Mapping[str, Any], languages: Iterable[str], diags: Diagnostics
) -> list[ChartSpec]:
    """Load and validate every ``*.yaml`` spec of ``figures_dir``, in file-name order.

    Problems go to ``diags``; only the specs without any are returned.
    """
    specs: list[ChartSpec] = []
    langs = tuple(languages)
    for file in sorted(Path(figures_dir).glob("*.yaml")) if Path(figures_dir).is_dir() else []:
        try:
            spec = load_spec(file, langs, diags)
        except PublisherError as exc:
            diags.extend(exc.problems)
            continue
        problems = validate_spec(spec, context, file)
        diags.extend(problems)
        if not problems:
            specs.append(spec)
    return specs
