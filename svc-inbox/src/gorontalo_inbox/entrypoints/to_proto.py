"""Read-model objects as the contract's messages (the servicer and the CLI print the same)."""

from __future__ import annotations

import datetime as dt

from gorontalo.inbox.v1 import inbox_pb2

from .. import messages
from ..domain import timeline
from ..domain.model import Notification, Text, TimelineItem
from ..domain.quiet_hours import TIME_ZONE
from ..service_layer.preferences import View


def _text(text: Text) -> inbox_pb2.LocalizedText:
    return inbox_pb2.LocalizedText(id=text.id, en=text.en)


def _time(message, name: str, value: dt.datetime | None) -> None:
    if value is not None:
        getattr(message, name).FromDatetime(value.astimezone(dt.UTC))


def timeline_item(item: TimelineItem) -> inbox_pb2.TimelineItem:
    message = inbox_pb2.TimelineItem(
        id=item.id,
        kind=item.kind,
        service=item.service,
        ref_id=item.ref_id,
        reference=item.reference,
        title=_text(messages.render(timeline.title(item))),
        state=item.state,
        amount=item.amount,
        due_date=item.due_date,
    )
    label = timeline.state_label(item)
    if label is not None:
        message.state_label.CopyFrom(_text(messages.render(label, fallback=item.state)))
    action = timeline.next_action(item)
    if action is not None:
        message.next_action.CopyFrom(_text(messages.render(action)))
    _time(message, "created_at", item.created_at)
    _time(message, "updated_at", item.updated_at)
    return message


def notification(found: Notification) -> inbox_pb2.Notification:
    message = inbox_pb2.Notification(
        id=found.id,
        kind=found.kind,
        title=_text(found.title),
        body=_text(found.body),
        ref_kind=found.ref_kind,
        ref_id=found.ref_id,
        read=found.read,
        urgent=found.urgent,
    )
    _time(message, "created_at", found.created_at)
    return message


def preferences(view: View) -> inbox_pb2.Preferences:
    prefs = view.prefs
    return inbox_pb2.Preferences(
        sms=prefs.sms,
        email=prefs.email,
        email_address=view.email_address,
        email_verified=prefs.email_verified,
        quiet_hours_start=prefs.quiet_start,
        quiet_hours_end=prefs.quiet_end,
        time_zone=TIME_ZONE,
    )
