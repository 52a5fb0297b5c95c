"""The service as a caller meets it: a real gRPC server with servicekit's interceptors, real tokens."""

import json

import grpc
import pytest
import sqlalchemy as sa
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.tax.v1 import tax_pb2
from servicekit.messaging import outbox

REQUEST = tax_pb2.RegisterVehicleRequest(
    plate_number="dm 77 xy",
    vehicle_type="mobil_penumpang",
    model_year=2023,
    taxable_value=250_000_000,
    regency_code="7504",
)


def details(err: grpc.RpcError, kind):
    status = rpc_status.from_call(err)
    found = []
    for detail in status.details:
        message = kind()
        if detail.Unpack(message):
            found.append(message)
    return found


def outbox_envelopes(app):
    with app.session_factory() as session:
        return [json.loads(r.envelope) for r in session.execute(sa.select(outbox).order_by(outbox.c.seq))]


def test_register_then_read_back(grpc_stub, minter, app, clock):
    owner = minter.metadata(role="citizen", subject="citizen-a")
    created = grpc_stub.RegisterVehicle(REQUEST, metadata=owner)
    assert (created.plate_number, created.regency_code, created.ownership_order) == ("DM 77 XY", "75.04", 1)
    assert (created.annual_pkb, created.annual_opsen_pkb) == (2_625_000, 1_732_500)
    assert created.registered_at.ToDatetime(tzinfo=clock.now.tzinfo) == clock.now

    assert grpc_stub.GetVehicle(tax_pb2.GetVehicleRequest(id=created.id), metadata=owner) == created
    listed = grpc_stub.ListVehicles(tax_pb2.ListVehiclesRequest(), metadata=owner)
    assert list(listed.vehicles) == [created] and listed.next_page_token == ""

    envelopes = outbox_envelopes(app)
    assert len(envelopes) == 1
    event = envelopes[0]
    assert event["specversion"] == "1.0" and event["type"] == "gorontalo.tax.vehicle.registered"
    assert event["id"] and event["time"] and event["subject"] == created.id
    assert event["data"] == {
        "vehicle_id": created.id,
        "owner_id": "citizen-a",
        "regency_code": "75.04",
        "vehicle_type": "mobil_penumpang",
        "annual_pkb": "2625000",
    }  # int64: a string


def test_invalid_request_names_each_field_in_the_callers_language(grpc_stub, minter, app):
    bad = tax_pb2.RegisterVehicleRequest(
        plate_number="B 1 XYZ", vehicle_type="kapal", model_year=1900, taxable_value=0, regency_code="75.71.01"
    )
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.RegisterVehicle(bad, metadata=minter.metadata(role="citizen") + [("accept-language", "en")])
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    [bad_request] = details(caught.value, error_details_pb2.BadRequest)
    violations = {v.field: (v.reason, v.description) for v in bad_request.field_violations}
    assert {field: reason for field, (reason, _) in violations.items()} == {
        "plate_number": "PLATE_NOT_GORONTALO",
        "vehicle_type": "NOT_ONE_OF",
        "model_year": "OUT_OF_RANGE",
        "taxable_value": "REQUIRED",
        "regency_code": "REGENCY_LEVEL_REQUIRED",
    }
    assert violations["plate_number"][1] == "The number plate must carry Gorontalo's area code DM."
    assert outbox_envelopes(app) == []


def test_messages_default_to_indonesian(grpc_stub, minter):
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.RegisterVehicle(
            tax_pb2.RegisterVehicleRequest(**{**_fields(REQUEST), "plate_number": "x"}),
            metadata=minter.metadata(role="citizen"),
        )
    [bad_request] = details(caught.value, error_details_pb2.BadRequest)
    assert bad_request.field_violations[0].description == "Nomor polisi tidak valid; contoh DM 1234 AB."


def _fields(message):
    return {f.name: v for f, v in message.ListFields()}


def test_same_plate_twice_already_exists(grpc_stub, minter, app):
    grpc_stub.RegisterVehicle(REQUEST, metadata=minter.metadata(role="citizen", subject="citizen-a"))
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.RegisterVehicle(REQUEST, metadata=minter.metadata(role="citizen", subject="citizen-b"))
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert len(outbox_envelopes(app)) == 1


