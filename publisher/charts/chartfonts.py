"""The chart font: its files, registered with matplotlib so that the family resolves to them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publisher import fonts
from publisher.diagnostics import PublisherError

#: The chart font (headings and captions share it).
FONT_FAMILY = fonts.SANS


def font_files(folder: Path | None = None) -> list[Path]:
    """The chart font's files (from :data:`publisher.fonts.FACES`; ``folder`` overrides
    where they are). The regular face is required."""
    faces = [face for face in fonts.FACES if face.family == FONT_FAMILY]
    directory = Path(folder) if folder is not None else fonts.font_dir(faces[0].package)
    files = [directory / face.file for face in faces if (directory / face.file).is_file()]
    if not any(f.name == faces[0].file for f in files):
        raise PublisherError.at(directory, 0, f"the chart font {FONT_FAMILY} is missing: no {faces[0].file} here")
    # the headings faces of other scripts (Noto Sans Arabic, Noto Sans CJK…): a language's chart font comes first
    others = set(fonts.HEADING_FAMILIES) - {FONT_FAMILY}
    return files + [fonts.face_path(face) for face in fonts.FACES if face.family in others]


_registered: set[str] = set()


def register_fonts(font_dir: Path | None) -> None:
    """Add the fonts to matplotlib and make sure the family resolves to them (no DejaVu fallback)."""
    import logging

    from matplotlib import font_manager

    # a face without semibold (Noto Sans Arabic) is drawn bold: no "findfont" noise on stderr
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    files = font_files(font_dir)
    for file in files:
        key = str(file.resolve())
        if key not in _registered:
            font_manager.fontManager.addfont(key)
            _registered.add(key)
    _registry_weights(font_manager.fontManager, files)
    props = font_manager.FontProperties(family=FONT_FAMILY)
    try:
        found = str(font_manager.fontManager.findfont(props, fallback_to_default=False, rebuild_if_missing=False))
    except ValueError:
        found = ""
    if Path(found).name not in {f.name for f in files}:
        raise PublisherError.at(
            files[0],
            0,
            f"matplotlib does not resolve the font family {FONT_FAMILY!r} to these files (found {found or 'nothing'})",
        )


def _registry_weights(manager: Any, files: list[Path]) -> None:
    """Give each registered file the registry's weight: matplotlib reads Noto Nastaliq Urdu's Bold
    as 400 too, and then draws an Urdu chart in bold."""
    import dataclasses

    weights = {str(file.resolve()): face.weight for face in fonts.FACES for file in files if file.name == face.file}
    manager.ttflist = [
        dataclasses.replace(entry, weight=weights[key])
        if (key := str(Path(entry.fname).resolve())) in weights and entry.weight != weights[key]
        else entry
        for entry in manager.ttflist
    ]
    manager._findfont_cached.cache_clear()


#: matplotlib knows the faces of a CJK collection (.ttc) by their region's name, not the registry's
#: family ("Noto Sans CJK"): the region's face, for its glyph forms (the books get them from `locl`).
_CJK_REGIONS = {"Hans": "SC", "Hant": "TC", "Jpan": "JP", "Kore": "KR"}


def chart_families(lang: str) -> list[str]:
    """The families matplotlib draws ``lang``'s charts with: the language's heading face (its
    region's face of a CJK collection), then Latin (:func:`publisher.fonts.font_families`)."""
    from publisher.languages import find

    info = find(lang)
    region = _CJK_REGIONS.get(getattr(info, "script", ""), "SC")
    return [f"{family} {region}" if family.endswith(" CJK") else family for family in fonts.font_families(lang)[1]]
