"""Cancelling a bill, and what a cancelled bill means for statements and payments: plain domain rules."""

import datetime as dt

import pytest

from gorontalo_tax.domain import billing, payments
from gorontalo_tax.domain.billing import Bill, BillingCode, BillLine, NotCancellable
from gorontalo_tax.domain.model import WITA

ISSUED = dt.datetime(2026, 1, 5, 9, tzinfo=WITA)
LATE = dt.datetime(2026, 6, 1, 9, tzinfo=WITA)  # months past the due date


def fee_bill(status="unpaid", **extra) -> Bill:
    fields = {"caller": "permits", "caller_reference": "app-1", **extra}
    return Bill(
        id="b1",
        tax_type="retribusi",
        object_id=None,
        tax_year=None,
        authority_code="75.71",
        region_code="75.71",
        owner_id="c1",
        owner_nik_index=None,
        description="Retribusi PBG",
        due_date=dt.date(2026, 2, 4),
        status=status,
        issued_at=ISSUED,
        lines=[BillLine("retribusi", 750_000, "75.71")],
        **fields,
    )


def test_an_unpaid_fee_bill_is_cancelled_once_with_who_when_and_why():
    bill = fee_bill()
    assert bill.cancel(at=LATE, by="c1", role="citizen", reason="Permohonan izin ditarik") is True
    assert (bill.status, bill.cancelled_at, bill.cancelled_by, bill.cancelled_by_role, bill.cancellation_reason) == (
        "cancelled",
        LATE,
        "c1",
        "citizen",
        "Permohonan izin ditarik",
    )
    # again: nothing changes, the first cancellation stands
    assert bill.cancel(at=LATE + dt.timedelta(days=1), by="o1", role="officer", reason="lain") is False
    assert (bill.cancelled_at, bill.cancelled_by, bill.cancellation_reason) == (LATE, "c1", "Permohonan izin ditarik")


@pytest.mark.parametrize(
    "bill,reason",
    [
        (fee_bill(status="paid", paid_at=LATE, receipt_number="7571-2026-00000001-0"), "bill_paid_not_cancellable"),
        (
            Bill(
                id="b2",
                tax_type="pkb",
                object_id="v1",
                tax_year=2026,
                authority_code="75",
                region_code="75.71",
                owner_id="c1",
                owner_nik_index=None,
                description="PKB",
                due_date=dt.date(2026, 6, 30),
                status="unpaid",
                issued_at=ISSUED,
                lines=[BillLine("pkb", 1_000_000, "75")],
            ),
            "bill_not_cancellable",
        ),
        (fee_bill(caller=None, caller_reference=None), "bill_not_cancellable"),
    ],
)
def test_paid_bills_and_tax_assessments_cannot_be_cancelled(bill, reason):
    before = bill.status
    with pytest.raises(NotCancellable) as caught:
        bill.cancel(at=LATE, by="o1", role="officer", reason="Salah tagih")
    assert caught.value.reason == reason
    assert bill.status == before and bill.cancelled_at is None


def test_a_cancelled_bill_accrues_no_penalty():
    bill = fee_bill()
    assert billing.statement(bill, LATE).penalty > 0
    bill.cancel(at=LATE, by="c1", role="citizen", reason="Permohonan izin ditarik")
    shown = billing.statement(bill, LATE)
    assert (shown.penalty, shown.penalty_months, [line.kind for line in shown.lines]) == (0, 0, ["retribusi"])


def test_any_notification_for_a_cancelled_bill_is_refused_as_cancelled():
    bill = fee_bill()
    code = BillingCode("7530000000000000", bill.id, 750_000, ISSUED, ISSUED + dt.timedelta(hours=24))
    at = ISSUED + dt.timedelta(hours=1)
    assert payments.refusal_for(bill, code, 750_000, at) is None
    bill.cancel(at=at, by="c1", role="citizen", reason="Permohonan izin ditarik")
    # whatever else is wrong with it, the bank learns the one thing that holds for every code of the bill
    for amount, when in ((750_000, at), (1, at), (750_000, at + dt.timedelta(days=2))):
        assert payments.refusal_for(bill, code, amount, when) == payments.BILL_CANCELLED
    assert payments.BILL_CANCELLED in payments.REFUSAL_REASONS
    assert billing.CANCELLED in billing.BILL_STATUSES
