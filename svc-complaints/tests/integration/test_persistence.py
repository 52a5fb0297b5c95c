"""Repository and use cases on real databases: SQLite and PostgreSQL, migrated by Alembic."""

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from gorontalo_complaints.adapters.tables import complaints
from gorontalo_complaints.bootstrap import migrations_path
from gorontalo_complaints.domain import model, tracking
from gorontalo_complaints.service_layer import events, services
from servicekit import db
from servicekit.auth import Principal
from servicekit.errors import ServiceError
from servicekit.messaging import outbox

ALICE = Principal(subject="citizen-a", role="citizen")
BOB = Principal(subject="citizen-b", role="citizen")


def file(app, principal=ALICE, **overrides):
    fields = dict(
        category="banjir",
        title="Banjir setinggi lutut",
        description="Air masuk rumah warga sejak subuh.",
        latitude=0.5435,
        longitude=123.0568,
        region_code="75.71.01.1001",
        privacy="",
        channel="app",
    )
    fields.update(overrides)
    return services.file_complaint(app.uow(), app.clock, app.new_tracking_code, principal, **fields)


def count(app, table) -> int:
    with app.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_migrations_are_idempotent(make_app, database_url):
    app = make_app(database_url)
    db.migrate(app.engine, migrations_path())  # a restart migrates again: nothing to do, no error
    tables = set(sa.inspect(app.engine).get_table_names())
    assert {"complaints", "outbox", "inbox", "alembic_version"} <= tables


def test_a_filed_complaint_reads_back_exactly(make_app, database_url, clock):
    app = make_app(database_url)
    view = file(app, privacy="anonim")
    with app.uow() as uow:
        stored = uow.complaints.by_tracking_code(view.tracking_code)
    assert stored.reporter_id == "citizen-a"
    assert stored.filed_at == clock.now and stored.filed_at.tzinfo is not None
    assert (stored.latitude, stored.longitude) == (0.5435, 123.0568)
    assert (stored.privacy, stored.channel, stored.status) == ("anonim", "app", "received")


def test_absent_coordinates_stay_absent(make_app, database_url):
    app = make_app(database_url)
    view = file(app, latitude=0.0, longitude=0.0)
    with app.uow() as uow:
        stored = uow.complaints.by_tracking_code(view.tracking_code)
    assert stored.latitude is None and stored.longitude is None
    assert (view.latitude, view.longitude) == (0.0, 0.0)


def test_state_and_event_commit_together(make_app, database_url):
    app = make_app(database_url)
    view = file(app, privacy="rahasia")
    with app.engine.connect() as connection:
        rows = connection.execute(sa.select(outbox)).all()
    assert len(rows) == 1 and rows[0].subject == "gorontalo.complaints.complaint.filed"
    envelope = json.loads(rows[0].envelope)
    assert envelope["subject"] == view.id and envelope["source"] == "/gorontalo/complaints"
    assert envelope["data"]["tracking_code"] == view.tracking_code and "title" not in envelope["data"]


def test_a_collision_on_the_unique_code_is_retried_in_the_same_transaction(make_app, database_url):
    bodies = iter(["AAAAA", "AAAAA", "AAAAA", "CCCCC"])
    app = make_app(database_url, new_tracking_code=lambda: tracking.format_code(next(bodies)))
    first = file(app)
    second = file(app, principal=BOB)
    assert (first.tracking_code, second.tracking_code) == (tracking.format_code("AAAAA"), tracking.format_code("CCCCC"))
    assert count(app, complaints) == 2 and count(app, outbox) == 2


def test_giving_up_rolls_everything_back(make_app, database_url):
    app = make_app(database_url, new_tracking_code=lambda: tracking.format_code("AAAAA"))
    file(app)
    with pytest.raises(ServiceError):
        file(app)
    assert count(app, complaints) == 1 and count(app, outbox) == 1


def test_uncommitted_work_is_discarded(make_app, database_url, clock):
    app = make_app(database_url)
    complaint = model.Complaint(
        id="c-rolled-back",
        tracking_code=tracking.generate(),
        reporter_id="citizen-a",
        category="sampah",
        title="Sampah menumpuk",
        description="Tidak diangkut sepekan.",
        latitude=None,
        longitude=None,
        region_code="75.04.01",
        privacy="biasa",
        channel="web",
        status="received",
        filed_at=clock.now,
    )
    with app.uow() as uow:
        uow.complaints.add(complaint)
        uow.add_event(events.filed(complaint), subject=complaint.id)
    assert count(app, complaints) == 0 and count(app, outbox) == 0


def test_own_list_is_newest_first_and_pages_do_not_overlap(make_app, database_url, clock):
    app = make_app(database_url)
    mine = []
    for n in range(5):
        mine.append(file(app, title=f"Banjir ke-{n} minggu ini").tracking_code)
        file(app, principal=BOB)
        if n != 2:  # two filed in the same instant: the id breaks the tie, consistently
            clock.advance(seconds=30)
    seen, token = [], ""
    while True:
        page = services.list_my_complaints(app.uow(), ALICE, page_size=2, page_token=token)
        seen += [view.tracking_code for view in page.complaints]
        token = page.next_page_token
        if not token:
            break
    assert sorted(seen) == sorted(mine) and len(seen) == 5
    filed_at = [services.get_complaint(app.uow(), ALICE, code).filed_at for code in seen]
    assert filed_at == sorted(filed_at, reverse=True)
    assert seen[0] == mine[-1]


def test_lookup_is_case_insensitive_against_the_database(make_app, database_url):
    app = make_app(database_url)
    code = file(app).tracking_code
    view = services.get_complaint(app.uow(), None, code.lower().replace("-", ""))
    assert view.tracking_code == code and view.id == "" and view.title == "Banjir setinggi lutut"
    assert view.filed_at.astimezone(dt.UTC) == app.clock()
