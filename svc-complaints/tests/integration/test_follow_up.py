"""Routing, follow-up and deadlines through the use cases against SQLite and PostgreSQL."""

import json

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from gorontalo_complaints.adapters.classifier import Suggestion
from gorontalo_complaints.adapters.tables import dispatch_corrections
from gorontalo_complaints.service_layer import deadlines, follow_up, queues, routing, services
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, PermissionDenied
from servicekit.messaging import outbox

ALICE = Principal(subject="citizen-a", role="citizen")
BOB = Principal(subject="citizen-b", role="citizen")
PUPR = Principal(subject="pupr-1", role="officer", agency="dinas-pupr-7571", jurisdiction=("75.71",))
PUPR_ELSEWHERE = Principal(subject="pupr-x", role="officer", agency="dinas-pupr-7571", jurisdiction=("75.04",))
DLH = Principal(subject="dlh-1", role="officer", agency="dlh-7571", jurisdiction=("75.71",))
DISPATCHER = Principal(subject="disp-1", role="officer", agency="diskominfo-75", jurisdiction=("75",))
ADMIN = Principal(subject="admin-1", role="admin")  # no jurisdiction claim: province-wide


class StubClassifier:
    def __init__(self, category="jalan_rusak", confidence=0.9):
        self.answer = Suggestion(category, confidence)

    def suggest(self, text):
        return self.answer


def file(app, principal=ALICE, **overrides):
    fields = dict(
        category="",
        title="Jalan berlubang besar",
        description="Lubang di tengah jalan, motor jatuh.",
        latitude=0.0,
        longitude=0.0,
        region_code="75.71.01",
        privacy="",
        channel="app",
    )
    fields.update(overrides)
    return services.file_complaint(app.uow(), app.clock, app.new_tracking_code, principal, router=app.router, **fields)


def events(app, type_=None):
    with app.engine.connect() as connection:
        rows = connection.execute(sa.select(outbox).order_by(outbox.c.seq)).all()
    found = [json.loads(row.envelope) for row in rows]
    return [e for e in found if type_ is None or e["type"] == type_]


def sample(name, labels=None):
    return REGISTRY.get_sample_value(name, labels or {}) or 0


def test_a_confident_suggestion_routes_and_the_agency_follows_up(make_app, database_url, clock):
    app = make_app(database_url, classifier=StubClassifier("jalan_rusak", 0.91))
    filed = file(app)
    assert (filed.status, filed.category, filed.agency_code) == ("dispositioned", "jalan_rusak", "dinas-pupr-7571")
    assert (filed.suggested_category, filed.suggestion_confidence) == ("jalan_rusak", 0.91)
    [routed] = events(app, "gorontalo.complaints.complaint.dispositioned")
    assert routed["data"]["routed_by"] == "model" and routed["data"]["agency_code"] == "dinas-pupr-7571"

    inbox = queues.agency_inbox(app.uow(), PUPR)
    assert [c.tracking_code for c in inbox.complaints] == [filed.tracking_code]
    assert queues.agency_inbox(app.uow(), DLH).complaints == []
    assert queues.agency_inbox(app.uow(), PUPR_ELSEWHERE).complaints == []

    clock.advance(hours=2)
    follow_up.post_update(
        app.uow(),
        app.clock,
        PUPR,
        tracking_code=filed.tracking_code,
        note="Koordinasi dengan kontraktor",
        internal=True,
    )
    clock.advance(minutes=5)
    follow_up.post_update(
        app.uow(),
        app.clock,
        PUPR,
        tracking_code=filed.tracking_code,
        note="Tim akan meninjau lokasi besok pagi.",
        internal=False,
    )
    started = follow_up.start_progress(app.uow(), app.clock, PUPR, tracking_code=filed.tracking_code)
    assert started.status == "in_progress" and started.first_response_at == clock.now
    clock.advance(days=1)
    resolved = follow_up.resolve(
        app.uow(), app.clock, PUPR, tracking_code=filed.tracking_code, note="Lubang sudah ditambal."
    )
    assert resolved.status == "resolved" and resolved.resolved_at == clock.now

    public_updates = follow_up.list_updates(app.uow(), None, tracking_code=filed.tracking_code)
    assert [u["note"] for u in public_updates] == ["Tim akan meninjau lokasi besok pagi.", "Lubang sudah ditambal."]
    agency_updates = follow_up.list_updates(app.uow(), PUPR, tracking_code=filed.tracking_code)
    assert len(agency_updates) == 3 and agency_updates[0]["internal"] is True

    with pytest.raises(PermissionDenied):
        follow_up.rate(app.uow(), app.clock, BOB, tracking_code=filed.tracking_code, rating=1)
    before = sample("gorontalo_complaints_ratings_total", {"rating": "4"})
    rated = follow_up.rate(
        app.uow(), app.clock, ALICE, tracking_code=filed.tracking_code, rating=4, comment="Cukup cepat"
    )
    assert (rated.status, rated.rating, rated.rating_comment) == ("closed", 4, "Cukup cepat")
    assert sample("gorontalo_complaints_ratings_total", {"rating": "4"}) == before + 1
    [rated_event] = events(app, "gorontalo.complaints.complaint.rated")
    assert rated_event["data"]["rating"] == 4 and "citizen-a" not in json.dumps(rated_event)
    statuses = [e["data"]["to_status"] for e in events(app, "gorontalo.complaints.complaint.status_changed")]
    assert statuses == ["dispositioned", "in_progress", "resolved", "closed"]


