"""Problems found in the user's input, collected and reported as ``path:line: error: message``.

Every message a user sees has a location. Code that finds a problem raises
:class:`PublisherError` (one problem) or adds it to a :class:`Diagnostics`
collector (many problems, reported at once). The CLI prints them; a Python
traceback reaching the user is always a bug.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file."""

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


class PublisherError(Exception):
    """One or more problems that stop the current operation."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: str | Path, line: int, message: str) -> PublisherError:
        """A single error at ``path:line``."""
        return cls(Problem(display_path(path), line, message))


def display_path(path: str | Path) -> str:
    """A path as the user should see it: relative to the working directory when possible."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


@dataclass
class Diagnostics:
    """A collector: gather every problem of a run, then raise or print them all."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str | Path, line: int, message: str) -> None:
        self.problems.append(Problem(display_path(path), line, message, "error"))

    def warning(self, path: str | Path, line: int, message: str) -> None:
        self.problems.append(Problem(display_path(path), line, message, "warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_errors(self) -> None:
        """Raise every error collected so far as one :class:`PublisherError`."""
        if self.errors:
            raise PublisherError(self.errors)

    def print(self, stream: TextIO = sys.stderr) -> None:
        for problem in self.problems:
            print(problem, file=stream)
