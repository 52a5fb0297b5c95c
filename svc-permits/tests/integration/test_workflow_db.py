"""The workflow, numbering, NIB and revocation on real databases (SQLite and PostgreSQL)."""

import json
import threading

import pytest
import sqlalchemy as sa

from gorontalo_permits.service_layer import applications, permits, workflow
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from servicekit.messaging import outbox

NIB_A, NIB_B = "9120001234567", "8120007654321"


def events(app) -> list[dict]:
    with app.engine.connect() as connection:
        rows = connection.execute(sa.select(outbox.c.envelope).order_by(outbox.c.seq)).all()
    return [json.loads(row.envelope) for row in rows]


def test_the_whole_officer_workflow_round_trips(app, catalog, clock, citizen, kota_officer, submission):
    uow = app.uow
    application = applications.submit_application(
        uow(), catalog, clock, citizen, **submission(kbli_code="47721", nib=NIB_A)
    )
    assert str(application.sla_due_date) == "2025-03-17"
    workflow_steps = [
        (workflow.request_revision, kota_officer, "Lengkapi izin apoteker"),
        (workflow.resubmit, citizen, "SIPA terlampir"),
        (workflow.approve, kota_officer, "Memenuhi standar"),
        (workflow.issue, kota_officer, ""),
    ]
    applications.start_review(uow(), clock, kota_officer, application_id=application.id)
    for use_case, who, note in workflow_steps:
        clock.advance(days=1)
        if use_case is workflow.approve:
            applications.start_review(uow(), clock, kota_officer, application_id=application.id)
        application = use_case(uow(), clock, who, application_id=application.id, note=note)
    loaded = applications.get_application(uow(), citizen, application.id)
    assert loaded == application
    assert [e.status for e in loaded.timeline] == [
        "submitted",
        "in_review",
        "revision_requested",
        "submitted",
        "in_review",
        "approved",
        "issued",
    ]
    assert loaded.permit_number == "7571/DPMPTSP/2025/000001"
    assert loaded.sla_paused_days == 1 and str(loaded.sla_due_date) == "2025-03-18"
    changes = [
        (e["data"]["old_status"], e["data"]["new_status"])
        for e in events(app)
        if e["type"] == "gorontalo.permits.application.status_changed"
    ]
    assert changes == [
        ("submitted", "in_review"),
        ("in_review", "revision_requested"),
        ("revision_requested", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "approved"),
        ("approved", "issued"),
    ]
    assert events(app)[0]["type"] == "gorontalo.permits.application.submitted"
    issued = events(app)[-1]
    assert issued["type"] == "gorontalo.permits.permit.issued"
    assert issued["data"]["permit_number"] == loaded.permit_number
    verified = permits.verify_permit(uow(), "7571-DPMPTSP-2025-000001")
    assert (verified.status, verified.business_name, verified.kbli_code) == ("valid", loaded.business_name, "47721")


def test_approval_with_a_fee_asks_tax_for_one_bill_and_waits_for_it(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills
):
    application = applications.submit_application(app.uow(), catalog, clock, citizen, **submission(kbli_code="55110"))
    applications.start_review(app.uow(), clock, kota_officer, application_id=application.id)
    approved = workflow.approve(
        app.uow(),
        clock,
        kota_officer,
        application_id=application.id,
        fee_bills=fee_bills,
        authorization="Bearer officer-token",
    )
    loaded = applications.get_application(app.uow(), citizen, approved.id)
    bill = fee_bills.bills[application.id]
    assert (loaded.status, loaded.payment_status, loaded.fee_rupiah, loaded.bill_id) == (
        "awaiting_payment",
        "billed",
        1_000_000,
        bill["id"],
    )
    assert (bill["region_code"], bill["payer_id"], bill["amount"], bill["authorization"]) == (
        "75.71",
        citizen.subject,
        1_000_000,
        "Bearer officer-token",
    )
    billed = events(app)[-1]["data"]
    assert (billed["new_status"], billed["bill_id"], billed["fee_amount"]) == (
        "awaiting_payment",
        bill["id"],
        "1000000",
    )
    assert (billed["applicant_id"], billed["kbli_title"]) == (citizen.subject, catalog.get("55110").title)
    reviewed = events(app)[-2]["data"]
    assert (reviewed["new_status"], reviewed["bill_id"], reviewed["fee_amount"]) == ("in_review", "", "0")
    with pytest.raises(FailedPrecondition) as caught:
        workflow.issue(app.uow(), clock, kota_officer, application_id=application.id)
    assert caught.value.params["status"] == "awaiting_payment"


