"""Where the commands print: a console on which a table is never cut (its columns fold on a
terminal, :mod:`publisher.reports`), and a reader that closes the pipe early
(``publisher print-runs | head -1``) as the normal end it is."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from rich.console import Console


def closed_pipe() -> NoReturn:
    """The reader of stdout has gone: stop quietly, with success (nothing more to print to anyone)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush must not fail again
    except (OSError, ValueError):
        pass
    raise SystemExit(0)


def console() -> Console:
    """A rich console for stdout. On a terminal its tables wrap long cells; elsewhere (a file, a pager,
    a pipe) a table is written in its full width: never cut to 80 columns."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            closed_pipe()

    if sys.stdout.isatty():
        return _Console()
    return _Console(width=10_000, no_color=True)