@pytest.mark.parametrize(
    "call,request_message",
    [
        ("RegisterVehicle", REQUEST),
        ("ListVehicles", tax_pb2.ListVehiclesRequest()),
        ("GetVehicle", tax_pb2.GetVehicleRequest(id="anything")),
    ],
)
def test_no_token_is_unauthenticated(grpc_stub, call, request_message):
    with pytest.raises(grpc.RpcError) as caught:
        getattr(grpc_stub, call)(request_message)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_a_forged_token_is_unauthenticated(grpc_stub, minter):
    from servicekit.testing import TokenMinter

    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.ListVehicles(tax_pb2.ListVehiclesRequest(), metadata=TokenMinter().metadata(role="admin"))
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


@pytest.mark.parametrize("role", ["officer", "operator", "admin"])
def test_only_citizens_may_register(grpc_stub, minter, app, role):
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.RegisterVehicle(REQUEST, metadata=minter.metadata(role=role, jurisdiction=["75"]))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert outbox_envelopes(app) == []


def test_a_citizen_cannot_see_another_citizens_vehicle(grpc_stub, minter):
    created = grpc_stub.RegisterVehicle(REQUEST, metadata=minter.metadata(role="citizen", subject="citizen-a"))
    other = minter.metadata(role="citizen", subject="citizen-b")
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.GetVehicle(tax_pb2.GetVehicleRequest(id=created.id), metadata=other)
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    assert list(grpc_stub.ListVehicles(tax_pb2.ListVehiclesRequest(), metadata=other).vehicles) == []


def test_officers_see_only_their_jurisdiction(grpc_stub, minter):
    created = grpc_stub.RegisterVehicle(REQUEST, metadata=minter.metadata(role="citizen", subject="citizen-a"))
    elsewhere = minter.metadata(role="officer", subject="off-kota", agency="bapenda-7571", jurisdiction=["75.71"])
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.GetVehicle(tax_pb2.GetVehicleRequest(id=created.id), metadata=elsewhere)
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    [info] = details(caught.value, error_details_pb2.ErrorInfo)
    assert info.reason == "OUTSIDE_JURISDICTION"
    assert list(grpc_stub.ListVehicles(tax_pb2.ListVehiclesRequest(), metadata=elsewhere).vehicles) == []

    for jurisdiction in (["75.04"], ["75"]):
        officer = minter.metadata(role="officer", subject="off", agency="bapenda-75", jurisdiction=jurisdiction)
        assert grpc_stub.GetVehicle(tax_pb2.GetVehicleRequest(id=created.id), metadata=officer) == created
        assert list(grpc_stub.ListVehicles(tax_pb2.ListVehiclesRequest(), metadata=officer).vehicles) == [created]


def test_pages_through_grpc(grpc_stub, minter, clock):
    owner = minter.metadata(role="citizen", subject="citizen-a")
    for number in range(1, 4):
        grpc_stub.RegisterVehicle(
            tax_pb2.RegisterVehicleRequest(**{**_fields(REQUEST), "plate_number": f"DM {number} K"}), metadata=owner
        )
        clock.advance(seconds=1)
    first = grpc_stub.ListVehicles(tax_pb2.ListVehiclesRequest(page_size=2), metadata=owner)
    second = grpc_stub.ListVehicles(
        tax_pb2.ListVehiclesRequest(page_size=2, page_token=first.next_page_token), metadata=owner
    )
    assert [v.plate_number for v in first.vehicles] == ["DM 1 K", "DM 2 K"] and first.next_page_token
    assert [v.plate_number for v in second.vehicles] == ["DM 3 K"] and second.next_page_token == ""
    assert [v.ownership_order for v in (*first.vehicles, *second.vehicles)] == [1, 2, 3]
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.ListVehicles(tax_pb2.ListVehiclesRequest(page_token="%%%"), metadata=owner)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_negative_page_size_is_a_field_violation(grpc_stub, minter):
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.ListVehicles(tax_pb2.ListVehiclesRequest(page_size=-1), metadata=minter.metadata(role="citizen"))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    [bad_request] = details(caught.value, error_details_pb2.BadRequest)
    assert [(v.field, v.reason) for v in bad_request.field_violations] == [("page_size", "OUT_OF_RANGE")]
