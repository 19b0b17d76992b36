"""Whatever an editor types, in any language: located problems or the outputs, never a bug or a traceback.

The whole build is fuzzed (web and print HTML, charts, cache, CLI). Examples per test come from the
Hypothesis profile (tests/conftest.py): "quick" for `make test`, "long" for `make fuzz`.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from fuzzing import LANGS, assert_located, checked_build, write_project
from helpers import run_cli
from hypothesis import event, given, settings
from hypothesis import strategies as st

from publisher.diagnostics import Problem, PublisherError
from publisher.html.site import web_pages
from publisher.load.config import load_publication
from publisher.pipeline.gather import gather
from publisher.pipeline.project import load_project
from publisher.pipeline.stages import build
from publisher.text.status import mark

PIECES = [
    "# Title\n",
    "## Section {#sec}\n",
    "text ",
    "*em* ",
    "**strong** ",
    "`code` ",
    "[^1] ",
    "\n\n[^1]: note\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    ": Caption {#tbl-x}\n",
    "![alt](figure:budget)\n",
    "![](x.png)\n",
    "@fig-budget ",
    "@tbl-x ",
    "@ch-intro ",
    "@ch-nowhere ",
    "{{ data.project.name }}",
    "{{ nope }}",
    "{% for i in range(3) %}",
    "{% endfor %}",
    "{{# comment #}}",
    "{{",
    "}}",
    "{%",
    "<b>",
    "<script>x</script>",
    "- item\n",
    "  - nested\n",
    "1. one\n",
    "> quote\n",
    '!!! note "T"\n    body\n',
    "Term\n: definition\n",
    "\n",
    "```\nfence\n",
    "```\n",
    "{.cls}",
    "\\",
    "ğüşıöç İ «»",
    "\u202e",
    "\x00",
    "\ufeff",
    "---\n",
    "[link](http://example.com) ",
    "![a](http://example.com/x.png)",
    "![a](../../../../etc/passwd)",
    "<!-- c -->",
    "&amp; &#0; &#x110000;",
]
FRONT = st.one_of(
    st.just("title: Intro\n"),
    st.just("title: ''\n"),
    st.just("title: [1, 2]\n"),
    st.just("bogus: 1\n"),
    st.just("title: x\ntranslation_of: 123\n"),
    st.just('title: "unclosed\n'),
    st.just("- a list\n"),
    st.text(max_size=40),
)
DATA = st.one_of(
    st.just("name: Proj\n"),
    st.just("{unclosed\n"),
    st.just("- 1\n- 2\n"),
    st.just("a: &x 1\nb: *x\n"),
    st.just("!!python/object:os.system ls\n"),
    st.text(max_size=40),
)
body = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=30).map("".join)

# Valid Markdown only: every example must render every PDF.
VALID_PIECES = [
    "# Heading\n\n",
    "## Section\n\n",
    "text ",
    "*em* ",
    "**strong** ",
    "`code` ",
    "\n\n",
    "- item\n",
    "1. one\n",
    "> quote\n\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    "ğüşıöç İ «» àèéìòù ",
    "{{ data.project.name }} ",
    '!!! note "T"\n    body\n\n',
    "Term\n: definition\n\n",
]
SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:?'()-ğüşıöçİĞÜŞÖÇàèéìòù’–"
valid_body = st.lists(st.one_of(st.sampled_from(VALID_PIECES), st.text(alphabet=SAFE, max_size=30)), max_size=30).map(
    "".join
)
PDF_EXAMPLES = max(3, settings.default.max_examples // 12)
# A third of the examples: valid chapters in every language (they get past loading to the pages and
# charts); a third: one language's chapter is random; a third: every language's chapter is random.
valid_chapter = st.tuples(st.just("title: Intro\n"), valid_body)
random_chapter = st.one_of(st.tuples(FRONT, body), st.tuples(st.just("title: Intro\n"), body))
CHAPTERS = st.sampled_from([(), LANGS[:1], LANGS[1:2], LANGS[2:], LANGS]).flatmap(
    lambda broken: st.fixed_dictionaries({lang: random_chapter if lang in broken else valid_chapter for lang in LANGS})
)
SOME_DATA = st.one_of(st.just("name: Proj\n"), st.just("items: [1, 2]\n"), DATA)


@pytest.fixture(scope="module")
def chart_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build/ folder whose charts are drawn: each example starts from its chart cache."""
    root = tmp_path_factory.mktemp("seed") / "p"
    write_project(root, {lang: ("title: Intro\n", "Text.\n") for lang in LANGS}, "name: x\n", False)
    build(root, formats=["html"], jobs=1)
    assert len(list((root / "build" / "figures").glob("*.svg"))) >= 3
    return root / "build"


