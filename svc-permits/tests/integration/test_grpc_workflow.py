"""The workflow RPCs over real gRPC: roles, jurisdiction, 409 naming the state, public verification."""

import grpc
import pytest

from gorontalo.permits.v1 import permits_pb2

from .test_grpc import as_, failure, outbox_envelopes, stub, valid_request  # noqa: F401 - fixtures


def action(id_, note=""):
    return permits_pb2.ApplicationActionRequest(id=id_, note=note)


@pytest.fixture
def kota(as_):
    return as_("officer", "officer-kota", ["75.71"])


def test_revision_approval_and_issue_through_grpc(stub, as_, kota, clock):
    citizen = as_("citizen", "citizen-a")
    submitted = stub.SubmitApplication(valid_request(kbli_code="47721", nib="9120001234567"), metadata=citizen)
    assert (submitted.sla_due_date, submitted.sla_paused, submitted.next_step) == (
        "2025-03-17",
        False,
        "officer_review",
    )
    assert submitted.nib == "9120001234567" and submitted.fee_rupiah == 0
    stub.StartReview(permits_pb2.StartReviewRequest(id=submitted.id), metadata=kota)
    revising = stub.RequestRevision(action(submitted.id, "Lengkapi SIPA"), metadata=kota)
    assert revising.status == "revision_requested" and revising.sla_paused
    clock.advance(days=2)
    resubmitted = stub.ResubmitApplication(action(submitted.id, "Sudah"), metadata=citizen)
    assert resubmitted.status == "submitted" and resubmitted.sla_due_date == "2025-03-19"
    stub.StartReview(permits_pb2.StartReviewRequest(id=submitted.id), metadata=kota)
    approved = stub.ApproveApplication(action(submitted.id), metadata=kota)
    assert approved.status == "approved" and approved.next_step == "permit_issuance"
    issued = stub.IssuePermit(action(submitted.id, "Terbit"), metadata=kota)
    assert issued.status == "issued" and issued.permit_number == "7571/DPMPTSP/2025/000001"
    assert [(e.status, e.actor_role) for e in issued.timeline][-2:] == [("approved", "officer"), ("issued", "officer")]


def test_a_wrong_state_is_a_409_naming_the_state(stub, as_, kota):
    submitted = stub.SubmitApplication(valid_request(kbli_code="55110"), metadata=as_("citizen", "citizen-a"))
    error = failure(stub.ApproveApplication, action(submitted.id), metadata=kota)
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION and "'submitted'" in error.details()


def test_fee_due_approval_bills_through_tax_with_the_officers_token(stub, as_, kota, fee_bills):
    submitted = stub.SubmitApplication(valid_request(kbli_code="55110"), metadata=as_("citizen", "citizen-a"))
    stub.StartReview(permits_pb2.StartReviewRequest(id=submitted.id), metadata=kota)
    approved = stub.ApproveApplication(action(submitted.id), metadata=kota)
    bill = fee_bills.bills[submitted.id]
    assert (approved.status, approved.payment_status, approved.fee_rupiah, approved.next_step, approved.bill_id) == (
        "awaiting_payment",
        "billed",
        1_000_000,
        "payment",
        bill["id"],
    )
    assert bill["authorization"] == dict(kota)["authorization"]  # the officer's own bearer token


def test_tax_unavailable_is_a_503_and_nothing_changes(stub, as_, kota, fee_bills, app):
    submitted = stub.SubmitApplication(valid_request(kbli_code="55110"), metadata=as_("citizen", "citizen-a"))
    stub.StartReview(permits_pb2.StartReviewRequest(id=submitted.id), metadata=kota)
    events = len(outbox_envelopes(app))
    fee_bills.unavailable = True
    error = failure(stub.ApproveApplication, action(submitted.id), metadata=kota)
    assert error.code() == grpc.StatusCode.UNAVAILABLE
    again = stub.GetApplication(permits_pb2.GetApplicationRequest(id=submitted.id), metadata=kota)
    assert (again.status, again.bill_id, len(outbox_envelopes(app))) == ("in_review", "", events)


