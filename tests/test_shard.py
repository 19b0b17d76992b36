"""A build shared by a CI matrix: `publisher build --shard i/n` on each machine, then `--merge`.

The merged build/ equals a build on one machine, file for file; shards that do not make one build
(one missing, one given twice, other sources) are refused with located errors and no traceback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import MINIMAL_PUBLICATION, cli, copy_project

from publisher.pipeline.shards import parse_shard, shares

COMPARED = ("print", "pdf", "epub", "html", "figures")

TWO_DOCUMENTS = (
    MINIMAL_PUBLICATION
    + """\
  - id: notes
    title: {en: Notes, tr: Notlar, it: Note}
"""
)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_build(merged: Path, single: Path) -> int:
    """Every compared folder of build/ holds the same files with the same bytes; how many files."""
    count = 0
    for part in COMPARED:
        ours, theirs = _files(merged / "build" / part), _files(single / "build" / part)
        assert sorted(ours) == sorted(theirs), part
        different = [name for name in ours if ours[name] != theirs[name]]
        assert not different, f"{part}: {different}"
        count += len(ours)
    return count


def _build(root: Path, *args: str) -> str:
    code, output = cli(root, "build", "-j", "1", *args)
    assert code == 0, output
    return output


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A tiny publication of two documents in three languages: built on one machine, and in two shards."""
    base = tmp_path_factory.mktemp("tiny")
    origin = base / "origin"
    for lang in ("en", "tr", "it"):
        for doc, text in (("doc", "A longer text. " * 40), ("notes", "Notes.")):
            path = origin / "content" / lang / doc / "01-intro.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\ntitle: Intro {lang}\n---\n\n{text} {lang}\n", encoding="utf-8")
    (origin / "publication.yaml").write_text(TWO_DOCUMENTS, encoding="utf-8")
    folders = {name: copy_project(base / name, origin) for name in ("single", "one", "two", "merged")}
    formats = ("-f", "html", "-f", "pdf")
    _build(folders["single"], *formats)
    _build(folders["one"], *formats, "--shard", "1/2")
    _build(folders["two"], *formats, "--shard", "2/2")
    return folders


def test_tiny_publication_merged_from_two_shards_equals_one_build(tiny: dict[str, Path]) -> None:
    one, two = tiny["one"] / "build", tiny["two"] / "build"
    assert sorted(p.name for p in (one / "pdf").iterdir()) != sorted(p.name for p in (two / "pdf").iterdir())
    assert not (one / "html").exists()  # the site spans the editions: the merge writes it
    code, output = cli(tiny["merged"], "build", "--merge", str(one), str(two))
    assert code == 0, output
    assert assert_same_build(tiny["merged"], tiny["single"]) > 10


def test_merge_refuses_a_missing_shard(tiny: dict[str, Path], tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", tiny["single"])
    code, output = cli(root, "build", "--merge", str(tiny["one"] / "build"))
    assert code == 1
    assert "Traceback" not in output
    assert f"{tiny['one'] / 'build' / 'shard.json'}: error: missing shard 2/2" in output


def test_merge_refuses_a_shard_given_twice(tiny: dict[str, Path], tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", tiny["single"])
    again = tmp_path / "again"
    shutil.copytree(tiny["one"] / "build", again)
    code, output = cli(root, "build", "--merge", str(tiny["one"]), str(again), str(tiny["two"]))
    assert code == 1
    assert "Traceback" not in output
    assert f"{again / 'shard.json'}: error: shard 1/2 given twice" in output


def test_merge_refuses_shards_of_other_sources(tiny: dict[str, Path], tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", tiny["single"])
    chapter = root / "content" / "en" / "notes" / "01-intro.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    code, output = cli(root, "build", "--merge", str(tiny["one"]), str(tiny["two"]))
    assert code == 1
    assert "Traceback" not in output
    assert f"{tiny['one'] / 'build' / 'shard.json'}: error: shard 1/2 was built from other sources" in output
    assert not (root / "build" / "pdf").exists()  # nothing written


def test_merge_refuses_a_damaged_file(tiny: dict[str, Path], tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", tiny["single"])
    damaged = tmp_path / "two"
    shutil.copytree(tiny["two"] / "build", damaged)
    pdf = next((damaged / "pdf").glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes()[:-100])
    code, output = cli(root, "build", "--merge", str(tiny["one"]), str(damaged))
    assert code == 1
    assert f"error: pdf/{pdf.name}: its sha256 is not the manifest's" in output


@pytest.mark.parametrize("value", ["0/3", "4/3", "3", "a/b"])
def test_shard_must_be_i_of_n(tiny: dict[str, Path], value: str) -> None:
    code, output = cli(tiny["single"], "build", "--shard", value)
    assert code == 2
    assert "Invalid value for '--shard'" in output


def test_merge_takes_folders_and_no_selection(tiny: dict[str, Path]) -> None:
    code, output = cli(tiny["single"], "build", "--merge")
    assert code == 2 and "--merge takes the shards' build folders" in output
    code, output = cli(tiny["single"], "build", "--merge", "-l", "en", str(tiny["one"]))
    assert code == 2 and "Traceback" not in output


def test_shares_are_balanced_and_deterministic() -> None:
    weights = {("a", "en"): 90, ("b", "en"): 50, ("c", "en"): 40, ("d", "en"): 10, ("e", "en"): 0}
    assert shares(weights, 2) == [[("a", "en"), ("d", "en")], [("b", "en"), ("c", "en"), ("e", "en")]]
    assert shares(dict(reversed(weights.items())), 2) == shares(weights, 2)
    assert shares(weights, 7)[5:] == [[], []]
    assert parse_shard("2/3") == (2, 3)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample publication built on one machine, and in three shards (each in its own folder)."""
    base = tmp_path_factory.mktemp("sample")
    folders = {name: copy_project(base / name) for name in ("single", "1", "2", "3", "merged")}
    _build(folders["single"])
    for i in "123":
        _build(folders[i], "--shard", f"{i}/3")
    return folders


@pytest.mark.full
def test_sample_merged_from_three_shards_equals_one_build(sample: dict[str, Path]) -> None:
    code, output = cli(sample["merged"], "build", "--merge", *(str(sample[i] / "build") for i in "123"))
    assert code == 0, output
    assert assert_same_build(sample["merged"], sample["single"]) > 100


def test_a_shard_without_books_builds_nothing(tiny: dict[str, Path], tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", tiny["single"])
    _build(root, "-f", "pdf", "--shard", "7/7")  # six books, seven shards
    manifest = json.loads((root / "build" / "shard.json").read_text(encoding="utf-8"))
    assert manifest["shard"] == [7, 7] and manifest["books"] == [] and manifest["editions"] == []
    assert not list((root / "build").glob("pdf/*.pdf"))
