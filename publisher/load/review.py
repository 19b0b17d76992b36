"""A translated chapter's review, as its front matter records it.

```yaml
review: pending                                   # a draft translation awaiting a translator's review
review: {by: Leyla Demir, date: 2020-02-14}       # who reviewed it, and when
```

Every translated chapter should say one or the other (``publisher check`` warns where it says
nothing). The web pages, the colophon and each language's index show a pending review; a done
review is named on the chapter's page and in ``publisher status``. (``review: done``, the older
form, is read as reviewed with a warning that it names no one.)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

PENDING = "pending"


@dataclass(frozen=True)
class Review:
    """A chapter's review: pending, or done (by whom and when, when known)."""

    pending: bool
    by: str = ""
    date: str = ""
    """ISO date (``YYYY-MM-DD``), or '' when not recorded."""

    @property
    def label(self) -> str:
        """For ``publisher status``: ``review pending`` / ``reviewed 2020-02-14 (Leyla Demir)``."""
        if self.pending:
            return "review pending"
        return " ".join(part for part in ("reviewed", self.date, f"({self.by})" if self.by else "") if part)


def review_problem(value: Any) -> str | None:
    """Why a ``review:`` value is refused, or None."""
    if value == PENDING or value == "done":
        return None
    expected = "expected 'pending', or who reviewed it and when: {by: <name>, date: YYYY-MM-DD}"
    if not isinstance(value, dict):
        return f"{expected}, got {value!r}"
    unknown = set(value) - {"by", "date"}
    if unknown:
        return f"unknown key {sorted(unknown)[0]!r}: {expected}"
    if not isinstance(value.get("by"), str) or not value["by"].strip():
        return f"'by' must name who reviewed the translation: {expected}"
    if not isinstance(value.get("date"), datetime.date):
        return f"'date' must be a date (YYYY-MM-DD): {expected}"
    return None


def review_of(meta: dict[str, Any]) -> Review | None:
    """The review a chapter's (valid) front matter records; None when it records none."""
    value = meta.get("review")
    if value is None:
        return None
    if value == PENDING:
        return Review(True)
    if isinstance(value, dict):
        return Review(False, str(value.get("by", "")).strip(), str(value.get("date", "")))
    return Review(False)
