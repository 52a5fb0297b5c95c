"""The stream server as a process: real nats-server, JetStream stream GORONTALO, real HTTP SSE clients."""

from __future__ import annotations

import asyncio
import signal

import nats
import pytest
import requests

from gorontalo_gateway.streams.client import open_stream
from gorontalo_gateway.streams.testing import (
    WAIT,
    clients_gauge,
    metrics_url,
    next_alert,
    publish,
    start_server,
    stream_url,
)

WEB_ORIGIN = "https://satu.example"


@pytest.fixture(scope="module")
def server(nats_url, tmp_path_factory):
    process, url = start_server(
        nats_url,
        tmp_path_factory.mktemp("streams") / "streams.log",
        GATEWAY_STREAMS_HEARTBEAT_SECONDS="1",
        GATEWAY_STREAMS_ALLOWED_ORIGINS=f"{WEB_ORIGIN}, https://kabupaten.example",
    )
    yield url
    process.send_signal(signal.SIGTERM)
    process.wait(15)


def test_an_affected_region_receives_the_alert_and_an_unaffected_one_does_not(server, nats_url):
    async def scenario():
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        bone_bolango, kota = (
            await open_stream(stream_url(server, "75.03")),
            await open_stream(stream_url(server, "75.71")),
        )
        try:
            assert bone_bolango.headers["content-type"].startswith("text/event-stream")
            assert bone_bolango.headers["cache-control"] == "no-cache"
            assert bone_bolango.headers["x-accel-buffering"] == "no"
            first_seq, first_id = await publish(js, ["75.03.01.2004"])
            event, data = await next_alert(bone_bolango)
            assert (event.id, event.event, data["alert_id"]) == (str(first_seq), "alert.issued", first_id)
            assert data["cap_url"] == f"/v1/disaster/alerts/{first_id}.cap.xml"
            assert data["region_codes"] == ["75.03.01.2004"]
            # The province-wide alert is the first thing Kota hears: the Bone Bolango alert never came.
            wide_seq, wide_id = await publish(js, ["75"], kind="updated")
            event, data = await next_alert(kota)
            assert (event.id, event.event, data["alert_id"]) == (str(wide_seq), "alert.updated", wide_id)
            event, data = await next_alert(bone_bolango)
            assert (event.id, data["alert_id"]) == (str(wide_seq), wide_id)
        finally:
            bone_bolango.close()
            kota.close()
            await nc.close()

    asyncio.run(scenario())


def test_resume_with_last_event_id_gets_each_missed_alert_once(server, nats_url):
    async def scenario():
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        try:
            stream = await open_stream(stream_url(server, "75.05"))
            seen_seq, _ = await publish(js, ["75.05.02"])
            event, _ = await next_alert(stream)
            assert event.id == str(seen_seq)
            stream.close()  # the connection drops
            missed = [
                await publish(js, ["75.05"]),
                await publish(js, ["75.04"]),
                await publish(js, ["75"], kind="cancelled"),
            ]
            resumed = await open_stream(stream_url(server, "75.05"), last_event_id=stream.last_event_id)
            after_seq, after_id = await publish(js, ["75.05.01"])
            received = [await next_alert(resumed) for _ in range(3)]
            assert [(e.id, d["alert_id"]) for e, d in received] == [
                (str(missed[0][0]), missed[0][1]),
                (str(missed[2][0]), missed[2][1]),
                (str(after_seq), after_id),
            ]
            assert received[1][0].event == "alert.cancelled"
            # Nothing else was queued: the next event is the next alert, not a duplicate.
            last_seq, last_id = await publish(js, ["75.05"])
            event, data = await next_alert(resumed)
            assert (event.id, data["alert_id"]) == (str(last_seq), last_id)
            resumed.close()
        finally:
            await nc.close()

    asyncio.run(scenario())


def test_a_client_dropped_before_any_alert_resumes_from_the_position_given_on_connect(server, nats_url):
    async def scenario():
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        try:
            await publish(js, ["75.02"])  # history the new client is not owed
            stream = await open_stream(stream_url(server, "75.02"))
            position = await stream.wait_for_id()
            stream.close()
            missed_seq, missed_id = await publish(js, ["75.02.03"])
            resumed = await open_stream(stream_url(server, "75.02"), last_event_id=position)
            event, data = await next_alert(resumed)
            assert (event.id, data["alert_id"]) == (str(missed_seq), missed_id)
            resumed.close()
        finally:
            await nc.close()

    asyncio.run(scenario())


