"""The service-level clock: working days in Gorontalo (WITA), skipping weekends and public holidays.

Public holidays come from the maintained `holidays` package (Indonesia), not a hand-written list.
A day counts when it is Monday to Friday and not a national holiday.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import holidays

from .lifecycle import REVISION_REQUESTED

WITA = ZoneInfo("Asia/Makassar")
_MAX_STEPS = 20_000  # far beyond any catalog SLA (max 365 working days) plus pauses


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("ID", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def local_date(at: dt.datetime) -> dt.date:
    """The calendar day in Gorontalo of an aware instant."""
    return at.astimezone(WITA).date()


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` (the start day itself when count is 0)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    for _ in range(_MAX_STEPS):
        if count == 0:
            return day
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    raise ValueError("too many working days")


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days d with start < d <= end (0 when end is not after start)."""
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days += 1
    return days


def working_days_left(today: dt.date, due: dt.date) -> int:
    """Working days from `today` to `due`: 0 on the due day, negative past it (-1 the first working day after)."""
    if today <= due:
        return working_days_between(today, due)
    return -working_days_between(due, today)


def due_date(submitted_at: dt.datetime, sla_working_days: int, paused_working_days: int = 0) -> dt.date:
    """Submission day counts as day 0; each working day the applicant spent revising is added back."""
    return add_working_days(local_date(submitted_at), sla_working_days + paused_working_days)


class SlaClock:
    """The SLA half of an Application (its fields `submitted_at`, `sla_working_days`, `sla_due_date`,
    `sla_paused_since`, `sla_paused_days`, and the life cycle's `status` and `is_final`): the clock
    stops while the applicant revises, and those working days move the due date."""

    def _pause_sla(self, at: dt.datetime) -> None:
        self.sla_paused_since = at

    def _resume_sla(self, at: dt.datetime) -> None:
        if self.sla_paused_since is not None:
            self.sla_paused_days += working_days_between(local_date(self.sla_paused_since), local_date(at))
            self.sla_paused_since = None
        self.sla_due_date = due_date(self.submitted_at, self.sla_working_days, self.sla_paused_days)

    @property
    def sla_paused(self) -> bool:
        return self.status == REVISION_REQUESTED

    def sla_working_days_left(self, at: dt.datetime) -> int:
        """Working days left to the due date while the office's clock runs (negative when late); 0 when
        paused or final, where no clock runs."""
        if self.is_final or self.sla_paused or self.sla_due_date is None:
            return 0
        return working_days_left(local_date(at), self.sla_due_date)

    def sla_breached(self, at: dt.datetime) -> bool:
        """Past the due date (in WITA) while still waiting on the office."""
        return (
            not self.is_final
            and not self.sla_paused
            and self.sla_due_date is not None
            and local_date(at) > self.sla_due_date
        )
