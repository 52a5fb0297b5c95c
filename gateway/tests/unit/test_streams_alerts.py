"""Unit tests of the stream's domain: region filter, alert parsing, frames, resume cursor, SSE parsing."""

from __future__ import annotations

import json

import pytest

from gorontalo_gateway.streams.alerts import (
    Alert,
    Cursor,
    NotAnAlert,
    affects,
    cursor_frame,
    from_message,
    parse_last_event_id,
)
from gorontalo_gateway.streams.client import SseParser
from servicekit.messaging import make_cloudevent


@pytest.mark.parametrize(
    "codes, region, expected",
    [
        (["75.03"], "75.03", True),  # same area
        (["75.03.01"], "75.03", True),  # alert inside the subscribed regency
        (["75.03.01.2004"], "75.03", True),  # a village of the regency
        (["75"], "75.03", True),  # province-wide alert reaches a regency subscriber
        (["75.03"], "75.03.01.2004", True),  # regency alert reaches a village subscriber
        (["75.71"], "75.03", False),  # another regency
        (["75.03.01"], "75.03.02", False),  # sibling district
        (["75.71", "75.03.05"], "75.03", True),  # any code is enough
        (["75.3"], "75.03", False),  # not a code: ignored, no prefix accident
        (["75.030"], "75.03", False),
        (["7503"], "75.03", True),  # undotted form of the same code
        (["75.01"], "75.01.01", True),
        (["75.01.01"], "75.01.02", False),
        (["75.01"], "75.011", False),
        ([], "75", False),
        (["75.71"], "75", True),  # a province subscriber hears every regency
    ],
)
def test_region_filter(codes, region, expected):
    assert affects(codes, region) is expected


def _envelope(data, type_="gorontalo.disaster.alert.issued") -> bytes:
    return json.dumps(make_cloudevent(source="/disaster", type_=type_, data=data)).encode()


def test_alert_from_a_cloudevent_renders_one_sse_event():
    data = {"alert_id": "A-1", "region_codes": ["75.03.01"], "headline": {"id": "Banjir di Tapa", "en": "Flood"}}
    alert = from_message(42, "gorontalo.disaster.alert.updated", _envelope(data, "gorontalo.disaster.alert.updated"))
    assert alert.seq == 42 and alert.kind == "updated" and alert.event_name == "alert.updated"
    assert alert.region_codes == ("75.03.01",)
    assert alert.request_id == ""  # no request in this test; the bus sets it from the writing request
    parser = SseParser()
    [event] = parser.feed(alert.frame)
    assert (event.id, event.event) == ("42", "alert.updated")
    body = json.loads(event.data)
    assert body["headline"]["id"] == "Banjir di Tapa"
    assert body["cap_url"] == "/v1/disaster/alerts/A-1.cap.xml"


def test_the_issuing_request_id_is_kept_for_the_logs():
    envelope = make_cloudevent(
        source="/disaster", type_="gorontalo.disaster.alert.issued", data={"alert_id": "A-2", "region_codes": ["75"]}
    )
    envelope["requestid"] = "req-7"
    alert = from_message(3, "gorontalo.disaster.alert.issued", json.dumps(envelope).encode())
    assert alert.request_id == "req-7"
    assert b"req-7" not in alert.frame


def test_a_newline_in_the_data_stays_inside_one_data_line():
    alert = from_message(
        1,
        "gorontalo.disaster.alert.issued",
        _envelope({"alert_id": "x", "region_codes": ["75"], "event": "line 1\nline 2"}),
    )
    assert alert.frame.count(b"\n") == 4  # id, event, data, blank
    [event] = SseParser().feed(alert.frame)
    assert json.loads(event.data)["event"] == "line 1\nline 2"