@pytest.mark.parametrize("officer", [DLH, PUPR_ELSEWHERE, DISPATCHER])
def test_officers_of_another_agency_or_region_can_do_nothing(make_app, database_url, officer):
    app = make_app(database_url, classifier=StubClassifier())
    code = file(app).tracking_code
    for act in (
        lambda: follow_up.post_update(
            app.uow(), app.clock, officer, tracking_code=code, note="Catatan petugas", internal=True
        ),
        lambda: follow_up.start_progress(app.uow(), app.clock, officer, tracking_code=code),
        lambda: follow_up.resolve(app.uow(), app.clock, officer, tracking_code=code, note="Selesai."),
    ):
        with pytest.raises(PermissionDenied):
            act()
    assert len(follow_up.list_updates(app.uow(), officer, tracking_code=code)) == 0


def test_a_doubtful_suggestion_waits_and_the_dispatcher_correction_is_kept(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier("lampu_jalan", 0.41))
    before = sample("gorontalo_complaints_suggestions_reviewed_total", {"outcome": "corrected"})
    filed = file(app, title="Ada masalah di jalan kami", description="Mohon dicek, warga resah sekali.")
    assert (filed.status, filed.needs_dispatch, filed.agency_code, filed.category) == ("received", True, "", "")
    assert filed.suggested_category == "lampu_jalan"
    assert events(app, "gorontalo.complaints.complaint.dispositioned") == []

    with pytest.raises(PermissionDenied):
        queues.dispatch_queue(app.uow(), app.staff, PUPR)
    queue = queues.dispatch_queue(app.uow(), app.staff, DISPATCHER)
    assert [c.tracking_code for c in queue.complaints] == [filed.tracking_code]
    with pytest.raises(PermissionDenied):
        follow_up.dispatch(
            app.uow(), app.clock, app.router, app.staff, PUPR, tracking_code=filed.tracking_code, category="jalan_rusak"
        )
    with pytest.raises(PermissionDenied):
        follow_up.verify(app.uow(), app.clock, app.staff, PUPR, tracking_code=filed.tracking_code)
    verified = follow_up.verify(app.uow(), app.clock, app.staff, DISPATCHER, tracking_code=filed.tracking_code)
    assert (verified.status, verified.needs_dispatch) == ("verified", True)
    assert [c.status for c in queues.dispatch_queue(app.uow(), app.staff, DISPATCHER).complaints] == ["verified"]
    routed = follow_up.dispatch(
        app.uow(),
        app.clock,
        app.router,
        app.staff,
        DISPATCHER,
        tracking_code=filed.tracking_code,
        category="jalan_rusak",
    )
    assert (routed.status, routed.agency_code, routed.needs_dispatch) == ("dispositioned", "dinas-pupr-7571", False)
    assert sample("gorontalo_complaints_suggestions_reviewed_total", {"outcome": "corrected"}) == before + 1
    with app.engine.connect() as connection:
        [correction] = connection.execute(sa.select(dispatch_corrections)).all()
    assert (correction.suggested_category, correction.chosen_category) == ("lampu_jalan", "jalan_rusak")
    assert "warga resah" in correction.text and correction.dispatcher_id == "disp-1"
    with app.uow() as uow:
        assert uow.corrections.examples() == [(correction.text, "jalan_rusak")]
    assert queues.dispatch_queue(app.uow(), app.staff, DISPATCHER).complaints == []
    with pytest.raises(FailedPrecondition):
        follow_up.dispatch(
            app.uow(),
            app.clock,
            app.router,
            app.staff,
            ADMIN,
            tracking_code=filed.tracking_code,
            category="jalan_rusak",
        )


