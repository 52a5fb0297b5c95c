"""The officer workflow, the SLA pause, permit numbers and NIBs, without a database."""

import datetime as dt

import pytest

from gorontalo_permits.domain import model, permit
from gorontalo_permits.domain.catalog import PermitType
from servicekit.errors import FailedPrecondition

NOW = dt.datetime(2025, 3, 3, 1, 30, tzinfo=dt.UTC)  # Monday 3 March 2025, 09:30 WITA
HOTEL = PermitType("55110", "Hotel Bintang", model.MENENGAH_TINGGI, 10, 1_000_000, ())
APOTEK = PermitType("47721", "Apotek", model.MENENGAH_TINGGI, 10, 0, ())
RESTORAN = PermitType("56101", "Restoran", model.MENENGAH_RENDAH, 5, 150_000, ())


NIB = "9120001234567"


def new_application(permit_type=HOTEL, **extra) -> model.Application:
    return model.Application.submit(
        id="a1",
        applicant_id="citizen-a",
        permit_type=permit_type,
        kbli_code=permit_type.kbli_code,
        business_name="Hotel Maqna",
        business_address="Jl. Sultan Botutihe 1",
        region_code="75.71.01.1001",
        regency_code="75.71",
        latitude=0.54,
        longitude=123.05,
        investment_rupiah=5_000_000,
        workforce=2,
        now=NOW,
        **extra,
    )


def days(n):
    return NOW + dt.timedelta(days=n)


def test_a_new_application_has_its_sla_due_date():
    application = new_application()
    assert application.sla_due_date == dt.date(2025, 3, 17)  # 10 working days after Monday 3 March
    assert not application.sla_paused and application.next_step == "officer_review"


def test_revision_pauses_the_clock_and_resubmission_moves_the_due_date():
    application = new_application()
    application.start_review(officer_id="o", at=days(1))
    application.request_revision(officer_id="o", at=days(1), note="Lengkapi denah")
    assert application.status == "revision_requested" and application.sla_paused
    assert application.next_step == "applicant_revision"
    application.resubmit(applicant_id="citizen-a", at=days(7), note="Denah terlampir")  # Tue 4 -> Mon 10 March
    assert application.status == "submitted" and not application.sla_paused
    assert application.sla_paused_days == 4  # Wed, Thu, Fri, Mon
    assert application.sla_due_date == dt.date(2025, 3, 21)
    assert [(e.status, e.actor_role, e.note) for e in application.timeline[-2:]] == [
        ("revision_requested", "officer", "Lengkapi denah"),
        ("submitted", "citizen", "Denah terlampir"),
    ]


def test_approval_with_a_fee_waits_for_payment_on_its_bill():
    application = new_application()
    application.start_review(officer_id="o", at=NOW)
    with pytest.raises(ValueError):
        application.approve(officer_id="o", at=NOW)  # a fee-bearing approval without a bill is a bug
    application.approve(officer_id="o", at=NOW, bill_id="bill-1")
    assert (application.status, application.payment_status, application.bill_id, application.next_step) == (
        "awaiting_payment",
        "billed",
        "bill-1",
        "payment",
    )


def test_the_payment_of_its_bill_approves_and_with_an_nib_it_is_ready_to_issue():
    application = new_application(nib=NIB)
    application.start_review(officer_id="o", at=NOW)
    application.approve(officer_id="o", at=NOW, bill_id="bill-1")
    assert not application.is_awaiting_bill("bill-2") and application.is_awaiting_bill("bill-1")
    with pytest.raises(FailedPrecondition):
        application.record_payment(bill_id="bill-2", at=days(1), note="")
    entries = application.record_payment(bill_id="bill-1", at=days(1), note="Retribusi dibayar")
    assert [(e.status, e.actor_role, e.actor_id) for e in entries] == [
        ("paid", "system", model.TAX_PAYMENT_ACTOR),
        ("approved", "system", model.TAX_PAYMENT_ACTOR),
    ]
    assert application.payment_status == "paid" and application.ready_to_issue
    application.issue_automatically(at=days(1), note="terbit")
    assert application.status == "issued" and application.timeline[-1].actor_role == "system"
    with pytest.raises(FailedPrecondition):  # a replayed payment changes nothing
        application.record_payment(bill_id="bill-1", at=days(2), note="")


def test_without_an_nib_a_paid_application_waits_for_it():
    application = new_application()
    application.start_review(officer_id="o", at=NOW)
    application.approve(officer_id="o", at=NOW, bill_id="bill-1")
    application.record_payment(bill_id="bill-1", at=days(1), note="")
    assert (application.status, application.ready_to_issue, application.next_step) == (
        "approved",
        False,
        "applicant_nib",
    )
    with pytest.raises(FailedPrecondition):
        application.withdraw(applicant_id="citizen-a", at=days(1))  # paid: no way back
    with pytest.raises(FailedPrecondition) as caught:
        application.issue(officer_id="o", at=days(1))
    assert caught.value.reason == "nib_required"
    application.provide_nib(NIB)
    assert application.ready_to_issue and application.next_step == "permit_issuance"


def test_approval_without_a_fee_then_issue():
    application = new_application(APOTEK, nib=NIB)
    application.start_review(officer_id="o", at=NOW)
    application.approve(officer_id="o", at=NOW, note="Sesuai standar")
    assert application.status == "approved" and application.payment_status == ""
    application.issue(officer_id="o", at=days(1))
    application.assign_permit_number("7571/DPMPTSP/2025/000001")
    assert application.status == "issued" and application.permit_number == "7571/DPMPTSP/2025/000001"
    with pytest.raises(FailedPrecondition):
        application.assign_permit_number("7571/DPMPTSP/2025/000002")


