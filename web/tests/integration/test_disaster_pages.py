"""/siaga through Flask's test client against a stand-in gateway on a real socket: reports with and
without an account (photo, Idempotency-Key, field errors), alerts by region, incidents near a place,
and the alert stream on the app's own origin (the journeys against the real stack are the e2e tests')."""

from __future__ import annotations

import io
import os
import re
import time
import uuid

import pytest
from flask import Flask, Response, redirect, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings

from servicekit import regions

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


@pytest.fixture
def namespace(redis_client):
    name = f"test-web-{uuid.uuid4().hex[:8]}"
    yield name
    for key in redis_client.scan_iter(f"{name}:*"):
        redis_client.delete(key)


def stand_in_gateway() -> Flask:
    """svc-disaster's routes as the gateway answers them: creates are idempotent by key and scope."""
    app = Flask("stand-in-gateway")
    app.reports, app.photos, app.calls = {}, {}, []
    app.acr = 1

    @app.post("/v1/identity/token")
    def login():
        return {"access_token": "access-1", "refresh_token": "r", "expires_in": 900, "acr": app.acr}

    def scope():
        return request.headers.get("Authorization") or "anonymous"

    @app.post("/v1/disaster/photos")
    def photo():
        if scope() != "anonymous" and app.acr < 1:
            return {"status": 403, "title": "Forbidden", "detail": "ASSURANCE_INSUFFICIENT"}, 403
        key = (scope(), request.headers.get("Idempotency-Key"))
        app.calls.append(("photo", key, request.content_type, request.get_data()))
        app.photos.setdefault(key, {"id": f"photo-{len(app.photos) + 1}"})
        return app.photos[key]

    @app.post("/v1/disaster/reports")
    def report():
        app.calls.append(("report", scope(), request.headers.get("Idempotency-Key"), request.json))
        if scope() != "anonymous" and app.acr < 1:
            return {"status": 403, "title": "Forbidden", "detail": "ASSURANCE_INSUFFICIENT"}, 403
        body = request.json
        if body.get("casualties", {}).get("injured") == 99999:
            problem = {
                "status": 400,
                "detail": "Data tidak valid.",
                "errors": [{"field": "casualties.injured", "reason": "OUT_OF_RANGE", "detail": "Terlalu besar"}],
            }
            return problem, 400
        key = (scope(), request.headers.get("Idempotency-Key"))
        if key not in app.reports:
            number = len(app.reports) + 1
            app.reports[key] = {
                "id": f"report-{number}",
                "code": f"SGT-{number:06d}",
                "hazard": body["hazard"],
                "latitude": body["latitude"],
                "longitude": body["longitude"],
                "region_code": "75.01.01",
                "received_at": "2026-12-06T01:30:00Z",
                "verified_reporter": scope() != "anonymous",
                "photo_urls": [f"/v1/disaster/photos/{p}" for p in body.get("photo_ids", [])],
            }
        return app.reports[key]

    @app.get("/v1/disaster/reports/<report_id>")
    def get_report(report_id):
        for found in app.reports.values():
            if found["id"] == report_id:
                return found
        return {"status": 404, "title": "Not found"}, 404

    @app.get("/v1/disaster/alerts")
    def alerts():
        app.calls.append(("alerts", request.args.get("region")))
        alert = {
            "id": "alert-1",
            "hazard": "banjir",
            "severity": "Severe",
            "source": "bpbd",
            "msg_type": "Alert",
            "headline": {"id": "Siaga banjir Tapa", "en": "Flood warning Tapa"},
            "description": {"id": "Curah hujan tinggi.", "en": "Heavy rain."},
            "sent": "2026-12-06T06:00:00Z",
            "expires": "2026-12-06T09:00:00Z",
            "region_codes": ["75.03.01"],
        }
        region = request.args.get("region", "")
        return {"alerts": [alert] if not region or "75.03".startswith(region) or region.startswith("75.03") else []}

    @app.get("/v1/disaster/incidents/nearby")
    def nearby():
        app.calls.append(("nearby", dict(request.args)))
        incident = {
            "id": "incident-1",
            "hazard": "tanah_longsor",
            "status": "verified",
            "report_count": 4,
            "district_codes": ["75.01.01"],
            "last_reported_at": "2026-12-06T02:00:00Z",
        }
        return {"incidents": [incident]}

    @app.get("/v1/disaster/alerts/stream")
    def stream_redirect():
        return redirect("/streams" + request.full_path, code=307)

    @app.get("/streams/v1/disaster/alerts/stream")
    def stream():
        if request.args.get("region") == "31.71":
            return {"status": 400, "errors": [{"field": "region", "reason": "REGION_OUTSIDE_GORONTALO"}]}, 400
        app.calls.append(("stream", request.args.get("region"), request.headers.get("Last-Event-ID")))

        def events():
            yield "retry: 3000\n\nid: 41\n\n"
            time.sleep(0.05)
            yield 'id: 42\nevent: alert.issued\ndata: {"alert_id": "alert-2"}\n\n'

        return Response(events(), mimetype="text/event-stream")

    return app


