"""The notification outbox and inbox on SQLite and PostgreSQL: written in the state change's transaction."""

import json
import uuid

import pytest
import sqlalchemy as sa

from gorontalo_complaints.adapters.tables import complaints, notifications
from gorontalo_complaints.domain.notifications import CONTACT_CONTEXT
from gorontalo_complaints.service_layer import anonymous, deadlines, follow_up, services
from gorontalo_complaints.service_layer import notifications as notify
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument
from servicekit.messaging import outbox

from .test_follow_up import PUPR, StubClassifier

ALICE = Principal(subject="citizen-a", role="citizen")
BOB = Principal(subject="citizen-b", role="citizen")
PHONE = "0812 3456 7890"


def file_anonymous(app, **overrides):
    fields = dict(
        client_address="198.51.100.7",
        category="jalan_rusak",
        title="Jalan berlubang besar",
        description="Lubang di tengah jalan, motor jatuh.",
        latitude=0.0,
        longitude=0.0,
        region_code="75.71.01",
        privacy="",
        channel="",
        contact_phone=PHONE,
        contact_email="",
    )
    fields.update(overrides)
    return anonymous.file_anonymous(
        app.uow(),
        app.clock,
        app.new_tracking_code,
        app.cipher,
        app.limiter,
        anonymous.AnonymousLimits(10),
        router=app.router,
        **fields,
    )


def rows(app, **where):
    query = sa.select(notifications).order_by(notifications.c.created_at, notifications.c.id)
    for name, value in where.items():
        query = query.where(notifications.c[name] == value)
    with app.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(query)]


def status_of(app, code):
    with app.engine.connect() as connection:
        return connection.execute(sa.select(complaints.c.status).where(complaints.c.tracking_code == code)).scalar_one()


def test_an_anonymous_filer_gets_contact_rows_with_the_destination_encrypted(make_app, database_url, clock):
    app = make_app(database_url, classifier=StubClassifier())
    filed = file_anonymous(app)
    [receipt] = rows(app, tracking_code=filed.tracking_code)
    assert (receipt["kind"], receipt["state"], receipt["channel"]) == ("dispositioned", "pending", "contact")
    assert receipt["complaint_id"] and receipt["attempts"] == 0
    assert "7890" not in receipt["destination_encrypted"] and "812" not in receipt["destination_encrypted"]
    assert app.cipher.decrypt(receipt["destination_encrypted"], CONTACT_CONTEXT) == "+6281234567890"
    assert filed.tracking_code in receipt["message"] and len(receipt["message"]) <= 160

    clock.advance(hours=1)
    follow_up.post_update(
        app.uow(), app.clock, PUPR, tracking_code=filed.tracking_code, note="Catatan dalam", internal=True
    )
    follow_up.post_update(
        app.uow(),
        app.clock,
        PUPR,
        tracking_code=filed.tracking_code,
        note="Kiri atau kanan?",
        internal=False,
        kind="question",
    )
    clock.advance(minutes=1)
    follow_up.start_progress(app.uow(), app.clock, PUPR, tracking_code=filed.tracking_code)
    clock.advance(minutes=1)
    follow_up.resolve(app.uow(), app.clock, PUPR, tracking_code=filed.tracking_code, note="Sudah ditambal.")
    clock.advance(days=30)
    assert filed.tracking_code in deadlines.check_deadlines(app.uow, app.clock).closed
    kinds = [r["kind"] for r in rows(app, tracking_code=filed.tracking_code)]
    # The internal note tells the reporter nothing; the resolving note is part of the one `resolved` message.
    assert kinds == ["dispositioned", "question", "in_progress", "resolved", "closed"]
    texts = " ".join(r["message"] for r in rows(app))
    assert "Kiri" not in texts and "ditambal" not in texts and "pupr-1" not in texts


def test_a_failing_state_change_writes_no_notification(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier())
    filed = file_anonymous(app)
    before = rows(app)

    class BrokenCommit(type(app.uow())):
        def commit(self):
            self.session.flush()  # the rows were written in the transaction...
            raise RuntimeError("database connection lost")  # ...which then fails

    with pytest.raises(RuntimeError):
        follow_up.start_progress(
            BrokenCommit(app.session_factory, links=app.links), app.clock, PUPR, tracking_code=filed.tracking_code
        )
    assert rows(app) == before and status_of(app, filed.tracking_code) == "dispositioned"
    follow_up.start_progress(app.uow(), app.clock, PUPR, tracking_code=filed.tracking_code)
    assert sorted(r["kind"] for r in rows(app)) == ["dispositioned", "in_progress"]
    assert status_of(app, filed.tracking_code) == "in_progress"


