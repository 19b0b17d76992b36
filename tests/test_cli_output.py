"""What the commands print when stdout is not a terminal: a closed pipe (``| head -1``) is a normal end,
and a table written to a file or a pipe keeps every cell whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_project

PUBLISHER = [sys.executable, "-m", "publisher"]


@pytest.mark.parametrize("command", ["status", "print-runs", "check"])
def test_a_closed_pipe_ends_the_command_quietly(command: str, tmp_path: Path) -> None:
    """As ``publisher status | head -1`` once the reader has gone: no internal error, no exit 1."""
    root = copy_project(tmp_path / "project")
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the first line: every write meets a closed pipe
    try:
        done = subprocess.run([*PUBLISHER, "-C", str(root), command], stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr.decode()
    # nothing but the command's own warnings (check: the sample sets no base_url): no internal error
    assert all(": warning: " in line for line in done.stderr.decode().splitlines()), done.stderr.decode()


def test_a_table_written_to_a_file_is_never_cut(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    done = subprocess.run([*PUBLISHER, "-C", str(root), "print-runs"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    header = next(line for line in done.stdout.splitlines() if "document" in line)
    assert "…" not in done.stdout
    for column in ("document", "copies", "signatures", "sheets/copy", "press sheets", "text kg", "cover kg", "file"):
        assert column in header, header
    assert len(header) > 80  # wider than the 80 columns it used to be cut to


def test_a_second_build_waits_saying_so_on_stderr(tmp_path: Path) -> None:
    """Progress goes to stderr: the message of a build waiting for another is not output on stdout."""
    import fcntl
    import select

    from tinyproject import copy_tiny

    root = copy_tiny(tmp_path / "tiny")
    (root / "build").mkdir()
    with open(root / "build" / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # the first build, still running
        second = subprocess.Popen(
            [*PUBLISHER, "-C", str(root), "build", "-f", "html", "-j", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert second.stdout is not None and second.stderr is not None
        streams = {second.stdout.fileno(): "stdout", second.stderr.fileno(): "stderr"}
        seen = {"stdout": "", "stderr": ""}
        while not any("another build is running" in text for text in seen.values()):
            ready, _, _ = select.select(list(streams), [], [], 600)  # (a guard against a hang, not a timing)
            assert ready, f"the second build said nothing while waiting: {seen}"
            for fd in ready:  # unbuffered reads: no line waits in a buffer that select cannot see
                seen[streams[fd]] += os.read(fd, 65536).decode()
        fcntl.flock(held, fcntl.LOCK_UN)
    out, err = second.communicate()
    assert second.returncode == 0, err
    assert "another build is running" in seen["stderr"]
    assert "another build" not in seen["stdout"] + out
