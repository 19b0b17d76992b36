"""Hostile input: nothing outside the project is read, no code runs from content.

Each vector is built in a tiny project; the test asserts the located error and that the
secret marker (a file outside the project) reaches no output.
"""

from __future__ import annotations

import os
from pathlib import Path

import pikepdf
import pytest
from helpers import MINIMAL_PUBLICATION, override, pdf_text

from publisher.diagnostics import PublisherError
from publisher.pipeline.stages import build
from publisher.text.jinja import render_chapter_text
from publisher.text.sanitize import anchor_or_project_url, sanitize_html

MARKER = "SECRET-MARKER-7f3a"
RAW = MINIMAL_PUBLICATION + "allow_raw_html: true\n"


def chapters(en_body: str) -> dict[str, str]:
    out = {f"{lang}/doc/01-intro.md": f"---\ntitle: Intro {lang}\n---\n\nText {lang}.\n" for lang in ("tr", "it")}
    out["en/doc/01-intro.md"] = "---\ntitle: Intro\n---\n\nFirst line.\n\n" + en_body + "\n"
    return out


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(MARKER, encoding="utf-8")
    (tmp_path / "secret.css").write_text(f'body::after {{ content: "{MARKER}" }}', encoding="utf-8")
    return path


def outputs_text(root: Path) -> str:
    """Everything a finished build wrote, PDFs as their extracted text and decoded streams.

    Fails when the build wrote no web page or PDF: a leak check over nothing proves nothing.
    """
    written = [p for p in (root / "build").rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in written) and any(p.suffix == ".pdf" for p in written), (
        f"the build wrote no page and no PDF: {written}"
    )
    parts = []
    for path in written:
        parts.append(path.read_bytes().decode("latin-1"))
        if path.suffix == ".pdf":
            parts.append(pdf_text(path))
            with pikepdf.open(path) as pdf:
                parts.extend(
                    obj.read_bytes().decode("latin-1") for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
                )
    return "".join(parts)


def assert_nothing_published(root: Path) -> None:
    """A refused build writes no page and no PDF (so nothing it refused can reach a reader)."""
    build_dir = root / "build"
    published = [p for fmt in ("html", "pdf", "print") for p in (build_dir / fmt).rglob("*") if p.is_file()]
    assert published == [], published


def build_errors(root: Path) -> list[str]:
    """The build's error lines, with paths relative to the project."""
    try:
        _, diags = build(root, formats=["html"], jobs=1)
        problems = diags.errors
    except PublisherError as exc:
        problems = exc.problems
    return [str(p).removeprefix(f"{root}/") for p in problems if p.severity == "error"]


@pytest.mark.parametrize(
    "src, message",
    [
        ("http://example.com/x.png", "refused URL 'http://example.com/x.png'"),
        ("https://example.com/x.png", "refused URL"),
        ("ftp://example.com/x.png", "refused URL"),
        ("file:///etc/passwd", "refused URL 'file:///etc/passwd'"),
        ("/etc/passwd", "absolute paths are not allowed"),
        ("../../../../secret.txt", "it leads outside the project"),
        ("data:image/png;base64," + "A" * 70_000, "refused data: URL of 70,022 characters"),
    ],
)
def test_markdown_image_vectors_are_refused(make_project, secret: Path, src: str, message: str) -> None:
    root = make_project(chapters=chapters(f"Inline ![a picture]({src}) here.\n\n![a figure]({src})"))
    errors = build_errors(root)
    assert any(e.startswith("content/en/doc/01-intro.md:7: error: ") and message in e for e in errors), errors
    assert any(e.startswith("content/en/doc/01-intro.md:9: error: ") and message in e for e in errors), errors
    assert_nothing_published(root)


def test_symlink_out_of_the_project_is_refused(make_project, secret: Path) -> None:
    root = make_project(chapters=chapters("![a picture](img/link.png)"))
    (root / "content" / "en" / "doc" / "img").mkdir()
    os.symlink(secret, root / "content" / "en" / "doc" / "img" / "link.png")
    errors = build_errors(root)
    assert errors == ["content/en/doc/01-intro.md:7: error: refused path 'img/link.png': it leads outside the project"]
    assert_nothing_published(root)


