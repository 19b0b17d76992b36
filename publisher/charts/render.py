"""Every chart in every language, written as ``build/figures/<id>.<lang>.svg``, with a cache.

:func:`draw_all` takes the specs the project loaded and validated; it redraws a chart
only when something it depends on changed, and with nothing changed it does not even
import matplotlib.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from publisher.charts.chartfonts import font_files
from publisher.charts.draw import draw_svg
from publisher.charts.spec import ChartSpec, resolve_path
from publisher.files import write_atomic
from publisher.text.locale import digits_of

CACHE_FILE = "figures-cache.json"
CACHE_VERSION = 2
#: The package's modules a drawing depends on (their source is part of every cache key).
_CODE = (
    "charts/spec.py",
    "charts/data.py",
    "charts/draw.py",
    "charts/chartfonts.py",
    "charts/fit.py",
    "charts/svgtext.py",
    "colours.py",
    "text/locale.py",
    "text/formats.py",
    "numerals.py",
    "languages.py",
    "scripts.py",
    "fonts.py",
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _environment_key(font_dir: Path | None) -> dict[str, Any]:
    """What every chart depends on besides its spec and data (no matplotlib import)."""
    package = Path(__file__).resolve().parent.parent
    code = {name: _sha256((package / name).read_bytes()) for name in _CODE if (package / name).is_file()}
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
        {"spec": _sha256(spec.raw), "data": data, "lang": lang, "digits": digits_of(lang), "env": environment},
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
    if not isinstance(doc, dict) or doc.get("version") != CACHE_VERSION or not isinstance(doc.get("entries"), dict):
        return {}
    return {
        k: v
        for k, v in doc["entries"].items()
        if isinstance(v, dict) and isinstance(v.get("key"), str) and isinstance(v.get("output"), str)
    }


def draw_all(
    specs: Iterable[ChartSpec],
    context: Mapping[str, Any],
    langs: Iterable[str],
    out_dir: Path,
    cache_dir: Path,
    *,
    font_dir: Path | None = None,
    on_draw: Callable[[str, str], None] | None = None,
) -> dict[tuple[str, str], Path]:
    """Draw every spec (loaded and validated) in every language to ``<out_dir>/<id>.<lang>.svg``.

    A chart is re-rendered only when its cache key changed (spec bytes, the data
    values it reads, the font files, the chart modules' source, the matplotlib and
    Babel versions) or its SVG is missing or was altered. The specs are not validated
    again (:func:`publisher.charts.spec.load_specs` did, when the project was loaded).
    ``on_draw(id, lang)`` is called for each chart actually rendered.
    Returns the SVG path of every (id, lang).
    """
    languages = tuple(langs)
    specs = list(specs)
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
            if entry and entry["key"] == key and target.is_file() and _sha256(target.read_bytes()) == entry["output"]:
                continue
            svg = draw_svg(spec, context, lang, font_dir)
            write_atomic(target, svg)
            index[f"{spec.id}.{lang}"] = {"key": key, "output": _sha256(svg)}
            changed = True
            if on_draw is not None:
                on_draw(spec.id, lang)
    live = {s.id for s in specs}
    stale = [k for k in index if k.rsplit(".", 1)[0] not in live]
    for k in stale:
        del index[k]
    if changed or stale or not index_path.is_file():
        write_atomic(
            index_path,
            json.dumps({"version": CACHE_VERSION, "entries": index}, indent=1, sort_keys=True).encode("utf-8"),
        )
    return results
