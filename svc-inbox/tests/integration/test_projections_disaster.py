"""disaster's events in the read model: CAP alerts told to the residents of the regencies they reach
(urgent ones through quiet hours), and a signed-in resident's own reports on their timeline."""

import datetime as dt

from gorontalo_inbox.adapters.tables import deliveries, notifications, timeline_items

from gorontalo.disaster.v1 import disaster_pb2
from gorontalo.disaster.v1 import events_pb2 as disaster_events
from gorontalo.identity.v1 import events_pb2 as identity_events

from .projecting import apply, at, rows


def _alert(**fields):
    base = dict(
        alert_id="al-1",
        identifier="BPBD-1",
        sender="bpbd@gorontaloprov.go.id",
        msg_type="Alert",
        status="Actual",
        hazard="banjir",
        event="Banjir",
        urgency="Expected",
        severity="Moderate",
        certainty="Likely",
        headline=disaster_pb2.LocalizedText(id="Banjir di Tapa", en="Flood in Tapa"),
        region_codes=["75.03.05"],
    )
    base.update(fields)
    return disaster_events.AlertPublished(**base)


def test_alerts_reach_residents_of_the_regency_and_urgent_ones_pass_quiet_hours(
    make_app, database_url, cloudevent, clock
):
    app = make_app(database_url)
    clock.now = dt.datetime(2026, 3, 10, 15, 30, tzinfo=dt.UTC)  # 23:30 WITA
    night = clock.now - dt.timedelta(minutes=1)
    apply(
        app,
        cloudevent(identity_events.CitizenRegistered(citizen_id="bonebolango-1", regency_code="75.03"), at=at(0)),
        cloudevent(identity_events.CitizenRegistered(citizen_id="kota-1", regency_code="75.71"), at=at(0)),
        cloudevent(identity_events.CitizenRegistered(citizen_id="moved-1", regency_code="75.71"), at=at(0)),
        cloudevent(identity_events.CitizenUpdated(citizen_id="moved-1", regency_code="75.03"), at=at(1)),
        cloudevent(_alert(), at=night, type_="gorontalo.disaster.alert.issued"),
        cloudevent(_alert(alert_id="al-2", severity="Severe"), at=night, type_="gorontalo.disaster.alert.issued"),
        cloudevent(
            _alert(alert_id="al-3", status="Exercise", severity="Extreme"),
            at=night,
            type_="gorontalo.disaster.alert.issued",
        ),
    )
    told = sorted((n["resident_id"], n["ref_id"], n["urgent"]) for n in rows(app, notifications))
    assert told == [
        ("bonebolango-1", "al-1", False),
        ("bonebolango-1", "al-2", True),
        ("moved-1", "al-1", False),
        ("moved-1", "al-2", True),
    ]
    held = {(d["recipient_id"], d["next_attempt_at"] > clock.now) for d in rows(app, deliveries)}
    assert held == {("bonebolango-1", True), ("bonebolango-1", False), ("moved-1", True), ("moved-1", False)}


def test_a_signed_in_residents_disaster_report_joins_their_timeline_alone(make_app, database_url, cloudevent):
    app = make_app(database_url)
    mine = dict(report_id="rep-1", hazard="tanah_longsor", source="api", region_code="75.71.01")
    statuses = apply(
        app,
        cloudevent(disaster_events.ReportSubmitted(**mine, reporter_account_id="citizen-5"), at=at(0)),
        # Without an account (anonymous, SMS): nobody's timeline, told from the event alone.
        cloudevent(disaster_events.ReportSubmitted(report_id="rep-2", hazard="banjir", source="sms"), at=at(1)),
    )
    assert statuses == ["processed", "ignored"], statuses
    [item] = rows(app, timeline_items)
    assert (item["kind"], item["ref_id"], item["resident_id"], item["state"]) == (
        "report",
        "rep-1",
        "citizen-5",
        "received",
    )
    assert rows(app, notifications) == []  # nobody is told of their own act
