"""GET /v1/permits/sla-figures: the licensing offices' service level for the province's operators.

Each row is one cell of (WITA month of submission, office = the application's regency, permit type):
applications received, decided by the office (its first approval, fee bill, rejection or issue), and
breached: decided on a WITA day after the SLA due date (which already moves by the working days the
applicant spent revising), or still waiting on the office past it now. Operators and admins only; the
web console's /operator/analitik sums these cells and flags offices getting worse.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass

from servicekit import regions
from servicekit.auth import Principal
from servicekit.errors import Validator

from ..domain import lifecycle, sla
from ..domain.model import Application

DEFAULT_MONTHS = 12
MAX_MONTHS = 24
ROLES = ("operator", "admin")
PAGE = 500
# The office's decision: the first of these in the timeline.
DECISIONS = frozenset({lifecycle.AWAITING_PAYMENT, lifecycle.APPROVED, lifecycle.REJECTED, lifecycle.ISSUED})
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class SlaRow:
    month: str
    regency_code: str
    regency_name: str
    kbli_code: str
    permit_type: str
    received: int
    decided: int
    breached: int
    median_working_days: float


@dataclass(frozen=True)
class SlaFigures:
    from_month: str
    to_month: str
    rows: list[SlaRow]


def _month(v: Validator, name: str, raw: str) -> dt.date | None:
    found = _MONTH.match(raw)
    if not found or not 1 <= int(found.group(2)) <= 12 or not 1900 <= int(found.group(1)) <= 2999:
        v.add(name, "invalid_date")
        return None
    return dt.date(int(found.group(1)), int(found.group(2)), 1)


def _add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def decision(application: Application) -> lifecycle.TimelineEntry | None:
    return next((e for e in application.timeline if e.status in DECISIONS), None)


def breached(application: Application, now: dt.datetime) -> bool:
    decided = decision(application)
    if decided is not None:
        return application.sla_due_date is not None and sla.local_date(decided.at) > application.sla_due_date
    return application.sla_breached(now)


def cells(found: list[Application], now: dt.datetime) -> list[SlaRow]:
    groups: dict[tuple[str, str, str], list[Application]] = {}
    titles: dict[str, str] = {}
    for a in found:
        key = (sla.local_date(a.submitted_at).isoformat()[:7], a.regency_code, a.kbli_code)
        groups.setdefault(key, []).append(a)
        titles.setdefault(a.kbli_code, a.kbli_title)
    rows = []
    for (month, regency, kbli), group in sorted(groups.items()):
        region = regions.lookup(regency) if regency else None
        days = [
            sla.working_days_between(sla.local_date(a.submitted_at), sla.local_date(d.at))
            for a in group
            if (d := decision(a)) is not None
        ]
        rows.append(
            SlaRow(
                month=month,
                regency_code=regency,
                regency_name=region.name if region else "",
                kbli_code=kbli,
                permit_type=titles.get(kbli, ""),
                received=len(group),
                decided=len(days),
                breached=sum(1 for a in group if breached(a, now)),
                median_working_days=float(statistics.median(days)) if days else 0.0,
            )
        )
    return rows


def sla_figures(uow, clock, principal: Principal, *, from_month: str = "", to_month: str = "") -> SlaFigures:
    principal.require_role(*ROLES)
    now = clock()
    this_month = sla.local_date(now).replace(day=1)
    v = Validator()
    end = _month(v, "to_month", to_month) if to_month else this_month
    start = _month(v, "from_month", from_month) if from_month else None
    if start is None and not from_month and end is not None:
        start = _add_months(end, -(DEFAULT_MONTHS - 1))
    if v.ok and (end < start or _add_months(start, MAX_MONTHS) <= end):
        v.add(
            "to_month",
            "out_of_range",
            min=start.isoformat()[:7],
            max=_add_months(start, MAX_MONTHS - 1).isoformat()[:7],
        )
    v.raise_if_invalid()
    first, last = start.isoformat()[:7], end.isoformat()[:7]
    found: list[Application] = []
    with uow:
        offset = 0
        while True:
            page = uow.applications.list(offset=offset, limit=PAGE)
            found.extend(a for a in page if first <= sla.local_date(a.submitted_at).isoformat()[:7] <= last)
            if len(page) < PAGE:
                break
            offset += PAGE
    return SlaFigures(first, last, cells(found, now))