def test_admin_edits_win_over_the_packaged_table(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier())
    with pytest.raises(PermissionDenied):
        routing.put_entry(
            app.uow(), app.clock, PUPR, category="sampah", regency_code="7571", agency_code="x-y-z", agency_name="XYZ"
        )
    with pytest.raises(PermissionDenied):  # an admin whose token names a jurisdiction is held to it
        routing.put_entry(
            app.uow(),
            app.clock,
            Principal(subject="adm-2", role="admin", jurisdiction=("75.04",)),
            category="sampah",
            regency_code="7571",
            agency_code="x-y-z",
            agency_name="XYZ",
        )
    routing.put_entry(
        app.uow(),
        app.clock,
        ADMIN,
        category="sampah",
        regency_code="7571",
        agency_code="dlh-7571",
        agency_name="Dinas Lingkungan Hidup Kota Gorontalo",
    )
    routing.put_entry(
        app.uow(),
        app.clock,
        ADMIN,
        category="sampah",
        regency_code="75.71",
        agency_code="dlh-kota-7571",
        agency_name="DLH Kota Gorontalo",
    )
    filed = file(app, category="sampah", title="Sampah menumpuk", description="Tidak diangkut sepekan.")
    assert filed.agency_code == "dlh-kota-7571"
    entries = routing.list_entries(app.uow(), app.router, ADMIN, category="sampah")
    assert len(entries) == 6 and {e.source for e in entries} == {"packaged", "edited"}
    assert events(app, "gorontalo.complaints.routing.updated")[-1]["data"]["agency_code"] == "dlh-kota-7571"


def test_a_complaint_with_coordinates_alone_is_routed_by_its_nearest_district(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier("jalan_rusak", 0.95))
    filed = file(app, region_code="", latitude=0.5412, longitude=123.0595)  # Kota Gorontalo
    assert filed.region_code.startswith("75.71.") and len(filed.region_code) == 8
    assert (filed.needs_dispatch, filed.agency_code) == (False, "dinas-pupr-7571")


def test_a_complaint_the_model_cannot_place_is_routed_once_the_dispatcher_decides(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier("jalan_rusak", 0.2))
    filed = file(app, category="", region_code="", latitude=0.5412, longitude=123.0595)
    assert (filed.status, filed.needs_dispatch) == ("received", True)
    assert [c.tracking_code for c in queues.dispatch_queue(app.uow(), app.staff, DISPATCHER).complaints] == [
        filed.tracking_code
    ]
    routed = follow_up.dispatch(
        app.uow(),
        app.clock,
        app.router,
        app.staff,
        DISPATCHER,
        tracking_code=filed.tracking_code,
        category="jalan_rusak",
    )
    assert (routed.region_code, routed.agency_code) == (filed.region_code, "dinas-pupr-7571")


