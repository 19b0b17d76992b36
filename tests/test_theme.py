"""The built-in theme: a project's templates/ overrides it file by file; its files are the tool's."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, copy_theme, override, run_command
from tinyproject import copy_tiny

from publisher.load.urls import check_resource
from publisher.pdf.engine import LayoutLog, jailed_fetcher
from publisher.pipeline.stages import build
from publisher.theme import THEME_DIR

TIMEOUT = 300
SELECTION = {"languages": ["tr"], "jobs": 1}
"""One language, every format (and the job sheet): every kind of output the templates make."""


def outputs(root: Path) -> dict[str, bytes]:
    """Every file the build wrote (not its cache, lock or logs)."""
    folder = root / "build"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).as_posix().startswith((".cache", ".logs", ".lock"))
    }


def built(root: Path) -> dict[str, bytes]:
    _, diags = build(root, keep_html=True, **SELECTION)  # type: ignore[arg-type]
    assert not diags.errors, [str(p) for p in diags.errors]
    return outputs(root)


@pytest.fixture(scope="module")
def with_theme(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The outputs of the tiny publication built with no templates/ of its own."""
    root = copy_tiny(tmp_path_factory.mktemp("theme") / "tiny")
    assert not (root / "templates").exists()
    return built(root)


def test_a_project_with_a_full_copy_of_the_templates_builds_identically(
    with_theme: dict[str, bytes], tmp_path: Path
) -> None:
    root = copy_tiny(tmp_path / "tiny")
    copy_theme(root)
    assert (root / "templates" / "print" / "document.html.j2").is_file()
    own = built(root)
    assert {"print/doc.tr.pdf", "pdf/doc.tr.pdf", "pdf/doc.tr.html", "html/tr/doc/index.html"} <= set(own)
    assert own.keys() == with_theme.keys()
    assert [name for name in own if own[name] != with_theme[name]] == []


def test_overriding_one_file_changes_only_what_it_makes(with_theme: dict[str, bytes], tmp_path: Path) -> None:
    root = copy_tiny(tmp_path / "tiny")
    css = override(root, "web/site.css")
    css.write_text(css.read_text(encoding="utf-8") + "\n.chapter h1 { letter-spacing: 0.1em; }\n", encoding="utf-8")
    own = built(root)
    assert own.keys() == with_theme.keys()
    assert [name for name in own if own[name] != with_theme[name]] == ["html/assets/site.css"]
    assert own["html/assets/site.css"].endswith(b".chapter h1 { letter-spacing: 0.1em; }\n")


def test_an_overridden_template_is_used_for_that_file_only(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path / "tiny")
    template = override(root, "web/document.html.j2")
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% endblock %}", "<!-- the project's own -->{% endblock %}", 1), encoding="utf-8")
    _, diags = build(root, formats=["html"], languages=["tr"])
    assert not diags.errors
    assert "the project's own" in (root / "build" / "html" / "tr" / "doc" / "index.html").read_text(encoding="utf-8")
    assert "the project's own" not in (root / "build" / "html" / "tr" / "doc" / "intro.html").read_text(
        encoding="utf-8"
    )  # chapter pages come from the theme's web/chapter.html.j2 (which extends web/base.html.j2)


def test_the_url_jail_allows_the_theme_files_and_nothing_else(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    log = LayoutLog()
    fetcher = jailed_fetcher([root], log)
    site_css = THEME_DIR / "web" / "site.css"
    assert fetcher.fetch(site_css.as_uri()).read() == site_css.read_bytes()
    for outside in (THEME_DIR / "__init__.py", ROOT / "pyproject.toml", ROOT / "publisher" / "cli.py"):
        with pytest.raises(ValueError):
            fetcher.fetch(outside.as_uri())
    assert log.refused == [p.as_uri() for p in (THEME_DIR / "__init__.py", ROOT / "pyproject.toml")] + [
        (ROOT / "publisher" / "cli.py").as_uri()
    ]
    assert check_resource(os.path.relpath(site_css, root), root, root) is None
    why = check_resource(os.path.relpath(ROOT / "publisher" / "cli.py", root), root, root)
    assert why is not None and "leads outside the project" in why


def test_a_theme_edit_reaches_the_next_build_and_nothing_is_written_into_the_package(tmp_path: Path) -> None:
    """The theme is part of the tool's fingerprint: a build after an edit of the theme's site.css is
    not a no-op. (A copy of the package, run as the CLI.)"""
    code = tmp_path / "code"
    shutil.copytree(ROOT / "publisher", code / "publisher", ignore=shutil.ignore_patterns("__pycache__"))
    tiny = copy_tiny(tmp_path / "tiny")
    theme = code / "publisher" / "theme"
    before = sorted(p.relative_to(theme) for p in theme.rglob("*"))

    run_command(tiny, "build", "-f", "html", "-j", "1", code=code, cwd=tmp_path)
    site_css = tiny / "build" / "html" / "assets" / "site.css"
    assert b"letter-spacing: 0.3em" not in site_css.read_bytes()
    with (theme / "web" / "site.css").open("a", encoding="utf-8") as fh:
        fh.write("\nh1 { letter-spacing: 0.3em; }\n")
    run_command(tiny, "build", "-f", "html", "-j", "1", code=code, cwd=tmp_path)
    assert b"h1 { letter-spacing: 0.3em; }" in site_css.read_bytes()
    assert sorted(p.relative_to(theme) for p in theme.rglob("*")) == before  # no .mo, no cache, nothing
