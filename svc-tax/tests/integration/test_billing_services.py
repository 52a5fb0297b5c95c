"""Import, bill generation, bills under the access rules, checkout and fee bills on SQLite and PostgreSQL."""

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from gorontalo_tax.adapters.tables import bills, properties, vehicles
from gorontalo_tax.service_layer import billing, imports
from gorontalo_tax.service_layer import vehicles as vehicle_services
from servicekit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from servicekit.messaging import outbox

from ..billing_fixtures import NIK_A, NIK_B, citizen, csv_text, officer, property_row, vehicle_row

NOP_KOTA = "757101000100100010"  # BPS 7571: Kota Gorontalo (Kemendagri 75.71)
NOP_BOALEMO = "750101000100100020"  # BPS 7501: Boalemo (Kemendagri 75.02)


def events(app, type_=None):
    with app.session_factory() as session:
        found = [json.loads(r.envelope) for r in session.execute(sa.select(outbox).order_by(outbox.c.seq))]
    return [e for e in found if type_ is None or e["type"] == type_]


def do_import(app, text):
    return imports.import_objects(app.uow(), app.rates, app.cipher, app.clock, text)


def generate(app, year=2025, due=None):
    return imports.generate_bills(app.uow, app.pbb_rates, app.clock, year, due)


def register(app, subject="citizen-a", plate="dm 1 ab"):
    return vehicle_services.register_vehicle(
        app.uow(),
        app.rates,
        app.clock,
        citizen(subject),
        plate_number=plate,
        vehicle_type="mobil_penumpang",
        model_year=2023,
        taxable_value=250_000_000,
        regency_code="7571",
    )


def test_import_creates_objects_with_the_nik_only_hashed_and_encrypted(app):
    report = do_import(app, csv_text(vehicle_row("dm 10 aa"), vehicle_row("DM 11 AA"), property_row(NOP_KOTA)))
    assert report.errors == [] and report.created == {"vehicle": 2, "property": 1}
    with app.session_factory() as session:
        rows = list(session.execute(sa.select(vehicles).order_by(vehicles.c.plate_number)))
        prop = session.execute(sa.select(properties)).one()
    assert [(r.plate_number, r.ownership_order, r.owner_id) for r in rows] == [
        ("DM 10 AA", 1, None),
        ("DM 11 AA", 2, None),
    ]
    assert rows[1].rate_basis_points == 150  # the same NIK's second vehicle pays the progressive rate
    assert rows[0].owner_nik_index == app.cipher.index(NIK_A) and NIK_A not in rows[0].owner_nik_encrypted
    assert app.cipher.decrypt(rows[0].owner_nik_encrypted) == NIK_A
    assert (prop.regency_code, prop.owner_nik_index) == ("75.71", app.cipher.index(NIK_B))
    assert app.cipher.decrypt(prop.owner_nik_encrypted) == NIK_B
    assert len(events(app, "gorontalo.tax.vehicle.registered")) == 2
    assert len(events(app, "gorontalo.tax.property.registered")) == 1
    assert all(NIK_A not in json.dumps(e) and NIK_B not in json.dumps(e) for e in events(app))


def test_import_is_idempotent(app):
    text = csv_text(vehicle_row("DM 10 AA"), property_row(NOP_KOTA))
    do_import(app, text)
    again = do_import(app, text)
    assert again.errors == [] and again.created == {"vehicle": 0, "property": 0} and again.unchanged == 2
    assert len(events(app)) == 2


def test_import_is_all_or_nothing_with_per_row_errors(app):
    text = csv_text(
        vehicle_row("DM 10 AA"),
        vehicle_row("B 1 XY"),
        property_row("123"),
        vehicle_row("DM 12 AA", nik="123"),
        vehicle_row("DM 10 AA"),
        {"kind": "kapal"},
    )
    report = do_import(app, text)
    assert [(e.line, e.field, e.reason) for e in report.errors] == [
        (3, "plate_number", "plate_not_gorontalo"),
        (4, "nop", "nop_invalid"),
        (5, "owner_nik", "nik_invalid"),
        (6, "plate_number", "duplicate_in_file"),
        (7, "kind", "not_one_of"),
    ]
    assert report.created == {"vehicle": 0, "property": 0}
    with app.session_factory() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(vehicles)).scalar_one() == 0
    assert events(app) == []


def test_changed_master_data_is_a_row_error_not_an_overwrite(app):
    do_import(app, csv_text(vehicle_row("DM 10 AA")))
    report = do_import(app, csv_text(vehicle_row("DM 10 AA", value="99000000")))
    assert [(e.line, e.reason) for e in report.errors] == [(2, "object_exists_differs")]


def test_missing_columns_are_refused(app):
    report = do_import(app, "kind,owner_nik\nvehicle,7571014107900001\n")
    assert report.errors[0].reason == "columns_missing"


