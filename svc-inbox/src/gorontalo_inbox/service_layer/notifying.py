"""Writing a notification, and queueing its SMS and e-mail as the resident's preferences say.

Both happen in the transaction that applies the event (or runs the reminder), so a notification
and its deliveries exist together or not at all. The SMS carries no number: the sender asks identity
for it when it leaves. While rebuilding (`Outbound.deliver` False) nothing is queued: a rebuilt
notification was delivered when it was first written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from servicekit import notify as transports

from .. import messages, metrics
from ..domain import notices, quiet_hours
from ..domain.model import Notification, Phrase, Preferences, notification_id


@dataclass(frozen=True)
class Outbound:
    clock: Callable[[], dt.datetime]
    # Where an e-mail sends the resident to read everything (the web app's inbox page).
    inbox_link: str
    deliver: bool = True


def notify(
    uow,
    outbound: Outbound,
    notice: notices.Notice,
    resident_id: str,
    *,
    source: str,
    at: dt.datetime,
    deliverable: bool = True,
) -> Notification | None:
    """Write the notice for the resident once per `source` (an event id); None when it exists already.

    `deliverable` False keeps it in the app (an event too old to text anyone about).
    """
    if not resident_id:
        return None
    identifier = notification_id(source, resident_id)
    if uow.notifications.exists(identifier):
        return None
    notification = Notification(
        id=identifier,
        resident_id=resident_id,
        kind=notice.kind,
        title=messages.render(Phrase(notice.title_key, notice.params)),
        body=messages.render(Phrase(notice.body_key, notice.params)),
        ref_kind=notice.ref_kind,
        ref_id=notice.ref_id,
        created_at=at,
        urgent=notice.urgent,
    )
    uow.notifications.add(notification)
    if outbound.deliver:
        uow.after_commit(lambda: metrics.NOTIFICATIONS.labels(notice.kind).inc())
        if deliverable and notice.sent:
            _queue(uow, outbound, notification)
    return notification


def _queue(uow, outbound: Outbound, notification: Notification) -> None:
    resident = uow.residents.get(notification.resident_id)
    if resident is not None and not resident.reachable:
        return
    prefs = uow.preferences.get(notification.resident_id) or Preferences(notification.resident_id)
    now = outbound.clock()
    held_until = None if notification.urgent else quiet_hours.release_time(now, prefs.quiet_start, prefs.quiet_end)
    timing = "quiet_hours" if held_until else "now"
    if prefs.sms:
        uow.deliveries.add(
            channel=transports.SMS,
            recipient_id=notification.resident_id,
            message=notices.sms_text(notification.body),
            kind=notification.kind,
            not_before=held_until,
            now=now,
        )
        uow.after_commit(lambda: metrics.DELIVERIES_QUEUED.labels(transports.SMS, timing).inc())
    if prefs.email_usable:
        subject, message = notices.email_text(notification.title, notification.body, outbound.inbox_link)
        uow.deliveries.add(
            channel=transports.EMAIL,
            recipient_id=notification.resident_id,
            destination_encrypted=prefs.email_encrypted,
            subject=subject,
            message=message,
            kind=notification.kind,
            not_before=held_until,
            now=now,
        )
        uow.after_commit(lambda: metrics.DELIVERIES_QUEUED.labels(transports.EMAIL, timing).inc())
