"""The command line: located errors, all at once, non-zero exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import run_cli


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", "-C", str(root), *args], capture_output=True, text=True, timeout=120
    )


def test_check_reports_broken_front_matter_with_line(make_project) -> None:
    root = make_project(
        chapters={
            "en/doc/01-intro.md": "---\ntitle: Intro\nauthor: [unclosed\n---\nText\n",
            "tr/doc/01-intro.md": "---\ntitle: Giriş\n---\n{{ data.nothing.here }}\n",
            "it/doc/01-intro.md": "no front matter\n",
        }
    )
    result = run(root, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any("en/doc/01-intro.md:" in line and ": error: invalid YAML" in line for line in lines)
    assert any("tr/doc/01-intro.md:4: error: unknown value" in line and "nothing" in line for line in lines)
    assert any("it/doc/01-intro.md:1: error: missing front matter" in line for line in lines)


def test_jinja_syntax_error_is_located(make_project) -> None:
    root = make_project(
        chapters={
            "en/doc/01-intro.md": "---\ntitle: Intro\n---\n\nLine one.\n\n{{ data.x | }}\n",
            "tr/doc/01-intro.md": "---\ntitle: Giriş\n---\nMetin.\n",
            "it/doc/01-intro.md": "---\ntitle: Intro\n---\nTesto.\n",
        }
    )
    result = run(root, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "en/doc/01-intro.md:7: error: template syntax" in result.stderr


def test_unknown_document_and_language_options(make_project) -> None:
    root = make_project()
    result = run_cli(root, "build", "--document", "nope", "--lang", "de")
    assert result.exit_code == 1
    assert "unknown document 'nope'" in result.output
    assert "unknown language 'de'" in result.output


def test_missing_chapters_for_a_language(make_project) -> None:
    root = make_project(chapters={"en/doc/01-intro.md": "---\ntitle: Intro\n---\nText.\n"})
    result = run(root, "check")
    assert result.returncode == 1
    assert "no chapters for 'doc' in 'tr'" in result.stderr


def test_check_passes_on_the_sample(sample_project: Path) -> None:
    result = run(sample_project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 7 editions")


def test_a_broken_chapter_is_reported_once_not_through_its_references(make_project) -> None:
    root = make_project(
        chapters={
            "en/doc/01-intro.md": "---\ntitle: Intro\n---\nSee @ch-method and @tbl-x.\n",
            "en/doc/02-method.md": "---\ntitle: [Method\n---\nText\n",
            "tr/doc/01-intro.md": "---\ntitle: Giriş\n---\nMetin.\n",
            "it/doc/01-intro.md": "---\ntitle: Intro\n---\nTesto.\n",
        }
    )
    result = run(root, "check")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, errors
    assert errors[0].endswith(
        "content/en/doc/02-method.md:2: error: invalid YAML: while parsing a flow sequence: "
        "expected ',' or ']', but got '<stream end>'"
    )


def test_build_reports_every_input_error_located_without_traceback(make_project) -> None:
    root = make_project(
        chapters={
            "en/doc/01-intro.md": "---\ntitle: Intro\nauthor: [unclosed\n---\nText\n",
            "tr/doc/01-intro.md": "---\ntitle: Giriş\n---\n{{ data.nothing.here }}\n",
            "it/doc/01-intro.md": "---\ntitle: Intro\n---\nTesto.\n\n![a](../../../../etc/passwd)\n",
        }
    )
    result = run(root, "build")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert any("en/doc/01-intro.md:3: error: invalid YAML" in line for line in errors), errors
    assert any("tr/doc/01-intro.md:4: error: unknown value" in line for line in errors), errors
    assert any("it/doc/01-intro.md:6: error: " in line for line in errors), errors
    assert not (root / "build" / "pdf").exists() or not list((root / "build" / "pdf").glob("*.pdf"))


ONE_LANGUAGE = """\
title: {en: Test}
languages: [en]
documents:
  - id: doc
    title: {en: A document}
    print_runs: {en: 10}
"""


def test_preflight_fails_on_a_bad_printers_pdf(make_project) -> None:
    root = make_project(
        publication=ONE_LANGUAGE, chapters={"en/doc/01-intro.md": "---\ntitle: Intro\n---\n\nSome *text*.\n"}
    )
    built = run(root, "build", "-f", "print", "-f", "pdf")
    assert built.returncode == 0, built.stderr
    good = run(root, "preflight")
    assert good.returncode == 0, good.stderr  # the printer's PDF as built passes
    printers = root / "build" / "print" / "doc.en.pdf"
    printers.write_bytes((root / "build" / "pdf" / "doc.en.pdf").read_bytes())  # the RGB screen PDF instead
    rgb = run(root, "preflight")
    assert rgb.returncode == 1 and "Traceback" not in rgb.stderr
    assert "doc.en.pdf: error: " in rgb.stderr and "RGB colour" in rgb.stderr, rgb.stderr
    printers.write_bytes(printers.read_bytes()[:2000])  # a truncated file
    broken = run(root, "preflight")
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert "doc.en.pdf: error: cannot open" in broken.stderr, broken.stderr