def test_idle_streams_get_heartbeats(server):
    async def scenario():
        stream = await open_stream(stream_url(server, "75.01"))
        try:
            while stream.parser.comments < 3:  # the "connected" comment, then pings (1 s apart here)
                chunk = await asyncio.wait_for(stream._read_chunk(), WAIT)
                assert chunk
                stream.parser.feed(chunk)
        finally:
            stream.close()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "query, headers, field, reason",
    [
        ("", {}, "region", "REQUIRED"),
        ("?region=", {}, "region", "REQUIRED"),
        ("?region=31.71", {}, "region", "REGION_OUTSIDE_GORONTALO"),
        ("?region=75.99", {}, "region", "REGION_UNKNOWN"),
        ("?region=banjir", {}, "region", "STREAM_REGION_NOT_GORONTALO"),
        ("?region=75.03&region=75.71", {}, "region", "REPEATED_PARAMETER"),
        ("?region=75.03&regency=75.71", {}, "regency", "UNKNOWN_PARAMETER"),
        ("?region=75.03", {"Last-Event-ID": "kemarin"}, "Last-Event-ID", "STREAM_LAST_EVENT_ID_INVALID"),
    ],
)
def test_bad_requests_are_problem_details(server, query, headers, field, reason):
    response = requests.get(server + "/v1/disaster/alerts/stream" + query, headers=headers, timeout=5)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == "urn:gorontalo:problem:invalid-argument"
    assert body["title"] == "Permintaan tidak valid"
    assert body["instance"] == "/v1/disaster/alerts/stream"
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert [(e["field"], e["reason"]) for e in body["errors"]] == [(field, reason)]


def test_problems_in_english_and_other_routes(server):
    english = requests.get(
        server + "/v1/disaster/alerts/stream?region=31.71",
        headers={"Accept-Language": "en-US,en;q=0.9", "X-Request-ID": "req-42"},
        timeout=5,
    )
    assert english.json()["title"] == "Bad request"
    assert english.json()["errors"][0]["detail"] == "The region must be in Gorontalo province."
    assert english.json()["request_id"] == "req-42"
    missing = requests.get(server + "/v1/disaster/alerts", timeout=5)
    assert missing.status_code == 404 and missing.json()["type"] == "urn:gorontalo:problem:route-not-found"
    posted = requests.post(server + "/v1/disaster/alerts/stream?region=75", timeout=5)
    assert posted.status_code == 405 and posted.headers["Allow"] == "GET"
    assert requests.get(server + "/healthz", timeout=5).json()["status"] == "ok"


def test_metrics_are_on_their_own_listener_not_the_stream_port(server):
    public = requests.get(server + "/metrics", timeout=5)
    assert public.status_code == 404 and public.headers["Content-Type"].startswith("application/problem+json")
    text = requests.get(metrics_url(server) + "/metrics", timeout=5).text
    assert "gorontalo_stream_clients " in text and "gorontalo_stream_nats_connected 1.0" in text


def test_metrics_count_connected_clients(server):
    async def scenario():
        before = await asyncio.to_thread(clients_gauge, server)
        streams = [await open_stream(stream_url(server, "75.04")) for _ in range(3)]
        during = await asyncio.to_thread(clients_gauge, server)
        for stream in streams:
            stream.close()
        after = before + 3
        for _ in range(100):  # the server notices the closed sockets asynchronously
            after = await asyncio.to_thread(clients_gauge, server)
            if after == before:
                break
            await asyncio.sleep(0.05)
        return before, during, after

    before, during, after = asyncio.run(scenario())
    assert during == before + 3
    assert after == before


def test_a_last_event_id_past_the_end_of_the_stream_does_not_hold_alerts_back(server, nats_url):
    async def scenario():
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        try:
            stream = await open_stream(stream_url(server, "75.71.01"), last_event_id="999999")
            end = int(await stream.wait_for_id())
            assert end < 999999  # told where the (re-created) stream really ends
            seq, alert_id = await publish(js, ["75.71"])
            event, data = await next_alert(stream)
            stream.close()
            return end, seq, event, data, alert_id
        finally:
            await nc.close()

    end, seq, event, data, alert_id = asyncio.run(scenario())
    assert seq > end
    assert (event.id, data["alert_id"]) == (str(seq), alert_id)


