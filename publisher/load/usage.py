"""Which data files the publication actually uses: ``publisher check`` warns about the others."""

from __future__ import annotations

import re
from typing import Any

from publisher.diagnostics import Problem, display_path

TOOL_DATA = {"project", "abbreviations", "hyphenation"}
"""Data files the tool itself reads (cover and colophon; the list of abbreviations; names never hyphenated)."""


def unused_data_files(project: Any) -> list[Problem]:
    """A warning for each ``content/data/*.yaml`` no chapter and no chart refers to."""
    texts = [c.body for chapters in project.content.chapters.values() for c in chapters]
    paths = [p for spec in project.charts.values() for p in getattr(spec, "paths", [])]
    problems = []
    for name, path in sorted(project.content.data_files.items()):
        if name in TOOL_DATA:
            continue
        pattern = re.compile(rf"""\bdata\s*(?:\.\s*{re.escape(name)}\b|\[\s*['"]{re.escape(name)}['"]\s*\])""")
        if any(pattern.search(text) for text in texts):
            continue
        if any(p == f"data.{name}" or p.startswith(f"data.{name}.") or p.startswith(f"data.{name}[") for p in paths):
            continue
        problems.append(
            Problem(
                display_path(path),
                1,
                f"data file {path.name!r} is never used: no chapter refers to data.{name} and no chart reads it",
                "warning",
            )
        )
    return problems


def refused_template_urls(root: Any) -> list[Problem]:
    """Every url()/@import in the templates that leads outside the project, as errors."""
    from publisher.load.urls import check_template_urls

    return [
        Problem(display_path(p), line, message) for p, line, message in check_template_urls(root / "templates", root)
    ]
