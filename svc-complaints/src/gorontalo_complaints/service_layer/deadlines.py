"""Deadline sweep: record breached deadlines (escalated by event) and close resolved complaints in time.

Run by `gorontalo-complaints check-deadlines` (cron) or the service's periodic thread; each
complaint is handled in its own transaction, and re-running finds nothing new (a breach is
recorded once per complaint and deadline; the table's primary key makes that certain).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from prometheus_client import Counter

from servicekit.errors import Aborted

from ..domain import lifecycle
from . import events, notifications

# Counted by the process that ran the sweep. The all-time figure per agency, including sweeps run by
# cron in another process, is gorontalo_complaints_deadline_breaches_total (read from the database at
# scrape, adapters/state_metrics.py): one name each, or the exposition has two HELP lines for one name.
BREACHES = Counter(
    "gorontalo_complaints_deadline_sweep_breaches_total",
    "Deadlines found breached by this process's sweeps.",
    ["deadline"],
)
AUTO_CLOSED = Counter("gorontalo_complaints_auto_closed_total", "Resolved complaints closed automatically.")
SWEPT = (
    lifecycle.RECEIVED,
    lifecycle.VERIFIED,
    lifecycle.DISPOSITIONED,
    lifecycle.IN_PROGRESS,
    lifecycle.REOPENED,
    lifecycle.RESOLVED,
)


@dataclass
class SweepResult:
    breaches: list[tuple[str, str]] = field(default_factory=list)  # (tracking code, deadline)
    closed: list[str] = field(default_factory=list)


def _sweep_one(uow, complaint_id: str, now: dt.datetime, result: SweepResult) -> None:
    with uow:
        complaint = uow.complaints.get(complaint_id)
        if complaint is None:
            return
        found = lifecycle.breaches_due(complaint, now)
        close_due = lifecycle.auto_close_due(complaint)
        closing = complaint.status == lifecycle.RESOLVED and close_due is not None and now >= close_due
        if not found and not closing:
            return
        for deadline, due in found:
            uow.breaches.add(
                complaint_id=complaint.id,
                deadline=deadline,
                due_at=due,
                now=now,
                agency_code=complaint.agency_code,
                region_code=complaint.region_code,
            )
            complaint.breached_deadlines = (*complaint.breached_deadlines, deadline)
            uow.add_event(events.deadline_breached(complaint, deadline, due), subject=complaint.id)
        if closing:
            before = lifecycle.move(complaint, lifecycle.CLOSED)
            complaint.closed_at = now
            uow.add_event(events.status_changed(complaint, before), subject=complaint.id)
            notifications.record_status(uow, complaint, now)
        uow.complaints.save(complaint)
        uow.commit()
    result.breaches += [(complaint.tracking_code, deadline) for deadline, _ in found]
    for deadline, _ in found:
        BREACHES.labels(deadline).inc()
    if closing:
        result.closed.append(complaint.tracking_code)
        AUTO_CLOSED.inc()


def check_deadlines(new_uow: Callable[[], object], clock: Callable[[], dt.datetime]) -> SweepResult:
    now = clock()
    with new_uow() as uow:
        ids = uow.complaints.ids_with_status(SWEPT)
    result = SweepResult()
    for complaint_id in ids:
        try:
            _sweep_one(new_uow(), complaint_id, now, result)
        except Aborted:
            continue  # changed or swept concurrently: the next run sees it again
    return result
