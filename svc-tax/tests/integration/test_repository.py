"""Repositories and use cases on real SQLite and PostgreSQL databases, migrated with Alembic."""

import json

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from gorontalo_tax.adapters.tables import metadata
from gorontalo_tax.bootstrap import migrations_path
from gorontalo_tax.domain.model import OwnershipOrderTaken, PlateTaken
from gorontalo_tax.service_layer import vehicles as vehicle_services
from servicekit import db
from servicekit.errors import AlreadyExists
from servicekit.messaging import outbox

GOOD = dict(
    plate_number="DM 1234 AB",
    vehicle_type="sepeda_motor",
    model_year=2020,
    taxable_value=18_500_000,
    regency_code="75.01",
)


def register(app, principal, **changes):
    return vehicle_services.register_vehicle(app.uow(), app.rates, app.clock, principal, **{**GOOD, **changes})


def outbox_rows(app):
    with app.session_factory() as session:
        return session.execute(sa.select(outbox).order_by(outbox.c.seq)).all()


def test_migration_matches_the_tables_and_can_run_again(app):
    engine = app.session_factory.kw["bind"]
    db.migrate(engine, migrations_path())  # idempotent at every start
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    # outbox/inbox (and their index) belong to servicekit's metadata; alembic_version to Alembic.
    unexpected = [d for d in differences if _table_of(d) not in ("outbox", "inbox", "alembic_version")]
    assert unexpected == []


def _table_of(difference) -> str:
    item = difference[1]
    return (
        getattr(item, "name", "") if isinstance(item, sa.Table) else getattr(getattr(item, "table", None), "name", "")
    )


def test_a_registered_vehicle_round_trips_with_its_event(app, principals):
    vehicle = register(app, principals.citizen("c-1"))
    with app.uow() as uow:
        assert uow.vehicles.get(vehicle.id) == vehicle
        assert uow.vehicles.by_plate("DM 1234 AB") == vehicle
    assert vehicle.registered_at.tzinfo is not None
    rows = outbox_rows(app)
    assert len(rows) == 1 and rows[0].subject == "gorontalo.tax.vehicle.registered"
    envelope = json.loads(rows[0].envelope)
    assert envelope["specversion"] == "1.0" and envelope["subject"] == vehicle.id
    assert envelope["source"] == "/gorontalo/tax"
    assert envelope["data"] == {
        "vehicle_id": vehicle.id,
        "owner_id": "c-1",
        "regency_code": "75.01",
        "vehicle_type": "sepeda_motor",
        "annual_pkb": "185000",
    }  # int64: a string


def test_large_amounts_survive_the_database(app, principals):
    vehicle = register(app, principals.citizen(), vehicle_type="mobil_barang", taxable_value=10**12)
    with app.uow() as uow:
        stored = uow.vehicles.get(vehicle.id)
    assert stored.taxable_value == 10**12 and stored.annual_pkb == 13_000_000_000
    assert isinstance(stored.annual_pkb, int) and isinstance(stored.annual_opsen_pkb, int)


def test_duplicate_plate_is_refused_and_leaves_no_event(app, principals):
    register(app, principals.citizen("c-1"))
    with pytest.raises(AlreadyExists):
        register(app, principals.citizen("c-2"), plate_number="dm 1234 ab")
    assert len(outbox_rows(app)) == 1


def test_unique_keys_are_the_last_word_and_the_transaction_survives(app, principals):
    """What a concurrent registration would hit after our checks: the database's unique keys."""
    first = register(app, principals.citizen("c-1"))
    with app.uow() as uow:
        with pytest.raises(PlateTaken):
            uow.vehicles.add(_copy(first, id="other-id-1", owner_id="c-9", ownership_order=1))
        with pytest.raises(OwnershipOrderTaken):
            uow.vehicles.add(_copy(first, id="other-id-2", plate_number="DM 9 Z"))
        # The savepoints kept the transaction usable: a correct row still goes in.
        uow.vehicles.add(_copy(first, id="other-id-3", plate_number="DM 9 Z", ownership_order=2))
        uow.commit()
    with app.uow() as uow:
        assert uow.vehicles.count_for_owner("c-1") == 2


def _copy(vehicle, **changes):
    import dataclasses

    return dataclasses.replace(vehicle, **changes)


def test_nothing_is_kept_without_commit(app, principals):
    vehicle = register(app, principals.citizen("c-1"))
    with app.uow() as uow:
        uow.vehicles.add(_copy(vehicle, id="uncommitted", plate_number="DM 5 X", ownership_order=2))
        uow.add_event("gorontalo.tax.vehicle.registered", {"vehicle_id": "uncommitted"})
    with app.uow() as uow:
        assert uow.vehicles.get("uncommitted") is None
    assert len(outbox_rows(app)) == 1


def test_lists_filter_by_owner_and_region_in_a_stable_order(app, clock, principals):
    for plate, owner, regency in [
        ("DM 1 A", "c-1", "75.71"),
        ("DM 2 A", "c-1", "75.04"),
        ("DM 3 A", "c-2", "75.71"),
        ("DM 4 A", "c-2", "75.02"),
        ("DM 5 A", "c-3", "75.71"),
    ]:
        register(app, principals.citizen(owner), plate_number=plate, regency_code=regency)
        clock.advance(seconds=30)

    def plates(principal, size=10, token=""):
        page, next_token = vehicle_services.list_vehicles(app.uow(), principal, page_size=size, page_token=token)
        return [v.plate_number for v in page], next_token

    assert plates(principals.citizen("c-1")) == (["DM 1 A", "DM 2 A"], "")
    assert plates(principals.officer("75.71"))[0] == ["DM 1 A", "DM 3 A", "DM 5 A"]
    assert plates(principals.officer("75.02", "75.04"))[0] == ["DM 2 A", "DM 4 A"]
    assert plates(principals.officer("75.7"))[0] == []  # not a region code: no scope at all
    first, token = plates(principals.officer("75"), size=2)
    second, token2 = plates(principals.officer("75"), size=2, token=token)
    third, token3 = plates(principals.officer("75"), size=2, token=token2)
    assert (first, second, third, token3) == (["DM 1 A", "DM 2 A"], ["DM 3 A", "DM 4 A"], ["DM 5 A"], "")
    assert plates(principals.staff("admin"), size=5) == (["DM 1 A", "DM 2 A", "DM 3 A", "DM 4 A", "DM 5 A"], "")


def test_concurrent_registrations_of_one_owner_get_distinct_orders(app, principals):
    """Whatever the interleaving, the unique key and the recount give orders 1 and 2, never 1 twice."""
    import threading

    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker(plate):
        barrier.wait()
        try:
            results.append(register(app, principals.citizen("c-race"), plate_number=plate))
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(plate,)) for plate in ("DM 11 R", "DM 12 R")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(v.ownership_order for v in results) == [1, 2]
    assert len(outbox_rows(app)) == 2
