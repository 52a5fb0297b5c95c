"""GET /v1/public/complaints/stats: the SiPakai figures for a period of filing dates (WITA)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from servicekit.errors import Validator

from ..domain import dates, stats, workdays

DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class PublicStats:
    from_date: dt.date
    to_date: dt.date
    total: stats.StatsRow
    by_agency: list[stats.StatsRow]
    by_regency: list[stats.StatsRow]


def public_stats(uow, clock, *, from_date: str = "", to_date: str = "") -> PublicStats:
    """What GET /v1/public/complaints/stats publishes: the figures with small cells withheld."""
    exact = figures(uow, clock, from_date=from_date, to_date=to_date)
    return PublicStats(
        exact.from_date,
        exact.to_date,
        stats.published(exact.total),
        [stats.published(row) for row in exact.by_agency],
        [stats.published(row) for row in exact.by_regency],
    )


def figures(uow, clock, *, from_date: str = "", to_date: str = "") -> PublicStats:
    """The exact figures of a period (default: the 30 days up to today), for the service's own use."""
    today = clock().astimezone(workdays.WITA).date()
    v = Validator()
    end = dates.date_field(v, "to_date", to_date) if to_date else today
    start = dates.date_field(v, "from_date", from_date) if from_date else None
    if start is None and not from_date and end is not None:
        start = end - dt.timedelta(days=DEFAULT_DAYS - 1)
    if v.ok and (end < start or (end - start).days >= MAX_DAYS):
        v.add(
            "to_date", "out_of_range", min=start.isoformat(), max=(start + dt.timedelta(days=MAX_DAYS - 1)).isoformat()
        )
    v.raise_if_invalid()
    begins, ends = dates.wita_days(start, end)
    with uow:
        found = uow.complaints.filed_between(begins, ends)
    total, by_agency, by_regency = stats.summarise(found)
    return PublicStats(start, end, total, by_agency, by_regency)