def test_generate_bills_twice_issues_each_bill_once(app, clock):
    do_import(
        app,
        csv_text(
            vehicle_row("DM 10 AA"), property_row(NOP_KOTA), property_row(NOP_BOALEMO, njop_land="1", njop_building="0")
        ),
    )
    register(app)
    first = generate(app)
    assert first.issued == {"pkb": 2, "pbb": 1} and first.nothing_owed == 1
    second = generate(app)
    assert second.issued == {"pkb": 0, "pbb": 0} and second.existing == 3
    issued = events(app, "gorontalo.tax.bill.issued")
    assert len(issued) == 3
    with app.session_factory() as session:
        rows = {r.tax_type + str(r.principal): r for r in session.execute(sa.select(bills))}
    pbb = next(r for r in rows.values() if r.tax_type == "pbb")
    assert (pbb.principal, pbb.authority_code, pbb.due_date) == (1_000_000, "75.71", dt.date(2025, 8, 31))
    assert generate(app, year=2026).issued == {"pkb": 2, "pbb": 1}


def test_a_citizen_sees_their_pkb_bill_with_its_penalty_after_the_due_date(app, clock):
    vehicle = register(app)
    generate(app, due=dt.date(2025, 3, 31))  # clock: 1 June 2025, so months April, May, June have started
    found, token = billing.list_bills(
        app.uow(), app.clock, app.penalty, citizen("citizen-a"), page_size=0, page_token=""
    )
    assert token == "" and len(found) == 1
    current = found[0]
    assert current.bill.object_id == vehicle.id and current.bill.owner_id == "citizen-a"
    assert [(line.kind, line.amount, line.credited_to) for line in current.lines] == [
        ("pkb", 2_625_000, "75"),
        ("opsen_pkb", 1_732_500, "75.71"),
        ("penalty", 130_725, "75"),
    ]
    assert current.total == 4_357_500 + 130_725 and current.penalty_months == 3
    same = billing.get_bill(app.uow(), app.clock, app.penalty, citizen("citizen-a"), current.bill.id)
    assert same.total == current.total
    with pytest.raises(NotFound):
        billing.get_bill(app.uow(), app.clock, app.penalty, citizen("citizen-b"), current.bill.id)
    assert (
        billing.list_bills(app.uow(), app.clock, app.penalty, citizen("citizen-b"), page_size=0, page_token="")[0] == []
    )


def test_officers_see_bills_levied_within_their_jurisdiction(app):
    do_import(app, csv_text(vehicle_row("DM 10 AA"), property_row(NOP_KOTA)))
    generate(app)

    def listed(principal, **kw):
        found, _ = billing.list_bills(app.uow(), app.clock, app.penalty, principal, page_size=0, page_token="", **kw)
        return sorted(s.bill.tax_type for s in found)

    assert listed(officer("75")) == ["pbb", "pkb"]  # provincial Bapenda
    assert listed(officer("75"), tax_type="pkb") == ["pkb"]
    assert listed(officer("75.71")) == ["pbb"]  # Bapenda of Kota Gorontalo: its PBB, no PKB
    assert listed(officer("75.02")) == []
    pkb = next(
        s.bill
        for s in billing.list_bills(
            app.uow(), app.clock, app.penalty, officer("75"), page_size=0, page_token="", tax_type="pkb"
        )[0]
    )
    with pytest.raises(PermissionDenied):
        billing.get_bill(app.uow(), app.clock, app.penalty, officer("75.71"), pkb.id)
    with pytest.raises(InvalidArgument):
        listed(officer("75"), tax_type="pajak")


def test_checkout_gives_one_open_code_and_the_amount_due_now(app, clock):
    register(app)
    generate(app, due=dt.date(2025, 3, 31))
    [current], _ = billing.list_bills(
        app.uow(), app.clock, app.penalty, citizen("citizen-a"), page_size=0, page_token=""
    )
    first = billing.checkout(
        app.uow(), app.clock, app.penalty, app.code_validity, citizen("citizen-a"), current.bill.id
    )
    assert first.code.amount == current.total == first.statement.total
    assert len(first.code.code) == 16 and first.code.expires_at == clock.now + app.code_validity
    clock.advance(hours=2)
    again = billing.checkout(
        app.uow(), app.clock, app.penalty, app.code_validity, citizen("citizen-a"), current.bill.id
    )
    assert again.code == first.code
    assert len(events(app, "gorontalo.tax.billing_code.issued")) == 1
    clock.advance(hours=23)  # the first code has expired
    later = billing.checkout(
        app.uow(), app.clock, app.penalty, app.code_validity, citizen("citizen-a"), current.bill.id
    )
    assert later.code.code != first.code.code and later.code.amount == later.statement.total
    with pytest.raises(NotFound):
        billing.checkout(app.uow(), app.clock, app.penalty, app.code_validity, citizen("citizen-b"), current.bill.id)


