"""Repositories and use cases on real databases: SQLite and PostgreSQL, migrated by Alembic."""

import json

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from gorontalo.permits.v1 import events_pb2
from gorontalo_permits.adapters.tables import metadata
from gorontalo_permits.domain.model import ConcurrentUpdate
from gorontalo_permits.service_layer import applications
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition
from servicekit.messaging import outbox


def outbox_envelopes(app) -> list[dict]:
    with app.engine.connect() as connection:
        rows = connection.execute(sa.select(outbox.c.envelope).order_by(outbox.c.seq)).all()
    return [json.loads(row.envelope) for row in rows]


def test_the_migration_creates_exactly_the_tables_the_code_uses(app):
    with app.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    # servicekit owns the outbox, inbox and blobs; everything else must match tables.py exactly.
    owned_elsewhere = ("outbox", "inbox", "blobs")  # blobs: servicekit.blobs, same columns by construction
    differences = [
        d
        for d in differences
        if not (d[0] == "remove_table" and d[1].name in owned_elsewhere)
        and not (d[0] == "remove_index" and d[1].table.name in owned_elsewhere)
    ]
    assert differences == []


def test_an_application_round_trips_exactly(app, catalog, clock, citizen, submission):
    submitted = applications.submit_application(
        app.uow(), catalog, clock, citizen, **submission(investment_rupiah=10**15, workforce=100_000)
    )
    loaded = applications.get_application(app.uow(), citizen, submitted.id)
    assert loaded == submitted
    assert loaded.investment_rupiah == 10**15 and isinstance(loaded.investment_rupiah, int)
    assert loaded.submitted_at == clock.now and loaded.submitted_at.tzinfo is not None
    assert (loaded.fee_rupiah, loaded.sla_working_days) == (150_000, 5)


def test_a_low_risk_application_is_stored_issued_with_two_events(app, catalog, clock, citizen, submission):
    application = applications.submit_application(
        app.uow(), catalog, clock, citizen, **submission(kbli_code="55130", nib="9120001234567")
    )
    loaded = applications.get_application(app.uow(), citizen, application.id)
    assert [e.status for e in loaded.timeline] == ["submitted", "issued"]
    assert [e["type"] for e in outbox_envelopes(app)] == [
        "gorontalo.permits.application.submitted",
        "gorontalo.permits.application.status_changed",
        "gorontalo.permits.permit.issued",
    ]
    assert [d.document_type for d in loaded.documents] == list(catalog.get("55130").required_documents)


def test_the_outbox_holds_a_cloudevent_without_personal_data(app, catalog, clock, citizen, submission):
    application = applications.submit_application(app.uow(), catalog, clock, citizen, **submission())
    [event] = outbox_envelopes(app)
    assert event["specversion"] == "1.0"
    assert event["type"] == "gorontalo.permits.application.submitted"
    assert event["source"] == "/gorontalo/permits"
    assert event["subject"] == application.id
    assert event["data"] == {
        "application_id": application.id,
        "applicant_id": citizen.subject,
        "kbli_code": "56101",
        "region_code": "75.71.01.1001",
        "regency_code": "75.71",
        "risk_level": "menengah_rendah",
        "kbli_title": "Restoran",
    }


def test_review_is_persisted_with_its_timeline(app, catalog, clock, citizen, kota_officer, submission):
    application = applications.submit_application(app.uow(), catalog, clock, citizen, **submission())
    clock.advance(days=1)
    applications.start_review(app.uow(), clock, kota_officer, application_id=application.id, note="Verifikasi berkas")
    loaded = applications.get_application(app.uow(), kota_officer, application.id)
    assert loaded.status == "in_review" and loaded.version == 1
    assert [(e.status, e.actor_role, e.note, e.at) for e in loaded.timeline] == [
        ("submitted", "citizen", "", application.submitted_at),
        ("in_review", "officer", "Verifikasi berkas", clock.now),
    ]
    assert loaded.timeline[1].actor_id == kota_officer.subject
    with pytest.raises(FailedPrecondition):
        applications.start_review(app.uow(), clock, kota_officer, application_id=application.id)
    assert [e["type"] for e in outbox_envelopes(app)][-1] == "gorontalo.permits.application.status_changed"
    assert len(outbox_envelopes(app)) == 2


def test_a_stale_write_is_refused_and_leaves_no_trace(app, catalog, clock, citizen, kota_officer, submission):
    application = applications.submit_application(app.uow(), catalog, clock, citizen, **submission())
    with app.uow() as uow:
        stale = uow.applications.get(application.id)
    applications.start_review(app.uow(), clock, kota_officer, application_id=application.id)
    stale.transition("withdrawn", actor_role="citizen", at=clock.now)
    with app.uow() as uow, pytest.raises(ConcurrentUpdate):
        uow.applications.save(stale)
    loaded = applications.get_application(app.uow(), kota_officer, application.id)
    assert loaded.status == "in_review"
    assert [e.status for e in loaded.timeline] == ["submitted", "in_review"]


def test_nothing_is_written_when_the_unit_of_work_is_not_committed(app, catalog, clock, citizen, submission):
    application = applications.submit_application(app.uow(), catalog, clock, citizen, **submission())
    with app.uow() as uow:
        loaded = uow.applications.get(application.id)
        loaded.start_review(officer_id="o", at=clock.now)
        uow.applications.save(loaded)
        uow.add_event(
            events_pb2.ApplicationStatusChanged(
                application_id=loaded.id, old_status="submitted", new_status=loaded.status
            ),
            subject=loaded.id,
        )
    assert applications.get_application(app.uow(), citizen, application.id).status == "submitted"
    assert len(outbox_envelopes(app)) == 1


def test_queues_follow_jurisdiction_order_status_and_pages(
    app, catalog, clock, citizen, other_citizen, kota_officer, pohuwato_officer, submission
):
    kota = []
    for n in range(5):
        kota.append(
            applications.submit_application(
                app.uow(), catalog, clock, citizen, **submission(business_name=f"Toko Kota {n}")
            ).id
        )
        clock.advance(minutes=10)
    pohuwato = applications.submit_application(
        app.uow(),
        catalog,
        clock,
        other_citizen,
        **submission(owner="citizen-b", region_code="75.04.04", latitude=0.47, longitude=121.94),
    ).id
    applications.submit_application(
        app.uow(),
        catalog,
        clock,
        other_citizen,
        **submission(
            owner="citizen-b",
            kbli_code="47112",
            region_code="75.04.04",
            latitude=0.47,
            longitude=121.94,
            nib="8120007654321",
        ),
    )

    seen, token = [], ""
    while True:
        page, token = applications.list_applications(app.uow(), kota_officer, page_size=2, page_token=token)
        seen.append([a.id for a in page])
        if not token:
            break
    assert seen == [kota[0:2], kota[2:4], kota[4:5]]

    queue, _ = applications.list_applications(
        app.uow(), pohuwato_officer, page_size=10, page_token="", status="submitted"
    )
    assert [a.id for a in queue] == [pohuwato]
    own, _ = applications.list_applications(app.uow(), citizen, page_size=3, page_token="")
    assert [a.id for a in own] == kota[::-1][:3]
    assert all(len(a.timeline) == 1 for a in own)
    province = Principal("officer-provinsi", "officer", agency="dpmptsp-75", jurisdiction=("75",))
    everything, _ = applications.list_applications(app.uow(), province, page_size=50, page_token="")
    assert len(everything) == 7
    nowhere = Principal("officer-none", "officer", agency="dpmptsp-7571", jurisdiction=())
    assert applications.list_applications(app.uow(), nowhere, page_size=50, page_token="") == ([], "")
