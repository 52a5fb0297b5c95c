"""Issue 12 in svc-tax: Idempotency-Key on vehicle registration, and a limit on verify-by-number
(receipt numbers are sequential: without one, anyone could list every payment's amount and date)."""

import threading

import grpc
import sqlalchemy as sa
from google.rpc import error_details_pb2

from gorontalo.tax.v1 import tax_pb2
from gorontalo_tax.adapters.tables import vehicles
from gorontalo_tax.domain.payments import receipt_number

from .test_grpc import REQUEST, details, outbox_envelopes


def count(app, table) -> int:
    with app.session_factory() as session:
        return session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def failure(call, *args, **kwargs) -> grpc.RpcError:
    try:
        call(*args, **kwargs)
    except grpc.RpcError as error:
        return error
    raise AssertionError("the call succeeded")


def test_a_registration_retried_with_its_key_answers_the_first_vehicle(grpc_stub, minter, app):
    keyed = [*minter.metadata(role="citizen", subject="citizen-a"), ("idempotency-key", "veh-1")]
    first = grpc_stub.RegisterVehicle(REQUEST, metadata=keyed)
    assert grpc_stub.RegisterVehicle(REQUEST, metadata=keyed) == first  # not 409 vehicle_plate_exists
    assert count(app, vehicles) == 1 and len(outbox_envelopes(app)) == 1
    other = tax_pb2.RegisterVehicleRequest()
    other.CopyFrom(REQUEST)
    other.plate_number = "DM 78 XY"
    error = failure(grpc_stub.RegisterVehicle, other, metadata=keyed)
    [info] = details(error, error_details_pb2.ErrorInfo)
    assert (error.code(), info.reason, info.metadata["http_status"]) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "IDEMPOTENCY_KEY_REUSED",
        "422",
    )
    assert count(app, vehicles) == 1


def test_concurrent_registrations_with_one_key_register_once(grpc_stub, minter, app):
    keyed = [*minter.metadata(role="citizen", subject="citizen-a"), ("idempotency-key", "veh-race")]
    barrier = threading.Barrier(4)
    answers, busy = [], []

    def register():
        barrier.wait()
        try:
            answers.append(grpc_stub.RegisterVehicle(REQUEST, metadata=keyed).id)
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.ABORTED, error
            busy.append(error)

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) + len(busy) == 4 and len(set(answers)) == 1 and count(app, vehicles) == 1


def test_verify_by_number_is_limited_per_client_address(grpc_stub, app):
    rule = app.verify_limits[0]  # e.g. "30/minute"
    allowed = int(rule.split("/")[0])
    number = tax_pb2.GetReceiptRequest(number=receipt_number("7571", 2026, 1))  # well-formed, never issued
    from_one = [("x-client-address", "10.1.2.3")]
    for _ in range(allowed):  # unknown numbers count too: misses are what enumeration is made of
        assert failure(grpc_stub.VerifyReceipt, number, metadata=from_one).code() == grpc.StatusCode.NOT_FOUND
    refused = failure(grpc_stub.VerifyReceipt, number, metadata=from_one)
    assert refused.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    [retry] = details(refused, error_details_pb2.RetryInfo)
    assert 1 <= retry.retry_delay.seconds <= 60
    other = failure(grpc_stub.VerifyReceipt, number, metadata=[("x-client-address", "10.1.2.4")])
    assert other.code() == grpc.StatusCode.NOT_FOUND  # another address has its own allowance
