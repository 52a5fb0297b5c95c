"""A citizen claims the objects imported under their NIK, as the identity service vouches for it."""

import datetime as dt
import json
import threading

import grpc
import pytest
import sqlalchemy as sa

from gorontalo.tax.v1 import tax_pb2
from gorontalo_tax.service_layer import billing, claims, imports
from gorontalo_tax.service_layer import vehicles as vehicle_services
from servicekit.errors import AlreadyExists, NotFound, PermissionDenied
from servicekit.messaging import outbox
from servicekit.testing import error_reason

from .. import payment_fixtures
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
    first_year = sorted(s.bill.id for s in found)
    assert [e["data"] for e in claimed] == [
        {
            "owner_id": "citizen-a",
            "vehicles": 2,
            "properties": 0,
            "bills": 2,
            "bill_ids": claimed[0]["data"]["bill_ids"],
        }
    ]
    assert sorted(claimed[0]["data"]["bill_ids"]) == first_year
    assert NIK_A not in json.dumps(claimed)


def issued_owners(app) -> dict[str, str]:
    with app.session_factory() as session:
        envelopes = [
            json.loads(r) for r in session.execute(sa.select(outbox.c.envelope).order_by(outbox.c.seq)).scalars()
        ]
    return {e["data"]["bill_id"]: e["data"]["owner_id"] for e in envelopes if e["type"] == "gorontalo.tax.bill.issued"}


def test_every_bills_owner_can_be_learnt_from_the_events_in_order(app):
    """Before the claim a bill names nobody and objects.claimed lists it; after it, bill.issued names the
    claiming account, as do the payment events. A consumer that reads them in order always knows whose."""
    seed(app)
    before = issued_owners(app)
    assert set(before.values()) == {""}  # imported, nobody claimed yet
    claim(app, "citizen-a", NIK_A)
    imports.generate_bills(app.uow, app.pbb_rates, app.clock, 2026)
    later = {bill_id: owner for bill_id, owner in issued_owners(app).items() if bill_id not in before}
    mine = {s.bill.id for s in my_bills(app, "citizen-a")}
    theirs = {s.bill.id for s in my_bills(app, "citizen-b")}
    assert {bill_id for bill_id, owner in later.items() if owner == "citizen-a"} == mine - set(before)
    assert len(mine - set(before)) == 2
    # NIK_B's property is still unclaimed: its 2026 bill names nobody yet.
    assert theirs == set() and sorted(later.values()) == ["", "citizen-a", "citizen-a"]
    [bill_id] = [b for b, owner in later.items() if owner == "citizen-a"][:1]
    code = payment_fixtures.checkout(app, bill_id, payer="citizen-a").code
    payment_fixtures.notify(app, payment_fixtures.body(code.code, code.amount))
    [paid] = payment_fixtures.events(app, "gorontalo.tax.payment.received")
    assert (paid["bill_id"], paid["owner_id"]) == (bill_id, "citizen-a")


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


def failure(call, metadata) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(tax_pb2.ClaimTaxObjectsRequest(), metadata=metadata)
    return caught.value


def test_claim_through_grpc_asks_identity_with_the_callers_token(grpc_stub, minter, app):
    seed(app)
    seen = []

    def identity(authorization):
        seen.append(authorization)
        return "citizen-a", NIK_A

    app.identity = identity
    # Level 1 (a verified phone) is not enough: facts on a KTP photocopy must not take someone's objects.
    refused = failure(grpc_stub.ClaimTaxObjects, minter.metadata(role="citizen", subject="citizen-a", acr=1))
    assert (refused.code(), error_reason(refused)) == (grpc.StatusCode.PERMISSION_DENIED, "ASSURANCE_INSUFFICIENT")
    assert seen == []  # refused before identity is asked or anything is written
    metadata = minter.metadata(role="citizen", subject="citizen-a", acr=2)
    answer = grpc_stub.ClaimTaxObjects(tax_pb2.ClaimTaxObjectsRequest(), metadata=metadata)
    assert (answer.vehicles, answer.properties, answer.bills) == (2, 0, 2)
    assert seen == [metadata[0][1]]
    assert len(grpc_stub.ListBills(tax_pb2.ListBillsRequest(), metadata=metadata).bills) == 2
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.ClaimTaxObjects(
            tax_pb2.ClaimTaxObjectsRequest(), metadata=minter.metadata(role="officer", jurisdiction=["75"])
        )
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_a_claim_during_a_bill_run_waits_and_lists_the_bills_the_run_issued(app):
    """The bill run holds the objects it bills; a claim of them waits for it and then lists its bills, so
    no bill is left that neither names the owner nor appears in objects.claimed."""
    imports.import_objects(app.uow(), app.rates, app.cipher, app.clock, csv_text(vehicle_row("DM 12 AA", nik=NIK_A)))
    with app.uow() as run:
        [vehicle_id] = run.vehicles.all_ids()
        run.claims.hold_objects([vehicle_id], [])
        assert run.claims.owners_of([app.cipher.index(NIK_A)]) == {}  # nobody yet, as the run reads it
        result = {}
        claimer = threading.Thread(target=lambda: result.update(claim(app, "citizen-a", NIK_A)))
        claimer.start()
        claimer.join(0.5)
        assert claimer.is_alive()  # waiting on the held object
        bill = imports._pkb_bill(run.vehicles.get(vehicle_id), 2025, dt.date(2025, 6, 30), app.clock())
        run.bills.add(bill)
        billing.bill_issued_event(run, bill, "")
        run.commit()
    claimer.join(10)
    assert result == {"vehicles": 1, "properties": 0, "bills": 1}
    with app.session_factory() as session:
        envelopes = [json.loads(r) for r in session.execute(sa.select(outbox.c.envelope)).scalars()]
    [claimed] = [e["data"] for e in envelopes if e["type"] == "gorontalo.tax.objects.claimed"]
    assert claimed["bill_ids"] == [bill.id]
