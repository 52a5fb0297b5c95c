"""Issue 7's live alert stream through the gateway: BPBD issues, subscribers of affected regions hear it."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time

from gorontalo_gateway.streams.client import open_stream
from tests.e2e.conftest import login

WAIT = 15  # bound on waiting for an event; the delivery latency is printed, not asserted


def _officer(stack, http, username):
    return login(stack, http, username, stack.demo_credentials()[username])


def _issue(stack, http, headers, region_codes, headline):
    now = dt.datetime.now(dt.UTC)
    response = http.post(
        f"{stack.url}/v1/disaster/alerts",
        headers=headers,
        json={
            "hazard": "banjir",
            "urgency": "Expected",
            "severity": "Moderate",
            "certainty": "Likely",
            "responseType": "Prepare",
            "headline": {"id": headline, "en": headline + " (en)"},
            "description": {"id": "Curah hujan tinggi.", "en": "Heavy rain."},
            "areas": [{"description": "Wilayah terdampak", "regionCodes": region_codes}],
            "expires": (now + dt.timedelta(hours=3)).isoformat().replace("+00:00", "Z"),
        },
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_the_gateway_redirects_streams_to_the_stream_server(stack, http):
    response = http.get(stack.url + "/v1/disaster/alerts/stream?region=75.03", allow_redirects=False)
    assert response.status_code == 307
    assert response.headers["Location"] == stack.streams_url + "/v1/disaster/alerts/stream?region=75.03"
    followed = http.get(stack.url + "/v1/disaster/alerts/stream?region=31.71", headers={"Accept-Language": "en"})
    assert followed.status_code == 400
    assert followed.json()["errors"][0]["reason"] == "REGION_OUTSIDE_GORONTALO"


def test_a_bpbd_alert_reaches_the_affected_region_and_not_the_unaffected_one(stack, http, report_figure):
    bone_bolango_bpbd = _officer(stack, http, "petugas.bpbd.bonebolango")
    province_bpbd = _officer(stack, http, "petugas.bpbd")

    async def scenario():
        affected = await open_stream(stack.url + "/v1/disaster/alerts/stream?region=75.03")
        unaffected = await open_stream(stack.url + "/v1/disaster/alerts/stream?region=75.71")
        try:
            assert affected.url.startswith(stack.streams_url)  # followed the gateway's 307
            issued_at = time.perf_counter()
            alert = await asyncio.to_thread(_issue, stack, http, bone_bolango_bpbd, ["75.03.01"], "Siaga banjir Tapa")
            event = await asyncio.wait_for(affected.next_event(), WAIT)
            report_figure(
                f"alert issued -> stream event: {(time.perf_counter() - issued_at) * 1000:.0f} ms "
                "(HTTP write, outbox relay, JetStream, stream server)"
            )
            data = json.loads(event.data)
            assert event.event == "alert.issued" and event.id.isdigit()
            assert data["alert_id"] == alert["id"] and data["region_codes"] == ["75.03.01"]
            assert data["headline"]["id"] == "Siaga banjir Tapa" and data["sent"].endswith("+08:00")
            cap = await asyncio.to_thread(http.get, stack.url + data["cap_url"])
            assert cap.status_code == 200 and "xml" in cap.headers["Content-Type"]

            # Kota Gorontalo's first event is its own alert: the Bone Bolango one never reached it.
            kota_alert = await asyncio.to_thread(_issue, stack, http, province_bpbd, ["75.71"], "Siaga banjir Kota")
            event = await asyncio.wait_for(unaffected.next_event(), WAIT)
            assert (event.event, json.loads(event.data)["alert_id"]) == ("alert.issued", kota_alert["id"])

            cancel = await asyncio.to_thread(
                http.post,
                f"{stack.url}/v1/disaster/alerts/{alert['id']}:cancel",
                headers=bone_bolango_bpbd,
                json={"reason": {"id": "Air surut", "en": "Water receded"}},
            )
            assert cancel.status_code == 200, cancel.text
            event = await asyncio.wait_for(affected.next_event(), WAIT)
            assert (event.event, json.loads(event.data)["alert_id"]) == ("alert.cancelled", cancel.json()["id"])
            assert json.loads(event.data)["msg_type"] == "Cancel"
        finally:
            affected.close()
            unaffected.close()

    asyncio.run(scenario())


def test_a_dropped_client_resumes_with_last_event_id_through_the_gateway(stack, http):
    bpbd = _officer(stack, http, "petugas.bpbd")

    async def scenario():
        stream = await open_stream(stack.url + "/v1/disaster/alerts/stream?region=75.04.01")
        position = await stream.wait_for_id()
        stream.close()  # dropped before anything arrived
        missed = await asyncio.to_thread(_issue, stack, http, bpbd, ["75.04"], "Siaga banjir Pohuwato")
        resumed = await open_stream(stack.url + "/v1/disaster/alerts/stream?region=75.04.01", last_event_id=position)
        try:
            event = await asyncio.wait_for(resumed.next_event(), WAIT)
            assert json.loads(event.data)["alert_id"] == missed["id"]
            assert int(event.id) > int(position)
        finally:
            resumed.close()

    asyncio.run(scenario())
