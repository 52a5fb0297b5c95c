"""complaints' events about complaints filed with an account (the others stay complaints' to tell)."""

from __future__ import annotations

from gorontalo.complaints.v1 import events_pb2 as complaint_events

from ...domain import notices
from ...domain.model import COMPLAINT
from ..events import EventMeta
from ..notifying import Outbound
from . import apply_state, open_item, tell


def has_account(event) -> bool:
    """Only a complaint filed with an account is on a resident's timeline."""
    return bool(event.reporter_account_id)


def update_is_public(event: complaint_events.ComplaintUpdatePosted) -> bool:
    return has_account(event) and not event.internal


def complaint_filed(uow, outbound: Outbound, event: complaint_events.ComplaintFiled, meta: EventMeta) -> None:
    if not has_account(event):
        return
    apply_state(
        uow,
        COMPLAINT,
        event.complaint_id,
        "received",
        meta,
        resident_id=event.reporter_account_id,
        reference=event.tracking_code,
        subject=event.title if event.HasField("title") else "",
    )


def status_changed(uow, outbound: Outbound, event: complaint_events.ComplaintStatusChanged, meta: EventMeta) -> None:
    if not has_account(event):
        return
    apply_state(
        uow,
        COMPLAINT,
        event.complaint_id,
        event.to_status,
        meta,
        resident_id=event.reporter_account_id,
        reference=event.tracking_code,
    )
    notice = notices.complaint_status(event.complaint_id, event.tracking_code, event.to_status)
    tell(uow, outbound, notice, event.reporter_account_id, meta)


def update_posted(uow, outbound: Outbound, event: complaint_events.ComplaintUpdatePosted, meta: EventMeta) -> None:
    """The agency's public update or question (the reporter must answer), or the reporter's answer."""
    if not update_is_public(event):
        return
    item, new = open_item(uow, COMPLAINT, event.complaint_id)
    item.fill(resident_id=event.reporter_account_id, reference=event.tracking_code)
    if event.kind in ("question", "answer"):
        item.set_question(event.kind == "question", meta.time)
    item.touch(meta.time)
    uow.timeline.save(item, new=new)
    notice = notices.complaint_update(event.complaint_id, event.tracking_code, event.kind, event.internal)
    tell(uow, outbound, notice, event.reporter_account_id, meta)
