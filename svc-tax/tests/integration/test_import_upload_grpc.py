"""ImportObjects through the real gRPC server: Bapenda's CSV as an upload, all rows or none with the
problems by line, an officer only for what their jurisdiction levies; resending changes nothing."""

import grpc
import pytest
from google.api import httpbody_pb2

from gorontalo.tax.v1 import tax_pb2

from ..billing_fixtures import csv_text, property_row, vehicle_row

KOTA_NOP = "757101000100100010"  # BPS 7571: Kota Gorontalo (75.71)
BOALEMO_NOP = "750101000100100010"  # BPS 7501: Boalemo (75.02)


def upload(stub, metadata, text: str | bytes) -> tax_pb2.ImportObjectsResponse:
    data = text.encode() if isinstance(text, str) else text
    body = httpbody_pb2.HttpBody(content_type="text/csv", data=data)
    return stub.ImportObjects(tax_pb2.ImportObjectsRequest(file=body), metadata=metadata)


def vehicles(stub, metadata) -> list[str]:
    return [
        v.plate_number
        for v in stub.ListVehicles(tax_pb2.ListVehiclesRequest(page_size=100), metadata=metadata).vehicles
    ]


def test_a_failing_row_writes_nothing_and_is_named_by_line(grpc_stub, minter):
    province = minter.metadata(role="officer", agency="bapenda-75", jurisdiction=["75"])
    bad = csv_text(vehicle_row("DM 41 AA"), vehicle_row("DM 42 AA", model_year="1900"), property_row("123"))
    answer = upload(grpc_stub, province, bad)
    assert (answer.imported, answer.rows, answer.vehicles_created) == (False, 3, 0)
    assert [(e.line, e.field, e.reason) for e in answer.errors] == [
        (3, "model_year", "out_of_range"),
        (4, "nop", "nop_invalid"),
    ]
    assert all(e.detail and e.detail != e.reason for e in answer.errors)
    assert vehicles(grpc_stub, province) == []  # nothing written

    good = csv_text(vehicle_row("DM 41 AA"), property_row(KOTA_NOP))
    answer = upload(grpc_stub, province, good)
    assert (answer.imported, answer.vehicles_created, answer.properties_created, answer.unchanged) == (True, 1, 1, 0)
    assert list(answer.errors) == []
    assert vehicles(grpc_stub, province) == ["DM 41 AA"]
    again = upload(grpc_stub, province, good.encode("utf-8-sig"))  # resent, with a byte-order mark
    assert (again.imported, again.vehicles_created, again.properties_created, again.unchanged) == (True, 0, 0, 2)


def test_an_officer_imports_only_what_their_jurisdiction_levies(grpc_stub, minter):
    kota = minter.metadata(role="officer", agency="bapenda-7571", jurisdiction=["75.71"])
    answer = upload(
        grpc_stub, kota, csv_text(property_row(KOTA_NOP), property_row(BOALEMO_NOP), vehicle_row("DM 43 AA"))
    )
    assert not answer.imported
    assert [(e.line, e.reason) for e in answer.errors] == [(3, "outside_jurisdiction"), (4, "outside_jurisdiction")]
    assert upload(grpc_stub, kota, csv_text(property_row(KOTA_NOP))).properties_created == 1
    assert upload(grpc_stub, minter.metadata(role="admin"), csv_text(vehicle_row("DM 44 AA"))).vehicles_created == 1


@pytest.mark.parametrize(
    ("metadata", "data", "code"),
    [
        ({"role": "citizen"}, b"kind\n", grpc.StatusCode.PERMISSION_DENIED),
        ({"role": "operator"}, b"kind\n", grpc.StatusCode.PERMISSION_DENIED),
        (
            {"role": "officer", "agency": "dpmptsp-7571", "jurisdiction": ["75.71"]},
            b"kind\n",
            grpc.StatusCode.PERMISSION_DENIED,
        ),
        ({"role": "admin"}, b"", grpc.StatusCode.INVALID_ARGUMENT),
        ({"role": "admin"}, b"\xff\xfe kind", grpc.StatusCode.INVALID_ARGUMENT),
        ({"role": "admin"}, b"kind,owner_nik\nvehicle," + b"1" * 200_000 + b"\n", grpc.StatusCode.INVALID_ARGUMENT),
    ],
)
def test_refused_callers_and_files(grpc_stub, minter, metadata, data, code):
    with pytest.raises(grpc.RpcError) as caught:
        upload(grpc_stub, minter.metadata(**metadata), data)
    assert caught.value.code() == code