@pytest.mark.parametrize("action", ["approve", "reject", "request_revision", "issue"])
def test_officer_decisions_need_an_application_in_review(action):
    application = new_application()
    kwargs = {"reject": {"reason": "Tidak sesuai"}, "request_revision": {"note": "Lengkapi"}}.get(action, {})
    with pytest.raises(FailedPrecondition) as caught:
        getattr(application, action)(officer_id="o", at=NOW, **kwargs)
    assert caught.value.reason == "action_not_allowed"
    assert caught.value.params == {"action": action, "status": "submitted"}
    assert len(application.timeline) == 1


def test_issue_needs_approval_and_resubmit_needs_a_revision():
    application = new_application()
    application.start_review(officer_id="o", at=NOW)
    with pytest.raises(FailedPrecondition) as caught:
        application.issue(officer_id="o", at=NOW)
    assert caught.value.params == {"action": "issue", "status": "in_review"}
    with pytest.raises(FailedPrecondition):
        application.resubmit(applicant_id="citizen-a", at=NOW)


def test_reject_and_withdraw_are_final():
    rejected = new_application()
    rejected.start_review(officer_id="o", at=NOW)
    rejected.reject(officer_id="o", at=NOW, reason="Lokasi di kawasan lindung")
    assert rejected.is_final and rejected.timeline[-1].note == "Lokasi di kawasan lindung"
    with pytest.raises(FailedPrecondition):
        rejected.withdraw(applicant_id="citizen-a", at=NOW)
    withdrawn = new_application()
    withdrawn.withdraw(applicant_id="citizen-a", at=NOW, note="Batal")
    assert withdrawn.status == "withdrawn" and withdrawn.timeline[-1].actor_role == "citizen"


def test_awaiting_payment_is_withdrawn_only_with_the_bills_cancellation():
    application = new_application()
    application.start_review(officer_id="o", at=NOW)
    application.approve(officer_id="o", at=NOW, bill_id="bill-1")
    assert application.fee_bill_to_cancel == "bill-1"
    application.check_may_withdraw()  # the state allows it; the bill decides
    for confirmation in ("", "bill-2"):  # not confirmed, or another bill's confirmation
        with pytest.raises(FailedPrecondition) as caught:
            application.withdraw(applicant_id="citizen-a", at=days(1), cancelled_bill_id=confirmation)
        assert caught.value.reason == "fee_bill_not_cancelled"
        assert (application.status, application.payment_status, len(application.timeline)) == (
            "awaiting_payment",
            "billed",
            3,
        )
    entry = application.withdraw(applicant_id="citizen-a", at=days(1), note="Batal usaha", cancelled_bill_id="bill-1")
    assert (entry.status, entry.actor_role, entry.actor_id, entry.note) == (
        "withdrawn",
        "citizen",
        "citizen-a",
        "Batal usaha",
    )
    assert (application.status, application.payment_status, application.bill_id, application.next_step) == (
        "withdrawn",
        "cancelled",
        "bill-1",
        "none",
    )
    assert application.fee_bill_to_cancel == ""
    with pytest.raises(FailedPrecondition):  # a late payment cannot revive it
        application.record_payment(bill_id="bill-1", at=days(2), note="")


def test_only_an_unpaid_billed_fee_needs_cancelling():
    assert new_application().fee_bill_to_cancel == ""  # submitted: nothing billed
    paid = new_application()
    paid.start_review(officer_id="o", at=NOW)
    paid.approve(officer_id="o", at=NOW, bill_id="bill-1")
    paid.record_payment(bill_id="bill-1", at=days(1), note="")
    assert paid.fee_bill_to_cancel == ""
    with pytest.raises(FailedPrecondition) as caught:
        paid.check_may_withdraw()
    assert caught.value.reason == "action_not_allowed"


def test_self_declaration_issues_a_menengah_rendah_activity_at_once():
    declared = new_application(RESTORAN, self_declaration=True, nib=NIB)
    assert declared.status == "issued" and declared.timeline[-1].note == model.SELF_DECLARATION_NOTE
    assert new_application(RESTORAN).status == "submitted"
    assert new_application(HOTEL, self_declaration=True, nib=NIB).status == "submitted"  # only menengah_rendah


def test_the_breach_check_uses_the_due_date_in_wita():
    application = new_application(RESTORAN)  # due Monday 10 March 2025
    assert not application.sla_breached(dt.datetime(2025, 3, 10, 15, 59, tzinfo=dt.UTC))
    assert application.sla_breached(dt.datetime(2025, 3, 10, 16, 0, tzinfo=dt.UTC))


def test_permit_numbers_and_nibs():
    assert permit.permit_number("75.71", 2026, 123) == "7571/DPMPTSP/2026/000123"
    with pytest.raises(ValueError):
        permit.permit_number("75.71", 2026, 1_000_000)
    assert permit.canonical_number("7571-dpmptsp-2026-000123") == "7571/DPMPTSP/2026/000123"
    assert permit.canonical_number("7571/DPMPTSP/2026/000123") == "7571/DPMPTSP/2026/000123"
    assert permit.canonical_number("7571/DPMPTSP/26/123") is None
    assert permit.is_nib("9120001234567") and not permit.is_nib("912000123456") and not permit.is_nib("91200012345ab")
    # The year of a permit issued at 23:30 WITA on 31 December is still that year.
    assert permit.issue_year(dt.datetime(2025, 12, 31, 15, 30, tzinfo=dt.UTC)) == 2025
    assert permit.issue_year(dt.datetime(2025, 12, 31, 16, 30, tzinfo=dt.UTC)) == 2026
