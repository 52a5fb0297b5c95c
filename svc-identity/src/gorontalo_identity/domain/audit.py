"""The staff audit trail: one entry per staff action any service reported. Append-only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

WITA = dt.timezone(dt.timedelta(hours=8), "WITA")


@dataclass(frozen=True)
class StaffAction:
    id: str  # the event's id: a redelivered event is the same entry
    at: dt.datetime
    actor_id: str
    actor_role: str
    service: str
    method: str
    http_route: str = ""
    actor_username: str = ""
    actor_name: str = ""
    agency: str = ""
    jurisdiction: tuple[str, ...] = ()
    resource: dict[str, str] = field(default_factory=dict)
    request_id: str = ""


@dataclass(frozen=True)
class TrailFilter:
    officer: str = ""  # an account id or username
    agency: str = ""
    since: dt.datetime | None = None  # inclusive
    before: dt.datetime | None = None  # exclusive


def day_range(from_date: dt.date | None, to_date: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Inclusive WITA dates as a UTC range [since, before)."""
    since = dt.datetime.combine(from_date, dt.time(), WITA).astimezone(dt.UTC) if from_date else None
    before = (
        dt.datetime.combine(to_date + dt.timedelta(days=1), dt.time(), WITA).astimezone(dt.UTC) if to_date else None
    )
    return since, before
