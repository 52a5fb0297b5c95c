"""Cancelling fee bills through the use cases on SQLite and PostgreSQL: who may, what it closes, what a bank
then hears, and that a bill racing a payment ends up paid or cancelled, never both."""

import json
import threading

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from gorontalo_tax.adapters.bill_repository import BillRepository
from gorontalo_tax.adapters.payment_repository import PaymentRepository
from gorontalo_tax.adapters.tables import bills
from gorontalo_tax.adapters.tables import payments as payment_rows
from gorontalo_tax.domain import payments as rules
from gorontalo_tax.domain.billing import local_date
from gorontalo_tax.service_layer import billing, cancellation, receipts
from gorontalo_tax.service_layer.access import TaxOffices
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied, ServiceError

from ..billing_fixtures import citizen, officer
from ..payment_fixtures import CHANNEL, body, checkout, events, fee_bill, notify

WITHDRAWN = "Permohonan izin ditarik oleh pemohon"
DPMPTSP_KOTA = Principal(
    subject="officer-dpmptsp", role="officer", agency="dpmptsp-7571", jurisdiction=("75.71",), token_id="t"
)
BAPENDA_KOTA = Principal(
    subject="officer-bapenda", role="officer", agency="bapenda-7571", jurisdiction=("75.71",), token_id="t"
)
BAPENDA_BOALEMO = Principal(
    subject="officer-boalemo", role="officer", agency="bapenda-7502", jurisdiction=("75.02",), token_id="t"
)


def cancel(app, who, bill_id="", caller="permits", reference="", reason=WITHDRAWN, payer_callers=("permits",)):
    return cancellation.cancel_bill(
        app.uow(),
        app.clock,
        who,
        bill_id=bill_id,
        caller=caller,
        caller_reference=reference,
        reason=reason,
        offices=TaxOffices(("bapenda-",)),
        payer_callers=payer_callers,
    )


def shown(app, bill_id, who=None):
    return billing.get_bill(app.uow(), app.clock, app.penalty, who or citizen(), bill_id).bill


def bill_row(app, bill_id):
    with app.session_factory() as session:
        return session.execute(sa.select(bills).where(bills.c.id == bill_id)).one()


def cancelled_count(by):
    return REGISTRY.get_sample_value("gorontalo_tax_bills_cancelled_total", {"tax_type": "retribusi", "by": by}) or 0.0


def test_the_payer_through_the_caller_cancels_once_and_the_bill_shows_it(app, clock):
    bill = fee_bill(app, "app-c1")
    code = checkout(app, bill.id).code
    assert bill_row(app, bill.id).open_code == code.code
    before = cancelled_count("payer")
    clock.advance(hours=1)

    done, fresh = cancel(app, citizen(), bill.id, reference="app-c1")
    assert fresh and (done.status, done.cancelled_at, done.cancelled_by, done.cancelled_by_role) == (
        "cancelled",
        clock.now,
        "citizen-1",
        "citizen",
    )
    assert shown(app, bill.id) == done and done.cancellation_reason == WITHDRAWN
    row = bill_row(app, bill.id)
    assert (row.status, row.open_code, row.open_code_expires_at) == ("cancelled", None, None)
    [event] = events(app, "gorontalo.tax.bill.cancelled")
    assert event == {
        "bill_id": bill.id,
        "tax_type": "retribusi",
        "authority_code": "75.71",
        "region_code": "75.71",
        "owner_id": "citizen-1",
        "principal": "750000",
        "caller": "permits",
        "caller_reference": "app-c1",
        "cancelled_by_role": "citizen",
        "cancelled_by": "citizen-1",
        "cancelled_at": clock.now.isoformat(),
    }
    assert cancelled_count("payer") == before + 1

    # again, later, by someone else with another reason: the same bill, nothing new recorded or published
    clock.advance(hours=1)
    again, fresh = cancel(app, DPMPTSP_KOTA, bill.id, reference="app-c1", reason="Dibatalkan petugas")
    assert not fresh and again == done
    assert len(events(app, "gorontalo.tax.bill.cancelled")) == 1 and cancelled_count("payer") == before + 1

    with pytest.raises(FailedPrecondition) as caught:
        checkout(app, bill.id)
    assert caught.value.reason == "bill_cancelled"

    def listed(status):
        found, _ = billing.list_bills(
            app.uow(), app.clock, app.penalty, citizen(), page_size=50, page_token="", status=status
        )
        return [(s.bill.id, s.bill.status) for s in found]

    assert listed("cancelled") == [(bill.id, "cancelled")] and listed("") == [(bill.id, "cancelled")]
    assert listed("unpaid") == [] and listed("paid") == []


