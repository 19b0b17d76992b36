"""Internal errors: an unexpected exception is a bug in publisher, never a problem in the user's files.

Located input problems are :class:`~publisher.diagnostics.PublisherError`. Anything else that
escapes the code is reported as an :class:`InternalError`: its traceback is saved to a log file
under ``build/.logs/``, and the user is asked for a bug report naming that file. The CLI exits
with :data:`EXIT_INTERNAL` (70, ``EX_SOFTWARE``), never with the input errors' status 1.
"""

from __future__ import annotations

import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

from publisher import __version__
from publisher.diagnostics import PublisherError
from publisher.files import write_atomic

P = ParamSpec("P")
R = TypeVar("R")

EXIT_INTERNAL = 70
"""Exit status of an internal error (sysexits' EX_SOFTWARE); input errors exit with 1."""


class InternalError(Exception):
    """A bug in publisher: an unexpected exception, with its traceback saved to ``log``."""

    def __init__(self, what: str, log: Path | None, summary: str):
        self.what = what
        self.log = log
        self.summary = summary
        super().__init__(self.message)

    @property
    def message(self) -> str:
        attach = (
            f"attach {self.log} (it holds the traceback)"
            if self.log
            else "include the lines above (the traceback could not be saved under build/.logs)"
        )
        return (
            f"internal error while {self.what}: {self.summary}\n"
            f"This is a bug in publisher, not a problem in your files. Please file a bug report "
            f"with the publisher maintainers and {attach}."
        )


def format_current() -> str:
    """The traceback of the exception being handled, as plain text (picklable: a worker sends it back)."""
    return traceback.format_exc()


def write_log(build_dir: Path, what: str, tracebacks: list[str]) -> Path | None:
    """Save the tracebacks to ``build/.logs/internal-error-<UTC time>-<pid>.log``; ``None`` if that fails."""
    now = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9)) + f".{now // 1000 % 10**6:06d}"
    path = build_dir / ".logs" / f"internal-error-{stamp}-{os.getpid()}.log"
    header = (
        f"publisher {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
        f"command: {' '.join(sys.argv)}\nwhile {what}\n\n"
    )
    try:
        write_atomic(path, header + "\n".join(tracebacks))
    except OSError:
        return None
    return path


def internal_error(build_dir: Path, what: str, tracebacks: list[str]) -> InternalError:
    """An :class:`InternalError` whose tracebacks are saved under ``build_dir``."""
    last = tracebacks[-1].strip().splitlines()[-1] if tracebacks and tracebacks[-1].strip() else "unknown error"
    return InternalError(what, write_log(build_dir, what, tracebacks), last)


def reports_bugs(what: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a function of a project (its first argument: the project's root): an exception
    other than a located :class:`PublisherError` becomes an :class:`InternalError`.
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except (PublisherError, InternalError):
                raise
            except Exception as exc:
                root = Path(str(args[0] if args else kwargs["root"]))
                raise internal_error(root / "build", what, [format_current()]) from exc

        return wrapper

    return decorate
