"""What the commands print when stdout is not a terminal: a closed pipe (``| head -1``) is a normal end,
and a table written to a file or a pipe keeps every cell whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_project

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
    assert (done.returncode, done.stderr.decode()) == (0, "")


def test_a_table_written_to_a_file_is_never_cut(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    done = subprocess.run([*PUBLISHER, "-C", str(root), "print-runs"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    header = next(line for line in done.stdout.splitlines() if "document" in line)
    assert "…" not in done.stdout
    for column in ("document", "copies", "signatures", "sheets/copy", "press sheets", "text kg", "cover kg", "file"):
        assert column in header, header
    assert len(header) > 80  # wider than the 80 columns it used to be cut to
