"""The ``accessibility:`` key of publication.yaml: what the accessibility statement says.

::

    accessibility:
      contact: https://www.example.org/contact   # or an (organisational) e-mail address
      date: 2020-01-06                           # the date of the statement

Optional: without it, the statement page says what the editions conform to and how it was
checked, without a contact or a date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.load.yamlfile import Reader

EMAIL = re.compile(r"^[^@\s/]+@[^@\s/]+\.[a-z]{2,}$", re.IGNORECASE)
URL = re.compile(r"^https?://[^\s/]+(/\S*)?$")


@dataclass(frozen=True)
class Accessibility:
    """The accessibility statement's facts (``accessibility:`` in publication.yaml)."""

    contact: str
    """Where readers report a barrier: an http(s) URL or an e-mail address of the organisation."""
    date: dt.date
    """When the statement was made (it is reviewed with every new edition)."""

    @property
    def contact_href(self) -> str:
        """The contact as a link target (``mailto:`` for an e-mail address)."""
        return f"mailto:{self.contact}" if EMAIL.match(self.contact) else self.contact


def read_accessibility(r: Reader, value: Any) -> Accessibility | None:
    """Validate ``accessibility:``; every problem is recorded on ``r`` with its line."""
    if value is None:
        return None
    keys: tuple[str | int, ...] = ("accessibility",)
    if not isinstance(value, dict):
        r.error(keys, "expected a mapping with `contact` and `date`")
        return None
    r.unknown_keys(value, {"contact", "date"}, keys)
    contact, date = value.get("contact"), value.get("date")
    ok = True
    if not isinstance(contact, str) or not (EMAIL.match(contact) or URL.match(contact)):
        r.error(
            keys + ("contact",) if "contact" in value else keys,
            "expected `contact`: an http(s) URL or an e-mail address",
        )
        ok = False
    if not isinstance(date, dt.date):
        r.error(
            keys + ("date",) if "date" in value else keys, "expected `date`: the statement's date, such as 2020-01-06"
        )
        ok = False
    return Accessibility(str(contact), date) if ok and isinstance(date, dt.date) else None
