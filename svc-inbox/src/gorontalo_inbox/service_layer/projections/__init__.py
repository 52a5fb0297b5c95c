"""Projections: each event of another service applied to the read model (and the notices it calls for).

One function per event type, called inside the consumer's transaction (servicekit's inbox row in
the same one, so a redelivered event changes nothing). Events of different types are consumed side
by side, so each function tolerates finding the events about one item in any order: states by
(event time, rank), descriptive fields filled once, times as the earliest and latest event's.
"""

from __future__ import annotations

import datetime as dt

from ...domain import notices
from ...domain.model import TimelineItem, item_id
from ...domain.timeline import rank
from ..events import EventMeta
from ..notifying import Outbound, notify


def open_item(uow, kind: str, ref_id: str) -> tuple[TimelineItem, bool]:
    """The item, locked for this transaction, or a new one (True)."""
    item = uow.timeline.get(kind, ref_id, for_update=True)
    if item is None:
        return TimelineItem(id=item_id(kind, ref_id), kind=kind, ref_id=ref_id), True
    return item, False


def apply_state(uow, kind: str, ref_id: str, state: str, meta: EventMeta, *, owner: str = "", **fill) -> TimelineItem:
    """Move the item to `state` (unless a later event already moved it on) and fill what is missing;
    `owner`: whose it is as of this event (bills, which change hands)."""
    item, new = open_item(uow, kind, ref_id)
    item.fill(**fill)
    item.assign(owner, meta.time)
    item.advance(state, meta.time, rank(kind, state))
    item.touch(meta.time)
    uow.timeline.save(item, new=new)
    return item


def fresh(outbound: Outbound, at: dt.datetime) -> bool:
    """Recent enough to text about (a backlog replayed on a first start is not)."""
    return notices.deliverable(at, outbound.clock())


def tell(uow, outbound: Outbound, notice: notices.Notice | None, resident_id: str, meta: EventMeta) -> None:
    """The event's notice (if it calls for one) for the resident, once per event; texted only if fresh."""
    if notice is not None:
        notify(uow, outbound, notice, resident_id, source=meta.id, at=meta.time, deliverable=fresh(outbound, meta.time))
