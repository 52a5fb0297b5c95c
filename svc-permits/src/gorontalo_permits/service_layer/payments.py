"""gorontalo.tax.payment.received: the fee of an application was paid, so it moves on to its permit.

Runs inside the event bus's transaction (which also writes the inbox row, so a redelivered event
is not handled twice); the bus has parsed the payload into svc-tax's PaymentReceived message, and
dead-letters one that does not fit. An event for another caller, for a bill another permits instance
asked for (Kota Gorontalo's, the province's: each instance reads every payment through its own
durable), an unknown reference, another bill or an application no longer awaiting payment is
acknowledged and changes nothing; a withdrawn application is never revived by one.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from gorontalo.tax.v1.events_pb2 import PaymentReceived
from servicekit.event_messages import MalformedEvent

from ..adapters.tax_client import CALLER
from ..domain import model
from . import metrics
from .applications import Clock
from .issuing import number_permit, record_permit, record_status_changes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ThisInstance:
    """Whose fee bills' payments this permits instance applies: those it asked for (svc-tax names the
    asking instance's certificate identity in requested_by) and, for the province's instance, those
    asked for before federation (requested_by empty)."""

    identity: str
    provincial: bool

    def asked_for(self, requested_by: str) -> bool:
        return requested_by == self.identity if requested_by else self.provincial


def _application_id(raw) -> str | None:
    try:
        return str(uuid.UUID(str(raw)))
    except ValueError:
        return None


def _outcome(
    uow, clock: Clock, paid: PaymentReceived, this: ThisInstance
) -> tuple[str, model.Application | None, list, object]:
    if paid.caller != CALLER:
        return "ignored_caller", None, [], None
    if not this.asked_for(paid.requested_by):
        return "other_instance", None, [], None
    bill_id = paid.bill_id
    if not bill_id:
        raise MalformedEvent("bill_id is missing")
    application_id = _application_id(paid.caller_reference)
    application = uow.applications.get(application_id) if application_id else None
    if application is None:
        return "ignored_unknown", None, [], None
    if application.status == model.WITHDRAWN:
        # svc-tax cancels the bill before a withdrawal is written, so no payment should come; if one does
        # (a bill paid outside the platform's rules), the money must go back, not the permit forward.
        log.warning("payment of bill %s arrived for withdrawn application %s: refund it", bill_id, application.id)
        return "ignored_withdrawn", None, [], None
    if not application.is_awaiting_bill(bill_id):
        if application.bill_id != bill_id or application.payment_status != model.PAYMENT_PAID:
            # Not a replay of the payment already taken: money arrived for nothing. Treasury must know.
            log.warning(
                "payment of bill %s for application %s in state %s matches nothing to pay: refund or follow up",
                bill_id,
                application.id,
                application.status,
            )
        return "ignored_state", None, [], None
    if paid.amount < application.fee_rupiah:
        log.warning("payment event for application %s has amount %r below the fee", application.id, paid.amount)
        return "ignored_amount", None, [], None
    receipt = paid.receipt_number[:60]
    at = clock()
    entries = application.record_payment(
        bill_id=bill_id, at=at, note=f"Retribusi dibayar; kuitansi {receipt}" if receipt else "Retribusi dibayar"
    )
    permit = None
    if application.ready_to_issue:
        entries.append(
            application.issue_automatically(
                at=at, note="Izin diterbitkan setelah retribusi lunas.", actor_id=model.TAX_PAYMENT_ACTOR
            )
        )
        permit = number_permit(uow, application)
    return ("issued" if permit else "approved_waiting_nib"), application, entries, permit


def payment_received(uow, clock: Clock, paid: PaymentReceived, this: ThisInstance) -> str:
    """Handle one payment event; returns the outcome (also counted once the bus commits)."""
    outcome, application, entries, permit = _outcome(uow, clock, paid, this)
    if application is not None:
        uow.applications.save(application)
        record_status_changes(uow, application, model.AWAITING_PAYMENT, entries)
        if permit is not None:
            record_permit(uow, application, permit)

        def count() -> None:
            metrics.count_entries(application, entries)
            if permit is not None:
                metrics.count_issued(application)

        uow.after_commit(count)
    uow.after_commit(lambda: metrics.PAYMENT_EVENTS.labels(outcome).inc())
    return outcome
