"""Repositories, unit of work, migrations and the consumer transaction on SQLite and PostgreSQL."""

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import exc as sa_exc

from gorontalo.complaints.v1 import events_pb2 as complaint_events
from gorontalo_disaster.adapters.tables import metadata, reports
from gorontalo_disaster.bootstrap import migrations_path
from gorontalo_disaster.domain.model import Report
from gorontalo_disaster.service_layer import events, services
from servicekit import db, event_messages
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument
from servicekit.messaging import inbox, mark_processed, outbox

KOTA = (0.5435, 123.0568)


def outbox_envelopes(app):
    with app.session_factory() as session:
        return [json.loads(row.envelope) for row in session.execute(sa.select(outbox).order_by(outbox.c.seq))]


def complaint_event(event_id="evt-1", **data):
    payload = {
        "complaint_id": "c-1",
        "category": "banjir",
        "latitude": KOTA[0],
        "longitude": KOTA[1],
        "title": "Banjir di Kel. Heledulaa",
        "privacy": "biasa",
        "region_code": "75.71.01",
        "category_source": "filer",
    }
    payload.update(data)
    return {
        "specversion": "1.0",
        "id": event_id,
        "type": "gorontalo.complaints.complaint.filed",
        "source": "/gorontalo/complaints",
        "time": "2025-01-15T02:00:00.000Z",
        "data": payload,
    }


def delivered(envelope: dict) -> tuple:
    """(message, envelope) as the bus hands a complaint.filed to its handler."""
    return event_messages.parse(complaint_events.ComplaintFiled, envelope["data"]), envelope


def test_migrations_match_the_tables_and_run_twice(app):
    db.migrate(app.engine, migrations_path())  # a second start is a no-op
    with app.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    # outbox and inbox (and their index) belong to servicekit's metadata, not this service's.
    theirs = {"outbox", "inbox"}
    assert [
        d
        for d in diff
        if not (d[0] == "remove_table" and d[1].name in theirs or d[0] == "remove_index" and d[1].table.name in theirs)
    ] == []


def test_submitted_report_round_trips_with_its_event(app, clock):
    principal = Principal(subject="citizen-42", role="citizen")
    observed = clock.now - dt.timedelta(minutes=40, microseconds=-123456)
    report = services.submit_report(
        app.uow(),
        app.clock,
        principal,
        hazard="tanah_longsor",
        latitude=KOTA[0],
        longitude=KOTA[1],
        description="Longsor di Jalan Trans Sulawesi",
        observed_at=observed,
    )
    stored = services.get_report(app.uow(), report.id)
    assert stored == report
    assert stored.observed_at == observed and stored.observed_at.tzinfo is not None
    assert stored.reporter_id == "citizen-42" and stored.verified_reporter is True
    [envelope] = outbox_envelopes(app)
    assert envelope["type"] == "gorontalo.disaster.report.submitted"
    assert envelope["source"] == "/gorontalo/disaster" and envelope["subject"] == report.id
    assert envelope["data"] == event_messages.to_data(events.report_submitted(report))


def test_invalid_report_writes_nothing(app, clock):
    with pytest.raises(InvalidArgument):  # Jakarta: outside Gorontalo
        services.submit_report(app.uow(), app.clock, None, hazard="banjir", latitude=-6.2, longitude=106.8)
    with app.session_factory() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(reports)).scalar_one() == 0
    assert outbox_envelopes(app) == []


def test_listing_is_newest_first_filtered_and_paged(app, clock):
    made = []
    for hazard in ["banjir", "erupsi", "banjir", "banjir", "banjir"]:
        made.append(
            services.submit_report(app.uow(), app.clock, None, hazard=hazard, latitude=KOTA[0], longitude=KOTA[1])
        )
        clock.advance(seconds=30)
    floods = [r.id for r in reversed(made) if r.hazard == "banjir"]
    seen, token = [], ""
    while True:
        page, token = services.list_reports(app.uow(), hazard="banjir", page_size=3, page_token=token)
        seen += [r.id for r in page]
        if not token:
            break
    assert seen == floods
    page, _ = services.list_reports(app.uow(), hazard="erupsi")
    assert [r.id for r in page] == [made[1].id]


def test_a_complaint_reference_is_unique_per_source(app, clock):
    def report(report_id, source, source_ref):
        return Report(
            id=report_id,
            hazard="banjir",
            latitude=KOTA[0],
            longitude=KOTA[1],
            description="",
            source=source,
            verified_reporter=True,
            observed_at=clock.now,
            received_at=clock.now,
            source_ref=source_ref,
        )

    with app.uow() as uow:
        uow.reports.add(report("r1", "go_gorontalo", "c-1"))
        uow.reports.add(report("r2", "sms", "c-1"))  # another source may reuse the reference
        uow.reports.add(report("r3", "api", None))
        uow.reports.add(report("r4", "api", None))  # API reports have none: NULLs never collide
        uow.commit()
    with pytest.raises(sa_exc.IntegrityError), app.uow() as uow:
        uow.reports.add(report("r5", "go_gorontalo", "c-1"))
        uow.commit()
    with app.uow() as uow:
        assert uow.reports.by_source_ref("go_gorontalo", "c-1").id == "r1"


class CountingBus:
    def __init__(self):
        self.wakes = 0

    def wake(self):
        self.wakes += 1


def test_consumer_handler_writes_in_the_bus_transaction(app, clock):
    app.bus = CountingBus()
    # What EventBus._handle does: inbox row and handler in one transaction.
    with app.session_factory() as session, session.begin():
        assert mark_processed(session, "disaster-from-complaints", "evt-1")
        app.on_complaint_filed(session, *delivered(complaint_event()))
        assert app.bus.wakes == 0  # not before the commit
    assert app.bus.wakes == 1
    with app.uow() as uow:
        report = uow.reports.by_source_ref("go_gorontalo", "c-1")
    assert (report.hazard, report.source, report.verified_reporter) == ("banjir", "go_gorontalo", True)
    assert report.description == "Banjir di Kel. Heledulaa"
    [envelope] = outbox_envelopes(app)
    assert envelope["type"] == "gorontalo.disaster.report.submitted"
    assert envelope["data"] == {
        "report_id": report.id,
        "hazard": "banjir",
        "latitude": KOTA[0],
        "longitude": KOTA[1],
        "source": "go_gorontalo",
        "region_code": report.region_code,
        "reporter_account_id": "",
        "incident_id": "",
    }


def test_a_failing_consumer_transaction_leaves_nothing(app, clock):
    app.bus = CountingBus()
    with pytest.raises(RuntimeError), app.session_factory() as session, session.begin():
        mark_processed(session, "disaster-from-complaints", "evt-1")
        app.on_complaint_filed(session, *delivered(complaint_event()))
        raise RuntimeError("the database went away before the commit")
    assert app.bus.wakes == 0
    with app.session_factory() as session:
        for table in (reports, inbox, outbox):
            assert session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0