def test_a_bank_paying_a_cancelled_bills_old_code_is_refused_and_reconciled(app):
    bill = fee_bill(app, "app-c2")
    code = checkout(app, bill.id).code
    cancel(app, citizen(), bill.id, reference="app-c2")
    refused_before = (
        REGISTRY.get_sample_value("gorontalo_tax_payment_notifications_refused_total", {"reason": "bill_cancelled"})
        or 0.0
    )

    with pytest.raises(ServiceError) as caught:
        notify(app, body(code.code, code.amount, "TX-CANCELLED"))
    assert (caught.value.reason, caught.value.status) == ("bill_cancelled", "FAILED_PRECONDITION")
    answer = json.loads(caught.value.http_body[1])
    assert (answer["status"], answer["reason"], answer["transaction_id"]) == (
        "refused",
        "bill_cancelled",
        "TX-CANCELLED",
    )
    assert "cancelled" in answer["detail"]
    # the bank's retry gets the same answer and records nothing new
    with pytest.raises(ServiceError) as again:
        notify(app, body(code.code, code.amount, "TX-CANCELLED"), offset=30)
    assert again.value.reason == "bill_cancelled"

    assert shown(app, bill.id).status == "cancelled"
    with app.session_factory() as session:
        assert session.execute(sa.select(payment_rows)).first() is None
    day = receipts.reconciliation(
        app.uow(), app.clock, officer("75.71"), channel=CHANNEL, date=local_date(app.clock()).isoformat()
    )
    assert day.payments == [] and [(r.reason, r.billing_code, r.authority_code) for r in day.refused] == [
        ("bill_cancelled", code.code, "75.71")
    ]
    assert [e["reason"] for e in events(app, "gorontalo.tax.payment.refused")] == ["bill_cancelled"]
    assert (
        REGISTRY.get_sample_value("gorontalo_tax_payment_notifications_refused_total", {"reason": "bill_cancelled"})
        == refused_before + 1
    )


def test_a_paid_bill_is_not_cancelled(app):
    bill = fee_bill(app, "app-c3")
    code = checkout(app, bill.id).code
    paid = notify(app, body(code.code, code.amount)).payment
    with pytest.raises(FailedPrecondition) as caught:
        cancel(app, citizen(), bill.id, reference="app-c3")
    assert caught.value.reason == "bill_paid_not_cancellable"
    after = shown(app, bill.id)
    assert (after.status, after.receipt_number, after.cancelled_at) == ("paid", paid.receipt_number, None)
    assert events(app, "gorontalo.tax.bill.cancelled") == []


def test_who_may_cancel(app):
    bill = fee_bill(app, "app-c4")
    refusals = [
        (lambda: cancel(app, citizen(), bill.id, caller="", reference=""), PermissionDenied),  # payer, not naming it
        (lambda: cancel(app, citizen(), bill.id, reference="app-other"), PermissionDenied),
        (lambda: cancel(app, citizen(), bill.id, reference="app-c4", payer_callers=()), PermissionDenied),
        (lambda: cancel(app, citizen("citizen-2"), bill.id, reference="app-c4"), NotFound),  # not their bill
        (lambda: cancel(app, DPMPTSP_KOTA, bill.id, caller="", reference=""), PermissionDenied),  # not Bapenda
        (lambda: cancel(app, officer("75.02"), bill.id, reference="app-c4"), PermissionDenied),  # other regency
        (lambda: cancel(app, BAPENDA_BOALEMO, bill.id, caller="", reference=""), PermissionDenied),
        (
            lambda: cancel(app, Principal("op", "operator", token_id="t"), bill.id, caller="", reference=""),
            PermissionDenied,
        ),
    ]
    for call, error in refusals:
        with pytest.raises(error):
            call()
    assert shown(app, bill.id).status == "unpaid"

    # the caller names its bill by its reference alone, as it asked for it
    by_reference, fresh = cancel(app, DPMPTSP_KOTA, reference="app-c4")
    assert fresh and by_reference.id == bill.id and by_reference.cancelled_by_role == "officer"
    # Bapenda of the regency, by id; and an operator naming it: the cancellation already made stands
    assert cancel(app, BAPENDA_KOTA, bill.id, caller="", reference="")[1] is False
    assert cancel(app, Principal("op", "operator", token_id="t"), reference="app-c4")[0].id == bill.id
    with pytest.raises(NotFound):
        cancel(app, DPMPTSP_KOTA, reference="app-none")


