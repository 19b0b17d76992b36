"""Every fenced example of README.md and docs/ runs (or is marked an excerpt): the docs cannot drift
from the tool. ``tests/docexamples.py`` says how a page marks its examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from docexamples import Example, all_examples, parse, run_example, runnable


def test_every_fenced_block_is_an_example_or_an_excerpt() -> None:
    examples, problems = all_examples()
    assert examples, "no fenced blocks found in README.md and docs/"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("example", runnable(full=False), ids=lambda e: e.where)
def test_example(example: Example, tmp_path: Path) -> None:
    problem = run_example(example, tmp_path)
    assert not problem, f"{example.where}: the example does not do what its page says: {problem}"


@pytest.mark.full
@pytest.mark.parametrize("example", runnable(full=True), ids=lambda e: e.where)
def test_full_example(example: Example, tmp_path: Path) -> None:
    problem = run_example(example, tmp_path)
    assert not problem, f"{example.where}: the example does not do what its page says: {problem}"


def _page(tmp_path: Path, text: str) -> Example:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    examples, problems = parse(page)
    assert not problems, problems
    return examples[0]


def test_a_drifted_example_fails(tmp_path: Path) -> None:
    """The runner itself: a wrong key, an unknown option and a wrong shown output are each caught."""
    wrong_key = _page(
        tmp_path, "<!-- example: merge publication.yaml -->\n```yaml\nprint: {trim: A4, bindng: perfect}\n```\n"
    )
    assert "print.bindng: unknown key" in run_example(wrong_key, tmp_path / "a")
    wrong_option = _page(tmp_path, "<!-- example: commands -->\n```sh\npublisher build --fast   # quick\n```\n")
    assert "No such option '--fast'" in run_example(wrong_option, tmp_path / "b")
    shell = _page(
        tmp_path,
        "<!-- example: commands -->\n```sh\npublisher print-runs > runs.txt && publisher status | head -1\n```\n",
    )
    assert run_example(shell, tmp_path / "d") == ""  # a redirection, a chain, a pipe: only the tool's words
    wrong_output = _page(
        tmp_path,
        "<!-- example: run -->\n```sh\npublisher check\n```\n<!-- example: output -->\n```\nok: 99 editions\n```\n",
    )
    assert "lacks ['ok: 99 editions']" in run_example(wrong_output, tmp_path / "c")


def test_an_unmarked_fence_is_reported(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Text.\n\n```yaml\ntitle: x\n```\n", encoding="utf-8")
    assert parse(page)[1] == ["page.md:3: a fenced block without a directive (<!-- example: … --> before it)"]


def test_every_link_of_the_docs_stays_in_the_repository() -> None:
    """A relative link points at a file of this repository (not ../shared/…, not a missing page)."""
    import re

    from docexamples import REPO, pages

    broken = []
    for page in pages():
        prose = re.sub(r"`[^`\n]*`", "", page.read_text(encoding="utf-8"))  # not the links shown as code
        for target in re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", prose):
            if re.match(r"^[a-z]+:", target):
                continue  # https:, mailto:, figure: (a chart, in an example)
            resolved = (page.parent / target).resolve()
            if not resolved.is_relative_to(REPO) or not resolved.exists():
                broken.append(f"{page.relative_to(REPO)}: {target}")
    assert broken == []