@pytest.mark.parametrize(
    "subject, body",
    [
        ("gorontalo.disaster.alert.exploded", _envelope({"alert_id": "x", "region_codes": ["75"]})),
        ("gorontalo.disaster.alert.issued", b"not json"),
        ("gorontalo.disaster.alert.issued", json.dumps({"data": "text"}).encode()),
        ("gorontalo.disaster.alert.issued", _envelope({"alert_id": "x"})),
        ("gorontalo.disaster.alert.issued", _envelope({"alert_id": "x", "region_codes": [75]})),
        ("gorontalo.disaster.alert.issued", _envelope({"region_codes": ["75"]})),
        # Parsed into svc-disaster's AlertPublished message: a field of the wrong type is not that event.
        ("gorontalo.disaster.alert.issued", _envelope({"alert_id": "x", "region_codes": "75"})),
        (
            "gorontalo.disaster.alert.issued",
            _envelope({"alert_id": "x", "region_codes": ["75"], "headline": {"id": 7}}),
        ),
        ("gorontalo.disaster.alert.issued", _envelope({"alert_id": "x", "region_codes": ["75"], "sent": 20261128})),
    ],
)
def test_messages_outside_the_contract_are_rejected(subject, body):
    with pytest.raises(NotAnAlert):
        from_message(1, subject, body)


def test_the_frame_carries_the_alert_message_and_ignores_fields_it_does_not_know():
    """A newer producer's extra field is dropped, as every consumer of the message ignores it."""
    alert = from_message(
        5,
        "gorontalo.disaster.alert.issued",
        _envelope({"alert_id": "A-5", "region_codes": ["75.03"], "hazard": "banjir", "added_in_a_later_release": True}),
    )
    body = json.loads(SseParser().feed(alert.frame)[0].data)
    assert body["hazard"] == "banjir" and body["alert_id"] == "A-5" and "added_in_a_later_release" not in body
    assert body["expires"] == "" and body["response_type"] == ""  # every string field of the contract


def _alert(seq):
    return Alert(seq=seq, kind="issued", region_codes=("75",), frame=b"")


def test_cursor_merges_replay_and_live_without_gap_or_duplicate():
    cursor = Cursor(after=10)
    # Live registered first; seq 12 and 13 were published while the replay ran, so both have them.
    replayed = cursor.admit([_alert(11), _alert(12), _alert(13)])
    assert [a.seq for a in replayed] == [11, 12, 13]
    assert cursor.advance(15)  # 14 and 15 were scanned for other regions
    live = cursor.admit([_alert(12), _alert(13), _alert(16)])
    assert [a.seq for a in live] == [16]
    assert cursor.admit([_alert(16), _alert(15)]) == []
    assert [a.seq for a in cursor.admit([_alert(17)])] == [17]
    assert not cursor.advance(3)


def test_cursor_never_sends_what_the_client_already_has():
    cursor = Cursor(after=5)
    assert cursor.admit([_alert(4), _alert(5)]) == []
    assert [a.seq for a in cursor.admit([_alert(6)])] == [6]


@pytest.mark.parametrize("value, expected", [(None, None), ("", None), ("  ", None), ("0", 0), (" 17 ", 17)])
def test_last_event_id(value, expected):
    assert parse_last_event_id(value) == expected


@pytest.mark.parametrize("value", ["-1", "abc", "1.5", "9" * 20])
def test_malformed_last_event_id(value):
    with pytest.raises(ValueError):
        parse_last_event_id(value)


def test_sse_parser_keeps_an_id_without_data_and_ignores_comments():
    parser = SseParser()
    assert parser.feed(b"retry: 3000\n: connected\n\n") == []
    assert parser.feed(cursor_frame(7)) == []
    assert parser.last_event_id == "7" and parser.retry_ms == 3000 and parser.comments == 1
    events = parser.feed(b"id: 8\nevent: alert.issued\ndata: {}\n\n: ping\n\nid: 9\ndata: a\n")
    assert [(e.id, e.event) for e in events] == [("8", "alert.issued")]
    [event] = parser.feed(b"data: b\r\n\r\n")
    assert (event.id, event.event, event.data) == ("9", "message", "a\nb")