def test_a_refused_change_writes_nothing(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier())
    filed = file_anonymous(app)
    with pytest.raises(InvalidArgument):
        follow_up.resolve(app.uow(), app.clock, PUPR, tracking_code=filed.tracking_code, note="")
    assert len(rows(app)) == 1


def old_inapp_entry(app, complaint_id: str, tracking_code: str, recipient_id: str, *, kind: str, at):
    """An in-app entry as complaints wrote them for account holders before svc-inbox (issue 14)."""
    with app.engine.begin() as connection:
        connection.execute(
            notifications.insert().values(
                id=str(uuid.uuid4()),
                complaint_id=complaint_id,
                tracking_code=tracking_code,
                recipient_id=recipient_id,
                channel="inapp",
                destination_encrypted="",
                kind=kind,
                status=kind,
                message=f"Go-Gorontalo: Pengaduan {tracking_code} ({kind})",
                state="delivered",
                attempts=0,
                created_at=at,
                sent_at=at,
            )
        )


def file_signed_in(app, principal):
    return services.file_complaint(
        app.uow(),
        app.clock,
        app.new_tracking_code,
        principal,
        router=app.router,
        category="",
        title="Jalan berlubang besar",
        description="Lubang di tengah jalan, motor jatuh.",
        latitude=0.0,
        longitude=0.0,
        region_code="75.71.01",
        privacy="",
        channel="app",
    )


def test_account_holders_are_told_by_the_inbox_not_by_complaints(make_app, database_url, clock):
    app = make_app(database_url, classifier=StubClassifier())
    mine = file_signed_in(app, ALICE)
    follow_up.post_update(
        app.uow(), app.clock, PUPR, tracking_code=mine.tracking_code, note="Tim meninjau lokasi besok.", internal=False
    )
    follow_up.start_progress(app.uow(), app.clock, PUPR, tracking_code=mine.tracking_code)
    assert rows(app) == []  # svc-inbox tells them, from the events' reporter_account_id
    with app.engine.connect() as connection:
        events = [
            json.loads(envelope)
            for envelope in connection.execute(sa.select(outbox.c.envelope).order_by(outbox.c.seq)).scalars()
        ]
    told = [e["data"] for e in events if e["type"].endswith(("filed", "status_changed", "update_posted"))]
    assert len(told) == 4 and all(data["reporter_account_id"] == ALICE.subject for data in told)


def test_old_inbox_entries_stay_listed_for_their_owner_only_paginated(make_app, database_url, clock):
    app = make_app(database_url, classifier=StubClassifier())
    mine, theirs = file_signed_in(app, ALICE), file_signed_in(app, BOB)
    old_inapp_entry(app, mine.id, mine.tracking_code, ALICE.subject, kind="dispositioned", at=clock.now)
    old_inapp_entry(app, theirs.id, theirs.tracking_code, BOB.subject, kind="dispositioned", at=clock.now)
    clock.advance(minutes=1)
    old_inapp_entry(app, mine.id, mine.tracking_code, ALICE.subject, kind="update", at=clock.now)

    first = notify.list_inbox(app.uow(), ALICE, page_size=1, page_token="")
    assert [(e["tracking_code"], e["kind"]) for e in first.entries] == [(mine.tracking_code, "update")]
    second = notify.list_inbox(app.uow(), ALICE, page_size=1, page_token=first.next_page_token)
    assert [(e["tracking_code"], e["kind"]) for e in second.entries] == [(mine.tracking_code, "dispositioned")]
    assert notify.list_inbox(app.uow(), ALICE, page_size=1, page_token=second.next_page_token).entries == []
    assert {e["tracking_code"] for e in notify.list_inbox(app.uow(), BOB, page_size=0, page_token="").entries} == {
        theirs.tracking_code
    }
    with pytest.raises(InvalidArgument):
        notify.list_inbox(app.uow(), ALICE, page_size=-1, page_token="x")
    # In-app entries are never handed to the sender.
    with app.uow() as uow:
        assert uow.deliveries.due_ids(clock.now, 10) == [] and uow.deliveries.pending_count() == 0
