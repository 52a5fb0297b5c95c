"""Times with another UTC offset survive complaints' repositories on SQLite and PostgreSQL.

SQLite has no timestamp type: before servicekit.db.UtcDateTime a value written as 22:50+07:00 was
stored as the digits 22:50 and read back as 22:50Z, seven hours off, and compared as local digits.
Every time here is written in WIB (+07:00), WITA (+08:00) or WIT (+09:00), read back through the
repositories, and must be the same instant, timezone-aware in UTC.
"""

import dataclasses
import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from gorontalo_complaints.adapters import tables
from gorontalo_complaints.domain import model
from gorontalo_complaints.domain.routing import Agency, RoutingEntry

WIB, WITA, WIT = (dt.timezone(dt.timedelta(hours=h)) for h in (7, 8, 9))
# Local digits that differ from their UTC digits, and cross midnight UTC in WIT.
T1 = dt.datetime(2026, 11, 27, 22, 50, 0, 123456, tzinfo=WIB)
T2 = dt.datetime(2026, 11, 28, 6, 15, tzinfo=WITA)
T3 = dt.datetime(2026, 11, 28, 8, 5, tzinfo=WIT)
T4 = dt.datetime(2026, 11, 28, 23, 59, 59, tzinfo=WIT)
T5 = dt.datetime(2026, 11, 29, 0, 30, tzinfo=WIB)


def same_instant_in_utc(read: dt.datetime, written: dt.datetime) -> None:
    assert read is not None and read.utcoffset() == dt.timedelta(0), read
    assert read == written, (read, written.astimezone(dt.UTC))


def complaint(**overrides) -> model.Complaint:
    fields = dict(
        id=str(uuid.uuid4()),
        tracking_code="GTO-7K3Q-95",
        reporter_id="citizen-a",
        category="jalan_rusak",
        title="Jalan berlubang",
        description="Lubang besar.",
        latitude=0.54,
        longitude=123.06,
        region_code="75.71.01",
        privacy="biasa",
        channel="app",
        status="closed",
        filed_at=T1,
        dispositioned_at=T2,
        first_response_at=T3,
        resolved_at=T4,
        closed_at=T5,
    )
    fields.update(overrides)
    return model.Complaint(**fields)


@pytest.fixture
def app(make_app, database_url):
    return make_app(database_url, classifier=False)


def test_complaint_times_round_trip_and_compare_as_instants(app):
    filed = complaint()
    with app.uow() as uow:
        uow.complaints.add(filed)
        uow.commit()
    with app.uow() as uow:
        read = uow.complaints.by_tracking_code(filed.tracking_code)
        for name in ("filed_at", "dispositioned_at", "first_response_at", "resolved_at", "closed_at"):
            same_instant_in_utc(getattr(read, name), getattr(filed, name))
        # Bounds in yet another offset: one second either side of the filing instant.
        just_after = (T1 + dt.timedelta(seconds=1)).astimezone(WIT)
        just_before = (T1 - dt.timedelta(seconds=1)).astimezone(WITA)
        assert uow.complaints.filed_between(just_after, just_after + dt.timedelta(days=1)) == []
        assert [x.id for x in uow.complaints.filed_between(just_before, just_after)] == [filed.id]
        assert uow.complaints.contact_filings_since("", just_after) == 0


def test_a_saved_complaint_keeps_its_instants(app):
    filed = complaint(status="dispositioned", first_response_at=None, resolved_at=None, closed_at=None)
    with app.uow() as uow:
        uow.complaints.add(filed)
        uow.commit()
    with app.uow() as uow:
        read = uow.complaints.by_tracking_code(filed.tracking_code)
        uow.complaints.save(dataclasses.replace(read, status="resolved", first_response_at=T3, resolved_at=T4))
        uow.commit()
    with app.uow() as uow:
        read = uow.complaints.by_tracking_code(filed.tracking_code)
    same_instant_in_utc(read.first_response_at, T3)
    same_instant_in_utc(read.resolved_at, T4)