def test_svg_referencing_outside_is_refused(make_project, secret: Path) -> None:
    root = make_project(chapters=chapters("![a chart](img/evil.svg)"))
    img = root / "content" / "en" / "doc" / "img"
    img.mkdir()
    (img / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<image xlink:href="file://{secret}" width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    (img / "css.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "http://evil.example/x.css";</style></svg>',
        encoding="utf-8",
    )
    errors = build_errors(root)
    assert len(errors) == 1 and errors[0].startswith("content/en/doc/01-intro.md:7: error: refused SVG 'evil.svg'")
    root2 = make_project(chapters=chapters("![a chart](img/css.svg)"))
    errors = build_errors(root2)
    assert len(errors) == 1 and "refused SVG 'css.svg'" in errors[0] and "http://evil.example/x.css" in errors[0]
    assert_nothing_published(root)


def test_css_url_in_templates_is_refused(make_project, secret: Path) -> None:
    root = make_project()
    css = override(root, "web/site.css")
    lines = css.read_text(encoding="utf-8").count("\n")
    with css.open("a", encoding="utf-8") as fh:
        fh.write(
            f"\nbody {{ background: url(http://evil.example/track.png); }}\n@import 'file://{secret.parent}/secret.css';\n"
        )
    errors = build_errors(root)
    assert (
        f"templates/web/site.css:{lines + 2}: error: refused URL 'http://evil.example/track.png': only files "
        "inside the project can be used (http: is not allowed)" in errors
    ), errors
    assert any(e.startswith(f"templates/web/site.css:{lines + 3}: error: refused URL 'file://") for e in errors)
    assert_nothing_published(root)


@pytest.mark.parametrize(
    "html, message",
    [
        ('<img src="file:///etc/passwd" alt="x">', "refused URL 'file:///etc/passwd'"),
        ('<img src="http://evil.example/pixel.png" alt="x">', "refused URL 'http://evil.example/pixel.png'"),
        ('<img src="../../../../secret.txt" alt="x">', "it leads outside the project"),
        ("<script>alert('SECRET-MARKER-7f3a')</script>", "raw HTML <script> is not allowed"),
        ('<div onclick="alert(1)">x</div>', "raw HTML event handler onclick= is not allowed"),
        ('<a href="javascript:alert(1)">x</a>', "script URLs are not allowed"),
        ('<p><iframe src="http://evil.example"></iframe></p>', "raw HTML <iframe> is not allowed"),
        ('<link rel="stylesheet" href="http://evil.example/x.css">', "raw HTML <link> is not allowed"),
    ],
)
def test_raw_html_vectors_are_refused(make_project, secret: Path, html: str, message: str) -> None:
    root = make_project(chapters=chapters(html), publication=RAW)
    errors = build_errors(root)
    assert any(e.startswith("content/en/doc/01-intro.md:7: error: ") and message in e for e in errors), errors
    assert_nothing_published(root)


def test_hostile_text_that_builds_leaks_nothing(make_project, secret: Path) -> None:
    """Raw HTML off: every vector is shown as text, the build finishes, and no output holds the secret."""
    vectors = [
        f'<img src="{secret.as_uri()}">',
        '<img src="../../../../secret.txt">',
        f'<link rel="stylesheet" href="{(secret.parent / "secret.css").as_uri()}">',
        f'<object data="{secret.as_uri()}"></object>',
        "<script>document.write(1)</script>",
    ]
    root = make_project(chapters=chapters("\n\n".join(vectors)))
    results, diags = build(root, formats=["html", "pdf"], jobs=1)
    assert not diags.errors, diags.errors
    assert {r.edition.format for r in results if r.path.is_file()} == {"html", "pdf"}
    assert MARKER not in outputs_text(root)
    page = (root / "build" / "html" / "en" / "doc" / "intro.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;document.write(1)&lt;/script&gt;" in page and "<script>document" not in page


def test_raw_html_is_escaped_unless_allowed(make_project) -> None:
    root = make_project(chapters=chapters('<script>alert(1)</script>\n\n<b onclick="x()">bold</b>'))
    assert build_errors(root) == []
    page = (root / "build" / "html" / "en" / "doc" / "intro.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "<script>alert" not in page and 'onclick="x()"' not in page


def test_allowed_raw_html_is_kept(make_project) -> None:
    root = make_project(
        chapters=chapters('<div class="box">A <b title="t">box</b> <a href="#x">link</a></div>'), publication=RAW
    )
    assert build_errors(root) == []
    page = (root / "build" / "html" / "en" / "doc" / "intro.html").read_text(encoding="utf-8")
    assert '<div class="box">A <b title="t">box</b> <a href="#x">link</a></div>' in page


def test_sanitiser_drops_everything_executable() -> None:
    check = anchor_or_project_url(lambda url: None)
    hostile = (
        '<div onmouseover="x()" style="background:url(http://e)"><script>evil()</script>'
        '<a href=" JaVa\tScRiPt:evil()">a</a><svg onload="evil()"><script>e()</script></svg>'
        '<img src="x.png" onerror="evil()"><!--<script>evil()</script>--><object data="x"></object></div>'
    )
    clean, problems = sanitize_html(hostile, check)
    assert clean == '<div><a>a</a><img src="x.png"></div>'
    lowered = clean.lower()
    for bad in ("script", "onmouseover", "onerror", "onload", "javascript", "style", "object", "svg"):
        assert bad not in lowered
    assert len(problems) >= 6


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("ok\n{{ ''.__class__ }}", 6, "not allowed in a chapter: access to attribute '__class__'"),
        ("{{ data.__class__.__mro__ }}", 5, "not allowed in a chapter"),
        ("{{ lang.__class__.__base__.__subclasses__() }}", 5, "not allowed in a chapter"),
        ("{% for i in range(100000000) %}x{% endfor %}", 5, "too expensive: range() of 100,000,000 numbers"),
        (
            "a\nb\n{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}",
            7,
            "too expensive: the chapter's loops take more than 1,000,000 steps",
        ),
        ("{{ 'x' * 1000000000 }}", 5, "too expensive: repetition producing 1,000,000,000 items"),
        ("{{ 9 ** 99999999 }}", 5, "too expensive: power with exponent"),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", 5, "template recursion too deep"),
    ],
)
def test_chapter_jinja_is_sandboxed_and_bounded(text: str, line: int, message: str) -> None:
    with pytest.raises(PublisherError) as info:
        render_chapter_text(text, Path("content/en/doc/01-intro.md"), 5, "en", {"data": {"x": 1}, "lang": "en"})
    problem = info.value.problems[0]
    assert (problem.path, problem.line) == ("content/en/doc/01-intro.md", line)
    assert message in problem.message, problem.message


def test_output_size_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import publisher.text.jinja as render

    monkeypatch.setattr(render, "MAX_OUTPUT_CHARS", 50_000)
    with pytest.raises(PublisherError, match="produce more than 50,000 characters"):
        render_chapter_text("{% for i in range(9000) %}{{ 'abcdefghij' }}{% endfor %}", Path("c.md"), 1, "en", {})


def test_wall_clock_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    import publisher.text.jinja as render

    monkeypatch.setattr(render, "MAX_SECONDS", 0.2)
    rows = list(range(3000))
    with pytest.raises(PublisherError, match="ran for more than 0.2 s"):
        render_chapter_text(
            "{% for a in rows %}{% for b in rows %}{% for c in rows %}{% endfor %}{% endfor %}{% endfor %}",
            Path("c.md"),
            1,
            "en",
            {"rows": rows},
        )


def test_pdf_url_jail_fetches_nothing_outside(tmp_path: Path, secret: Path) -> None:
    """The last line of defence: WeasyPrint's fetcher refuses files outside the roots and the network."""
    from publisher.pdf.engine import lay_out_pdf

    project = tmp_path / "project"
    project.mkdir()
    html = (
        f'<html><head><link rel="stylesheet" href="{(tmp_path / "secret.css").as_uri()}">'
        f'<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
        f'<body><p>Visible text</p><img src="{secret.as_uri()}"></body></html>'
    )
    result = lay_out_pdf(html, project, [project], identifier="t", mode="pdf")
    assert (tmp_path / "secret.css").as_uri() in result.log.refused
    assert any(u.startswith("http://127.0.0.1:9") for u in result.log.refused)
    written = tmp_path / "jailed.pdf"
    written.write_bytes(result.data)
    text = pdf_text(written)
    assert "Visible text" in text and MARKER not in text
