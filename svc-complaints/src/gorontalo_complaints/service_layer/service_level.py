"""GET /v1/complaints/service-level: exact figures for the province's operators, month by month.

Each row is one cell of (WITA month of filing, agency, regency, category): how many complaints came
in, how many breached a deadline (disposition or the agency's first response, as check-deadlines
marks them), how many were resolved and the median time from filing to resolution. Counts are exact
(staff only, operator or admin); what the public sees is GetPublicStats with small cells withheld.
The web console's /operator/analitik sums these cells as it needs and flags worsening series.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass

from servicekit import regions
from servicekit.auth import Principal
from servicekit.errors import Validator

from ..domain import dates, lifecycle, workdays
from ..domain.model import Complaint

DEFAULT_MONTHS = 12
MAX_MONTHS = 24
ROLES = ("operator", "admin")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class ServiceLevelRow:
    month: str
    agency_code: str
    agency_name: str
    regency_code: str
    regency_name: str
    category: str
    received: int
    breached: int
    resolved: int
    median_resolution_seconds: float


@dataclass(frozen=True)
class ServiceLevelFigures:
    from_month: str
    to_month: str
    rows: list[ServiceLevelRow]


def _month(v: Validator, name: str, raw: str) -> dt.date | None:
    found = _MONTH.match(raw)
    if not found or not 1 <= int(found.group(2)) <= 12:
        v.add(name, "invalid_date")
        return None
    if not dates.EARLIEST.year <= int(found.group(1)) <= dates.LATEST.year:
        v.add(name, "out_of_range", min=dates.EARLIEST.isoformat()[:7], max=dates.LATEST.isoformat()[:7])
        return None
    return dt.date(int(found.group(1)), int(found.group(2)), 1)


def _add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def month_of(instant: dt.datetime) -> str:
    return instant.astimezone(workdays.WITA).strftime("%Y-%m")


def cells(complaints: list[Complaint]) -> list[ServiceLevelRow]:
    """Group complaints into (month, agency, regency, category) cells, sorted."""
    groups: dict[tuple[str, str, str, str], list[Complaint]] = {}
    names: dict[str, str] = {}
    for c in complaints:
        key = (month_of(c.filed_at), c.agency_code or "", regions.regency_of(c.region_code) or "", c.category or "")
        groups.setdefault(key, []).append(c)
        names.setdefault(c.agency_code or "", c.agency_name or "")
    rows = []
    for (month, agency, regency, category), group in sorted(groups.items()):
        region = regions.lookup(regency) if regency else None
        resolution = [(c.resolved_at - c.filed_at).total_seconds() for c in group if c.resolved_at]
        rows.append(
            ServiceLevelRow(
                month=month,
                agency_code=agency,
                agency_name=names.get(agency, ""),
                regency_code=regency,
                regency_name=region.name if region else "",
                category=category,
                received=len(group),
                breached=sum(1 for c in group if not lifecycle.within_deadline(c)),
                resolved=sum(1 for c in group if c.status in (lifecycle.RESOLVED, lifecycle.CLOSED)),
                median_resolution_seconds=float(statistics.median(resolution)) if resolution else 0.0,
            )
        )
    return rows


def service_level_figures(
    uow, clock, principal: Principal, *, from_month: str = "", to_month: str = ""
) -> ServiceLevelFigures:
    principal.require_role(*ROLES)
    this_month = clock().astimezone(workdays.WITA).date().replace(day=1)
    v = Validator()
    end = _month(v, "to_month", to_month) if to_month else this_month
    start = _month(v, "from_month", from_month) if from_month else None
    if start is None and not from_month and end is not None:
        start = _add_months(end, -(DEFAULT_MONTHS - 1))
    if v.ok and (end < start or _months_between(start, end) > MAX_MONTHS):
        v.add(
            "to_month",
            "out_of_range",
            min=start.isoformat()[:7],
            max=_add_months(start, MAX_MONTHS - 1).isoformat()[:7],
        )
    v.raise_if_invalid()
    begins, ends = dates.wita_days(start, _add_months(end, 1) - dt.timedelta(days=1))
    with uow:
        found = uow.complaints.filed_between(begins, ends)
    return ServiceLevelFigures(start.isoformat()[:7], end.isoformat()[:7], cells(found))
