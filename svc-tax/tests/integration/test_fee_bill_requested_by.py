"""A fee bill remembers which service instance asked for it (its certificate, not its word), and the
bill's PaymentReceived names that instance, so that only it moves its application on."""

from __future__ import annotations

import uuid

from gorontalo.tax.v1 import tax_pb2, tax_pb2_grpc
from servicekit import testing_pki

from ..payment_fixtures import body, checkout, events, notify

KOTA_PERMITS = "spiffe://gorontaloprov.go.id/agency/7571/permits"
PROVINCE_PERMITS = "spiffe://gorontaloprov.go.id/agency/75/permits"


def _fee(reference: str) -> tax_pb2.CreateFeeBillRequest:
    return tax_pb2.CreateFeeBillRequest(
        caller="permits",
        caller_reference=reference,
        region_code="75.71",
        payer_id="citizen-1",
        description="Retribusi PBG",
        amount=750_000,
    )


def _create_as(tax_address: str, agency: str, request, metadata):
    with testing_pki.test_channel(tax_address, "permits", agency, expect="tax") as channel:
        return tax_pb2_grpc.TaxServiceStub(channel).CreateFeeBill(request, metadata=metadata)


def _pay(app, bill_id: str) -> dict:
    code = checkout(app, bill_id)
    notify(app, body(code.code.code, code.code.amount))
    return next(e for e in events(app, "gorontalo.tax.payment.received") if e["bill_id"] == bill_id)


def test_the_payment_event_names_the_permits_instance_that_asked_for_the_bill(app, tax_address, minter):
    officer = minter.metadata(role="officer", agency="dpmptsp-7571", jurisdiction=["75.71"])
    kota = _create_as(tax_address, "7571", _fee(str(uuid.uuid4())), officer)
    province = _create_as(tax_address, "75", _fee(str(uuid.uuid4())), officer)
    assert _pay(app, kota.id)["requested_by"] == KOTA_PERMITS
    assert _pay(app, province.id)["requested_by"] == PROVINCE_PERMITS


def test_a_fee_bill_made_through_the_gateway_names_no_instance(app, grpc_stub, minter):
    officer = minter.metadata(role="officer", agency="dpmptsp-7571", jurisdiction=["75.71"])
    bill = grpc_stub.CreateFeeBill(_fee(str(uuid.uuid4())), metadata=officer)
    assert _pay(app, bill.id).get("requested_by", "") == ""


def test_another_instance_cannot_take_over_a_reference_already_billed(app, tax_address, minter):
    officer = minter.metadata(role="officer", agency="dpmptsp-7571", jurisdiction=["75.71"])
    reference = str(uuid.uuid4())
    first = _create_as(tax_address, "7571", _fee(reference), officer)
    assert _create_as(tax_address, "7571", _fee(reference), officer).id == first.id  # a retry: the same bill
    try:
        _create_as(tax_address, "75", _fee(reference), officer)
    except Exception as error:  # noqa: BLE001 - a grpc.RpcError
        assert error.code().name == "ALREADY_EXISTS"
    else:
        raise AssertionError("the province's instance was answered Kota's bill")
