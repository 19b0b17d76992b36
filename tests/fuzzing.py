"""The fuzz tests' project writer and their contract: every reported problem is located in a project file."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from helpers import MINIMAL_PUBLICATION, ROOT

from publisher.diagnostics import Diagnostics, Problem, PublisherError
from publisher.internal import InternalError
from publisher.pipeline.plan import EditionResult
from publisher.pipeline.stages import build

LANGS = ("en", "tr", "it")


def write_project(
    root: Path, chapters: dict[str, tuple[str, str]], data: str, raw: bool, seed: Path | None = None
) -> None:
    """A one-document project: ``chapters`` maps a language to (front matter, body) of its chapter.

    ``seed``: a build/ folder to start from (its chart cache: the charts are drawn once per test).
    """
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "publication.yaml").write_text(
        MINIMAL_PUBLICATION + ("allow_raw_html: true\n" if raw else ""), encoding="utf-8"
    )
    # print-run.yaml reads the sample's document ids: the other charts only read data
    shutil.copytree(ROOT / "figures", root / "figures", ignore=shutil.ignore_patterns("print-run.yaml"))
    shutil.copytree(ROOT / "content" / "data", root / "content" / "data")
    # the sample's abbreviations carry Arabic, which these three-language projects do not list
    abbreviations = root / "content" / "data" / "abbreviations.yaml"
    kept = [line for line in abbreviations.read_text(encoding="utf-8").splitlines(True) if not line.startswith("  ar:")]
    abbreviations.write_text("".join(kept), encoding="utf-8")
    (root / "content" / "data" / "extra.yaml").write_text(data, encoding="utf-8")
    for lang, (front, body) in chapters.items():
        folder = root / "content" / lang / "doc"
        folder.mkdir(parents=True)
        (folder / "01-intro.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    if seed is not None:
        for part in ("figures", ".cache/figures-cache.json"):
            source = seed / part
            if source.is_dir():
                shutil.copytree(source, root / "build" / part)
            elif source.is_file():
                (root / "build" / part).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, root / "build" / part)


def _line_count(path: Path) -> int:
    """Lines as an editor shows them: LF, CRLF and a lone CR each end one."""
    data = path.read_bytes().replace(b"\r\n", b"\n")
    breaks = data.count(b"\n") + data.count(b"\r")
    return breaks + (0 if not data or data.endswith((b"\n", b"\r")) else 1)


def assert_located(root: Path, problems: Iterable[Problem]) -> None:
    """Each problem names an input file of the project and a line inside it (1 ≤ line ≤ its lines)."""
    sources = root.resolve()
    for problem in problems:
        path = Path(problem.path)
        path = (path if path.is_absolute() else Path.cwd() / path).resolve()
        assert path.is_relative_to(sources) and not path.is_relative_to(sources / "build"), (
            f"not a file of the project: {problem}"
        )
        assert path.is_file(), f"no such file: {problem}"
        assert 1 <= problem.line <= max(_line_count(path), 1), f"line outside {path.name}: {problem}"
        assert problem.message.strip(), problem


def checked_build(root: Path, **options: Any) -> tuple[list[EditionResult] | None, Diagnostics]:
    """``build()`` under the fuzz contract: located problems only, never a bug.

    Returns the results (``None`` when the build stopped on located input errors) and every problem.
    An internal error (an exception in a worker or in the build) fails, whatever the input.
    """
    try:
        results, diags = build(root, **options)
    except InternalError as exc:
        raise AssertionError(f"internal error (a bug, not a located problem): {exc.message}") from exc
    except PublisherError as exc:
        assert exc.problems, "a PublisherError without a problem"
        assert_located(root, exc.problems)
        return None, Diagnostics(list(exc.problems))
    assert_located(root, diags.problems)
    return results, diags
