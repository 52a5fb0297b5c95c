"""Dates that callers send (birth dates at sign-up, in e-KTP checks, in the register file): parsed here only.

Python's calendar ends at 0001-01-01 and 9999-12-31; a date at either edge overflows as soon as
anything adds a day or a time zone to it, and is never a real birth date. A well-formed date
outside EARLIEST..LATEST is refused naming its field (out_of_range), like a malformed one.
EARLIEST stays a century before any living resident: the NIK carries a two-digit year, so a
birth date a century off must still reach the register check and get its one uniform answer.
"""

from __future__ import annotations

import datetime as dt

from servicekit.errors import FieldViolation

EARLIEST = dt.date(1800, 1, 1)
LATEST = dt.date(2999, 12, 31)


def parse_date(field: str, raw: str) -> tuple[dt.date | None, FieldViolation | None]:
    """An ISO date (YYYY-MM-DD) within EARLIEST..LATEST, or the violation naming `field`."""
    try:
        value = dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        return None, FieldViolation(field, "invalid_date")
    if not EARLIEST <= value <= LATEST:
        return None, FieldViolation(field, "out_of_range", {"min": EARLIEST.isoformat(), "max": LATEST.isoformat()})
    return value, None
