"""Bills through the real gRPC server: access rules per RPC, checkout, fee bills, and the import commands."""

import datetime as dt
import json

import grpc
import pytest

from gorontalo.tax.v1 import tax_pb2
from gorontalo_tax.entrypoints import cli
from gorontalo_tax.service_layer import imports

from ..billing_fixtures import csv_text, property_row, vehicle_row

VEHICLE = tax_pb2.RegisterVehicleRequest(
    plate_number="dm 77 xy",
    vehicle_type="mobil_penumpang",
    model_year=2023,
    taxable_value=250_000_000,
    regency_code="7571",
)
FEE = tax_pb2.CreateFeeBillRequest(
    caller="permits",
    caller_reference="app-9",
    region_code="7571",
    payer_id="citizen-a",
    description="Retribusi PBG",
    amount=750_000,
)


def test_citizen_lists_gets_and_checks_out_their_bill(grpc_stub, minter, app, clock):
    owner = minter.metadata(role="citizen", subject="citizen-a")
    grpc_stub.RegisterVehicle(VEHICLE, metadata=owner)
    imports.generate_bills(app.uow, app.pbb_rates, app.clock, 2025, dt.date(2025, 4, 30))
    [bill] = grpc_stub.ListBills(tax_pb2.ListBillsRequest(), metadata=owner).bills
    assert (bill.tax_type, bill.tax_year, bill.due_date, bill.status) == ("pkb", 2025, "2025-04-30", "unpaid")
    assert [(line.kind, line.amount) for line in bill.lines] == [
        ("pkb", 2_625_000),
        ("opsen_pkb", 1_732_500),
        ("penalty", 87_150),
    ]
    assert (bill.principal, bill.penalty, bill.penalty_months, bill.total) == (4_357_500, 87_150, 2, 4_444_650)
    assert grpc_stub.GetBill(tax_pb2.GetBillRequest(id=bill.id), metadata=owner) == bill

    done = grpc_stub.CheckoutBill(tax_pb2.CheckoutBillRequest(id=bill.id), metadata=owner)
    assert done.amount == bill.total and done.bill == bill and len(done.billing_code) == 16
    assert done.expires_at.ToDatetime(tzinfo=dt.UTC) == clock.now + dt.timedelta(hours=24)
    assert (
        grpc_stub.CheckoutBill(tax_pb2.CheckoutBillRequest(id=bill.id), metadata=owner).billing_code
        == done.billing_code
    )

    stranger = minter.metadata(role="citizen", subject="citizen-b")
    for call, request in (
        (grpc_stub.GetBill, tax_pb2.GetBillRequest(id=bill.id)),
        (grpc_stub.CheckoutBill, tax_pb2.CheckoutBillRequest(id=bill.id)),
    ):
        with pytest.raises(grpc.RpcError) as caught:
            call(request, metadata=stranger)
        assert caught.value.code() == grpc.StatusCode.NOT_FOUND


def test_officer_jurisdiction_on_bills(grpc_stub, minter, app):
    grpc_stub.RegisterVehicle(VEHICLE, metadata=minter.metadata(role="citizen", subject="citizen-a"))
    imports.generate_bills(app.uow, app.pbb_rates, app.clock, 2025)
    province = minter.metadata(role="officer", agency="bapenda-75", jurisdiction=["75"])
    kota = minter.metadata(role="officer", agency="bapenda-7571", jurisdiction=["75.71"])
    [bill] = grpc_stub.ListBills(tax_pb2.ListBillsRequest(tax_type="pkb"), metadata=province).bills
    assert list(grpc_stub.ListBills(tax_pb2.ListBillsRequest(), metadata=kota).bills) == []
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.GetBill(tax_pb2.GetBillRequest(id=bill.id), metadata=kota)
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert grpc_stub.CheckoutBill(tax_pb2.CheckoutBillRequest(id=bill.id), metadata=province).amount == bill.total


def test_fee_bills_need_a_staff_token(grpc_stub, minter):
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.CreateFeeBill(FEE, metadata=minter.metadata(role="citizen"))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.CreateFeeBill(FEE)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    officer = minter.metadata(role="officer", agency="dpmptsp-7571", jurisdiction=["75.71"])
    created = grpc_stub.CreateFeeBill(FEE, metadata=officer)
    assert (created.tax_type, created.total, created.caller, created.caller_reference) == (
        "retribusi",
        750_000,
        "permits",
        "app-9",
    )
    assert grpc_stub.CreateFeeBill(FEE, metadata=minter.metadata(role="operator", subject="op")).id == created.id
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.CreateFeeBill(FEE, metadata=minter.metadata(role="officer", jurisdiction=["75.02"]))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    payer = minter.metadata(role="citizen", subject="citizen-a")
    assert [b.id for b in grpc_stub.ListBills(tax_pb2.ListBillsRequest(), metadata=payer).bills] == [created.id]


def test_import_and_generate_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("TAX_DATABASE_URL", f"sqlite:///{tmp_path / 'tax.db'}")
    good = tmp_path / "objects.csv"
    good.write_text(csv_text(vehicle_row("DM 10 AA"), property_row("757101000100100010")))
    assert cli.main(["import-objects", str(good)]) == 0
    assert json.loads(capsys.readouterr().out) == {"created": {"vehicle": 1, "property": 1}, "unchanged": 0}
    assert cli.main(["import-objects", str(good)]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 2
    assert (tmp_path / "tax" / "owner-nik-keys.json").stat().st_mode & 0o077 == 0

    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text(vehicle_row("DM 20 AA"), vehicle_row("DM 21 AA", model_year="1900")))
    assert cli.main(["import-objects", str(bad)]) == 1
    err = capsys.readouterr().err
    assert '"line": 3' in err and "nothing imported" in err

    assert cli.main(["generate-bills", "--year", "2026"]) == 0
    assert json.loads(capsys.readouterr().out)["issued"] == {"pkb": 1, "pbb": 1}
    assert cli.main(["generate-bills", "--year", "2026", "--due-date", "2026-05-31"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "tax_year": 2026,
        "issued": {"pkb": 0, "pbb": 0},
        "existing": 2,
        "nothing_owed": 0,
    }
