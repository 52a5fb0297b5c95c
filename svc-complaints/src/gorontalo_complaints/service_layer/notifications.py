"""Updates to the reporter: written with the state change, delivered by the sender loop.

`record` is called inside the use case's transaction, so a change that fails (or
rolls back) leaves no notification, and a committed change always has one. A filer
without an account gets an SMS or e-mail row (the destination stays the complaint's
ciphertext); an account holder gets an in-app inbox entry. The reporter's own acts
(rating, reopening, answering) notify nobody.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from prometheus_client import Counter, Gauge

from servicekit import paging
from servicekit.auth import Principal

from ..adapters.transports import TransportError
from ..domain import model
from ..domain import notifications as n
from ..domain.notifications import CONTACT_CONTEXT

log = logging.getLogger(__name__)
SENT_TOTAL = Counter(
    "gorontalo_complaints_notifications_total",
    "Notification delivery attempts, by channel and outcome (sent, retry, failed).",
    ["channel", "outcome"],
)
PENDING = Gauge("gorontalo_complaints_notifications_pending", "Notifications waiting to be delivered.")
RECORDED = Counter(
    "gorontalo_complaints_notifications_recorded_total",
    "Notifications written with a state change, by channel and kind.",
    ["channel", "kind"],
)
# Reporters that are no account: filings without one, and Open311 clients on their users' behalf.
NO_ACCOUNT_PREFIXES = ("anonymous:", "open311:")


def record(uow, complaint: model.Complaint, kind: str, now: dt.datetime) -> dict | None:
    """Write the notification of `kind` for the complaint's reporter in the open transaction."""
    message = n.compose(kind, complaint.tracking_code, complaint.agency_name, links=uow.links)
    if complaint.contact_encrypted:
        # sms or email is known only once decrypted, which the sender does: `contact` until then.
        channel, destination = n.CONTACT, complaint.contact_encrypted
    elif complaint.reporter_id.startswith(NO_ACCOUNT_PREFIXES) or not complaint.reporter_id:
        return None  # no account and no contact (e.g. an Open311 request without one): nobody to tell
    else:
        channel, destination = n.INAPP, ""
    row = uow.notifications.add(
        complaint_id=complaint.id,
        tracking_code=complaint.tracking_code,
        recipient_id=complaint.reporter_id,
        channel=channel,
        destination_encrypted=destination,
        kind=kind,
        status=complaint.status,
        message=message,
        now=now,
    )
    RECORDED.labels(channel, kind).inc()
    return row


def record_status(uow, complaint: model.Complaint, now: dt.datetime) -> dict | None:
    kind = n.kind_for_status(complaint.status)
    return record(uow, complaint, kind, now) if kind else None


@dataclass(frozen=True)
class InboxPage:
    entries: list[dict]
    next_page_token: str


def list_inbox(uow, principal: Principal, *, page_size: int, page_token: str) -> InboxPage:
    """The signed-in reporter's own in-app notifications, newest first; filtered by subject only."""
    principal.require_role("citizen")
    offset, limit = paging.window(page_size, page_token)
    with uow:
        entries = uow.notifications.inbox(principal.subject, offset=offset, limit=limit)
    return InboxPage(entries=entries, next_page_token=paging.next_token(offset, len(entries), limit))


def channel_of(destination: str) -> str:
    return n.EMAIL if "@" in destination else n.SMS


@dataclass
class SendResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0  # claimed by another sender meanwhile


@dataclass
class Sender:
    """Delivers due rows one at a time: claim (lease), decrypt, send, mark, each step committed."""

    new_uow: Callable[[], object]
    clock: Callable[[], dt.datetime]
    cipher: object
    transport: object
    max_attempts: int = n.MAX_ATTEMPTS
    retry_base_seconds: float = 30.0
    lease_seconds: float = 120.0
    batch_size: int = 50

    def send_due(self, stop: threading.Event | None = None) -> SendResult:
        """One pass over the due rows; `stop` ends it between two rows (shutdown)."""
        result = SendResult()
        now = self.clock()
        with self.new_uow() as uow:
            ids = uow.notifications.due_ids(now, self.batch_size)
        for notification_id in ids:
            if stop is not None and stop.is_set():
                break
            self._send_one(notification_id, result)
        self.refresh_pending()
        return result

    def pending_count(self) -> int:
        with self.new_uow() as uow:
            return uow.notifications.pending_count()

    def refresh_pending(self) -> int:
        count = self.pending_count()
        PENDING.set(count)
        return count

    def _send_one(self, notification_id: str, result: SendResult) -> None:
        now = self.clock()
        with self.new_uow() as uow:
            row = uow.notifications.claim(notification_id, now, now + dt.timedelta(seconds=self.lease_seconds))
            uow.commit()
        if row is None:
            result.skipped += 1
            return
        try:
            destination = self.cipher.decrypt(row["destination_encrypted"], CONTACT_CONTEXT)
        except Exception as error:  # noqa: BLE001 - a lost or rotated-away key: no retry can help
            self._failed(
                row, row["channel"], f"cannot decrypt the destination ({type(error).__name__})", result, give_up=True
            )
            return
        channel = row["channel"] if row["channel"] in (n.SMS, n.EMAIL) else channel_of(destination)
        try:
            message_id = self.transport.send(
                channel=channel, destination=destination, message=row["message"], notification_id=row["id"]
            )
        except TransportError as error:
            self._failed(row, channel, str(error), result)
            return
        except Exception as error:  # noqa: BLE001 - a transport bug: retried; only its type is kept, since
            # its text (or traceback) could hold the destination
            self._failed(row, channel, type(error).__name__, result)
            return
        with self.new_uow() as uow:
            uow.notifications.mark_sent(row["id"], now=self.clock(), channel=channel, provider_message_id=message_id)
            uow.commit()
        SENT_TOTAL.labels(channel, "sent").inc()
        result.sent += 1

    def _failed(self, row: dict, channel: str, error: str, result: SendResult, *, give_up: bool = False) -> None:
        attempts = row["attempts"] + 1
        retry_at = (
            None
            if give_up or attempts >= self.max_attempts
            else self.clock() + n.retry_delay(attempts, self.retry_base_seconds)
        )
        with self.new_uow() as uow:
            uow.notifications.mark_attempt_failed(row["id"], channel=channel, error=error, next_attempt_at=retry_at)
            uow.commit()
        SENT_TOTAL.labels(channel, "retry" if retry_at else "failed").inc()
        if retry_at:
            result.retried += 1
        else:
            result.failed += 1
        log.warning(
            "notification %s attempt %d failed (%s)%s", row["id"], attempts, error, "" if retry_at else "; given up"
        )


class SenderLoop:
    """A thread that drains due notifications every `interval` seconds until stopped."""

    def __init__(self, sender: Sender, interval: float):
        self.sender, self.interval = sender, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notification-sender", daemon=True)

    def start(self) -> SenderLoop:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sender.send_due(self._stop)
            except Exception:  # noqa: BLE001 - a failed pass is retried next period, the server keeps serving
                log.exception("notification pass failed")
            self._stop.wait(self.interval)

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the delivery in hand (each row is committed on its own), then return."""
        self._stop.set()
        self._thread.join(timeout)
