"""The fee (retribusi) of an application: billed by svc-tax at approval, paid through a svc-tax event,
cancelled by svc-tax before a withdrawal. Plain Python."""

from __future__ import annotations

import datetime as dt

from servicekit.errors import FailedPrecondition

from .lifecycle import APPROVED, AWAITING_PAYMENT, PAID, SYSTEM_ROLE, TimelineEntry

# payment_status of an application
BILLED = "billed"  # svc-tax issued the fee bill (bill_id); waiting for the payment event
PAYMENT_PAID = "paid"
FEE_CANCELLED = "cancelled"  # svc-tax cancelled the bill because the applicant withdrew

TAX_PAYMENT_ACTOR = "tax-payment"  # actor id of the steps the fee payment (svc-tax event) makes
PAID_APPROVAL_NOTE = "Retribusi lunas: persetujuan berlaku."


class FeePayment:
    """The fee half of an Application (its fields `fee_rupiah`, `payment_status`, `bill_id`, and the
    life cycle's `status` and `transition`)."""

    @property
    def needs_fee_bill(self) -> bool:
        return self.fee_rupiah > 0

    def _billed(self, bill_id: str) -> None:
        """Approved subject to the fee: svc-tax holds the bill now."""
        self.payment_status = BILLED
        self.bill_id = bill_id

    def is_awaiting_bill(self, bill_id: str) -> bool:
        return self.status == AWAITING_PAYMENT and bool(bill_id) and self.bill_id == bill_id

    def record_payment(self, *, bill_id: str, at: dt.datetime, note: str) -> list[TimelineEntry]:
        """The fee bill was paid: paid, then approved (the approval was subject to this payment)."""
        if not self.is_awaiting_bill(bill_id):
            raise FailedPrecondition("action_not_allowed", action="record_payment", status=self.status)
        entries = [self.transition(PAID, actor_role=SYSTEM_ROLE, actor_id=TAX_PAYMENT_ACTOR, at=at, note=note)]
        self.payment_status = PAYMENT_PAID
        entries.append(
            self.transition(
                APPROVED, actor_role=SYSTEM_ROLE, actor_id=TAX_PAYMENT_ACTOR, at=at, note=PAID_APPROVAL_NOTE
            )
        )
        return entries

    @property
    def paid_up(self) -> bool:
        """Nothing left to pay: no fee, or the fee paid."""
        return not self.needs_fee_bill or self.payment_status == PAYMENT_PAID

    @property
    def fee_bill_to_cancel(self) -> str:
        """The svc-tax bill that must be cancelled before this application may be withdrawn ("" if none)."""
        return self.bill_id if self.status == AWAITING_PAYMENT and self.payment_status == BILLED else ""
