"""A citizen claims the objects imported under their NIK, as the identity service vouches for it."""

import json

import grpc
import pytest
import sqlalchemy as sa

from gorontalo.tax.v1 import tax_pb2
from gorontalo_tax.service_layer import billing, claims, imports
from gorontalo_tax.service_layer import vehicles as vehicle_services
from servicekit.errors import AlreadyExists, NotFound, PermissionDenied
from servicekit.messaging import outbox

from ..billing_fixtures import NIK_A, NIK_B, citizen, csv_text, property_row, vehicle_row


def seed(app):
    imports.import_objects(
        app.uow(),
        app.rates,
        app.cipher,
        app.clock,
        csv_text(
            vehicle_row("DM 10 AA", nik=NIK_A),
            vehicle_row("DM 11 AA", nik=NIK_A),
            property_row("757101000100100010", nik=NIK_B),
        ),
    )
    imports.generate_bills(app.uow, app.pbb_rates, app.clock, 2025)


def claim(app, subject, nik, account_id=None):
    return claims.claim_objects(
        app.uow(), app.cipher, app.clock, citizen(subject), lambda: (account_id or subject, nik)
    )


def my_bills(app, subject):
    found, _ = billing.list_bills(app.uow(), app.clock, app.penalty, citizen(subject), page_size=0, page_token="")
    return found


def test_claiming_shows_the_imported_objects_bills(app):
    seed(app)
    assert my_bills(app, "citizen-a") == []
    assert claim(app, "citizen-a", NIK_A) == {"vehicles": 2, "properties": 0, "bills": 2}
    found = my_bills(app, "citizen-a")
    assert sorted(s.bill.description for s in found) == ["PKB 2025 DM 10 AA", "PKB 2025 DM 11 AA"]
    assert billing.get_bill(app.uow(), app.clock, app.penalty, citizen("citizen-a"), found[0].bill.id).total
    with pytest.raises(NotFound):
        billing.get_bill(app.uow(), app.clock, app.penalty, citizen("citizen-b"), found[0].bill.id)
    # Bills of later years follow the claim without another one.
    imports.generate_bills(app.uow, app.pbb_rates, app.clock, 2026)
    assert len(my_bills(app, "citizen-a")) == 4
    assert claim(app, "citizen-a", NIK_A)["bills"] == 4  # again: nothing changes
    vehicles, _ = vehicle_services.list_vehicles(app.uow(), citizen("citizen-a"), page_size=0, page_token="")
    assert sorted(v.plate_number for v in vehicles) == ["DM 10 AA", "DM 11 AA"]
    assert vehicle_services.get_vehicle(app.uow(), citizen("citizen-a"), vehicles[0].id) == vehicles[0]
    with pytest.raises(NotFound):
        vehicle_services.get_vehicle(app.uow(), citizen("citizen-b"), vehicles[0].id)
    with app.session_factory() as session:
        claimed = [
            json.loads(r.envelope)
            for r in session.execute(sa.select(outbox))
            if json.loads(r.envelope)["type"] == "gorontalo.tax.objects.claimed"
        ]
    assert [e["data"] for e in claimed] == [{"owner_id": "citizen-a", "vehicles": 2, "properties": 0, "bills": 2}]
    assert NIK_A not in json.dumps(claimed)


def test_a_nik_is_claimed_by_one_account_only(app):
    seed(app)
    claim(app, "citizen-b", NIK_B)
    with pytest.raises(AlreadyExists):
        claim(app, "citizen-c", NIK_B)
    with pytest.raises(AlreadyExists):
        claim(app, "citizen-b", NIK_A)  # one NIK per account
    assert [s.bill.tax_type for s in my_bills(app, "citizen-b")] == ["pbb"]


def test_identity_must_vouch_for_the_caller(app):
    with pytest.raises(PermissionDenied):
        claim(app, "citizen-a", NIK_A, account_id="someone-else")
    with pytest.raises(PermissionDenied):
        claim(app, "citizen-a", "")  # e.g. a staff account without NIK


def test_claim_through_grpc_asks_identity_with_the_callers_token(grpc_stub, minter, app):
    seed(app)
    seen = []

    def identity(authorization):
        seen.append(authorization)
        return "citizen-a", NIK_A

    app.identity = identity
    metadata = minter.metadata(role="citizen", subject="citizen-a")
    answer = grpc_stub.ClaimTaxObjects(tax_pb2.ClaimTaxObjectsRequest(), metadata=metadata)
    assert (answer.vehicles, answer.properties, answer.bills) == (2, 0, 2)
    assert seen == [metadata[0][1]]
    assert len(grpc_stub.ListBills(tax_pb2.ListBillsRequest(), metadata=metadata).bills) == 2
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.ClaimTaxObjects(
            tax_pb2.ClaimTaxObjectsRequest(), metadata=minter.metadata(role="officer", jurisdiction=["75"])
        )
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
