"""``publisher check --strict``: the accessibility lint of the chapters, at file:line, in every language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EN = """\
---
title: Intro
---

Read the [programme page](https://example.org/programme).

![Map](photo.png)

![image](photo.png)

![photo.png](photo.png)

![Two mayors signing the twinning agreement](photo.png)

See [here](https://example.org/a) or <https://example.org/b>.

### Too deep

## Fine

### Also fine

|   |   |
|---|---|
| 1 | 2 |
"""

TR = """\
---
title: Giriş
---

Ayrıntılar [burada](https://example.org/a).

![görsel](photo.png)
"""

IT = """\
---
title: Introduzione
---

Dettagli [qui](https://example.org/a), oppure [il sito del Comune](https://example.org/b).
"""


def make(make_project) -> Path:
    from PIL import Image

    root = make_project(chapters={"en/doc/01-intro.md": EN, "tr/doc/01-intro.md": TR, "it/doc/01-intro.md": IT})
    for lang in ("en", "tr"):
        Image.new("RGB", (4, 4)).save(root / "content" / lang / "doc" / "photo.png")
    return root


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", "-C", str(root), *args], capture_output=True, text=True, timeout=120
    )


def test_check_strict_reports_every_accessibility_problem_at_its_line(make_project) -> None:
    result = run(make(make_project), "check", "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    skip = ("stale translation", "records no review", "no base_url")  # not accessibility problems
    lines = [line for line in result.stderr.splitlines() if "warning:" in line and not any(s in line for s in skip)]
    found = {
        (line.split(":")[0].split("content/")[-1], int(line.split(":")[1]), line.split("warning: ")[1].split(" ")[0])
        for line in lines
    }
    assert found == {
        ("en/doc/01-intro.md", 9, "alternative"),  # "image"
        ("en/doc/01-intro.md", 11, "alternative"),  # a file name
        ("en/doc/01-intro.md", 15, "link"),  # "here"
        ("en/doc/01-intro.md", 15, "link"),  # a bare URL
        ("en/doc/01-intro.md", 17, "heading"),  # h1 (the title) to h3
        ("en/doc/01-intro.md", 23, "table"),  # empty header row
        ("tr/doc/01-intro.md", 5, "link"),  # "burada"
        ("tr/doc/01-intro.md", 7, "alternative"),  # "görsel"
        ("it/doc/01-intro.md", 5, "link"),  # "qui", but not "il sito del Comune"
    }, result.stderr
    assert len([line for line in lines if ":15:" in line]) == 2
    assert any("'here' says nothing" in line for line in lines)
    assert any("bare URL (https://example.org/b)" in line for line in lines)
    assert any("skips from h1 to h3" in line for line in lines)


def test_check_without_strict_warns_but_passes(make_project) -> None:
    result = run(make(make_project), "check")
    assert result.returncode == 0, result.stderr
    assert "says nothing" in result.stderr


def test_the_sample_passes_the_accessibility_lint(sample_project) -> None:
    result = run(sample_project, "check", "--strict")
    assert result.returncode == 0, result.stderr
