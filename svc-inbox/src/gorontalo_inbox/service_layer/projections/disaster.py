"""disaster's CAP alerts: each resident registered in a regency the alert's areas touch is told; and the
reports residents filed signed in, on their own timeline."""

from __future__ import annotations

import datetime as dt

from gorontalo.disaster.v1 import events_pb2 as disaster_events
from servicekit.messaging import event_time

from ...domain import alerts, notices
from ...domain.model import REPORT, Text
from ..events import EventMeta
from ..notifying import Outbound, notify
from . import apply_state, fresh


def report_concerns_a_resident(event: disaster_events.ReportSubmitted) -> bool:
    """Only a report filed signed in has a timeline to join (most come from phones without an account)."""
    return bool(event.reporter_account_id)


def report_submitted(uow, outbound: Outbound, event: disaster_events.ReportSubmitted, meta: EventMeta) -> None:
    """A signed-in resident's report joins their timeline; nobody is notified of their own act."""
    if not report_concerns_a_resident(event):
        return
    apply_state(
        uow, REPORT, event.report_id, "received", meta, resident_id=event.reporter_account_id, subject=event.hazard
    )


def _still_in_effect(event, now: dt.datetime) -> bool:
    expires = event_time(event.expires)
    return expires is None or expires > now


def alert_notifies(event: disaster_events.AlertPublished) -> bool:
    return alerts.notifies(event.status)


def alert_published(uow, outbound: Outbound, event: disaster_events.AlertPublished, meta: EventMeta) -> int:
    """Notify the residents the alert reaches; returns how many. Exercises and tests tell nobody."""
    if not alert_notifies(event):
        return 0
    notice = notices.alert(
        event.alert_id,
        event.msg_type,
        event.event,
        Text(event.headline.id, event.headline.en),
        event.severity,
        event.urgency,
    )
    codes = list(event.region_codes)
    deliverable = fresh(outbound, meta.time) and _still_in_effect(event, outbound.clock())
    told = 0
    for resident in uow.residents.active_in(alerts.regencies_reached(codes)):
        if alerts.reaches(resident.regency_code, codes):
            if notify(
                uow, outbound, notice, resident.citizen_id, source=meta.id, at=meta.time, deliverable=deliverable
            ):
                told += 1
    return told
