"""SearchBills through the real gRPC server: the tax office's desk finds bills by NOP, plate or kode bayar,
within the officer's jurisdiction only, and refuses citizens and malformed queries."""

import grpc
import pytest

from gorontalo.tax.v1 import tax_pb2
from gorontalo_tax.domain import billing
from gorontalo_tax.service_layer import imports

from ..billing_fixtures import csv_text, property_row, vehicle_row

NOP = "757101000100100010"  # BPS 7571: Kota Gorontalo (75.71)
FEE = tax_pb2.CreateFeeBillRequest(
    caller="permits", caller_reference="app-search", region_code="7571", description="Retribusi PBG", amount=500_000
)


def search(stub, metadata, query):
    return stub.SearchBills(tax_pb2.SearchBillsRequest(query=query), metadata=metadata)


def refused(stub, metadata, query) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        search(stub, metadata, query)
    return caught.value


def test_bills_found_by_nop_plate_and_billing_code_within_jurisdiction(grpc_stub, minter, app):
    report = imports.import_objects(
        app.uow(), app.rates, app.cipher, app.clock, csv_text(vehicle_row("DM 31 AB"), property_row(NOP))
    )
    assert not report.errors
    imports.generate_bills(app.uow, app.pbb_rates, app.clock, 2026)
    province = minter.metadata(role="officer", agency="bapenda-75", jurisdiction=["75"])
    kota = minter.metadata(role="officer", agency="bapenda-7571", jurisdiction=["75.71"])
    boalemo = minter.metadata(role="officer", agency="bapenda-7502", jurisdiction=["75.02"])

    by_nop = search(grpc_stub, kota, "75.71.010.001.001-0001.0")
    assert (by_nop.kind, by_nop.normalized) == ("nop", NOP)
    assert [(b.tax_type, b.tax_year, b.authority_code) for b in by_nop.bills] == [("pbb", 2026, "75.71")]
    assert list(search(grpc_stub, boalemo, NOP).bills) == []  # levied outside their jurisdiction

    by_plate = search(grpc_stub, province, "dm31ab")
    assert (by_plate.kind, by_plate.normalized) == ("plate", "DM 31 AB")
    assert [b.tax_type for b in by_plate.bills] == ["pkb"]
    assert list(search(grpc_stub, kota, "DM 31 AB").bills) == []  # PKB is the province's
    assert list(search(grpc_stub, province, "DM 99 ZZ").bills) == []

    admin = minter.metadata(role="admin")
    fee = grpc_stub.CreateFeeBill(FEE, metadata=admin)
    code = grpc_stub.CheckoutBill(tax_pb2.CheckoutBillRequest(id=fee.id), metadata=admin).billing_code
    by_code = search(grpc_stub, kota, f"{code[:4]} {code[4:8]} {code[8:12]} {code[12:]}")
    assert (by_code.kind, by_code.normalized, [b.id for b in by_code.bills]) == ("billing_code", code, [fee.id])
    assert list(search(grpc_stub, boalemo, code).bills) == []
    unknown = billing.new_billing_code("pkb")
    assert list(search(grpc_stub, province, unknown).bills) == []


def test_search_refuses_citizens_other_agencies_and_malformed_queries(grpc_stub, minter):
    assert refused(grpc_stub, minter.metadata(role="citizen"), NOP).code() == grpc.StatusCode.PERMISSION_DENIED
    other = minter.metadata(role="officer", agency="dpmptsp-7571", jurisdiction=["75.71"])
    assert refused(grpc_stub, other, NOP).code() == grpc.StatusCode.PERMISSION_DENIED
    officer = minter.metadata(role="officer", agency="bapenda-75", jurisdiction=["75"])
    for query in ("", "12345", "7510000000000001", "XX 1 A"):
        assert refused(grpc_stub, officer, query).code() == grpc.StatusCode.INVALID_ARGUMENT, query
