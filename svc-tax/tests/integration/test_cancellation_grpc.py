"""CancelBill through the real gRPC server: permits (by its certificate) and the roles the contract declares,
rich errors in both languages, the bill as callers see it afterwards, and the contract itself (no REST route,
the event's payload)."""

import grpc
import pytest
from google.api import annotations_pb2
from google.protobuf import json_format

from gorontalo.tax.v1 import events_pb2, tax_pb2
from servicekit.access import rule_for_method
from servicekit.testing import error_reason

from ..payment_fixtures import body, checkout, events, fee_bill, notify

WITHDRAWN = "Permohonan izin ditarik oleh pemohon"


def _request(bill_id="", reference="", caller="permits", reason=WITHDRAWN):
    return tax_pb2.CancelBillRequest(
        id=bill_id, caller=caller if reference else "", caller_reference=reference, reason=reason
    )


def _failure(call, request, metadata) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(request, metadata=metadata)
    return caught.value


def test_the_payer_cancels_through_the_caller_and_every_view_of_the_bill_agrees(
    grpc_stub, permits_stub, minter, app, clock
):
    bill = fee_bill(app, "app-g1")
    payer = minter.metadata(role="citizen", subject="citizen-1")
    clock.advance(minutes=5)
    cancelled = permits_stub.CancelBill(_request(bill.id, "app-g1"), metadata=payer)
    assert (cancelled.id, cancelled.status, cancelled.cancellation_reason, cancelled.penalty) == (
        bill.id,
        "cancelled",
        WITHDRAWN,
        0,
    )
    assert cancelled.cancelled_at.ToDatetime().replace(tzinfo=clock.now.tzinfo) == clock.now
    assert not cancelled.HasField("paid_at") and cancelled.amount_paid == 0
    # idempotent: the same answer again
    assert permits_stub.CancelBill(_request(bill.id, "app-g1"), metadata=payer).cancelled_at == cancelled.cancelled_at
    got = grpc_stub.GetBill(tax_pb2.GetBillRequest(id=bill.id), metadata=payer)
    assert (got.status, got.cancellation_reason) == ("cancelled", WITHDRAWN)
    listed = grpc_stub.ListBills(tax_pb2.ListBillsRequest(status="cancelled"), metadata=payer).bills
    assert [b.id for b in listed] == [bill.id]

    refused = _failure(grpc_stub.CheckoutBill, tax_pb2.CheckoutBillRequest(id=bill.id), payer)
    assert refused.code() == grpc.StatusCode.FAILED_PRECONDITION and error_reason(refused) == "BILL_CANCELLED"
    assert "dibatalkan" in refused.details()


def test_a_paid_bill_is_refused_with_a_reason_in_both_languages(grpc_stub, permits_stub, minter, app):
    bill = fee_bill(app, "app-g2")
    code = checkout(app, bill.id).code
    notify(app, body(code.code, code.amount))
    for language, text in (("id", "sudah lunas"), ("en", "paid already")):
        metadata = [*minter.metadata(role="citizen", subject="citizen-1"), ("accept-language", language)]
        error = _failure(permits_stub.CancelBill, _request(bill.id, "app-g2"), metadata)
        assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert error_reason(error) == "BILL_PAID_NOT_CANCELLABLE" and text in error.details()


def test_officers_cancel_as_the_caller_or_as_bapenda_and_nobody_else(grpc_stub, permits_stub, minter, app):
    first, second = fee_bill(app, "app-g3"), fee_bill(app, "app-g4")
    dpmptsp = minter.metadata(role="officer", agency="dpmptsp-7571", jurisdiction=["75.71"])
    bapenda = minter.metadata(role="officer", agency="bapenda-7571", jurisdiction=["75.71"])
    boalemo = minter.metadata(role="officer", agency="bapenda-7502", jurisdiction=["75.02"])
    stranger = minter.metadata(role="citizen", subject="citizen-2")

    # The licensing office is no tax office, yet as the caller that asked for the bill it may call it off.
    assert permits_stub.CancelBill(_request(reference="app-g3"), metadata=dpmptsp).id == first.id
    assert _failure(permits_stub.CancelBill, _request(second.id), dpmptsp).code() == grpc.StatusCode.PERMISSION_DENIED
    assert _failure(permits_stub.CancelBill, _request(second.id), boalemo).code() == grpc.StatusCode.PERMISSION_DENIED
    assert (
        _failure(permits_stub.CancelBill, _request(second.id, "app-g4"), stranger).code() == grpc.StatusCode.NOT_FOUND
    )
    assert (
        _failure(permits_stub.CancelBill, _request(second.id, "app-g4"), []).code() == grpc.StatusCode.UNAUTHENTICATED
    )
    invalid = _failure(permits_stub.CancelBill, _request(second.id, reason="?"), bapenda)
    assert invalid.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert permits_stub.CancelBill(_request(second.id), metadata=bapenda).status == "cancelled"


def test_cancel_bill_is_service_to_service_only_and_its_event_matches_the_contract(
    grpc_stub, permits_stub, minter, app
):
    method = tax_pb2.DESCRIPTOR.services_by_name["TaxService"].methods_by_name["CancelBill"]
    # No google.api.http rule: the gateway builds its routes from those rules, so it has none for this RPC.
    assert not method.GetOptions().HasExtension(annotations_pb2.http)
    rule = rule_for_method("/gorontalo.tax.v1.TaxService/CancelBill")
    assert not rule.public and set(rule.roles) == {"officer", "operator", "admin"} and rule.peers == ("permits",)

    bill = fee_bill(app, "app-g5")
    permits_stub.CancelBill(_request(bill.id, "app-g5"), metadata=minter.metadata(role="citizen", subject="citizen-1"))
    [data] = events(app, "gorontalo.tax.bill.cancelled")
    payload = json_format.ParseDict(data, events_pb2.BillCancelled(), ignore_unknown_fields=False)
    assert (payload.bill_id, payload.caller_reference, payload.cancelled_by_role) == (bill.id, "app-g5", "citizen")
    assert WITHDRAWN not in str(data)  # free text stays with the bill, out of the event stream


def test_a_citizen_token_alone_cannot_cancel_a_fee_bill(grpc_stub, permits_stub, minter, app):
    bill = fee_bill(app, "app-g6")
    payer = minter.metadata(role="citizen", subject="citizen-1")
    # The same token, presented by another machine than permits (here the gateway's certificate): refused.
    error = _failure(grpc_stub.CancelBill, _request(bill.id, "app-g6"), payer)
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    assert grpc_stub.GetBill(tax_pb2.GetBillRequest(id=bill.id), metadata=payer).status == "unpaid"
    # Passed on by permits for the withdrawing applicant: accepted.
    assert permits_stub.CancelBill(_request(bill.id, "app-g6"), metadata=payer).status == "cancelled"
