"""Bad data as a careless or hostile editor writes it (issue 23 §9): YAML alias bombs, self-referring
aliases, deep nesting, files that are not images, PNG headers promising gigapixels. Each is a located
error found by ``publisher check`` before anything is rendered, in bounded memory; nothing is built."""

from __future__ import annotations

import os
import resource
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from publisher.cli import main
from publisher.diagnostics import PublisherError
from publisher.load.images import MAX_PIXELS
from publisher.load.yamlfile import parse_yaml
from publisher.load.yamllimits import MAX_ALIAS_GROWTH, MAX_DEPTH

CHAPTER = "---\ntitle: Intro\n---\n\nText.\n\n![A visit to the centre](../../../figures/visit.png)\n"
"""The English chapter: its image on line 7."""


def bomb(width: int, levels: int, flow: bool = True) -> tuple[str, int]:
    """A billion-laughs file and the line where its expansion first exceeds the limit."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"] if flow else ["a0: &a0", *["  - lol"] * width]
    size, crossing = width + 1, 0
    for level in range(1, levels + 1):
        if flow:
            lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
        else:
            lines += [f"a{level}: &a{level}", *[f"  - *a{level - 1}"] * width]
        size = size * width + 1
        if size > MAX_ALIAS_GROWTH and not crossing:
            crossing = len(lines) - (0 if flow else width)
    return "\n".join(lines) + "\n", crossing


def png(width: int, height: int, damaged: bool = False) -> bytes:
    """A PNG whose header says ``width`` x ``height``; its data is a few bytes whatever it says."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) ^ (1 if damaged and kind == b"IDAT" else 0)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * min(width * 3 + 1, 4096))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def _refused(text: str) -> tuple[int, str]:
    with pytest.raises(PublisherError) as caught:
        parse_yaml(text, "content/data/x.yaml")
    (problem,) = caught.value.problems
    return problem.line, problem.message


@given(width=st.integers(2, 12), extra=st.integers(0, 4), flow=st.booleans())
def test_alias_bombs_are_refused_at_the_line_that_crosses_the_limit(width: int, extra: int, flow: bool) -> None:
    levels = next(n for n in range(1, 40) if width ** (n + 1) > MAX_ALIAS_GROWTH) + extra
    text, crossing = bomb(width, levels, flow)
    line, message = _refused(text)
    assert message.startswith(f"aliases expand beyond {MAX_ALIAS_GROWTH:,} values")
    assert line == crossing


@given(copies=st.integers(2, 6))
def test_merge_key_bombs_are_refused(copies: int) -> None:
    lines = ["m0: &m0 {x: 1, y: 2}"]
    for level in range(1, 40):
        lines.append(f"m{level}: &m{level} {{<<: [{', '.join([f'*m{level - 1}'] * copies)}], k{level}: 1}}")
    line, message = _refused("\n".join(lines) + "\n")
    assert message.startswith("aliases expand beyond") and 2 <= line <= 40


def test_aliases_within_the_limit_still_load() -> None:
    text, _ = bomb(3, 5)
    assert parse_yaml(text, "x.yaml").data["a5"][0][0][0][0][0] == ["lol"] * 3


@pytest.mark.parametrize("text, line", [("a: &a\n  - 1\n  - *a\n", 3), ("x:\n  y: &y {z: [1, *y]}\n", 2)])
def test_an_alias_inside_its_own_anchor_is_refused(text: str, line: int) -> None:
    assert _refused(text) == (
        line,
        f"the alias *{text.split('&')[1][0]} refers to the value that contains it: it would repeat forever",
    )


@given(depth=st.integers(MAX_DEPTH + 1, 20_000), style=st.sampled_from(["flow", "mapping", "block"]))
def test_deep_nesting_is_refused_at_the_level_that_crosses_the_limit(depth: int, style: str) -> None:
    if style == "flow":
        text, line = "x: " + "[" * depth + "]" * depth + "\n", 1
    elif style == "mapping":
        text, line = "x: " + "{a: " * depth + "1" + "}" * depth + "\n", 1
    else:
        depth = min(depth, 600)  # block style grows quadratically with its indentation
        text, line = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v\n", MAX_DEPTH + 1
    assert _refused(text) == (line, f"nested deeper than {MAX_DEPTH} levels: flatten the data (a list of rows, say)")


def test_nesting_up_to_the_limit_loads() -> None:
    depth = MAX_DEPTH - 1
    data = parse_yaml("x: " + "[" * depth + "1" + "]" * depth + "\n", "x.yaml").data
    for _ in range(depth + 1):  # the mapping, then each list
        data = data["x"] if isinstance(data, dict) else data[0]
    assert data == 1


def _project(root: Path, image: bytes | None = None, data: str | None = None) -> Path:
    from tinyproject import copy_tiny

    copy_tiny(root)
    (root / "content" / "en" / "doc" / "01-intro.md").write_text(CHAPTER, encoding="utf-8")
    (root / "figures").mkdir()
    (root / "figures" / "visit.png").write_bytes(image if image is not None else png(40, 30))
    if data is not None:
        (root / "content" / "data").mkdir()
        (root / "content" / "data" / "x.yaml").write_text(data, encoding="utf-8")
    return root


IMAGES = {
    "text": (b"<html>not an image</html>", "not an image format the printer can read"),
    "empty": (b"", "not an image format the printer can read"),
    "gigapixel": (png(100_000, 100_000), "megapixels (the limit is 60)"),
    "too_many_pixels": (png(10_000, 8_000), "10,000 x 8,000 pixels (80 megapixels; the limit is 60)"),
    "damaged": (png(40, 30, damaged=True), "damaged image file"),
    "truncated": (png(40, 30)[:-16], "damaged image file"),
}


@pytest.mark.parametrize("name", IMAGES)
def test_an_unreadable_image_is_an_error_at_its_chapter_line(tmp_path: Path, name: str, monkeypatch) -> None:
    data, reason = IMAGES[name]
    root = _project(tmp_path / "p", image=data)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1, result.output
    prefix = "content/en/doc/01-intro.md:7: error: ../../../figures/visit.png is not a readable image: "
    (line,) = [line for line in result.output.splitlines() if line.startswith(prefix)]
    assert reason in line and "internal error" not in result.output


def test_a_readable_image_passes(tmp_path: Path, monkeypatch) -> None:
    assert MAX_PIXELS > 40 * 30
    monkeypatch.chdir(_project(tmp_path / "p"))
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output


def _limit_memory() -> None:
    limit = 4 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_a_bomb_and_a_bad_image_together_build_nothing_within_4_gb(tmp_path: Path) -> None:
    """The whole command, in a process that may not use more than 4 GB: both problems, one run, no output."""
    text, crossing = bomb(9, 9)
    root = _project(tmp_path / "p", image=png(100_000, 100_000), data=text)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    run = subprocess.run(
        [sys.executable, "-m", "publisher", "build"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=_limit_memory,
        timeout=600,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    output = run.stdout + run.stderr
    assert f"content/data/x.yaml:{crossing}: error: aliases expand beyond" in output
    assert "content/en/doc/01-intro.md:7: error: ../../../figures/visit.png is not a readable image" in output
    assert "internal error" not in output and "Traceback" not in output
    assert not [p for p in (root / "build").rglob("*") if p.suffix in (".pdf", ".html")]
