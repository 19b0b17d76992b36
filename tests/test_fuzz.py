"""Whatever an editor types: the only allowed failure is a located PublisherError, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINIMAL_PUBLICATION, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.build.gather import gather
from publisher.diagnostics import PublisherError
from publisher.html.site import web_pages
from publisher.load.project import load_project

PIECES = [
    "# Title\n", "## Section {#sec}\n", "text ", "*em* ", "**strong** ", "`code` ", "[^1] ", "\n\n[^1]: note\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n", ": Caption {#tbl-x}\n", "![alt](figure:budget)\n", "![](x.png)\n",
    "@fig-budget ", "@tbl-x ", "@ch-intro ", "@ch-nowhere ", "{{ data.project.name }}", "{{ nope }}",
    "{% for i in range(3) %}",
    "{% endfor %}", "{{# comment #}}", "{{", "}}", "{%", "<b>", "<script>x</script>", "- item\n", "  - nested\n",
    "1. one\n", "> quote\n", "!!! note \"T\"\n    body\n", "Term\n: definition\n", "\n", "```\nfence\n", "```\n",
    "{.cls}", "\\", "ğüşıöç İ «»", "\u202e", "\x00", "\ufeff", "---\n", "[link](http://example.com) ",
    "![a](http://example.com/x.png)", "![a](../../../../etc/passwd)", "<!-- c -->", "&amp; &#0; &#x110000;",
]
FRONT = st.one_of(
    st.just("title: Intro\n"), st.just("title: ''\n"), st.just("title: [1, 2]\n"), st.just("bogus: 1\n"),
    st.just("title: x\ntranslation_of: 123\n"), st.just("title: \"unclosed\n"), st.just("- a list\n"),
    st.text(max_size=40),
)
DATA = st.one_of(st.just("name: Proj\n"), st.just("{unclosed\n"), st.just("- 1\n- 2\n"), st.just("a: &x 1\nb: *x\n"),
                 st.just("!!python/object:os.system ls\n"), st.text(max_size=40))
body = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=30).map("".join)


def write(root: Path, front: str, text: str, data: str, raw: bool) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "publication.yaml").write_text(MINIMAL_PUBLICATION + ("allow_raw_html: true\n" if raw else ""),
                                           encoding="utf-8")
    shutil.copytree(ROOT / "templates", root / "templates")
    # print-run.yaml reads the sample's document ids: the other charts only read data
    shutil.copytree(ROOT / "figures", root / "figures", ignore=shutil.ignore_patterns("print-run.yaml"))
    shutil.copytree(ROOT / "content" / "data", root / "content" / "data")
    (root / "content" / "data" / "extra.yaml").write_text(data, encoding="utf-8")
    for lang in ("en", "tr", "it"):
        folder = root / "content" / lang / "doc"
        folder.mkdir(parents=True)
        (folder / "01-intro.md").write_text(f"---\n{front}---\n{text}" if lang == "en" else
                                            f"---\ntitle: T {lang}\n---\nText.\n", encoding="utf-8")


def through_html(root: Path) -> str:
    """The whole pipeline up to the web pages (no PDF): a located error or the pages' HTML."""
    try:
        project = load_project(root)
        pages = web_pages(gather(project, root / "build"))
        return "".join(p.html for p in pages)
    except PublisherError as exc:
        for problem in exc.problems:
            assert problem.path and problem.message, problem
        return ""


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(front=FRONT, text=body, data=DATA, raw=st.booleans())
def test_random_input_never_tracebacks(tmp_path_factory: pytest.TempPathFactory, front: str, text: str,
                                       data: str, raw: bool) -> None:
    root = tmp_path_factory.mktemp("fuzz") / "p"
    write(root, front, text, data, raw)
    html = through_html(root)
    assert "<script>x" not in html


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=body)
def test_random_documents_through_pdf(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    from publisher.build.pipeline import build

    root = tmp_path_factory.mktemp("fuzzpdf") / "p"
    write(root, "title: Intro\n", text, "name: x\n", False)
    try:
        results, diags = build(root, languages=["en"], formats=["pdf"], jobs=1)
    except PublisherError as exc:
        assert all(p.path for p in exc.problems)
        return
    for problem in diags.errors:
        assert problem.path and problem.message
    if not diags.errors:
        assert (root / "build" / "pdf" / "doc.en.pdf").read_bytes().startswith(b"%PDF")


PATHOLOGICAL = {
    "table_5000_rows": "| a | b |\n|---|---|\n" + "".join(f"| {i} | x{i} |\n" for i in range(5000)),
    "lists_50_deep": "".join("  " * i + "- level\n" for i in range(50)),
    "word_2000_chars": "x" * 2000 + "\n",
    "quotes_deep": "> " * 50 + "deep\n",
    "emphasis_storm": "*a **b " * 2000 + "\n",
    "brackets": "[" * 5000 + "]" * 5000 + "\n",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_but_valid_input_builds(tmp_path: Path, name: str) -> None:
    root = tmp_path / "p"
    write(root, "title: Intro\n", PATHOLOGICAL[name], "name: x\n", False)
    html = through_html(root)
    assert html, "valid input must build"


def test_five_megabyte_chapter_builds_html(tmp_path: Path) -> None:
    paragraph = "A long chapter with *some* emphasis, a [^1] note and ğüşıöç letters. " * 20 + "\n\n"
    text = paragraph * (5_000_000 // len(paragraph)) + "[^1]: The note.\n"
    assert len(text.encode()) >= 4_900_000
    root = tmp_path / "p"
    write(root, "title: Intro\n", text, "name: x\n", False)
    html = through_html(root)
    assert len(html) > 5_000_000