def test_updates_breaches_photos_keys_and_routing_round_trip(app):
    filed = complaint()
    with app.uow() as uow:
        uow.complaints.add(filed)
        uow.updates.add(
            complaint_id=filed.id,
            author_id="pupr-1",
            agency_code="dinas-pupr-7571",
            note="Dicek.",
            internal=False,
            status="in_progress",
            now=T3,
        )
        uow.breaches.add(
            complaint_id=filed.id,
            deadline="disposition",
            due_at=T2,
            now=T5,
            agency_code="dinas-pupr-7571",
            region_code="75.71.01",
        )
        uow.photos.add(
            id="photo-1",
            complaint_id=filed.id,
            owner_id="citizen-a",
            kind="report",
            content_type="image/jpeg",
            width=1,
            height=1,
            size_bytes=1,
            storage_key="k",
            created_at=T4,
        )
        uow.photos.add(
            id="photo-2",
            complaint_id=None,
            owner_id="citizen-a",
            kind="report",
            content_type="image/jpeg",
            width=1,
            height=1,
            size_bytes=1,
            storage_key="k2",
            created_at=T1,
        )
        assert uow.supports.add(filed.id, "citizen-b", T2)
        uow.open311_keys.add(key_id="key-1", name="FixMyStreet", key_hash="h" * 64, now=T1)
        uow.routing.put(
            RoutingEntry("sampah", "75.71", Agency("dlh-7571", "DLH Kota"), "edited"), updated_by="admin", now=T3
        )
        uow.corrections.add(
            complaint_id=filed.id,
            text="x",
            suggested="sampah",
            confidence=0.5,
            chosen="jalan_rusak",
            dispatcher_id="disp-1",
            now=T4,
        )
        uow.commit()
    with app.uow() as uow:
        [update] = uow.updates.of(filed.id, include_internal=True)
        same_instant_in_utc(update["created_at"], T3)
        [breach] = uow.breaches.for_dispatcher(("75",), offset=0, limit=10)
        same_instant_in_utc(breach["due_at"], T2)
        same_instant_in_utc(breach["detected_at"], T5)
        [photo] = uow.photos.of(filed.id)
        same_instant_in_utc(photo.created_at, T4)
        # Staged before a moment given in WIT: T1 is before, the same instant is not.
        assert [r.id for r in uow.photos.staged_before(T1.astimezone(WIT) + dt.timedelta(seconds=1))] == ["photo-2"]
        assert uow.photos.staged_before(T1.astimezone(WIT)) == []
        same_instant_in_utc(uow.open311_keys.find("h" * 64)["created_at"], T1)
        assert uow.open311_keys.revoke("key-1", T5)
        uow.commit()
    with app.uow() as uow:
        [key] = uow.open311_keys.all()
        same_instant_in_utc(key["revoked_at"], T5)
        for table, column, written in (
            (tables.complaint_supports, "created_at", T2),
            (tables.routing_entries, "updated_at", T3),
            (tables.dispatch_corrections, "created_at", T4),
        ):
            same_instant_in_utc(uow.session.execute(sa.select(table.c[column])).scalar_one(), written)


def test_notification_times_round_trip_and_due_rows_compare_as_instants(app):
    filed = complaint()
    with app.uow() as uow:
        uow.complaints.add(filed)
        row = uow.notifications.add(
            complaint_id=filed.id,
            tracking_code=filed.tracking_code,
            recipient_id="anonymous:x",
            destination_encrypted="c",
            kind="resolved",
            status="resolved",
            message="m",
            now=T2,
        )
        uow.commit()
    with app.uow() as uow:
        read = uow.deliveries.get(row["id"])
        same_instant_in_utc(read["created_at"], T2)
        same_instant_in_utc(read["next_attempt_at"], T2)
        # Due exactly at T2, asked in another offset: a second early it is not due, at T2 it is.
        assert uow.deliveries.due_ids((T2 - dt.timedelta(seconds=1)).astimezone(WIB), 10) == []
        assert uow.deliveries.due_ids(T2.astimezone(WIT), 10) == [row["id"]]
        claimed = uow.deliveries.claim(row["id"], T2.astimezone(WIT), T3)
        same_instant_in_utc(claimed["claimed_until"], T3)
        uow.deliveries.mark_sent(row["id"], T4, "p-1", channel="sms")
        uow.commit()
    with app.uow() as uow:
        assert uow.deliveries.apply_delivery_status(row["id"], "delivered", T5)
        uow.commit()
    with app.uow() as uow:
        read = uow.deliveries.get(row["id"])
        same_instant_in_utc(read["sent_at"], T4)
        same_instant_in_utc(read["reported_at"], T5)
        assert (read["state"], read["status"], read["channel"]) == ("delivered", "resolved", "sms")


def test_a_naive_time_is_refused_not_guessed(app):
    with app.uow() as uow, pytest.raises(sa.exc.StatementError) as caught:
        uow.complaints.add(complaint(filed_at=dt.datetime(2026, 11, 27, 22, 50)))
    assert "naive" in str(caught.value)
