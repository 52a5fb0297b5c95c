"""Bank payment notifications: authenticate, record a payment in full or refuse with a reason.

Every refusal is committed on its own (the request still fails), counted by reason and published as
gorontalo.tax.payment.refused. Only notifications proven to come from the channel are remembered
against their transaction id, so a forger cannot block a bank's real notification by guessing its id.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass

from prometheus_client import Counter

from gorontalo.tax.v1 import events_pb2
from servicekit.errors import (
    Aborted,
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    ResourceExhausted,
    ServiceError,
    Unauthenticated,
)

from .. import messages
from ..adapters.payment_repository import PaymentConflict
from ..domain import billing, payments
from ..domain.billing import PenaltyPolicy
from ..domain.dates import Clock
from ..domain.payments import Payment, Refusal
from .billing import bill_owner

log = logging.getLogger(__name__)

REVENUE = Counter(
    "gorontalo_tax_revenue_rupiah_total", "Rupiah recorded as paid, by tax type and channel.", ["tax_type", "channel"]
)
PAYMENTS = Counter(
    "gorontalo_tax_payments_total", "Payments recorded, by tax type and channel.", ["tax_type", "channel"]
)
REFUSED = Counter(
    "gorontalo_tax_payment_notifications_refused_total", "Payment notifications refused, by reason.", ["reason"]
)
DUPLICATES = Counter(
    "gorontalo_tax_payment_notifications_duplicate_total",
    "Notifications received again (same channel, transaction id and body): nothing recorded.",
)

RECORDED = "recorded"
_ERRORS: dict[str, type[ServiceError]] = {
    payments.SIGNATURE_MISSING: Unauthenticated,
    payments.CHANNEL_UNKNOWN: Unauthenticated,
    payments.SIGNATURE_INVALID: Unauthenticated,
    payments.TIMESTAMP_STALE: Unauthenticated,
    payments.BODY_INVALID: InvalidArgument,
    payments.TRANSACTION_ID_REUSED: AlreadyExists,
    payments.BILLING_CODE_UNKNOWN: NotFound,
    payments.BILLING_CODE_EXPIRED: FailedPrecondition,
    payments.AMOUNT_MISMATCH: InvalidArgument,
    payments.BILL_ALREADY_PAID: FailedPrecondition,
    payments.BILL_CANCELLED: FailedPrecondition,
}
_ATTEMPTS = 3


@dataclass(frozen=True)
class Outcome:
    payment: Payment
    duplicate: bool


def refusal_error(reason: str, transaction_id: str = "") -> ServiceError:
    """The error the bank gets: its own JSON body so a bank's system can act on `reason`."""
    body = json.dumps(
        {
            "status": "refused",
            "reason": reason,
            "transaction_id": transaction_id,
            "detail": messages.translate(reason, "en"),
        }
    ).encode()
    return _ERRORS[reason](reason, http_body=("application/json", body))


def _channel_label(channel: str) -> str:
    # The header is attacker-controlled until the signature is checked: keep only well-formed names.
    return channel if payments.valid_channel_name(channel) else "invalid"


def _refuse(uow, refusal: Refusal, remember_digest: str | None = None, bill=None) -> ServiceError | None:
    """Store, publish and count a refusal; None (nothing stored) when remembering it lost a race to a
    concurrent notification with the same transaction id, whose outcome is then the answer.

    `bill`: the bill an authenticated notification's billing code named; the event then names it and its
    owner (whose inbox says the payment was refused). Unauthenticated claims name no bill, so a forger
    cannot make the platform message a resident."""
    with uow:
        uow.payments.add_refusal(refusal)
        if remember_digest is not None:
            try:
                uow.payments.remember(
                    refusal.channel, refusal.transaction_id, remember_digest, refusal.reason, None, refusal.received_at
                )
            except PaymentConflict:
                uow.rollback()
                return None
        uow.add_event(
            events_pb2.PaymentRefused(
                channel=refusal.channel,
                reason=refusal.reason,
                channel_transaction_id=refusal.transaction_id,
                billing_code=refusal.billing_code,
                bill_id=bill.id if bill else "",
                owner_id=bill_owner(uow, bill) if bill else "",
            )
        )
        uow.commit()
    REFUSED.labels(refusal.reason).inc()
    log.warning("payment notification refused", extra={"channel": refusal.channel, "reason": refusal.reason})
    return refusal_error(refusal.reason, refusal.transaction_id)


def _replay(uow, first, transaction_id: str) -> Outcome:
    DUPLICATES.inc()
    if first.outcome != RECORDED:
        raise refusal_error(first.outcome, transaction_id)
    with uow:
        payment = uow.payments.by_receipt(first.receipt_number)
    return Outcome(payment, duplicate=True)


