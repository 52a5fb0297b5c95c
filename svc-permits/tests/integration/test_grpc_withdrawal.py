"""Withdrawal over real gRPC: the applicant's token goes to svc-tax, and svc-tax's answers become the
applicant's; then TaxFeeBills against a stand-in TaxService that answers as svc-tax does (rich statuses)."""

from concurrent import futures

import grpc
import pytest

from gorontalo.permits.v1 import permits_pb2
from gorontalo.tax.v1 import tax_pb2, tax_pb2_grpc
from gorontalo_permits.adapters.tax_client import CALLER, WITHDRAWAL_REASON, TaxFeeBills
from servicekit import grpc_errors, testing_pki
from servicekit.errors import FailedPrecondition, PermissionDenied, ServiceError, Unavailable
from servicekit.testing import error_reason, free_port

from .test_grpc import as_, failure, outbox_envelopes, stub, valid_request  # noqa: F401 - fixtures


@pytest.fixture
def awaiting_payment(stub, as_):
    citizen = as_("citizen", "citizen-a")
    kota = as_("officer", "officer-kota", ["75.71"])
    submitted = stub.SubmitApplication(valid_request(kbli_code="55110"), metadata=citizen)
    stub.StartReview(permits_pb2.StartReviewRequest(id=submitted.id), metadata=kota)
    return stub.ApproveApplication(permits_pb2.ApplicationActionRequest(id=submitted.id), metadata=kota), citizen


def test_the_applicant_withdraws_with_their_own_token_going_to_tax(stub, awaiting_payment, fee_bills):
    approved, citizen = awaiting_payment
    withdrawn = stub.WithdrawApplication(
        permits_pb2.ApplicationActionRequest(id=approved.id, note="Batal"), metadata=citizen
    )
    assert (withdrawn.status, withdrawn.payment_status, withdrawn.bill_id, withdrawn.next_step) == (
        "withdrawn",
        "cancelled",
        approved.bill_id,
        "none",
    )
    assert withdrawn.timeline[-1].actor_id == ""  # the applicant sees roles only
    [call] = fee_bills.cancel_calls
    assert call == {
        "authorization": dict(citizen)["authorization"],
        "bill_id": approved.bill_id,
        "caller_reference": approved.id,
    }


@pytest.mark.parametrize(
    "tax_state,code,reason",
    [
        ("unavailable", grpc.StatusCode.UNAVAILABLE, "FEE_CANCEL_UNAVAILABLE"),
        ("paid", grpc.StatusCode.FAILED_PRECONDITION, "FEE_ALREADY_PAID"),
    ],
)
def test_tax_refusing_or_unreachable_leaves_the_application_as_it_was(
    stub, awaiting_payment, fee_bills, app, tax_state, code, reason
):
    approved, citizen = awaiting_payment
    events = len(outbox_envelopes(app))
    if tax_state == "unavailable":
        fee_bills.unavailable = True
    else:
        fee_bills.paid(approved.id)
    error = failure(stub.WithdrawApplication, permits_pb2.ApplicationActionRequest(id=approved.id), metadata=citizen)
    assert (error.code(), error_reason(error)) == (code, reason)
    again = stub.GetApplication(permits_pb2.GetApplicationRequest(id=approved.id), metadata=citizen)
    assert (again.status, again.payment_status, len(outbox_envelopes(app))) == ("awaiting_payment", "billed", events)


class _StandInTax(tax_pb2_grpc.TaxServiceServicer):
    """Answers CancelBill as svc-tax would: the bill, or a ServiceError as servicekit renders it."""

    def __init__(self):
        self.refusal: ServiceError | None = None
        self.seen: list[tuple[tax_pb2.CancelBillRequest, dict]] = []

    def CancelBill(self, request, context):
        self.seen.append((request, dict(context.invocation_metadata())))
        if self.refusal is not None:
            context.abort_with_status(grpc_errors.to_status(self.refusal, "id"))
        return tax_pb2.Bill(
            id=request.id, status="cancelled", caller=request.caller, caller_reference=request.caller_reference
        )


@pytest.fixture
def stand_in_tax():
    servicer = _StandInTax()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    tax_pb2_grpc.add_TaxServiceServicer_to_server(servicer, server)
    port = testing_pki.add_secure_port(server, "127.0.0.1:0", "tax")
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}", "permits", expect="tax")
    try:
        yield servicer, TaxFeeBills(channel, timeout_seconds=5)
    finally:
        channel.close()
        server.stop(None)


def test_tax_client_names_its_bill_and_passes_the_token(stand_in_tax):
    servicer, client = stand_in_tax
    assert (
        client.cancel_fee_bill(authorization="Bearer applicant", bill_id="bill-1", caller_reference="app-1")
        == "cancelled"
    )
    [(request, metadata)] = servicer.seen
    assert (request.id, request.caller, request.caller_reference, request.reason) == (
        "bill-1",
        CALLER,
        "app-1",
        WITHDRAWAL_REASON,
    )
    assert metadata["authorization"] == "Bearer applicant"


@pytest.mark.parametrize(
    "refusal,expected,reason",
    [
        (FailedPrecondition("bill_paid_not_cancellable"), FailedPrecondition, "fee_already_paid"),
        (FailedPrecondition("bill_not_cancellable"), ServiceError, "fee_cancel_failed"),
        (PermissionDenied("not_bill_caller"), ServiceError, "fee_cancel_failed"),
    ],
)
def test_tax_client_translates_what_tax_refuses(stand_in_tax, refusal, expected, reason):
    servicer, client = stand_in_tax
    servicer.refusal = refusal
    with pytest.raises(expected) as caught:
        client.cancel_fee_bill(authorization="Bearer applicant", bill_id="bill-1", caller_reference="app-1")
    assert caught.value.reason == reason


def test_tax_client_reports_tax_unreachable():
    channel = testing_pki.test_channel(f"127.0.0.1:{free_port()}", "permits", expect="tax")  # nothing listens there
    try:
        with pytest.raises(Unavailable) as caught:
            TaxFeeBills(channel, timeout_seconds=1).cancel_fee_bill(authorization="", bill_id="b", caller_reference="a")
    finally:
        channel.close()
    assert caught.value.reason == "fee_cancel_unavailable"