def test_a_code_issued_before_a_penalty_change_expires_at_it(app, clock):
    register(app)
    generate(app, due=dt.date(2025, 6, 1))  # clock: 1 June 2025 11:00 WITA, the due date itself
    [current], _ = billing.list_bills(
        app.uow(), app.clock, app.penalty, citizen("citizen-a"), page_size=0, page_token=""
    )
    done = billing.checkout(app.uow(), app.clock, app.penalty, app.code_validity, citizen("citizen-a"), current.bill.id)
    assert done.code.amount == current.bill.principal
    assert done.code.expires_at == dt.datetime(2025, 6, 1, 16, 0, tzinfo=dt.UTC)  # 2 June 00:00 WITA
    clock.advance(hours=13)
    after = billing.checkout(
        app.uow(), app.clock, app.penalty, app.code_validity, citizen("citizen-a"), current.bill.id
    )
    assert after.code.amount == current.bill.principal + current.bill.principal // 100


FEE = dict(
    caller="permits",
    caller_reference="app-123",
    region_code="75.71",
    payer_id="citizen-a",
    description="Retribusi PBG",
    amount=1_500_000,
    due_date="",
)


def test_fee_bills_are_unique_per_caller_reference(app, clock):
    bill, created = billing.create_fee_bill(app.uow(), app.clock, officer("75.71"), **FEE)
    assert created and bill.tax_type == "retribusi" and bill.authority_code == "75.71"
    assert bill.due_date == dt.date(2025, 7, 1)
    same, created_again = billing.create_fee_bill(app.uow(), app.clock, officer("75.71", subject="o-2"), **FEE)
    assert (same.id, created_again) == (bill.id, False)
    [event] = events(app, "gorontalo.tax.bill.issued")
    assert (
        event["data"]["caller_reference"] == "app-123" and event["data"]["principal"] == "1500000"
    )  # int64: a string in proto3 JSON
    with pytest.raises(AlreadyExists):
        billing.create_fee_bill(app.uow(), app.clock, officer("75.71"), **{**FEE, "amount": 2})
    other, created = billing.create_fee_bill(app.uow(), app.clock, officer("75.71"), **{**FEE, "caller": "complaints"})
    assert created and other.id != bill.id
    mine, _ = billing.list_bills(app.uow(), app.clock, app.penalty, citizen("citizen-a"), page_size=0, page_token="")
    assert {s.bill.id for s in mine} == {bill.id, other.id}


def test_fee_bill_rules(app):
    with pytest.raises(PermissionDenied):
        billing.create_fee_bill(app.uow(), app.clock, citizen(), **FEE)
    with pytest.raises(PermissionDenied):
        billing.create_fee_bill(app.uow(), app.clock, officer("75.02"), **FEE)
    with pytest.raises(InvalidArgument) as caught:
        billing.create_fee_bill(
            app.uow(),
            app.clock,
            officer("75"),
            caller="Permits!",
            caller_reference="",
            region_code="75.71.01",
            payer_id="",
            description="",
            amount=-5,
            due_date="2020-01-01",
        )
    assert {v.field: v.reason for v in caught.value.violations} == {
        "caller": "caller_invalid",
        "caller_reference": "required",
        "region_code": "regency_level_required",
        "description": "required",
        "amount": "out_of_range",
        "due_date": "due_date_past",
    }


def test_only_unpaid_bills_check_out(app):
    bill, _ = billing.create_fee_bill(app.uow(), app.clock, officer("75.71"), **FEE)
    with app.session_factory() as session, session.begin():
        session.execute(bills.update().where(bills.c.id == bill.id).values(status="paid"))
    with pytest.raises(FailedPrecondition):
        billing.checkout(app.uow(), app.clock, app.penalty, app.code_validity, citizen("citizen-a"), bill.id)


def test_a_second_code_cannot_open_while_one_is_open(app, clock):
    from gorontalo_tax.domain.billing import BillingCode

    bill, _ = billing.create_fee_bill(app.uow(), app.clock, officer("75.71"), **FEE)
    later = clock.now + dt.timedelta(hours=1)
    with app.uow() as uow:
        assert uow.bills.open_new_code(BillingCode("7530000000000001", bill.id, 1, clock.now, later), clock.now)
        # A concurrent checkout that read "no open code" loses the compare-and-set.
        assert not uow.bills.open_new_code(BillingCode("7530000000000002", bill.id, 1, clock.now, later), clock.now)
        uow.commit()
    with app.uow() as uow:
        assert uow.bills.open_code(bill.id, clock.now).code == "7530000000000001"
        assert uow.bills.code("7530000000000002") is None
        assert uow.bills.open_code(bill.id, later) is None


def test_bills_gauge_by_tax_type_and_status(app):
    from prometheus_client import CollectorRegistry, generate_latest

    from gorontalo_tax.adapters.bill_metrics import BillStatusCollector

    do_import(app, csv_text(vehicle_row("DM 10 AA"), property_row(NOP_KOTA)))
    generate(app)
    billing.create_fee_bill(app.uow(), app.clock, officer("75.71"), **FEE)
    registry = CollectorRegistry()
    registry.register(BillStatusCollector(app.session_factory))
    text = generate_latest(registry).decode()
    for tax_type in ("pkb", "pbb", "retribusi"):
        assert f'tax_bills{{status="unpaid",tax_type="{tax_type}"}} 1.0' in text
