"""The stand-in gateway and fixtures of the BPBD console's page tests (accounts, incidents, reports, alerts)."""

from __future__ import annotations

import os
import re
import uuid

import pyotp
import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
SECRET = pyotp.random_base32(32)
ACCOUNTS = {
    "bpbd.bonebolango": {"role": "officer", "agency": "BPBD Kabupaten Bone Bolango", "jurisdiction": ["75.03"]},
    "petugas.kota": {"role": "officer", "agency": "DPMPTSP Kota Gorontalo", "jurisdiction": ["75.71"]},
}
INCIDENTS = {
    "inc-tapa-0001": {
        "id": "inc-tapa-0001",
        "hazard": "banjir",
        "status": "reported",
        "severity": "",
        "area": {"latitude": 0.55, "longitude": 123.14, "radius_km": 1.5},
        "report_count": 3,
        "casualties": {"displaced": 12},
        "district_codes": ["75.03.01"],
        "regency_codes": ["75.03"],
        "first_reported_at": "2026-12-06T00:10:00Z",
        "last_reported_at": "2026-12-06T01:00:00Z",
        "notes": [],
    },
    "inc-kota-0002": {
        "id": "inc-kota-0002",
        "hazard": "tanah_longsor",
        "status": "verified",
        "severity": "minor",
        "area": {"latitude": 0.54, "longitude": 123.06, "radius_km": 0.5},
        "report_count": 1,
        "district_codes": ["75.71.01"],
        "regency_codes": ["75.71"],
        "last_reported_at": "2026-12-06T02:00:00Z",
        "notes": [],
    },
}
REPORTS = [
    {
        "id": "r1",
        "code": "SGT-AAAA11",
        "hazard": "banjir",
        "latitude": 0.551,
        "longitude": 123.141,
        "region_code": "75.03.01",
        "received_at": "2026-12-06T01:00:00Z",
        "source": "sms",
        "incident_id": "inc-tapa-0001",
        "description": "Air setinggi lutut",
    },
    {
        "id": "r2",
        "code": "SGT-BBBB22",
        "hazard": "tanah_longsor",
        "latitude": 0.54,
        "longitude": 123.06,
        "region_code": "75.71.01",
        "received_at": "2026-12-06T02:00:00Z",
        "source": "api",
        "incident_id": "inc-kota-0002",
    },
]