@pytest.fixture
def web(http_server, redis_client, namespace):
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway),
        secret_key="test-secret",
        session_namespace=namespace,
        redis_url=REDIS_URL,
        streams_url="http://127.0.0.1:8090",
        public_url="http://127.0.0.1:8081",
    )
    return create_app(settings, redis_client=redis_client), gateway


def form_of(client, path="/siaga") -> dict[str, str]:
    page = client.get(path).text
    return {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
        "idempotency_key": re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1),
    }


def reports_sent(gateway):
    return [call for call in gateway.calls if call[0] == "report"]


def test_the_page_lists_a_regions_alerts_and_offers_the_report_form_and_the_sms_format(web):
    app, gateway = web
    client = app.test_client()
    page = client.get("/siaga?wilayah=7503")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert ("alerts", "75.03") in gateway.calls
    assert "Siaga banjir Tapa" in page.text and "6 Des 2026 14.00 WITA" in page.text  # 06:00 UTC in WITA
    assert '<option value="75.03" selected>' in page.text
    # The live stream is opened at the configured stream server, and the app's own path is the fallback.
    assert 'data-stream-url="http://127.0.0.1:8090/v1/disaster/alerts/stream?region=75.03"' in page.text
    assert 'data-fallback-url="/v1/disaster/alerts/stream?region=75.03"' in page.text
    assert "connect-src 'self' http://127.0.0.1:8090" in page.headers["Content-Security-Policy"]
    form = re.search(r"<form method=\"post\" action=\"/siaga\"[^>]*>", page.text).group(0)
    assert "data-offline-draft" in form and 'enctype="multipart/form-data"' in form
    assert "SIAGA &lt;BENCANA&gt;" in page.text and "SIAGA BANJIR Tapa" in page.text
    assert 'name="phone"' in page.text  # anonymous reporters may leave a number to be called back
    assert "style=" not in page.text and "<style" not in page.text
    assert all(tag.endswith(" defer>") for tag in re.findall(r"<script[^>]*>", page.text))
    # Another region's list has no alert; an unknown region falls back to the province.
    assert "Tidak ada peringatan aktif" in client.get("/siaga?wilayah=75.04").text
    assert '<option value="75" selected>' in client.get("/siaga?wilayah=31.71").text


def test_the_alert_list_alone_is_what_the_page_redraws(web):
    app, _ = web
    fragment = app.test_client().get("/siaga/peringatan?wilayah=75.03&lang=en")
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "Flood warning Tapa" in fragment.text and "6 Dec 2026 14:00 WITA" in fragment.text


def test_an_anonymous_report_by_kecamatan_files_once_however_often_the_form_is_sent(web):
    app, gateway = web
    client = app.test_client()
    fields = form_of(client)
    data = {
        **fields,
        "hazard": "banjir",
        "district": "75.01.01",
        "description": "Air setinggi lutut",
        "injured": "2",
        "houses_damaged": "",
        "phone": "081234567890",
    }
    first = client.post("/siaga", data=data)
    again = client.post("/siaga", data=data)  # the answer was lost: the same form is sent again
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"] == "/siaga/laporan/report-1"
    assert len(gateway.reports) == 1
    _, scope, key, body = reports_sent(gateway)[0]
    assert scope == "anonymous" and key == fields["idempotency_key"]
    assert (body["latitude"], body["longitude"]) == regions.centroid_of("75.01.01")
    assert body["casualties"] == {"injured": 2} and body["phone"] == "081234567890"
    receipt = client.get("/siaga/laporan/report-1")
    assert receipt.status_code == 200 and "SGT-000001" in receipt.text and "Limboto" in receipt.text
    assert client.get("/siaga/laporan/nope").status_code == 404
    assert client.get("/siaga/laporan/..").status_code == 404


