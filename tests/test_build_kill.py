"""Never lose an output: a build SIGKILLed in the middle of writing any file leaves every file either
its old or its new complete version (PDF, JSON, CSV, HTML), never a truncated one.

The build runs as the real CLI under tests/killpoint.py, which holds it at the moment it opens a
chosen output for writing; the test then kills the whole process group there. No timing luck: the
kill lands mid-write every time.
"""

from __future__ import annotations

import csv
import io
import json
import os
import select
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import pdf_text
from tinyproject import copy_tiny, valid_pdf

from publisher.pdf.printruns import COLUMNS
from publisher.pipeline.stages import build

KILLPOINT = Path(__file__).resolve().parent / "killpoint.py"
TIMEOUT = 300


def outputs(root: Path) -> dict[str, bytes]:
    """Every file under build/ but the lock and temporary files."""
    build_dir = root / "build"
    return {
        p.relative_to(build_dir).as_posix(): p.read_bytes()
        for p in build_dir.rglob("*")
        if p.is_file() and p.name != ".lock" and not p.name.endswith(".tmp")
    }


def complete(name: str, data: bytes) -> bool:
    """Whether ``data`` is a whole file of its kind."""
    if name.endswith(".pdf"):
        return valid_pdf(data)
    if name.endswith(".json"):
        try:
            json.loads(data)
        except ValueError:
            return False
        return True
    if name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        return bool(rows) and tuple(rows[0]) == COLUMNS and rows[-1][:2] == ["all", "total"]
    if name.endswith(".html"):
        return data.rstrip().endswith(b"</html>")
    return len(data) > 0


def assert_old_or_complete(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    assert set(before) <= set(after), set(before) - set(after)
    for name, data in after.items():
        assert data == before.get(name) or complete(name, data), f"{name} is damaged ({len(data)} bytes)"


@contextmanager
def paused_at_write(root: Path, pattern: str, *args: str) -> Iterator[tuple[subprocess.Popen, list[str]]]:
    """``publisher -C root build ARGS``, run until it opens an output matching ``pattern`` for writing
    (tests/killpoint.py tells it through a pipe): the process and the outputs it is writing. On
    leaving, the whole process group is killed if it still runs."""
    read_end, write_end = os.pipe()
    log = root.parent / "build.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, str(KILLPOINT), str(root / "build"), pattern, str(write_end), "--"]
            + ["-C", str(root), "build", *args],
            stdout=err,
            stderr=err,
            pass_fds=(write_end,),
            start_new_session=True,
        )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], TIMEOUT)
        assert ready, f"the build did not reach a write of {pattern} in {TIMEOUT} s"
        names = os.read(read_end, 4096).decode().strip().splitlines()
        assert names, f"the build ended without writing {pattern}:\n{log.read_text(errors='replace')}"
        yield proc, names
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=TIMEOUT)
        os.close(read_end)


