"""Siaga's events are proto messages whose JSON is exactly the payload published before (issue 13)."""

import datetime as dt
import json

from gorontalo_disaster.domain import model
from gorontalo_disaster.domain.alert import Alert, Area
from gorontalo_disaster.domain.incident import Incident
from gorontalo_disaster.service_layer import events
from servicekit import event_messages

NOW = dt.datetime(2025, 1, 15, 3, 0, tzinfo=dt.UTC)
EMITTED = {
    "gorontalo.disaster.report.submitted",
    "gorontalo.disaster.incident.formed",
    "gorontalo.disaster.incident.updated",
    "gorontalo.disaster.alert.issued",
    "gorontalo.disaster.alert.updated",
    "gorontalo.disaster.alert.cancelled",
    # Written by servicekit's audit interceptor around every officer's write, not by a use case.
    "gorontalo.disaster.staff.action_recorded",
}


def wire(message) -> dict:
    """The payload as a consumer reads it from the outbox's JSON (keys with empty values included)."""
    return json.loads(json.dumps(event_messages.to_data(message), ensure_ascii=False))


def test_every_event_siaga_emits_is_declared_by_siaga():
    declared = {t for t, event in event_messages.declared_events().items() if event.producer == "disaster"}
    assert declared == EMITTED


def test_report_submitted_names_a_signed_in_reporters_account_and_never_their_phone():
    report = model.Report(
        id="r1",
        hazard="banjir",
        latitude=0.5,
        longitude=123.0,
        description="d",
        source="api",
        verified_reporter=True,
        observed_at=NOW,
        received_at=NOW,
        reporter_id="citizen-7",
        phone_cipher="secret",
    )
    message = events.report_submitted(report)
    assert event_messages.event_type(message) == "gorontalo.disaster.report.submitted"
    assert wire(message) == {
        "report_id": "r1",
        "hazard": "banjir",
        "latitude": 0.5,
        "longitude": 123.0,
        "source": "api",
        "region_code": "",
        "reporter_account_id": "citizen-7",
        "incident_id": "",
    }
    by_sms = model.Report(
        id="r2",
        hazard="banjir",
        latitude=0.5,
        longitude=123.0,
        description="d",
        source="sms",
        verified_reporter=False,
        observed_at=NOW,
        received_at=NOW,
        reporter_id="sms:hash",
        phone_cipher="secret",
    )
    assert wire(events.report_submitted(by_sms))["reporter_account_id"] == ""


def test_incident_events_carry_the_incident_as_it_is():
    incident = Incident(
        id="i1",
        hazard="banjir",
        status="reported",
        severity="",
        latitude=0.55,
        longitude=123.05,
        radius_km=2.0,
        report_count=3,
        casualties={"dead": 1},
        village_codes=[],
        district_codes=["75.71.01"],
        regency_codes=["75.71"],
        first_reported_at=NOW,
        last_reported_at=NOW,
        created_at=NOW,
        updated_at=NOW,
    )
    expected = {
        "incident_id": "i1",
        "hazard": "banjir",
        "status": "reported",
        "severity": "",
        "report_count": 3,
        "latitude": 0.55,
        "longitude": 123.05,
        "radius_km": 2.0,
        "region_codes": ["75.71.01", "75.71"],
    }
    assert wire(events.incident_formed(incident)) == expected
    assert wire(events.incident_updated(incident)) == expected
    assert event_messages.event_type(events.incident_updated(incident)) == "gorontalo.disaster.incident.updated"


def test_alert_payload_is_the_stream_servers_contract():
    alert = Alert(
        id="a1",
        identifier="BPBD-GTO-1",
        sender="bpbd@gorontaloprov.go.id",
        sent=NOW,
        sent_text="2025-01-15T11:00:00+08:00",
        status="Actual",
        msg_type="Cancel",
        source="bpbd",
        hazard="banjir",
        event={"id": "Banjir", "en": "Flood"},
        urgency="Immediate",
        severity="Severe",
        certainty="Observed",
        response_type="Evacuate",
        headline={"id": "Banjir di Tapa"},
        description={},
        instruction={},
        areas=[Area("Tapa", region_codes=["75.03.02", "75.03.03"])],
        effective=NOW,
        expires=None,
    )
    message = events.alert_published(alert)
    assert events.ALERT_TYPES[alert.msg_type] == "gorontalo.disaster.alert.cancelled"
    assert event_messages.event_type(message, events.ALERT_TYPES[alert.msg_type]) == events.ALERT_TYPES["Cancel"]
    assert wire(message) == {
        "alert_id": "a1",
        "identifier": "BPBD-GTO-1",
        "sender": "bpbd@gorontaloprov.go.id",
        "msg_type": "Cancel",
        "status": "Actual",
        "sent": "2025-01-15T11:00:00+08:00",
        "effective": "2025-01-15T11:00:00+08:00",
        "expires": "",
        "hazard": "banjir",
        "event": "Banjir",
        "urgency": "Immediate",
        "severity": "Severe",
        "certainty": "Observed",
        "response_type": "Evacuate",
        "headline": {"id": "Banjir di Tapa", "en": ""},
        "region_codes": ["75.03.02", "75.03.03"],
        "cap_url": "/v1/disaster/alerts/a1.cap.xml",
        "source": "bpbd",
    }
