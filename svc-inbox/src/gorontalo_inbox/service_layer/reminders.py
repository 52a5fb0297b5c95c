"""Bills due within 7 days: one reminder per bill, from the inbox's own scan of its read model.

The reminder's time is when the bill entered the window (00:00 WITA seven days before it is due, or
its issue if later), and its id is the bill's: a scan at any moment, or a rebuild, writes the same
notification, once. A rebuild runs the scan with delivery off, so no reminder goes out twice.
"""

from __future__ import annotations

import datetime as dt

from ..domain import notices
from ..domain.quiet_hours import WITA
from .notifying import Outbound, notify

DUE_WINDOW_DAYS = 7


def window_opens(due_date: str) -> dt.datetime | None:
    try:
        due = dt.date.fromisoformat(due_date)
    except ValueError:
        return None
    return dt.datetime.combine(due - dt.timedelta(days=DUE_WINDOW_DAYS), dt.time(), tzinfo=WITA).astimezone(dt.UTC)


def remind_due_bills(uow, outbound: Outbound) -> int:
    """Write the reminders due now; returns how many."""
    today = outbound.clock().astimezone(WITA).date()
    last = today + dt.timedelta(days=DUE_WINDOW_DAYS)
    reminded = 0
    with uow:
        for item in uow.timeline.bills_due_between(today.isoformat(), last.isoformat()):
            opens = window_opens(item.due_date)
            if opens is None:
                continue
            at = max(opens, item.created_at) if item.created_at else opens
            notice = notices.bill_due_soon(item.ref_id, item.tax_type, item.amount, item.due_date)
            notify(uow, outbound, notice, item.resident_id, source=f"due_soon:{item.ref_id}", at=at)
            item.reminded_at = at
            uow.timeline.save(item, new=False)
            reminded += 1
        uow.commit()
    return reminded
