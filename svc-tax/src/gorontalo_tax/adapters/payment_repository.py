"""Payments, the first outcome of each notification, and refused notifications in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from servicekit.db import region_within

from ..domain.billing import PAID, local_date
from ..domain.payments import Payment, Refusal, receipt_number
from .tables import bills, payment_notifications, payments, refused_notifications

_PAYMENT_COLUMNS = (
    "id",
    "bill_id",
    "billing_code",
    "channel",
    "channel_transaction_id",
    "amount",
    "principal",
    "penalty",
    "penalty_months",
    "recorded_at",
    "receipt_number",
    "tax_type",
    "tax_year",
    "authority_code",
    "description",
)


class PaymentConflict(Exception):
    """The bill was paid, or the channel transaction recorded, by a concurrent notification."""


@dataclass(frozen=True)
class NotificationOutcome:
    body_sha256: str
    outcome: str  # "recorded" or a refusal reason
    receipt_number: str | None


class PaymentRepository:
    def __init__(self, session):
        self.session = session

    # Idempotency ---------------------------------------------------------------------------------

    def outcome(self, channel: str, transaction_id: str) -> NotificationOutcome | None:
        row = self.session.execute(
            sa.select(payment_notifications).where(
                payment_notifications.c.channel == channel, payment_notifications.c.transaction_id == transaction_id
            )
        ).first()
        return NotificationOutcome(row.body_sha256, row.outcome, row.receipt_number) if row else None

    def remember(
        self, channel: str, transaction_id: str, body_sha256: str, outcome: str, receipt: str | None, now: dt.datetime
    ) -> None:
        """Raises PaymentConflict when a concurrent notification with this transaction id came first."""
        try:
            with self.session.begin_nested():
                self.session.execute(
                    payment_notifications.insert().values(
                        channel=channel,
                        transaction_id=transaction_id,
                        body_sha256=body_sha256,
                        outcome=outcome,
                        receipt_number=receipt,
                        received_at=now,
                    )
                )
        except IntegrityError:
            raise PaymentConflict(transaction_id) from None

    # Payments -------------------------------------------------------------------------------------

    def next_receipt(self, authority_code: str, year: int) -> tuple[str, int]:
        last = self.session.execute(
            sa.select(sa.func.max(payments.c.receipt_sequence)).where(
                payments.c.authority_code == authority_code, payments.c.receipt_year == year
            )
        ).scalar_one_or_none()
        sequence = (last or 0) + 1
        return receipt_number(authority_code, year, sequence), sequence

    def record(self, payment: Payment, receipt_year: int, receipt_sequence: int) -> None:
        """Insert the payment and mark the bill paid (only if still unpaid), closing its billing code."""
        try:
            with self.session.begin_nested():
                marked = self.session.execute(
                    bills.update()
                    .where(
                        bills.c.id == payment.bill_id,
                        bills.c.status == "unpaid",
                    )
                    .values(
                        status=PAID,
                        paid_at=payment.recorded_at,
                        paid_penalty=payment.penalty,
                        paid_penalty_months=payment.penalty_months,
                        receipt_number=payment.receipt_number,
                        open_code=None,
                        open_code_expires_at=None,
                    )
                ).rowcount
                if marked != 1:
                    raise PaymentConflict(payment.bill_id)
                self.session.execute(
                    payments.insert().values(
                        **{n: getattr(payment, n) for n in _PAYMENT_COLUMNS},
                        receipt_year=receipt_year,
                        receipt_sequence=receipt_sequence,
                        paid_date=local_date(payment.recorded_at),
                    )
                )
        except IntegrityError:
            raise PaymentConflict(payment.bill_id) from None

    def by_receipt(self, number: str) -> Payment | None:
        row = self.session.execute(sa.select(payments).where(payments.c.receipt_number == number)).first()
        return self._payment(row) if row else None

    def for_day(self, channel: str, day: dt.date, authorities: list[str] | None) -> list[Payment]:
        query = sa.select(payments).where(payments.c.channel == channel, payments.c.paid_date == day)
        if authorities is not None:
            if not authorities:
                return []
            query = query.where(region_within(payments.c.authority_code, authorities))
        return [
            self._payment(row)
            for row in self.session.execute(query.order_by(payments.c.recorded_at, payments.c.receipt_number))
        ]

    @staticmethod
    def _payment(row) -> Payment:
        return Payment(**{n: getattr(row, n) for n in _PAYMENT_COLUMNS})

    # Refusals -------------------------------------------------------------------------------------

    def add_refusal(self, refusal: Refusal) -> None:
        self.session.execute(
            refused_notifications.insert().values(
                channel=refusal.channel,
                reason=refusal.reason,
                transaction_id=refusal.transaction_id,
                billing_code=refusal.billing_code,
                amount=refusal.amount,
                authority_code=refusal.authority_code,
                received_at=refusal.received_at,
                received_date=local_date(refusal.received_at),
            )
        )

    def refusals_for_day(self, channel: str, day: dt.date, authorities: list[str] | None) -> list[Refusal]:
        query = sa.select(refused_notifications).where(
            refused_notifications.c.channel == channel, refused_notifications.c.received_date == day
        )
        if authorities is not None:
            if not authorities:
                return []
            query = query.where(region_within(refused_notifications.c.authority_code, authorities))
        rows = self.session.execute(query.order_by(refused_notifications.c.received_at, refused_notifications.c.id))
        return [
            Refusal(
                row.channel,
                row.reason,
                row.transaction_id,
                row.billing_code,
                row.amount,
                row.received_at,
                row.authority_code,
            )
            for row in rows
        ]
