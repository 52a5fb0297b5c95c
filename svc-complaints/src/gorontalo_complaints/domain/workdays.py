"""Working days in Asia/Makassar (WITA): Monday to Friday, minus Indonesian public holidays.

Holidays come from the maintained `holidays` package (country ID), so the
calendar follows each year's official list without code changes here.

A deadline of N working days from a moment is the end of the N-th working day
after that moment's local date: filed on Monday 10 March 2025 at any hour,
3 working days are due by the end of Thursday 13 March (WITA), i.e. the
instant 14 March 00:00 WITA. Time spent on weekends and holidays never counts.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import holidays

WITA = ZoneInfo("Asia/Makassar")


@functools.lru_cache(maxsize=32)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(moment: dt.datetime, days: int) -> dt.datetime:
    """The instant (UTC) that ends the `days`-th working day after `moment`'s local date."""
    return _end_of_working_days(moment.astimezone(WITA).date(), days)


@functools.lru_cache(maxsize=4096)
def _end_of_working_days(start: dt.date, days: int) -> dt.datetime:
    """Remembered: every view of a complaint shows its deadlines, and a list shows many filed on the
    same few days (issue 20: ~8 % of the public list's CPU). The calendar of a year never changes."""
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=WITA)
    return end.astimezone(dt.UTC)
