"""Dates that callers send (reconciliation's day, a fee bill's due date, --due-date): parsed here only.

Python's calendar ends at 0001-01-01 and 9999-12-31, and the tax arithmetic moves every date a
little: the penalty's next month starts the day after a due date, a WITA day starts 8 hours
before UTC midnight. A date at either edge overflowed there (a 500), so a well-formed date outside
EARLIEST..LATEST is refused naming its field (out_of_range), like a malformed one (date_invalid).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from servicekit.errors import Validator

# Where a use case reads the current instant (aware); tests pass one they can move.
Clock = Callable[[], dt.datetime]

# Far from both ends of Python's calendar, and wider than any tax record or due date.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


def date_field(v: Validator, name: str, raw: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) within EARLIEST..LATEST; None and a violation on `v` otherwise."""
    try:
        value = dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        v.add(name, "date_invalid")
        return None
    if not EARLIEST <= value <= LATEST:
        v.add(name, "out_of_range", min=EARLIEST.isoformat(), max=LATEST.isoformat())
        return None
    return value
