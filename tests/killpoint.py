"""Run the publisher CLI and hold it at a chosen write, so that a test can SIGKILL it exactly there.

    python tests/killpoint.py BUILD_DIR PATTERN FD -- ARGUMENTS…

Runs ``publisher ARGUMENTS…`` (the real code, unchanged). The first time any of its processes
(workers included) opens for writing a file under BUILD_DIR whose path relative to BUILD_DIR
matches the fnmatch PATTERN, it writes that path and a newline to file descriptor FD and then
waits, forever, to be killed: the file it opened stays as the open left it (created or truncated,
nothing written). An atomic write's temporary file ``.<name>.<random>.tmp`` counts as a write of
``<name>``, so a kill there lands in the middle of writing that output, whatever the writing code does.
Any later matching open (another worker) waits too, so nothing matching is written after the first.
"""

from __future__ import annotations

import builtins
import fnmatch
import io
import os
import posixpath
import runpy
import sys
import threading
from typing import Any

_open = builtins.open
_os_open = os.open
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def output_name(build_dir: str, path: Any) -> str | None:
    """``path`` relative to ``build_dir`` (a temporary file named as its target), or None if outside."""
    if isinstance(path, int):
        return None
    full = os.path.abspath(os.fsdecode(path))
    if not full.startswith(build_dir + os.sep):
        return None
    head, name = posixpath.split(os.path.relpath(full, build_dir).replace(os.sep, "/"))
    if name.startswith(".") and name.endswith(".tmp") and name.count(".") >= 3:
        name = name[1:].rsplit(".", 2)[0]
    return posixpath.join(head, name) if head else name


def install(build_dir: str, pattern: str, fd: int) -> None:
    build_dir = os.path.abspath(build_dir)

    def hold(path: Any) -> None:
        name = output_name(build_dir, path)
        if name is None or not fnmatch.fnmatchcase(name, pattern):
            return
        try:
            os.write(fd, f"{name}\n".encode())
        except OSError:
            pass
        threading.Event().wait()  # until SIGKILL

    def os_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        fd_ = _os_open(path, flags, mode, dir_fd=dir_fd)
        if flags & _WRITE_FLAGS:
            hold(path)
        return fd_

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = _open(file, mode, *args, **kwargs)
        if any(c in mode for c in "wax+"):
            hold(file)
        return handle

    os.open = os_open  # type: ignore[assignment]
    builtins.open = io.open = open_  # type: ignore[assignment]


def main() -> None:
    build_dir, pattern, fd, sep, *args = sys.argv[1:]
    assert sep == "--", "usage: killpoint.py BUILD_DIR PATTERN FD -- ARGUMENTS…"
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        del sys.path[0]  # the tests' folder is not the tool's
    install(build_dir, pattern, int(fd))
    sys.argv = ["publisher", *args]
    runpy.run_module("publisher", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