def problem(status, errors=(), detail="Data yang dikirim tidak valid."):
    return {"status": status, "title": "Permintaan tidak valid", "detail": detail, "errors": list(errors)}, status


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-gateway")
    app.issued = []
    app.previews = []
    app.actions = []
    app.alerts = {}

    def who() -> str:
        return request.headers.get("Authorization", "").removeprefix("Bearer access-")

    @app.post("/v1/identity/token")
    def login():
        body = request.json
        if body["username"] not in ACCOUNTS or body.get("password") != "benar":
            return {"status": 401, "title": "Gagal masuk"}, 401
        if not body.get("otp"):
            return problem(400, [{"field": "otp", "reason": "OTP_REQUIRED", "detail": "Masukkan kode."}])
        name = body["username"]
        return {"access_token": f"access-{name}", "refresh_token": f"refresh-{name}", "expires_in": 900, "acr": 2}

    @app.get("/v1/me")
    def me():
        return {"full_name": "Petugas", **ACCOUNTS[who()]}

    @app.get("/v1/disaster/incidents")
    def incidents():
        region = request.args.get("region", "")
        found = [
            i
            for i in INCIDENTS.values()
            if any(c == region or c.startswith(region + ".") for c in i["regency_codes"] + i["district_codes"])
        ]
        return {"incidents": found}

    @app.get("/v1/disaster/incidents/<incident_id>")
    def incident(incident_id):
        if incident_id not in INCIDENTS:
            return problem(404, detail="Kejadian tidak ditemukan.")
        return INCIDENTS[incident_id]

    @app.post("/v1/disaster/incidents/<path:rest>")
    def incident_action(rest):
        app.actions.append((rest, request.json, request.headers.get("Idempotency-Key")))
        if rest.endswith(":verify") and request.json.get("severity") not in ("minor", "moderate", "severe", "extreme"):
            return problem(400, [{"field": "severity", "reason": "NOT_ONE_OF", "detail": "Harus salah satu dari."}])
        return INCIDENTS[rest.split(":")[0].split("/")[0]]

    @app.get("/v1/disaster/reports")
    def reports():
        return {"reports": REPORTS}

    def alert_problems(body) -> list[dict]:
        problems = []
        for name in ("headline", "description"):
            for lang in ("id", "en"):
                if not (body.get(name) or {}).get(lang):
                    problems.append({"field": f"{name}.{lang}", "reason": "REQUIRED", "detail": "Wajib diisi."})
        if body.get("urgency") not in ("Immediate", "Expected", "Future", "Past", "Unknown"):
            problems.append(
                {
                    "field": "document.info[0].urgency",
                    "reason": "CAP_SCHEMA_INVALID",
                    "detail": "Dokumen tidak sesuai skema CAP 1.2 (OASIS) pada elemen urgency",
                }
            )
        codes = [c for a in body.get("areas") or [] for c in a.get("region_codes") or []]
        if any(not c.startswith("75.03") for c in codes):
            problems.append(
                {
                    "field": "areas[0].region_codes",
                    "reason": "OUTSIDE_JURISDICTION",
                    "detail": "Data ini berada di luar wilayah kewenangan Anda.",
                }
            )
        return problems

    @app.post("/v1/disaster/alerts:preview")
    def preview():
        body = request.json
        app.previews.append(body)
        found = alert_problems(body["alert"])
        xml = f"<alert><msgType>{'Update' if body['update_of'] else 'Alert'}</msgType><headline>{body['alert']['headline']['id']}</headline></alert>"
        return {"valid": not found, "cap_xml": xml, "problems": found, "schema_valid": True}

    def store(body, msg_type, references=()):
        alert_id = str(uuid.uuid4())
        codes = [c for a in body.get("areas") or [] for c in a.get("region_codes") or []]
        app.alerts[alert_id] = body | {
            "id": alert_id,
            "identifier": f"BPBD-GTO-{alert_id[:8]}",
            "msg_type": msg_type,
            "source": "bpbd",
            "active": msg_type != "Cancel",
            "region_codes": codes,
            "references": list(references),
            "sent": "2026-12-06T03:00:00Z",
            "cap_url": f"/v1/disaster/alerts/{alert_id}.cap.xml",
        }
        return app.alerts[alert_id]

    @app.post("/v1/disaster/alerts")
    def issue():
        app.issued.append((request.json, request.headers.get("Idempotency-Key")))
        found = alert_problems(request.json)
        if found:
            return problem(400, found)
        return store(request.json, "Alert")

    @app.post("/v1/disaster/alerts/<alert_id>:update")
    def update(alert_id):
        app.issued.append((request.json, request.headers.get("Idempotency-Key")))
        app.alerts[alert_id].update(active=False)
        new = store(request.json["alert"], "Update", [app.alerts[alert_id]["identifier"]])
        app.alerts[alert_id]["superseded_by"] = new["id"]
        return new

    @app.post("/v1/disaster/alerts/<alert_id>:cancel")
    def cancel(alert_id):
        app.actions.append((f"{alert_id}:cancel", request.json, request.headers.get("Idempotency-Key")))
        app.alerts[alert_id].update(active=False)
        return store(app.alerts[alert_id] | {"headline": {"id": "DIBATALKAN", "en": "CANCELLED"}}, "Cancel")

    @app.get("/v1/disaster/alerts")
    def alerts():
        return {"alerts": [a for a in app.alerts.values() if a["active"]]}

    @app.get("/v1/disaster/alerts/<name>")
    def alert(name):
        if name.endswith(".cap.xml"):
            found = app.alerts[name.removesuffix(".cap.xml")]
            return (
                f"<alert><identifier>{found['identifier']}</identifier></alert>",
                200,
                {"Content-Type": "application/cap+xml"},
            )
        if name not in app.alerts:
            return problem(404, detail="Peringatan tidak ditemukan.")
        return app.alerts[name]

    return app


@pytest.fixture
def setup(http_server, redis_client):
    namespace = f"test-staff-disaster-{uuid.uuid4().hex[:8]}"
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app.test_client(), gateway
    for key in redis_client.scan_iter(f"{namespace}:*"):
        redis_client.delete(key)


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def sign_in(client, username="bpbd.bonebolango"):
    token = csrf(client.get("/petugas/masuk").get_data(as_text=True))
    client.post(
        "/petugas/masuk", data={"csrf_token": token, "step": "password", "username": username, "password": "benar"}
    )
    token = csrf(client.get("/petugas/masuk").get_data(as_text=True))
    done = client.post("/petugas/masuk", data={"csrf_token": token, "step": "code", "otp": "123456"})
    assert done.headers["Location"].endswith("/petugas"), done.get_data(as_text=True)


ALERT_FORM = {
    "hazard": "banjir",
    "status": "Actual",
    "urgency": "Expected",
    "severity": "Severe",
    "certainty": "Likely",
    "response_type": "Prepare",
    "headline_id": "Siaga banjir Tapa",
    "headline_en": "Flood watch Tapa",
    "description_id": "Sungai Bone naik.",
    "description_en": "The Bone river is rising.",
    "instruction_id": "",
    "instruction_en": "",
    "region_codes": "750301, 75.03.02",
    "area_description": "",
    "polygon": "0.52,123.12\n0.56,123.12\n0.56,123.18\n0.52,123.12",
    "effective": "",
    "expires": "2026-12-06T18:30",
}