def test_outsiders_and_citizens_cannot_decide(stub, as_, kota):
    submitted = stub.SubmitApplication(valid_request(kbli_code="55110"), metadata=as_("citizen", "citizen-a"))
    stub.StartReview(permits_pb2.StartReviewRequest(id=submitted.id), metadata=kota)
    outsider = as_("officer", "officer-pohuwato", ["75.04"])
    for call in (stub.RequestRevision, stub.ApproveApplication, stub.RejectApplication, stub.IssuePermit):
        assert (
            failure(call, action(submitted.id, "Catatan petugas"), metadata=outsider).code()
            == grpc.StatusCode.PERMISSION_DENIED
        )
        assert (
            failure(call, action(submitted.id, "Catatan petugas"), metadata=as_("citizen", "citizen-a")).code()
            == grpc.StatusCode.PERMISSION_DENIED
        )
    assert (
        failure(stub.WithdrawApplication, action(submitted.id), metadata=as_("citizen", "citizen-b")).code()
        == grpc.StatusCode.NOT_FOUND
    )
    error = failure(stub.RejectApplication, action(submitted.id), metadata=kota)
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    rejected = stub.RejectApplication(action(submitted.id, "Tidak sesuai tata ruang"), metadata=kota)
    assert rejected.status == "rejected" and rejected.timeline[-1].note == "Tidak sesuai tata ruang"


def test_verification_is_public_and_shows_no_personal_data(stub, as_, kota, app):
    issued = stub.SubmitApplication(
        valid_request(kbli_code="56101", self_declaration=True, nib="9120001234567"),
        metadata=as_("citizen", "citizen-a"),
    )
    assert issued.status == "issued" and issued.permit_number == "7571/DPMPTSP/2025/000001"
    verified = stub.VerifyPermit(permits_pb2.VerifyPermitRequest(permit_number="7571-DPMPTSP-2025-000001"))
    assert (
        verified.validity,
        verified.business_name,
        verified.activity,
        verified.issue_date,
        verified.regency_name,
    ) == ("valid", issued.business_name, "Restoran", "2025-03-03", "Kota Gorontalo")
    shown = str(verified)
    for private in ("citizen-a", "9120001234567", issued.business_address, issued.id):
        assert private not in shown
    for number in ("7571-DPMPTSP-2025-000999", "nonsense"):
        assert (
            failure(stub.VerifyPermit, permits_pb2.VerifyPermitRequest(permit_number=number)).code()
            == grpc.StatusCode.NOT_FOUND
        )

    outsider = as_("officer", "officer-pohuwato", ["75.04"])
    revoke = permits_pb2.RevokePermitRequest(permit_number=issued.permit_number, reason="Izin disalahgunakan")
    assert failure(stub.RevokePermit, revoke, metadata=outsider).code() == grpc.StatusCode.PERMISSION_DENIED
    assert failure(stub.RevokePermit, revoke).code() == grpc.StatusCode.UNAUTHENTICATED
    revoked = stub.RevokePermit(revoke, metadata=kota)
    assert revoked.validity == "revoked" and revoked.revocation_reason == "Izin disalahgunakan"
    assert stub.VerifyPermit(permits_pb2.VerifyPermitRequest(permit_number=issued.permit_number)).validity == "revoked"
    assert outbox_envelopes(app)[-1]["type"] == "gorontalo.permits.permit.revoked"


def test_working_days_left_and_lateness_follow_the_services_clock(stub, as_, kota, clock):
    submitted = stub.SubmitApplication(valid_request(kbli_code="47721"), metadata=as_("citizen", "citizen-a"))
    assert (submitted.sla_due_date, submitted.sla_working_days_left, submitted.sla_late) == ("2025-03-17", 10, False)
    clock.advance(days=7)  # Monday 10 March: five working days to go
    assert (
        stub.GetApplication(permits_pb2.GetApplicationRequest(id=submitted.id), metadata=kota).sla_working_days_left
        == 5
    )
    clock.advance(days=9)  # Wednesday 19 March: two working days late
    queue = stub.ListApplications(permits_pb2.ListApplicationsRequest(), metadata=kota).applications
    late = next(a for a in queue if a.id == submitted.id)
    assert (late.sla_working_days_left, late.sla_late) == (-2, True)
    stub.StartReview(permits_pb2.StartReviewRequest(id=submitted.id), metadata=kota)
    revising = stub.RequestRevision(action(submitted.id, "Lengkapi"), metadata=kota)
    assert (revising.sla_paused, revising.sla_working_days_left, revising.sla_late) == (True, 0, False)
