"""Updates to filers without an account: written with the state change, sent through servicekit.notify.

`record` is called inside the use case's transaction, so a change that fails (or rolls back) leaves
no message, and a committed change always has one. A filer without an account who left a phone or
e-mail gets a row whose destination stays the complaint's ciphertext; servicekit.notify's sender
(over the unit of work's `deliveries`) decrypts, caps, sends and retries it. A reporter with an
account is told by svc-inbox from complaints' events (`reporter_account_id`), so complaints writes
no in-app entry for them any more; their old entries stay readable through the deprecated
ListMyNotifications. The reporter's own acts (rating, reopening, answering) notify nobody.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from prometheus_client import Counter

from servicekit import notify, paging
from servicekit.auth import Principal
from servicekit.notify import callbacks

from ..domain import model
from ..domain import notifications as n
from ..domain.notifications import CONTACT_CONTEXT

log = logging.getLogger(__name__)
SENDER = "complaints"  # servicekit.notify's sender label, and the path of the delivery-report RPC
RECORDED = Counter(
    "gorontalo_complaints_notifications_recorded_total",
    "Notifications written with a state change, by channel and kind.",
    ["channel", "kind"],
)


def record(uow, complaint: model.Complaint, kind: str, now: dt.datetime) -> dict | None:
    """Queue the message of `kind` for a filer without an account, in the open transaction."""
    if not complaint.contact_encrypted:
        # An account holder hears from svc-inbox; a filer without a contact (an Open311 request
        # without one) cannot be told.
        return None
    row = uow.notifications.add(
        complaint_id=complaint.id,
        tracking_code=complaint.tracking_code,
        recipient_id=complaint.reporter_id,
        destination_encrypted=complaint.contact_encrypted,
        kind=kind,
        status=complaint.status,
        message=n.compose(kind, complaint.tracking_code, complaint.agency_name, links=uow.links),
        now=now,
    )
    RECORDED.labels(n.CONTACT, kind).inc()
    return row


def record_status(uow, complaint: model.Complaint, now: dt.datetime) -> dict | None:
    kind = n.kind_for_status(complaint.status)
    return record(uow, complaint, kind, now) if kind else None


@dataclass(frozen=True)
class InboxPage:
    entries: list[dict]
    next_page_token: str


def list_inbox(uow, principal: Principal, *, page_size: int, page_token: str) -> InboxPage:
    """The signed-in reporter's own in-app notifications written before svc-inbox, newest first."""
    principal.require_role("citizen")
    offset, limit = paging.window(page_size, page_token)
    with uow:
        entries = uow.notifications.inbox(principal.subject, offset=offset, limit=limit)
    return InboxPage(entries=entries, next_page_token=paging.next_token(offset, len(entries), limit))


def contact_resolver(cipher) -> Callable[[dict], str | None]:
    """The sender's resolve_destination: the filer's contact, decrypted. A key lost or rotated away
    (no retry can help) is None: the row fails at once as no_destination."""

    def resolve(row: dict) -> str | None:
        try:
            return cipher.decrypt(row["destination_encrypted"], CONTACT_CONTEXT)
        except Exception as error:  # noqa: BLE001 - only its type: the text could quote the ciphertext
            log.warning("notification %s: contact cannot be decrypted (%s)", row["id"], type(error).__name__)
            return None

    return resolve


def report_delivery(uow, clock, *, body: bytes, signature: str, secret: str) -> bool:
    """POST /v1/complaints/sms-deliveries:report: the SMS gateway's signed delivery report."""
    return callbacks.report_delivery(lambda: uow, clock, body=body, signature=signature, secret=secret, sender=SENDER)


def sender(uow_factory, clock, cipher, transport, *, cost_cap=None, **pace) -> notify.Sender:
    """servicekit.notify's sender over complaints' queue (the `notifications` table)."""
    return notify.Sender(
        uow_factory,
        clock,
        transport,
        contact_resolver(cipher),
        sender=SENDER,
        cost_cap=cost_cap,
        repository="deliveries",
        **pace,
    )
