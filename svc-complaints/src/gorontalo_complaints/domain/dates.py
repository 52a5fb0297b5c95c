"""Dates and times that callers send (filters, Open311, --now): parsed here, and only here.

Python's calendar ends at 0001-01-01 and 9999-12-31, and every filter moves its
bounds a little (a WITA day starts 8 hours before UTC midnight, an end date is
exclusive the day after, Open311's default window reaches 90 days back). A date
at the calendar's edge therefore overflowed inside that arithmetic: a 500 with
an OverflowError. Accepting only a range far from both edges, for every input at
once, makes that arithmetic safe and tells the caller which field is wrong.
"""

from __future__ import annotations

import datetime as dt

from servicekit.errors import Validator

from .workdays import WITA

# Wide enough for any record the province keeps and any "until" a client may write,
# and centuries away from the ends of Python's calendar.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


class OutOfRange(ValueError):
    """A well-formed date or time outside EARLIEST..LATEST."""


def _out_of_range(v: Validator, name: str) -> None:
    v.add(name, "out_of_range", min=EARLIEST.isoformat(), max=LATEST.isoformat())


def date_field(v: Validator, name: str, raw: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) within EARLIEST..LATEST; None (and a violation on `v`) otherwise."""
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        v.add(name, "invalid_date")
        return None
    if not EARLIEST <= value <= LATEST:
        _out_of_range(v, name)
        return None
    return value


def parse_moment(raw: str) -> dt.datetime:
    """An ISO 8601 / W3C date-time, aware (no zone: UTC), in UTC, within EARLIEST..LATEST.

    ValueError when it is not a date-time, OutOfRange (a ValueError) when it is outside the range:
    converting 0001-01-01T00:00-12:00 to UTC would itself overflow, so the local date is checked first.
    """
    value = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    if not EARLIEST <= value.date() <= LATEST:
        raise OutOfRange(f"{raw!r} is outside {EARLIEST}..{LATEST}")
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def moment_field(v: Validator, name: str, raw: str) -> dt.datetime | None:
    """parse_moment for a request field: None and a violation on `v` when it is bad."""
    try:
        return parse_moment(raw)
    except OutOfRange:
        _out_of_range(v, name)
    except ValueError:
        v.add(name, "expected_timestamp")
    return None


def wita_day_start(day: dt.date) -> dt.datetime:
    """The instant (UTC) a WITA calendar day begins: public dates are WITA days, timestamps are UTC."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=WITA).astimezone(dt.UTC)


def wita_days(start: dt.date | None, end: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """[begins, ends) in UTC covering the WITA days start..end inclusive (either may be open)."""
    return (wita_day_start(start) if start else None, wita_day_start(end + dt.timedelta(days=1)) if end else None)
