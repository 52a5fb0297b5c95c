"""The events complaints publishes are their proto messages, and the JSON on the wire is what it was
before the messages (issue 13): the same keys and values, a rahasia title still absent."""

import datetime as dt

from gorontalo.complaints.v1 import events_pb2
from gorontalo_complaints.domain import model
from gorontalo_complaints.domain.routing import Agency, RoutingEntry
from gorontalo_complaints.service_layer import events
from servicekit import event_messages

FILED_AT = dt.datetime(2025, 3, 10, 8, 30, tzinfo=dt.UTC)


def complaint(**overrides):
    fields = dict(
        id="c-1",
        tracking_code="GTO-7K3Q-95",
        reporter_id="citizen-a",
        category="banjir",
        title="Banjir di Jl. Nani Wartabone",
        description="Air setinggi lutut sejak pagi.",
        latitude=0.5435,
        longitude=123.0568,
        region_code="75.71.01.1001",
        privacy="biasa",
        channel="app",
        status="dispositioned",
        filed_at=FILED_AT,
        agency_code="bpbd-7571",
        category_source=model.FILER,
    )
    fields.update(overrides)
    return model.Complaint(**fields)


def wire(message) -> tuple[str, dict]:
    return event_messages.event_type(message), event_messages.to_data(message)


def test_filed_is_its_message_with_the_keys_emitted_before():
    assert wire(events.filed(complaint())) == (
        "gorontalo.complaints.complaint.filed",
        {
            "complaint_id": "c-1",
            "tracking_code": "GTO-7K3Q-95",
            "category": "banjir",
            "region_code": "75.71.01.1001",
            "latitude": 0.5435,
            "longitude": 123.0568,
            "title": "Banjir di Jl. Nani Wartabone",
            "privacy": "biasa",
            "category_source": "filer",
            "reporter_account_id": "citizen-a",
        },
    )


def test_a_confidential_title_stays_out_and_a_missing_position_is_zero():
    type_, data = wire(events.filed(complaint(privacy="rahasia", latitude=None, longitude=None)))
    assert "title" not in data and data["privacy"] == "rahasia"
    assert (data["latitude"], data["longitude"]) == (0.0, 0.0)
    assert "reporter_id" not in data and "description" not in data
    _, confirmed = wire(events.category_confirmed(complaint(privacy="rahasia")))
    assert "title" not in confirmed


def test_category_confirmed_carries_the_filed_fields_with_the_dispatcher_as_source():
    type_, data = wire(events.category_confirmed(complaint()))
    _, filed = wire(events.filed(complaint()))
    assert type_ == "gorontalo.complaints.complaint.category_confirmed"
    del filed["reporter_account_id"]  # the inbox tells the reporter from filed and status_changed
    assert data == {**filed, "category_source": "dispatcher"}


def test_the_reporter_account_is_named_only_for_a_filer_with_an_account():
    """svc-inbox tells reporters with an account; "" for filers without one (complaints tells them itself)."""
    row = {"id": "u-1", "internal": False, "kind": "update"}
    for reporter_id, expected in (
        ("citizen-a", "citizen-a"),
        ("anonymous:0f3c9a", ""),
        ("open311:key-1", ""),
    ):
        c = complaint(reporter_id=reporter_id)
        assert events.filed(c).reporter_account_id == expected
        assert events.status_changed(c, "received").reporter_account_id == expected
        assert events.update_posted(c, row).reporter_account_id == expected
    assert events.status_changed(complaint(), "received").category == "banjir"


def test_a_consumer_parses_the_payload_back_into_the_message():
    _, data = wire(events.filed(complaint()))
    parsed = event_messages.parse(events_pb2.ComplaintFiled, data)
    assert parsed == events.filed(complaint())


def test_the_follow_up_events_keep_their_keys():
    c = complaint()
    assert wire(events.status_changed(c, "received")) == (
        "gorontalo.complaints.complaint.status_changed",
        {
            "complaint_id": "c-1",
            "tracking_code": "GTO-7K3Q-95",
            "from_status": "received",
            "to_status": "dispositioned",
            "agency_code": "bpbd-7571",
            "region_code": "75.71.01.1001",
            "reporter_account_id": "citizen-a",
            "category": "banjir",
        },
    )
    assert wire(events.dispositioned(c, "model", 0.91)) == (
        "gorontalo.complaints.complaint.dispositioned",
        {
            "complaint_id": "c-1",
            "tracking_code": "GTO-7K3Q-95",
            "category": "banjir",
            "region_code": "75.71.01.1001",
            "agency_code": "bpbd-7571",
            "routed_by": "model",
            "confidence": 0.91,
        },
    )
    assert wire(events.supported(c)) == (
        "gorontalo.complaints.complaint.supported",
        {"complaint_id": "c-1", "tracking_code": "GTO-7K3Q-95", "category": "banjir", "region_code": "75.71.01.1001"},
    )
    assert wire(events.rated(c, 4)) == (
        "gorontalo.complaints.complaint.rated",
        {
            "complaint_id": "c-1",
            "tracking_code": "GTO-7K3Q-95",
            "rating": 4,
            "agency_code": "bpbd-7571",
            "region_code": "75.71.01.1001",
        },
    )
    due = dt.datetime(2025, 3, 12, 8, 30, tzinfo=dt.UTC)
    assert wire(events.deadline_breached(c, "disposition", due)) == (
        "gorontalo.complaints.complaint.deadline_breached",
        {
            "complaint_id": "c-1",
            "tracking_code": "GTO-7K3Q-95",
            "deadline": "disposition",
            "due_at": "2025-03-12T08:30:00+00:00",
            "agency_code": "bpbd-7571",
            "region_code": "75.71.01.1001",
            "escalated_to": ["agency_head", "province_dispatcher"],
        },
    )
    row = {"id": "u-1", "internal": False, "kind": "answer"}
    assert wire(events.update_posted(c, row)) == (
        "gorontalo.complaints.complaint.update_posted",
        {
            "complaint_id": "c-1",
            "tracking_code": "GTO-7K3Q-95",
            "update_id": "u-1",
            "internal": False,
            "agency_code": "bpbd-7571",
            "kind": "answer",
            "reporter_account_id": "citizen-a",
        },
    )
    entry = RoutingEntry("banjir", "75.71", Agency("bpbd-7571", "BPBD Kota Gorontalo"), "edited")
    assert wire(events.routing_updated(entry)) == (
        "gorontalo.complaints.routing.updated",
        {"category": "banjir", "regency_code": "75.71", "agency_code": "bpbd-7571"},
    )