def test_when_tax_is_unavailable_the_approval_fails_and_writes_nothing(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills
):
    from servicekit.errors import Unavailable

    application = applications.submit_application(app.uow(), catalog, clock, citizen, **submission(kbli_code="55110"))
    applications.start_review(app.uow(), clock, kota_officer, application_id=application.id)
    before = (applications.get_application(app.uow(), citizen, application.id), len(events(app)))
    fee_bills.unavailable = True
    with pytest.raises(Unavailable) as caught:
        workflow.approve(app.uow(), clock, kota_officer, application_id=application.id, fee_bills=fee_bills)
    assert caught.value.reason == "tax_unavailable"
    assert (applications.get_application(app.uow(), citizen, application.id), len(events(app))) == before
    fee_bills.unavailable = False  # a retry gets the one bill
    workflow.approve(app.uow(), clock, kota_officer, application_id=application.id, fee_bills=fee_bills)
    assert len(fee_bills.bills) == 1


def test_actions_check_jurisdiction_ownership_and_reasons(
    app, catalog, clock, citizen, other_citizen, kota_officer, pohuwato_officer, submission
):
    application = applications.submit_application(app.uow(), catalog, clock, citizen, **submission(kbli_code="55110"))
    applications.start_review(app.uow(), clock, kota_officer, application_id=application.id)
    with pytest.raises(PermissionDenied):
        workflow.reject(app.uow(), clock, pohuwato_officer, application_id=application.id, note="Bukan wilayah")
    with pytest.raises(InvalidArgument):
        workflow.reject(app.uow(), clock, kota_officer, application_id=application.id, note="")
    with pytest.raises(PermissionDenied):
        workflow.withdraw(app.uow(), clock, kota_officer, application_id=application.id)
    from servicekit.errors import NotFound

    with pytest.raises(NotFound):
        workflow.withdraw(app.uow(), clock, other_citizen, application_id=application.id)
    withdrawn = workflow.withdraw(app.uow(), clock, citizen, application_id=application.id, note="Batal")
    assert withdrawn.status == "withdrawn"
    assert events(app)[-1]["type"] == "gorontalo.permits.application.status_changed"
    assert (events(app)[-1]["data"]["old_status"], events(app)[-1]["data"]["new_status"]) == ("in_review", "withdrawn")


def test_permit_numbers_count_per_regency_and_year(app, catalog, clock, citizen, submission):
    numbers = [
        applications.submit_application(
            app.uow(),
            catalog,
            clock,
            Principal(f"c{n}", "citizen"),
            **submission(owner=f"c{n}", kbli_code="56103", nib=f"91200012345{n:02d}"),
        ).permit_number
        for n in range(2)
    ]
    numbers.append(
        applications.submit_application(
            app.uow(),
            catalog,
            clock,
            citizen,
            **submission(kbli_code="56103", region_code="75.04.04", latitude=0.49, longitude=121.94, nib=NIB_A),
        ).permit_number
    )
    clock.advance(days=365)
    numbers.append(
        applications.submit_application(
            app.uow(), catalog, clock, citizen, **submission(kbli_code="56103")
        ).permit_number
    )
    assert numbers == [
        "7571/DPMPTSP/2025/000001",
        "7571/DPMPTSP/2025/000002",
        "7504/DPMPTSP/2025/000001",
        "7571/DPMPTSP/2026/000001",
    ]