def notify(
    uow,
    clock: Clock,
    policy: PenaltyPolicy,
    channels: dict[str, str],
    *,
    channel: str,
    timestamp: str,
    signature: str,
    body: bytes,
    client_address: str = "",
    limiter=None,
) -> Outcome:
    now = clock()
    reason = payments.authenticate(channels, channel, timestamp, signature, body, now)
    if reason is not None:
        wait = limiter.refused_for(client_address) if limiter is not None else None
        if wait is not None:
            REFUSED.labels("rate_limited").inc()  # counted, not stored: that is what the cap protects
            raise ResourceExhausted("notifications_rate_limited", retry_after=wait)
        # Kept for the treasury to see what a forger claimed; never remembered against the transaction id.
        claimed = payments.parse(body)
        raise _refuse(
            uow,
            Refusal(
                _channel_label(channel),
                reason,
                claimed.transaction_id if claimed else "",
                claimed.billing_code if claimed else "",
                claimed.amount if claimed else 0,
                now,
            ),
        )
    note = payments.parse(body)
    if note is None:
        raise _refuse(uow, Refusal(channel, payments.BODY_INVALID, "", "", 0, now))
    digest = payments.body_digest(body)
    for _ in range(_ATTEMPTS):
        with uow:
            first = uow.payments.outcome(channel, note.transaction_id)
        if first is not None:
            if first.body_sha256 != digest:
                raise _refuse(
                    uow,
                    Refusal(
                        channel,
                        payments.TRANSACTION_ID_REUSED,
                        note.transaction_id,
                        note.billing_code,
                        note.amount,
                        now,
                    ),
                )
            return _replay(uow, first, note.transaction_id)
        with uow:
            code = uow.bills.code(note.billing_code) if len(note.billing_code) == billing.BILLING_CODE_LENGTH else None
            bill = uow.bills.get(code.bill_id) if code else None
            reason = payments.refusal_for(bill, code, note.amount, now)
            if reason is None:
                payment, sequence = _payment(uow, policy, bill, code, channel, note, now)
                try:
                    uow.payments.record(payment, billing.local_date(now).year, sequence)
                    uow.payments.remember(channel, note.transaction_id, digest, RECORDED, payment.receipt_number, now)
                except PaymentConflict:
                    uow.rollback()
                    continue  # a concurrent notification won: read its outcome and answer from it
                _received_event(uow, bill, payment)
                uow.commit()
                REVENUE.labels(payment.tax_type, channel).inc(payment.amount)
                PAYMENTS.labels(payment.tax_type, channel).inc()
                log.info(
                    "payment recorded",
                    extra={"channel": channel, "tax_type": payment.tax_type, "receipt_number": payment.receipt_number},
                )
                return Outcome(payment, duplicate=False)
        refused = _refuse(
            uow,
            Refusal(
                channel,
                reason,
                note.transaction_id,
                note.billing_code,
                note.amount,
                now,
                bill.authority_code if bill else None,
            ),
            remember_digest=digest,
            bill=bill,
        )
        if refused is not None:
            raise refused
    raise Aborted("notification_busy")  # concurrent notifications kept colliding: the bank retries, nothing recorded


def _payment(uow, policy: PenaltyPolicy, bill, code, channel: str, note, now: dt.datetime) -> tuple[Payment, int]:
    # The code's amount is principal + the penalty at checkout, and the code never outlives that penalty.
    penalty_paid = code.amount - bill.principal
    months = min(billing.months_started(bill.due_date, code.issued_at), policy.max_months) if penalty_paid else 0
    number, sequence = uow.payments.next_receipt(bill.authority_code, billing.local_date(now).year)
    return Payment(
        id=str(uuid.uuid4()),
        bill_id=bill.id,
        billing_code=code.code,
        channel=channel,
        channel_transaction_id=note.transaction_id,
        amount=code.amount,
        principal=bill.principal,
        penalty=penalty_paid,
        penalty_months=months,
        recorded_at=now,
        receipt_number=number,
        tax_type=bill.tax_type,
        tax_year=bill.tax_year,
        authority_code=bill.authority_code,
        description=bill.description,
    ), sequence


def _received_event(uow, bill, payment: Payment) -> None:
    uow.add_event(
        events_pb2.PaymentReceived(
            bill_id=bill.id,
            caller=bill.caller or "",
            caller_reference=bill.caller_reference or "",
            amount=payment.amount,
            channel=payment.channel,
            paid_at=payment.recorded_at.isoformat(),
            receipt_number=payment.receipt_number,
            tax_type=payment.tax_type,
            owner_id=bill_owner(uow, bill),
            requested_by=bill.requested_by or "",
        ),
        subject=bill.id,
    )