def test_bapenda_cancels_by_id_but_tax_assessments_stay(app):
    bill = fee_bill(app, "app-c5")
    done, fresh = cancel(app, BAPENDA_KOTA, bill.id, caller="", reference="", reason="Tagihan ganda, salah input")
    assert fresh and (done.cancelled_by, done.cancellation_reason) == ("officer-bapenda", "Tagihan ganda, salah input")

    from .test_billing_services import generate, register

    register(app, subject="citizen-1")
    generate(app, 2025)
    [pkb] = [
        s.bill
        for s in billing.list_bills(
            app.uow(), app.clock, app.penalty, citizen(), page_size=50, page_token="", tax_type="pkb"
        )[0]
    ]
    with pytest.raises(FailedPrecondition) as caught:
        cancel(
            app,
            Principal("officer-prov", "officer", agency="bapenda-75", jurisdiction=("75",), token_id="t"),
            pkb.id,
            caller="",
            reference="",
            reason="Tagihan keliru",
        )
    assert caught.value.reason == "bill_not_cancellable"


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"reason": ""}, "reason"),
        ({"reason": "x"}, "reason"),
        ({"reason": "y" * 201}, "reason"),
        ({"bill_id": "", "caller": "", "reference": ""}, "caller"),
        ({"caller": "Permits!"}, "caller"),
        ({"caller": "permits", "reference": ""}, "caller_reference"),
    ],
)
def test_requests_are_validated_before_anything_is_read(app, fields, field):
    bill = fee_bill(app, "app-c6")
    arguments = {"bill_id": bill.id, "caller": "permits", "reference": "app-c6", **fields}
    with pytest.raises(InvalidArgument) as caught:
        cancel(app, citizen(), **arguments)
    assert field in [v.field for v in caught.value.violations]
    assert shown(app, bill.id).status == "unpaid"


# Races. SQLite runs whole write transactions one at a time (BEGIN IMMEDIATE), so the interleavings
# below cannot happen there; PostgreSQL lets both transactions read the unpaid row, and only the
# compare-and-set on `status` decides.


def _postgres_only(app):
    if not app.settings.database_url.startswith("postgresql"):
        pytest.skip("SQLite serializes write transactions: this interleaving cannot occur")


def test_a_payment_in_flight_loses_to_a_cancellation_and_is_refused(app, monkeypatch):
    _postgres_only(app)
    bill = fee_bill(app, "app-r1")
    code = checkout(app, bill.id).code
    original = PaymentRepository.next_receipt
    interleaved = []

    def cancel_first(self, *args):
        if not interleaved:  # the notification has read the bill unpaid; the applicant withdraws now
            interleaved.append(cancel(app, citizen(), bill.id, reference="app-r1"))
        return original(self, *args)

    monkeypatch.setattr(PaymentRepository, "next_receipt", cancel_first)
    with pytest.raises(ServiceError) as caught:
        notify(app, body(code.code, code.amount, "TX-RACE-1"))
    assert caught.value.reason == "bill_cancelled" and interleaved[0][1] is True
    row = bill_row(app, bill.id)
    assert (row.status, row.paid_at, row.receipt_number) == ("cancelled", None, None)


def test_a_cancellation_in_flight_loses_to_a_payment_and_is_refused(app, monkeypatch):
    _postgres_only(app)
    bill = fee_bill(app, "app-r2")
    code = checkout(app, bill.id).code
    original = BillRepository.cancel
    interleaved = []

    def pay_first(self, bill_to_cancel):
        if not interleaved:  # the cancellation has read the bill unpaid; the bank's notification lands now
            interleaved.append(notify(app, body(code.code, code.amount, "TX-RACE-2")))
        return original(self, bill_to_cancel)

    monkeypatch.setattr(BillRepository, "cancel", pay_first)
    with pytest.raises(FailedPrecondition) as caught:
        cancel(app, citizen(), bill.id, reference="app-r2")
    assert caught.value.reason == "bill_paid_not_cancellable" and not interleaved[0].duplicate
    row = bill_row(app, bill.id)
    assert (row.status, row.cancelled_at, row.receipt_number) == ("paid", None, interleaved[0].payment.receipt_number)
    assert events(app, "gorontalo.tax.bill.cancelled") == []


def test_concurrent_cancellations_and_payments_never_leave_a_bill_both(app):
    for round_ in range(6):
        reference = f"app-t{round_}"
        bill = fee_bill(app, reference)
        code = checkout(app, bill.id).code
        start = threading.Barrier(2)
        outcome = {}

        def withdraw():
            start.wait()
            try:
                outcome["cancel"] = cancel(app, citizen(), bill.id, reference=reference)[1]
            except FailedPrecondition as error:
                outcome["cancel"] = error.reason

        def pay():
            start.wait()
            try:
                outcome["pay"] = notify(app, body(code.code, code.amount)).payment.receipt_number
            except ServiceError as error:
                outcome["pay"] = error.reason

        threads = [threading.Thread(target=withdraw), threading.Thread(target=pay)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        row = bill_row(app, bill.id)
        with app.session_factory() as session:
            paid_rows = session.execute(sa.select(payment_rows).where(payment_rows.c.bill_id == bill.id)).all()
        if row.status == "cancelled":
            assert outcome == {"cancel": True, "pay": rules.BILL_CANCELLED} and paid_rows == []
            assert row.receipt_number is None
        else:
            assert row.status == "paid" and row.cancelled_at is None and len(paid_rows) == 1
            assert outcome == {"cancel": "bill_paid_not_cancellable", "pay": row.receipt_number}