@given(chapters=CHAPTERS, data=SOME_DATA, raw=st.booleans())
def test_random_input_builds_or_reports_located_problems(
    tmp_path_factory: pytest.TempPathFactory,
    chart_seed: Path,
    chapters: dict[str, tuple[str, str]],
    data: str,
    raw: bool,
) -> None:
    root = tmp_path_factory.mktemp("fuzz") / "p"
    write_project(root, chapters, data, raw, seed=chart_seed)
    results, diags = checked_build(root, formats=["html"], jobs=1)
    event("built" if results is not None else "stopped on located errors")
    if results is not None:
        site = "".join(p.read_text(encoding="utf-8") for p in (root / "build" / "html").rglob("*.html"))
        assert "<script>x" not in site
    # The same build through the CLI (from the cache when nothing failed): the same problems, no traceback.
    cli = run_cli(root, "build", "-f", "html", "-j", "1")
    assert cli.exception is None or isinstance(cli.exception, SystemExit), repr(cli.exception)
    assert "Traceback" not in cli.output
    assert cli.exit_code == (1 if diags.errors else 0), cli.output
    for problem in diags.problems:
        assert str(problem) in cli.stderr


@settings(max_examples=PDF_EXAMPLES)
@given(bodies=st.fixed_dictionaries({lang: valid_body for lang in LANGS}), fmt=st.sampled_from(["pdf", "print"]))
def test_random_documents_render_every_pdf(
    tmp_path_factory: pytest.TempPathFactory, chart_seed: Path, bodies: dict[str, str], fmt: str
) -> None:
    root = tmp_path_factory.mktemp("fuzzpdf") / "p"
    write_project(
        root, {lang: (f"title: Intro {lang}\n", bodies[lang]) for lang in LANGS}, "name: x\n", False, seed=chart_seed
    )
    publication = load_publication(root)
    for lang in LANGS[1:]:  # the translations are up to date: the printer's PDFs may be built
        mark(publication, root / "content" / lang / "doc" / "01-intro.md")
    results, diags = checked_build(root, formats=[fmt], jobs=2)
    assert results is not None and not diags.errors, [str(p) for p in diags.problems]
    rendered = {r.edition.lang: r for r in results}
    assert sorted(rendered) == sorted(LANGS)
    for lang, result in rendered.items():
        assert result.rendered and result.pages >= 1, result
        with pikepdf.open(root / "build" / fmt / f"doc.{lang}.pdf") as pdf:
            assert len(pdf.pages) == result.pages


def through_html(root: Path) -> str:
    """Load and lay out the web pages (no PDF): the pages' HTML, or the located errors."""
    try:
        project = load_project(root)
        pages = web_pages(gather(project, root / "build"))
        return "".join(p.html for p in pages)
    except PublisherError as exc:
        assert_located(root, exc.problems)
        return ""


def write(root: Path, text: str) -> None:
    write_project(
        root,
        {lang: ("title: Intro\n", text if lang == "en" else f"Text {lang}.\n") for lang in LANGS},
        "name: x\n",
        False,
    )


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
    write(root, PATHOLOGICAL[name])
    html = through_html(root)
    assert html, "valid input must build"


