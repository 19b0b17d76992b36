"""A translation that lacks a chapter another chapter refers to (`@ch-data`, a table in it): the
reference is a warning at its line, and every other edition is built."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from publisher.pipeline.stages import build

SOURCE_INTRO = "---\ntitle: Intro\n---\n\nSee @ch-data and @tbl-counts.\n"
SOURCE_DATA = "---\ntitle: Data\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n: Counts {#tbl-counts}\n"


def test_a_reference_into_a_missing_translation_is_a_warning(make_project: Callable[..., Path]) -> None:
    root = make_project(
        chapters={
            "en/doc/01-intro.md": SOURCE_INTRO,
            "en/doc/02-data.md": SOURCE_DATA,
            "it/doc/01-intro.md": "---\ntitle: Intro\n---\n\nVedi @ch-data e @tbl-counts.\n",
            "it/doc/02-data.md": SOURCE_DATA.replace("Data", "Dati"),
            "tr/doc/01-intro.md": "---\ntitle: Giriş\n---\n\nBkz. @ch-data ve @tbl-counts.\n",
        }
    )
    results, diags = build(root, formats=["pdf", "html"], jobs=1)
    assert not diags.errors, "\n".join(map(str, diags.errors))
    built = {(r.edition.lang, r.edition.format) for r in results if r.path.is_file()}
    assert built == {(lang, fmt) for lang in ("en", "tr", "it") for fmt in ("pdf", "html")}
    at_reference = [str(w) for w in diags.warnings if "01-intro.md:5:" in str(w)]
    assert at_reference == [
        f"{root / 'content/tr/doc/01-intro.md'}:5: warning: cross-reference '{ref}' points into the chapter "
        "'data', not translated into 'tr' yet: shown as written until it is"
        for ref in ("@ch-data", "@tbl-counts")
    ]


def test_a_reference_to_no_chapter_at_all_is_still_an_error(make_project: Callable[..., Path]) -> None:
    import pytest

    from publisher.diagnostics import PublisherError
    from publisher.pipeline.project import load_project

    root = make_project(
        chapters={
            "en/doc/01-intro.md": "---\ntitle: Intro\n---\n\nSee @ch-nowhere.\n",
            "tr/doc/01-intro.md": "---\ntitle: Giriş\n---\n\nBkz. @ch-nowhere.\n",
            "it/doc/01-intro.md": "---\ntitle: Intro\n---\n\nVedi @ch-nowhere.\n",
        }
    )
    with pytest.raises(PublisherError) as raised:
        load_project(root)
    messages = [str(p) for p in raised.value.problems if "nowhere" in str(p)]
    assert len(messages) == 3 and all("error: broken cross-reference '@ch-nowhere'" in m for m in messages)
