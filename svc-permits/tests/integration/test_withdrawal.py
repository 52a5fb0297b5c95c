"""Withdrawing an application whose fee is billed, on real databases (SQLite and PostgreSQL): svc-tax
cancels the bill first, and nothing is written unless it did."""

import pytest

from gorontalo_permits.service_layer import applications, workflow
from servicekit.errors import FailedPrecondition, Unavailable

from .test_payments import NIB, approved_hotel, deliver, events, payment_event

CITIZEN_TOKEN = "Bearer citizen-token"


def snapshot(app, citizen, application_id):
    return applications.get_application(app.uow(), citizen, application_id), len(events(app))


def withdraw(app, clock, citizen, application_id, fee_bills, note="Tidak jadi membuka usaha"):
    return workflow.withdraw(
        app.uow(),
        clock,
        citizen,
        application_id=application_id,
        note=note,
        fee_bills=fee_bills,
        authorization=CITIZEN_TOKEN,
    )


def test_awaiting_payment_the_bill_is_cancelled_then_the_application_withdrawn(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills
):
    approved = approved_hotel(app, catalog, clock, citizen, kota_officer, submission, fee_bills, nib=NIB)
    clock.advance(days=1)
    withdrawn = withdraw(app, clock, citizen, approved.id, fee_bills)

    assert fee_bills.cancel_calls == [
        {"authorization": CITIZEN_TOKEN, "bill_id": approved.bill_id, "caller_reference": approved.id}
    ]  # the applicant's own token: the payer
    assert fee_bills.bills[approved.id]["status"] == "cancelled"
    loaded = applications.get_application(app.uow(), citizen, approved.id)
    assert loaded == withdrawn
    assert (loaded.status, loaded.payment_status, loaded.bill_id, loaded.next_step) == (
        "withdrawn",
        "cancelled",
        approved.bill_id,
        "none",
    )
    last = loaded.timeline[-1]
    assert (last.status, last.actor_role, last.actor_id, last.note, last.at) == (
        "withdrawn",
        "citizen",
        citizen.subject,
        "Tidak jadi membuka usaha",
        clock.now,
    )
    event = events(app)[-1]
    assert event["type"] == "gorontalo.permits.application.status_changed"
    assert (event["data"]["old_status"], event["data"]["new_status"], event["data"]["bill_id"]) == (
        "awaiting_payment",
        "withdrawn",
        approved.bill_id,
    )


def test_tax_unreachable_refuses_the_withdrawal_and_changes_nothing(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills
):
    approved = approved_hotel(app, catalog, clock, citizen, kota_officer, submission, fee_bills)
    before = snapshot(app, citizen, approved.id)
    fee_bills.unavailable = True
    with pytest.raises(Unavailable) as caught:
        withdraw(app, clock, citizen, approved.id, fee_bills)
    assert caught.value.reason == "fee_cancel_unavailable"
    assert snapshot(app, citizen, approved.id) == before
    fee_bills.unavailable = False  # the applicant tries again once tax answers
    assert withdraw(app, clock, citizen, approved.id, fee_bills).status == "withdrawn"


def test_a_bill_paid_meanwhile_refuses_the_withdrawal_and_the_permit_goes_on(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills
):
    approved = approved_hotel(app, catalog, clock, citizen, kota_officer, submission, fee_bills, nib=NIB)
    fee_bills.paid(approved.id)  # the bank paid; the payment event is still on its way
    before = snapshot(app, citizen, approved.id)
    with pytest.raises(FailedPrecondition) as caught:
        withdraw(app, clock, citizen, approved.id, fee_bills)
    assert caught.value.reason == "fee_already_paid"
    assert snapshot(app, citizen, approved.id) == before
    assert deliver(app, clock, payment_event(approved.id, approved.bill_id)) == "issued"


def test_a_retry_after_a_failed_write_finishes_the_withdrawal(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills, monkeypatch
):
    approved = approved_hotel(app, catalog, clock, citizen, kota_officer, submission, fee_bills)
    before = snapshot(app, citizen, approved.id)
    real = workflow.record_status_changes

    def crash(*args, **kwargs):
        raise RuntimeError("database went away mid-write")

    monkeypatch.setattr(workflow, "record_status_changes", crash)
    with pytest.raises(RuntimeError):
        withdraw(app, clock, citizen, approved.id, fee_bills)
    assert fee_bills.bills[approved.id]["status"] == "cancelled"  # tax did its part
    assert snapshot(app, citizen, approved.id) == before  # permits wrote nothing
    monkeypatch.setattr(workflow, "record_status_changes", real)
    assert withdraw(app, clock, citizen, approved.id, fee_bills).status == "withdrawn"
    assert len(fee_bills.cancel_calls) == 2  # asked again; tax answers the same cancelled bill


def test_before_billing_no_bill_is_cancelled_and_after_payment_no_withdrawal(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills
):
    early = applications.submit_application(app.uow(), catalog, clock, citizen, **submission(kbli_code="55110"))
    assert withdraw(app, clock, citizen, early.id, fee_bills).status == "withdrawn"
    assert fee_bills.cancel_calls == []

    approved = approved_hotel(app, catalog, clock, citizen, kota_officer, submission, fee_bills)
    assert deliver(app, clock, payment_event(approved.id, approved.bill_id)) == "approved_waiting_nib"
    with pytest.raises(FailedPrecondition) as caught:
        withdraw(app, clock, citizen, approved.id, fee_bills)
    assert caught.value.reason == "action_not_allowed"
    assert fee_bills.cancel_calls == []


def test_a_late_payment_for_a_withdrawn_application_is_acknowledged_and_revives_nothing(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills, caplog
):
    approved = approved_hotel(app, catalog, clock, citizen, kota_officer, submission, fee_bills, nib=NIB)
    withdraw(app, clock, citizen, approved.id, fee_bills)
    before = snapshot(app, citizen, approved.id)
    clock.advance(days=1)
    with caplog.at_level("WARNING"):
        assert deliver(app, clock, payment_event(approved.id, approved.bill_id)) == "ignored_withdrawn"
    assert snapshot(app, citizen, approved.id) == before
    assert any("withdrawn application" in r.getMessage() and "refund" in r.getMessage() for r in caplog.records)