def _skipped(server: str) -> float:
    text = requests.get(metrics_url(server) + "/metrics", timeout=5).text
    lines = [line for line in text.splitlines() if line.startswith("gorontalo_stream_alerts_skipped_total{")]
    return sum(float(line.split()[1]) for line in lines)


def test_a_payload_that_is_not_the_alert_message_is_skipped_counted_and_never_blocks_the_next(server, nats_url):
    """The stream server is no durable consumer: nothing to dead-letter, so it skips, counts and logs."""

    async def scenario():
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        before = await asyncio.to_thread(_skipped, server)
        try:
            stream = await open_stream(stream_url(server, "75.02"))
            bad_seq, _ = await publish(js, ["75.02"], sent=20261128)  # a CAP time is a string
            good_seq, good_id = await publish(js, ["75.02"])
            event, data = await next_alert(stream)
            stream.close()
            # A resuming client's replay skips it too.
            resumed = await open_stream(stream_url(server, "75.02"), last_event_id=str(bad_seq - 1))
            replayed, replayed_data = await next_alert(resumed)
            resumed.close()
            return before, bad_seq, good_seq, good_id, event, data, replayed, replayed_data
        finally:
            await nc.close()

    before, bad_seq, good_seq, good_id, event, data, replayed, replayed_data = asyncio.run(scenario())
    assert (event.id, data["alert_id"]) == (str(good_seq), good_id)
    assert (replayed.id, replayed_data["alert_id"]) == (str(good_seq), good_id)
    assert _skipped(server) >= before + 2  # once live, once in the replay


def test_pages_of_the_web_app_may_open_the_stream_and_other_origins_may_not(server):
    """Gorontalo Satu on its own origin opens the stream with EventSource: CORS for that origin only."""
    url = stream_url(server, "75.71")
    with requests.get(url, headers={"Origin": WEB_ORIGIN}, stream=True, timeout=WAIT) as allowed:
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == WEB_ORIGIN
        assert "Origin" in allowed.headers["vary"]
    with requests.get(url, headers={"Origin": "https://elsewhere.example"}, stream=True, timeout=WAIT) as other:
        assert other.status_code == 200  # the stream is public; only a page of another origin may not read it
        assert "access-control-allow-origin" not in other.headers
    refused = requests.get(stream_url(server, "31.71"), headers={"Origin": WEB_ORIGIN}, timeout=WAIT)
    assert refused.status_code == 400 and refused.headers["access-control-allow-origin"] == WEB_ORIGIN
    preflight = requests.options(
        url,
        headers={
            "Origin": "https://kabupaten.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "last-event-id",
        },
        timeout=WAIT,
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://kabupaten.example"
    assert "Last-Event-ID" in preflight.headers["access-control-allow-headers"]
    foreign = requests.options(url, headers={"Origin": "https://elsewhere.example"}, timeout=WAIT)
    assert foreign.status_code == 204 and "access-control-allow-origin" not in foreign.headers


def _delivery_figures(server) -> dict[str, float]:
    text = requests.get(metrics_url(server) + "/metrics", timeout=5).text
    figures = {}
    for line in text.splitlines():
        if line.startswith("gorontalo_stream_alert_delivery_seconds_count "):
            figures["count"] = float(line.split()[-1])
        if line.startswith('gorontalo_stream_alert_delivery_seconds_bucket{le="+Inf"}'):
            figures["all"] = float(line.split()[-1])
    return figures


def test_each_live_delivery_is_timed_from_the_event_time_for_the_delivery_slo(server, nats_url):
    before = _delivery_figures(server)

    async def scenario():
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        first, second = await open_stream(stream_url(server, "75.04")), await open_stream(stream_url(server, "75"))
        try:
            await publish(js, ["75.04.01"])
            await next_alert(first)
            await next_alert(second)
        finally:
            first.close()
            second.close()
            await nc.close()

    asyncio.run(scenario())
    after = _delivery_figures(server)
    # once per client the alert was written to (both streams cover 75.04.01)
    assert after["count"] - before.get("count", 0.0) == 2
    assert after["all"] == after["count"]
