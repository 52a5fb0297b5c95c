"""`python -m servicekit.events`: the people's view of the CloudEvents on JetStream."""

from __future__ import annotations

import asyncio
import json

import pytest

from servicekit import events, messaging

STREAM = "GTEST"


@pytest.fixture
def published(nats_js, sessions, outbox_rows, start_bus, wait_until):
    bus = start_bus(nats_js.url)
    with sessions() as session, session.begin():
        envelopes = [
            messaging.record_event(
                session,
                source="/gorontalo/complaints",
                type_="gorontalo.complaints.filed.v1",
                data={"tracking_code": "GTO-7K2M", "title": "Jalan rusak di Limboto"},
            ),
            messaging.record_event(
                session, source="/gorontalo/tax", type_="gorontalo.tax.paid.v1", data={"amount_rupiah": 1250000}
            ),
        ]
    bus.wake()
    wait_until(lambda: all(row.published_at for row in outbox_rows()), message="events published")
    return envelopes


def test_prints_one_json_line_per_event(nats_js, published, capsys):
    assert asyncio.run(events.show(nats_js.url, STREAM, "gorontalo.>", follow=False)) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert printed == [{"subject": e["type"], "event": e} for e in published]
    assert "Jalan rusak di Limboto" in json.dumps(printed, ensure_ascii=False)


def test_subject_filter(nats_js, published, capsys):
    assert asyncio.run(events.show(nats_js.url, STREAM, "gorontalo.tax.>", follow=False)) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [p["event"]["id"] for p in printed] == [published[1]["id"]]


def test_nothing_to_show_exits_1(nats_js, published, capsys):
    assert asyncio.run(events.show(nats_js.url, STREAM, "gorontalo.permits.>", follow=False)) == 1
    assert capsys.readouterr().out == ""


def test_a_message_that_is_not_json_does_not_hide_the_rest(nats_js, published, js_publish, capsys):
    js_publish(nats_js.url, "gorontalo.junk.v1", b"\x00 not json")
    js_publish(nats_js.url, "gorontalo.tax.paid.v1", json.dumps(published[1] | {"id": "after-junk"}).encode())
    assert asyncio.run(events.show(nats_js.url, STREAM, "gorontalo.>", follow=False)) == 0
    out = capsys.readouterr().out
    assert "after-junk" in out