def test_reject_by_dispatcher_before_and_by_agency_after_disposition(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier("lainnya", 0.2))
    waiting = file(app)
    rejected = follow_up.reject(
        app.uow(),
        app.clock,
        app.staff,
        ADMIN,
        tracking_code=waiting.tracking_code,
        reason="Bukan pengaduan layanan publik.",
    )
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "Bukan pengaduan layanan publik.")
    routed = file(app, category="jalan_rusak")
    with pytest.raises(PermissionDenied):
        follow_up.reject(
            app.uow(), app.clock, app.staff, DLH, tracking_code=routed.tracking_code, reason="Bukan kewenangan kami"
        )
    assert (
        follow_up.reject(
            app.uow(),
            app.clock,
            app.staff,
            PUPR,
            tracking_code=routed.tracking_code,
            reason="Jalan nasional, bukan kewenangan kota.",
        ).status
        == "rejected"
    )


def test_moving_the_clock_breaches_deadlines_once_and_escalates(make_app, database_url, clock):
    app = make_app(database_url, classifier=StubClassifier("lainnya", 0.2))
    waiting = file(app)  # Monday 10 March 2025, 16:30 WITA
    routed = file(app, category="jalan_rusak")
    before = sample("gorontalo_complaints_deadline_sweep_breaches_total", {"deadline": "disposition"})
    clock.advance(days=2)
    assert deadlines.check_deadlines(app.uow, app.clock).breaches == []
    clock.advance(days=1, hours=8)  # Thursday 13 March 24:00 WITA: 3 working days are over
    result = deadlines.check_deadlines(app.uow, app.clock)
    assert result.breaches == [(waiting.tracking_code, "disposition")]
    assert sample("gorontalo_complaints_deadline_sweep_breaches_total", {"deadline": "disposition"}) == before + 1
    [breach] = events(app, "gorontalo.complaints.complaint.deadline_breached")
    assert breach["data"]["escalated_to"] == ["agency_head", "province_dispatcher"]
    assert breach["data"]["deadline"] == "disposition"
    assert services.get_complaint(app.uow(), None, waiting.tracking_code).breached_deadlines == ("disposition",)
    clock.advance(days=7)  # past 5 working days since the routed one's disposition, no response yet
    result = deadlines.check_deadlines(app.uow, app.clock)
    assert result.breaches == [(routed.tracking_code, "first_response")]
    assert deadlines.check_deadlines(app.uow, app.clock).breaches == []  # recorded once


def test_resolved_complaints_close_automatically_and_cannot_be_reopened_after(make_app, database_url, clock):
    app = make_app(database_url, classifier=StubClassifier())
    first, second = file(app).tracking_code, file(app).tracking_code
    for code in (first, second):
        follow_up.resolve(app.uow(), app.clock, PUPR, tracking_code=code, note="Sudah diperbaiki.")
    clock.advance(days=3)
    reopened = follow_up.reopen(app.uow(), app.clock, ALICE, tracking_code=first, reason="Lubangnya muncul lagi.")
    assert reopened.status == "reopened"
    clock.advance(days=14)
    assert deadlines.check_deadlines(app.uow, app.clock).closed == [second]
    assert services.get_complaint(app.uow(), None, second).status == "closed"
    with pytest.raises(FailedPrecondition):
        follow_up.reopen(app.uow(), app.clock, ALICE, tracking_code=second, reason="Masih rusak.")


def test_confidential_updates_stay_with_reporter_and_agency(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier())
    code = file(app, privacy="rahasia").tracking_code
    follow_up.post_update(app.uow(), app.clock, PUPR, tracking_code=code, note="Sedang ditinjau.", internal=False)
    assert follow_up.list_updates(app.uow(), None, tracking_code=code) == []
    assert follow_up.list_updates(app.uow(), BOB, tracking_code=code) == []
    assert len(follow_up.list_updates(app.uow(), ALICE, tracking_code=code)) == 1
    assert len(follow_up.list_updates(app.uow(), PUPR, tracking_code=code)) == 1