def kill_at_write(root: Path, pattern: str, *args: str) -> str:
    """Run ``publisher -C root build ARGS`` until it opens an output matching ``pattern`` for writing,
    then SIGKILL it (workers too); returns the output it was writing."""
    with paused_at_write(root, pattern, *args) as (proc, names):
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=TIMEOUT)
    assert proc.returncode == -signal.SIGKILL
    return names[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny publication, every edition built (do not modify: copy it with :func:`old_build`)."""
    root = copy_tiny(tmp_path_factory.mktemp("built") / "tiny")
    _, diags = build(root, jobs=1)
    assert not diags.errors, [str(p) for p in diags.errors]
    return root


def old_build(built: Path, target: Path) -> Path:
    """A copy of the built publication whose chapters then change, so the next build rewrites its files.

    The English chapter's title changes too (every page of the English web edition shows it); the
    translations become stale, so every build of it here runs with --allow-stale.
    """
    root = target / "tiny"
    shutil.copytree(built, root)
    for lang in ("en", "tr", "it"):
        chapter = root / "content" / lang / "doc" / "01-intro.md"
        text = chapter.read_text(encoding="utf-8").replace("title: Introduction\n", "title: The study visit\n")
        chapter.write_text(text + "\nRipalimosani.\n", encoding="utf-8")
    return root


def test_sigkill_mid_render_keeps_every_previous_output(built: Path, tmp_path: Path) -> None:
    root = old_build(built, tmp_path)
    before = outputs(root)
    assert {"pdf/doc.en.pdf", "print/doc.tr.pdf", "html/en/doc/intro.html", "print/print-runs.csv"} <= set(before)

    # two workers render; the first one to write its PDF is held there, mid-write, and everything is killed
    name = kill_at_write(root, "p*/doc.*.pdf", "--allow-stale", "-j", "2")
    assert name.endswith(".pdf")
    assert outputs(root) == before  # no output replaced, none truncated
    assert list((root / "build" / name).parent.glob(f".{Path(name).name}.*.tmp")), "not killed mid-write"

    # the next build cleans the killed build's temporaries and completes
    _, diags = build(root, jobs=1, allow_stale=True)
    assert not diags.errors, [str(p) for p in diags.errors]
    assert not list((root / "build").rglob("*.tmp"))
    after = outputs(root)
    assert all(valid_pdf(data) for name, data in after.items() if name.endswith(".pdf"))
    assert "Ripalimosani" in pdf_text(root / "build" / "pdf" / "doc.en.pdf")


@pytest.mark.parametrize(
    "target",
    [
        ".cache/editions.json",
        "print/print-runs.csv",
        "print/print-runs.json",
        "print/job-sheet.pdf",
        "html/en/doc/intro.html",
        "html/en/doc/index.html",
    ],
)
def test_sigkill_while_writing_keeps_the_old_file(built: Path, tmp_path: Path, target: str) -> None:
    root = old_build(built, tmp_path)
    before = outputs(root)
    assert target in before
    # the English editions only: each of these files is written by any build
    assert kill_at_write(root, target, "-l", "en", "-j", "1", "--allow-stale") == target
    after = outputs(root)
    assert after[target] == before[target], f"{target} is not its old version ({len(after[target])} bytes)"
    assert_old_or_complete(before, after)
    path = root / "build" / target
    assert list(path.parent.glob(f".{path.name}.*.tmp")), "not killed mid-write"


def _holder(session: int, build_dir: Path, name: str) -> int:
    """The process of ``session`` that holds ``name``'s temporary file open (the worker writing it)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[3]) != session:
                continue
            targets = [os.readlink(fd) for fd in (entry / "fd").iterdir()]
        except (OSError, ValueError, IndexError):
            continue
        if any(t.startswith(str(build_dir)) and Path(t).name.startswith(f".{Path(name).name}.") for t in targets):
            return int(entry.name)
    raise AssertionError(f"no process of the build holds {name}")


@pytest.mark.full  # a minute and a half on the loaded machine: make test-full
def test_a_worker_killed_by_the_system_is_reported_at_its_book(built: Path, tmp_path: Path) -> None:
    """Only the worker dies (as the kernel's out-of-memory killer would do): the build goes on, and says
    which book, that no chapter is known, that the old file is kept, and what to try."""
    root = old_build(built, tmp_path)
    with paused_at_write(root, "pdf/doc.en.pdf", "-f", "pdf", "--allow-stale", "-j", "2") as (proc, names):
        os.kill(_holder(proc.pid, root / "build", names[0]), signal.SIGKILL)
        assert proc.wait(timeout=TIMEOUT) == 1
    output = (root.parent / "build.log").read_text(encoding="utf-8")
    assert "content/en/doc: error: doc.en.pdf: the worker process laying out this book (" in output, output
    assert "was stopped by the system — killed, most often for lack of memory — before it finished" in output
    assert "publisher build -d doc -l en -f pdf -j 1" in output
    assert "Traceback" not in output and "internal error" not in output