@pytest.mark.full  # make test-full: a 5 MB chapter takes half a minute
def test_five_megabyte_chapter_builds_html(tmp_path: Path) -> None:
    paragraph = "A long chapter with *some* emphasis, a [^1] note and ğüşıöç letters. " * 20 + "\n\n"
    text = paragraph * (5_000_000 // len(paragraph)) + "[^1]: The note.\n"
    assert len(text.encode()) >= 4_900_000
    root = tmp_path / "p"
    write(root, text)
    html = through_html(root)
    assert len(html) > 5_000_000


# --- fuzz: random input, re-saved by a random editor --------------------------------------------

BOM = "\ufeff"
EDITORS = {
    "lf": lambda text: text.encode("utf-8"),
    "bom": lambda text: (BOM + text).encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda text: text.replace("\n", "\r").encode("utf-8"),
    "bom-crlf": lambda text: (BOM + text.replace("\n", "\r\n")).encode("utf-8"),
}


def _relative(root: Path, problems: list[Problem]) -> list[tuple[str, int, str, str]]:
    """Problems with the project's folder taken out (to compare two copies of a project)."""
    here = str(root.resolve())
    shown = []
    for p in problems:
        path = Path(p.path)
        path = (path if path.is_absolute() else Path.cwd() / path).resolve()
        shown.append((str(path.relative_to(root.resolve())), p.line, p.severity, p.message.replace(here, "<root>")))
    return sorted(shown)


@settings(max_examples=max(5, settings.default.max_examples // 3))
@given(
    chapters=CHAPTERS,
    data=SOME_DATA,
    editor=st.sampled_from(sorted(EDITORS)),
    foreign=st.one_of(st.none(), st.tuples(st.sampled_from(["chapter", "data"]), st.integers(0, 40))),
)
def test_random_input_saved_by_any_editor_reports_the_same_real_lines(
    tmp_path_factory: pytest.TempPathFactory,
    chart_seed: Path,
    chapters: dict[str, tuple[str, str]],
    data: str,
    editor: str,
    foreign: tuple[str, int] | None,
) -> None:
    """The fuzz contract (every line a real line of its file) holds for CR, CRLF and BOM files; they report
    exactly what their LF twins report; a byte of another encoding is reported at its own line."""
    flat = {lang: (_lf(front), _lf(body)) for lang, (front, body) in chapters.items()}
    data = _lf(data).lstrip("\ufeff")
    base = tmp_path_factory.mktemp("editor")
    write_project(base / "lf", flat, data, False, seed=chart_seed)
    _, expected = checked_build(base / "lf", formats=["html"], jobs=1)
    root = base / editor
    write_project(root, flat, data, False, seed=chart_seed)
    files = [root / "content" / lang / "doc" / "01-intro.md" for lang in flat] + [
        root / "content" / "data" / "extra.yaml"
    ]
    for path in files:
        path.write_bytes(EDITORS[editor](path.read_text(encoding="utf-8")))
    bad_line = None
    if foreign is not None:
        path = files[0] if foreign[0] == "chapter" else files[-1]
        lines = path.read_bytes().splitlines(keepends=True) or [b""]
        index = foreign[1] % len(lines)
        lines[index] = b"\xfc" + lines[index]
        path.write_bytes(b"".join(lines))
        bad_line = (str(path.relative_to(root)), index + 1)
    results, found = checked_build(root, formats=["html"], jobs=1)  # asserts the contract
    event(f"{editor}, {'built' if results is not None else 'stopped'}, {'foreign byte' if foreign else 'clean'}")
    if bad_line is None:
        assert _relative(root, found.problems) == _relative(base / "lf", expected.problems)
    else:
        assert (*bad_line, "error") in [p[:3] for p in _relative(root, found.problems)]
        assert any("byte 0xFC at column 1" in p.message for p in found.problems)


def _lf(text: str) -> str:
    """One line structure for every editor: the random text's own CR and CRLF become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
