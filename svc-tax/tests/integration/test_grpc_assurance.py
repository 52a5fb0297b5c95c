"""Levels of assurance over real gRPC, as the contract declares them: registering a vehicle needs a
verified phone (acr 1); claiming imported objects is in test_claims.py (acr 2)."""

import grpc
import pytest
from google.rpc import error_details_pb2

from servicekit.testing import error_reason

from .test_grpc import REQUEST, details, outbox_envelopes


def test_a_citizen_at_acr_0_cannot_register_a_vehicle_and_nothing_is_written(grpc_stub, minter, app):
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.RegisterVehicle(REQUEST, metadata=minter.metadata(role="citizen", subject="citizen-a", acr=0))
    refused = caught.value
    assert (refused.code(), error_reason(refused)) == (grpc.StatusCode.PERMISSION_DENIED, "ASSURANCE_INSUFFICIENT")
    [info] = details(refused, error_details_pb2.ErrorInfo)
    assert dict(info.metadata) == {"required_acr": "1", "acr": "0"}
    assert outbox_envelopes(app) == []


def test_a_citizen_with_a_verified_phone_registers_one(grpc_stub, minter, app):
    created = grpc_stub.RegisterVehicle(REQUEST, metadata=minter.metadata(role="citizen", subject="citizen-a", acr=1))
    assert created.plate_number == "DM 77 XY"
    assert [e["type"] for e in outbox_envelopes(app)] == ["gorontalo.tax.vehicle.registered"]
