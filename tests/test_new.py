"""`publisher new`: a publication in an empty folder outside this repository, built at once with the
built-in theme — from this checkout, and from the package installed (non-editable) in a fresh venv."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from helpers import ROOT, pdf_text, run_cli

TIMEOUT = 600
TITLES = {"en": "Welcome", "tr": "Hoş geldiniz", "it": "Benvenuti"}


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=TIMEOUT)
    assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr}"
    assert "error:" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


def assert_built(root: Path, languages: tuple[str, ...], pdfs: tuple[str, ...] = ("pdf", "print")) -> None:
    """Every edition of the new publication is there, in its language, chart included."""
    assert not (root / "templates").exists()  # the built-in theme served everything
    assert (root / "build" / "html" / "index.html").is_file()
    for lang in languages:
        page = (root / "build" / "html" / lang / "guide" / "index.html").read_text(encoding="utf-8")
        assert TITLES[lang] in page
        for folder in pdfs:
            text = pdf_text(root / "build" / folder / f"guide.{lang}.pdf")
            assert TITLES[lang] in text and "450" in text, (folder, lang)  # the data's sum, in a chapter
        assert (root / "build" / "figures" / f"visitors.{lang}.svg").is_file()
    assert (root / "build" / "print" / "job-sheet.pdf").is_file() == ("print" in pdfs)


def test_new_then_build_outside_the_repository(tmp_path: Path) -> None:
    assert not tmp_path.resolve().is_relative_to(ROOT)
    publisher = [sys.executable, "-m", "publisher"]
    out = run([*publisher, "new", "report", "--languages", "en,tr,it"], cwd=tmp_path).stdout
    root = tmp_path / "report"
    assert "wrote 9 files" in out and "publisher build" in out
    assert sorted(p.relative_to(root / "content").as_posix() for p in (root / "content").glob("[a-z]*/guide/*.md")) == [
        f"{lang}/guide/{name}" for lang in ("en", "it", "tr") for name in ("01-welcome.md", "02-data.md")
    ]
    run([*publisher, "check", "--strict"], cwd=root)
    run([*publisher, "build", "-f", "html", "-f", "pdf"], cwd=root)  # the printer's PDFs: in the next test
    assert_built(root, ("en", "tr", "it"), pdfs=("pdf",))


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_cli(tmp_path, "new", "mine")
    assert result.exit_code == 1
    assert "mine: error: the folder is not empty (it holds notes.txt): `publisher new` writes only into" in (
        result.output
    )
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_new_refuses_unknown_and_repeated_languages_at_once(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "new", "x", "--languages", "en,qq,en")
    assert result.exit_code == 1
    assert "--languages: error: unsupported language 'qq'" in result.output
    assert "--languages: error: language 'en' is listed twice" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


def test_the_installed_package_ships_the_theme(tmp_path: Path) -> None:
    """`pip install .` (not editable) into a fresh venv, then `publisher new` and `publisher build` there:
    the templates, catalogs and starter come from the installed package, not from this checkout."""
    source = tmp_path / "source"  # pip builds in the source folder: a copy, never the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "publisher", source / "publisher", ignore=shutil.ignore_patterns("__pycache__"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=TIMEOUT)
    python = venv / "bin" / "python"
    # the dependencies: this project's (a path line in a .pth; its editable install is not picked up)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT,
    ).stdout.strip()
    Path(site, "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(source)], cwd=tmp_path)
    where = run([str(venv / "bin" / "publisher"), "theme"], cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(venv) and (Path(where) / "web" / "site.css").is_file()
    reference = subprocess.run(  # the reference's entries ship too (its page quotes "path:line: error:")
        [str(python), "-m", "publisher.reference"], capture_output=True, text=True, cwd=tmp_path, timeout=TIMEOUT
    )
    assert (reference.returncode, reference.stderr) == (0, "") and "| `print.signature` |" in reference.stdout
    shutil.rmtree(source)  # nothing may be read from the sources once installed
    run([str(venv / "bin" / "publisher"), "new", "second"], cwd=tmp_path)
    root = tmp_path / "second"
    run([str(venv / "bin" / "publisher"), "build"], cwd=root)
    assert_built(root, ("en",))
