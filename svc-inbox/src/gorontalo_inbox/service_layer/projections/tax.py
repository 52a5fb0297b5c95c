"""tax's events: the payer's bills in their timeline, and the bills and payments they must hear of.

A bill changes hands: an imported object's bill has no owner until the resident claims it, and a claim
made by an account later closed as a takeover is released for the real owner to claim. Whose it is
follows the latest event that says so (`TimelineItem.assign` / `release`).
"""

from __future__ import annotations

from gorontalo.tax.v1 import events_pb2 as tax_events

from ...domain import notices
from ...domain.model import BILL
from ..events import EventMeta
from ..notifying import Outbound
from . import apply_state, open_item, tell


def bill_issued(uow, outbound: Outbound, event: tax_events.BillIssued, meta: EventMeta) -> None:
    apply_state(
        uow,
        BILL,
        event.bill_id,
        "unpaid",
        meta,
        owner=event.owner_id,
        amount=int(event.principal),
        due_date=event.due_date,
        tax_type=event.tax_type,
        tax_year=event.tax_year,
    )
    if event.owner_id:  # an imported object's bill waits for its owner's claim (objects.claimed)
        notice = notices.bill_issued(event.bill_id, event.tax_type, event.caller, int(event.principal), event.due_date)
        tell(uow, outbound, notice, event.owner_id, meta)


def bill_cancelled(uow, outbound: Outbound, event: tax_events.BillCancelled, meta: EventMeta) -> None:
    apply_state(
        uow,
        BILL,
        event.bill_id,
        "cancelled",
        meta,
        owner=event.owner_id,
        amount=int(event.principal),
        tax_type=event.tax_type,
    )


def objects_claimed(uow, outbound: Outbound, event: tax_events.ObjectsClaimed, meta: EventMeta) -> None:
    """Bills Bapenda imported under the resident's NIK are theirs now: they join the timeline (the
    resident claimed them just now; no notification)."""
    for bill_id in event.bill_ids:
        item, new = open_item(uow, BILL, bill_id)
        item.assign(event.owner_id, meta.time)
        item.touch(meta.time)
        uow.timeline.save(item, new=new)


def objects_released(uow, outbound: Outbound, event: tax_events.ObjectsReleased, meta: EventMeta) -> None:
    """A claim by an account closed as a takeover: its bills leave that timeline, for the real owner."""
    for bill_id in event.bill_ids:
        item, new = open_item(uow, BILL, bill_id)
        item.release(event.owner_id, meta.time)
        item.touch(meta.time)
        uow.timeline.save(item, new=new)


def payment_received(uow, outbound: Outbound, event: tax_events.PaymentReceived, meta: EventMeta) -> None:
    item = apply_state(
        uow,
        BILL,
        event.bill_id,
        "paid",
        meta,
        owner=event.owner_id,
        reference=event.receipt_number,
        tax_type=event.tax_type,
    )
    notice = notices.bill_paid(event.bill_id, event.tax_type, event.caller, int(event.amount), event.receipt_number)
    tell(uow, outbound, notice, event.owner_id or item.resident_id, meta)


def refusal_has_payer(event: tax_events.PaymentRefused) -> bool:
    return bool(event.bill_id and event.owner_id)


def payment_refused(uow, outbound: Outbound, event: tax_events.PaymentRefused, meta: EventMeta) -> None:
    """Nothing changes on the bill; its payer hears of a refusal they can act on."""
    if not refusal_has_payer(event):
        return
    notice = notices.payment_refused(event.bill_id, event.reason)
    tell(uow, outbound, notice, event.owner_id, meta)