def test_a_photo_goes_first_under_its_own_key_and_the_report_names_it(web):
    app, gateway = web
    client = app.test_client()
    fields = form_of(client)

    def send():
        return client.post(
            "/siaga",
            data={
                **fields,
                "hazard": "tanah_longsor",
                "latitude": "0.56",
                "longitude": "123.15",
                "photo": (io.BytesIO(PNG), "longsor.png", "image/png"),
            },
            content_type="multipart/form-data",
        )

    assert send().status_code == 303 and send().status_code == 303
    photos = [call for call in gateway.calls if call[0] == "photo"]
    assert photos[0][1] == ("anonymous", fields["idempotency_key"] + ".photo")
    assert photos[0][2] == "image/png" and photos[0][3] == PNG
    assert len(gateway.photos) == 1 and len(gateway.reports) == 1
    assert reports_sent(gateway)[0][3]["photo_ids"] == ["photo-1"]
    assert (reports_sent(gateway)[0][3]["latitude"], reports_sent(gateway)[0][3]["longitude"]) == (0.56, 123.15)


def test_refusals_are_shown_next_to_the_inputs(web):
    app, gateway = web
    client = app.test_client()
    fields = form_of(client)
    missing = client.post("/siaga", data={**fields, "hazard": "banjir", "description": "x"})
    assert missing.status_code == 400 and not reports_sent(gateway)  # nothing sent without a place
    assert '<p id="district-error" class="field-error" role="alert">' in missing.text
    assert f'value="{fields["idempotency_key"]}"' in missing.text  # the same key when sent again
    refused = client.post(
        "/siaga", data={**fields, "hazard": "banjir", "district": "75.71.01", "injured": "99999", "dead": "dua"}
    )
    assert refused.status_code == 400 and 'id="dead-error"' in refused.text  # checked here: not a number
    refused = client.post("/siaga", data={**fields, "hazard": "banjir", "district": "75.71.01", "injured": "99999"})
    assert refused.status_code == 400
    assert '<p id="injured-error" class="field-error" role="alert">Terlalu besar</p>' in refused.text


def test_a_signed_in_resident_reports_under_the_account_and_below_acr_1_anonymously(web):
    app, gateway = web
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/masuk").text).group(1)
    client.post("/masuk", data={"username": "7571010101900001", "password": "x", "csrf_token": token})
    page = client.get("/siaga")
    assert 'name="phone"' not in page.text  # the account has a verified phone already
    fields = form_of(client)
    assert client.post("/siaga", data={**fields, "hazard": "banjir", "district": "75.71.01"}).status_code == 303
    assert reports_sent(gateway)[-1][1] == "Bearer access-1"
    gateway.acr = 0
    fields = form_of(client)
    assert client.post("/siaga", data={**fields, "hazard": "banjir", "district": "75.71.01"}).status_code == 303
    assert [call[1] for call in reports_sent(gateway)[-2:]] == ["Bearer access-1", "anonymous"]


def test_incidents_near_a_kecamatan(web):
    app, gateway = web
    client = app.test_client()
    page = client.get("/siaga/sekitar?lat=&lon=&kecamatan=75.01.01")
    assert page.status_code == 200 and "Tanah longsor" in page.text and "Diverifikasi BPBD" in page.text
    params = [call[1] for call in gateway.calls if call[0] == "nearby"][0]
    lat, lon = regions.centroid_of("75.01.01")
    assert (float(params["lat"]), float(params["lon"]), params["radius_km"]) == (lat, lon, "25")
    near = client.get("/siaga/sekitar?lat=0.5412&lon=123.0621")
    assert near.status_code == 200 and "0.5412, 123.0621" in near.text
    assert client.get("/siaga/sekitar").status_code == 400


def test_the_stream_on_the_apps_own_origin_passes_events_through(web):
    app, gateway = web
    client = app.test_client()
    response = client.get("/v1/disaster/alerts/stream?region=75.03", headers={"Last-Event-ID": "40"})
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    response.close()
    assert "event: alert.issued" in body and "id: 42" in body
    assert ("stream", "75.03", "40") in gateway.calls  # followed the 307, resumed where the browser was
    refused = client.get("/v1/disaster/alerts/stream?region=31.71")
    assert refused.status_code == 400 and "REGION_OUTSIDE_GORONTALO" in refused.text
    # The slots are given back: more streams than a process may hold at once, one after the other.
    for _ in range(5):
        again = client.get("/v1/disaster/alerts/stream?region=75")
        assert again.status_code == 200
        again.close()