def test_concurrent_issuing_never_repeats_a_number(app, catalog, clock, submission):
    numbers, errors = [], []

    def issue(n):
        try:
            numbers.append(
                applications.submit_application(
                    app.uow(),
                    catalog,
                    clock,
                    Principal(f"c{n}", "citizen"),
                    **submission(owner=f"c{n}", kbli_code="56102", nib=f"91200012345{n:02d}"),
                ).permit_number
            )
        except Exception as error:  # noqa: BLE001 - pragma: no cover; every failure is reported below
            errors.append(error)

    threads = [threading.Thread(target=issue, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"7571/DPMPTSP/2025/{n:06d}" for n in range(1, 7)]


def test_an_nib_is_kept_once_per_owner(app, catalog, clock, citizen, other_citizen, submission):
    first = applications.submit_application(app.uow(), catalog, clock, citizen, **submission(nib=NIB_A))
    again = applications.submit_application(app.uow(), catalog, clock, citizen, **submission())
    assert (first.nib, again.nib) == (NIB_A, NIB_A)  # left empty: the one on file
    for principal, nib, reason in (
        (citizen, NIB_B, "nib_mismatch"),
        (other_citizen, NIB_A, "nib_taken"),
        (other_citizen, "12345", "nib_invalid"),
    ):
        with pytest.raises(InvalidArgument) as caught:
            applications.submit_application(
                app.uow(), catalog, clock, principal, **submission(owner=principal.subject, nib=nib)
            )
        assert [(v.field, v.reason) for v in caught.value.violations] == [("nib", reason)]
    mine, _ = applications.list_applications(app.uow(), citizen, page_size=10, page_token="")
    theirs, _ = applications.list_applications(app.uow(), other_citizen, page_size=10, page_token="")
    assert len(mine) == 2 and theirs == []


def test_the_queue_is_sorted_by_sla_due_date(app, catalog, clock, citizen, kota_officer, submission):
    slow = applications.submit_application(app.uow(), catalog, clock, citizen, **submission(kbli_code="41011"))
    clock.advance(hours=1)
    fast = applications.submit_application(app.uow(), catalog, clock, citizen, **submission(kbli_code="56101"))
    queue, _ = applications.list_applications(app.uow(), kota_officer, page_size=10, page_token="")
    assert [a.id for a in queue] == [fast.id, slow.id]
    assert queue[0].sla_due_date < queue[1].sla_due_date


def test_revocation_by_the_issuing_regency(app, catalog, clock, citizen, kota_officer, pohuwato_officer, submission):
    issued = applications.submit_application(
        app.uow(), catalog, clock, citizen, **submission(kbli_code="56103", nib=NIB_A)
    )
    with pytest.raises(PermissionDenied):
        permits.revoke_permit(
            app.uow(), clock, pohuwato_officer, permit_number=issued.permit_number, reason="Usaha tidak beroperasi"
        )
    clock.advance(days=3)
    revoked = permits.revoke_permit(
        app.uow(), clock, kota_officer, permit_number=issued.permit_number, reason="Usaha tidak beroperasi"
    )
    assert revoked.status == "revoked"
    loaded = permits.verify_permit(app.uow(), issued.permit_number)
    assert (loaded.status, loaded.revoked_at, loaded.revocation_reason) == (
        "revoked",
        clock.now,
        "Usaha tidak beroperasi",
    )
    with pytest.raises(FailedPrecondition):
        permits.revoke_permit(app.uow(), clock, kota_officer, permit_number=issued.permit_number, reason="Sekali lagi")
    [event] = [e for e in events(app) if e["type"] == "gorontalo.permits.permit.revoked"]
    assert event["data"] == {
        "permit_number": issued.permit_number,
        "application_id": issued.id,
        "officer_id": "officer-kota",
        "regency_code": "75.71",
        "applicant_id": citizen.subject,
    }


def test_one_owner_submitting_two_applications_with_the_same_new_nib_at_once_gets_both(
    app, catalog, clock, citizen, submission
):
    # Found by the chaos test: the owner's own concurrent application won the NIB's row, and the
    # loser was refused as if another owner held it.
    barrier, results, errors = threading.Barrier(2), [], []

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(
                applications.submit_application(app.uow(), catalog, clock, citizen, **submission(nib=NIB_A)).nib
            )
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(error)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and results == [NIB_A, NIB_A]
