"""What the commands print to stdout: tables whose cells are never cut, and a reader that closes the
pipe early (``publisher print-runs | head -1``) as the normal end it is."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


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


def table(title: str, columns: tuple[str, ...] | list[str], right: tuple[str, ...] | set[str] = ()) -> Table:
    """A table whose cells fold (wrap) when the terminal is narrow, never end in ``…``."""
    from rich.table import Table

    result = Table(title=title)
    for column in columns:
        result.add_column(column, justify="right" if column in right else "left", overflow="fold")
    return result


def plain_table(title: str, header: list[str], rows: list[list[str]], right: set[int]) -> str:
    """A plain text table (rich is not imported for it: a build that has nothing to do starts faster)."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([title, line(header), "  ".join("─" * w for w in widths), *map(line, rows)])
