"""/petugas/siaga through Flask's test client against a stand-in gateway on a real socket: the BPBD overview
(map and lists of the officer's jurisdiction only), incident actions with the confirmation checked on the
server, the composer's CAP preview and its problems next to the inputs, issuing only a previewed valid
draft, update and cancel (the real stack's journey is tests/e2e/browser/test_staff_disaster.py)."""

from __future__ import annotations

import os
import re
import uuid

import pyotp
import pytest
import redis
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
def redis_client():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


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


def test_the_overview_shows_only_the_officers_jurisdiction_on_the_map_and_in_lists(setup):
    client, gateway = setup
    assert client.get("/petugas/siaga").headers["Location"].endswith("/petugas/masuk")
    sign_in(client)
    page = client.get("/petugas/siaga").get_data(as_text=True)
    assert "<h1>Siaga BPBD</h1>" in page and "BPBD Kabupaten Bone Bolango" in page and "75.03" in page
    assert "inc-tapa-0001" in page and "inc-kota-0002" not in page
    assert "SGT-AAAA11" in page and "SGT-BBBB22" not in page
    # One incident circle and one report diamond on the plain map, with the district seats labelled.
    assert (
        page.count('r="10" data-code=') == 1
        and len(re.findall(r'class="sd-map-report" points="[^"]+" data-code', page)) == 1
    )
    assert "Suwawa" in page and "Kota Gorontalo" in page and "Kabupaten Bone Bolango" in page
    # A closer window on the same projection: Bone Bolango, not the whole province (640 units wide).
    view = re.search(r'class="sd-map" id="sd-map" viewBox="([^"]+)"', page).group(1).split()
    assert 0 < float(view[2]) < 640


def test_staff_of_other_agencies_are_refused(setup):
    client, _ = setup
    sign_in(client, "petugas.kota")
    assert client.get("/petugas/siaga").status_code == 403
    assert client.get("/petugas/siaga/peringatan/baru").status_code == 403


def test_incident_actions_post_and_irreversible_ones_need_the_tick(setup):
    client, gateway = setup
    sign_in(client)
    page = client.get("/petugas/siaga/kejadian/inc-tapa-0001").get_data(as_text=True)
    assert "12 mengungsi" in page and 'name="verify_severity"' in page
    token = csrf(page)
    done = client.post(
        "/petugas/siaga/kejadian/inc-tapa-0001/verify",
        data={"csrf_token": token, "verify_severity": "severe", "verify_note": "Dicek tim"},
    )
    assert done.status_code == 303 and "selesai=verified" in done.headers["Location"]
    assert gateway.actions[-1][:2] == ("inc-tapa-0001:verify", {"severity": "severe", "note": "Dicek tim"})

    refused = client.post(
        "/petugas/siaga/kejadian/inc-tapa-0001/verify", data={"csrf_token": token, "verify_severity": "huge"}
    )
    assert refused.status_code == 400 and 'id="verify_severity-error"' in refused.get_data(as_text=True)

    asked = len(gateway.actions)
    unticked = client.post(
        "/petugas/siaga/kejadian/inc-tapa-0001/dismiss", data={"csrf_token": token, "dismiss_note": "Hoaks"}
    )
    assert unticked.status_code == 400 and 'id="dismiss_confirm-error"' in unticked.get_data(as_text=True)
    assert len(gateway.actions) == asked  # nothing was sent
    ticked = client.post(
        "/petugas/siaga/kejadian/inc-tapa-0001/dismiss",
        data={"csrf_token": token, "dismiss_note": "Hoaks", "dismiss_confirm": "yes"},
    )
    assert ticked.status_code == 303 and gateway.actions[-1][0] == "inc-tapa-0001:dismiss"

    note = client.post(
        "/petugas/siaga/kejadian/inc-tapa-0001/note",
        data={"csrf_token": token, "note_text": "Air surut", "idempotency_key": "k-note-1"},
    )
    assert note.status_code == 303
    assert gateway.actions[-1] == ("inc-tapa-0001/notes", {"text": "Air surut"}, "k-note-1")


def test_the_composer_issues_only_a_previewed_valid_draft(setup):
    client, gateway = setup
    sign_in(client)
    page = client.get("/petugas/siaga/peringatan/baru").get_data(as_text=True)
    token, key = csrf(page), hidden(page, "idempotency_key")
    form = ALERT_FORM | {"csrf_token": token, "idempotency_key": key}

    # A problem of the CAP schema and a missing English headline are shown next to their inputs.
    bad = client.post("/petugas/siaga/peringatan/baru", data=form | {"urgency": "", "headline_en": ""})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert re.search(r'id="urgency-error"[^>]*>Dokumen tidak sesuai skema CAP 1.2', html)
    assert re.search(r'id="headline_en-error"[^>]*>Wajib diisi', html)
    assert 'value="issue"' not in html  # nothing to issue

    # Issuing what was never previewed is refused: the preview is shown instead.
    unseen = client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "issue", "issue_confirm": "yes"})
    assert unseen.status_code == 400 and "berubah sejak pratinjau" in unseen.get_data(as_text=True)
    assert gateway.issued == []

    good = client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "preview"})
    html = good.get_data(as_text=True)
    assert good.status_code == 200 and "Valid: dokumen sesuai skema CAP 1.2" in html
    assert "&lt;msgType&gt;Alert&lt;/msgType&gt;" in html and 'value="issue"' in html
    sent = gateway.previews[-1]
    assert sent["update_of"] == "" and sent["alert"]["expires"] == "2026-12-06T10:30:00Z"  # 18.30 WITA
    area = sent["alert"]["areas"][0]
    assert area["region_codes"] == ["75.03.01", "75.03.02"] and len(area["polygons"][0]["points"]) == 4
    assert area["description"] == "Tapa, Kabila"

    unticked = client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "issue"})
    assert unticked.status_code == 400 and 'id="issue_confirm-error"' in unticked.get_data(as_text=True)
    changed = client.post(
        "/petugas/siaga/peringatan/baru",
        data=form | {"action": "issue", "issue_confirm": "yes", "headline_id": "Lain"},
    )
    assert changed.status_code == 400 and gateway.issued == []

    client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "preview"})
    issued = client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "issue", "issue_confirm": "yes"})
    assert issued.status_code == 303 and "selesai=issued" in issued.headers["Location"]
    [(body, used_key)] = gateway.issued
    assert used_key == key and body["headline"] == {"id": "Siaga banjir Tapa", "en": "Flood watch Tapa"}
    alert_page = client.get(issued.headers["Location"]).get_data(as_text=True)
    assert "Peringatan diterbitkan." in alert_page and "&lt;identifier&gt;BPBD-GTO-" in alert_page


def test_update_previews_against_the_alert_and_cancel_needs_the_tick(setup):
    client, gateway = setup
    sign_in(client)
    page = client.get("/petugas/siaga/peringatan/baru").get_data(as_text=True)
    form = ALERT_FORM | {"csrf_token": csrf(page), "idempotency_key": hidden(page, "idempotency_key")}
    client.post("/petugas/siaga/peringatan/baru", data=form)
    first = client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "issue", "issue_confirm": "yes"})
    alert_id = first.headers["Location"].split("/peringatan/")[1].split("?")[0]

    page = client.get(f"/petugas/siaga/peringatan/{alert_id}/perbarui").get_data(as_text=True)
    assert 'value="Siaga banjir Tapa"' in page and "75.03.01, 75.03.02" in page and "0.52,123.12" in page
    assert 'value="2026-12-06T18:30"' in page  # the expiry back in WITA
    form = {
        m[0]: m[1]
        for m in re.findall(r'<input id="(\w+)" name="\w+" type="(?:text|datetime-local)" value="([^"]*)"', page)
    }
    form |= {
        name: re.search(rf'<textarea id="{name}"[^>]*>([^<]*)</textarea>', page).group(1)
        for name in ("description_id", "description_en", "instruction_id", "instruction_en", "polygon")
    }
    form |= {name: ALERT_FORM[name] for name in ("hazard", "status", "urgency", "certainty", "response_type")}
    form |= {"severity": "Extreme", "csrf_token": csrf(page), "idempotency_key": hidden(page, "idempotency_key")}
    preview = client.post(f"/petugas/siaga/peringatan/{alert_id}/perbarui", data=form)
    assert "&lt;msgType&gt;Update&lt;/msgType&gt;" in preview.get_data(as_text=True)
    assert gateway.previews[-1]["update_of"] == alert_id
    updated = client.post(
        f"/petugas/siaga/peringatan/{alert_id}/perbarui", data=form | {"action": "issue", "issue_confirm": "yes"}
    )
    assert updated.status_code == 303 and "selesai=updated" in updated.headers["Location"]
    new_id = updated.headers["Location"].split("/peringatan/")[1].split("?")[0]
    assert gateway.issued[-1][0]["alert"]["severity"] == "Extreme"

    page = client.get(f"/petugas/siaga/peringatan/{new_id}").get_data(as_text=True)
    token = csrf(page)
    unticked = client.post(f"/petugas/siaga/peringatan/{new_id}/batalkan", data={"csrf_token": token})
    assert unticked.status_code == 400 and 'id="cancel_confirm-error"' in unticked.get_data(as_text=True)
    cancelled = client.post(
        f"/petugas/siaga/peringatan/{new_id}/batalkan",
        data={"csrf_token": token, "cancel_confirm": "yes", "reason_id": "Air surut", "idempotency_key": "k-c"},
    )
    assert cancelled.status_code == 303 and "selesai=cancelled" in cancelled.headers["Location"]
    assert gateway.actions[-1] == (f"{new_id}:cancel", {"reason": {"id": "Air surut", "en": ""}}, "k-c")


def test_closing_an_incident_needs_the_tick_and_the_pages_speak_english(setup):
    client, gateway = setup
    sign_in(client)
    page = client.get("/petugas/siaga/kejadian/inc-tapa-0001").get_data(as_text=True)
    token = csrf(page)
    INCIDENTS["inc-tapa-0001"]["status"] = "verified"
    try:
        page = client.get("/petugas/siaga/kejadian/inc-tapa-0001").get_data(as_text=True)
        assert 'name="update_status"' in page and "Susun peringatan untuk kejadian ini" in page
        composer = client.get("/petugas/siaga/peringatan/baru?incident_id=inc-tapa-0001").get_data(as_text=True)
        assert '<option value="banjir" selected>' in composer and 'name="incident_id" value="inc-tapa-0001"' in composer
        asked = len(gateway.actions)
        moved = client.post(
            "/petugas/siaga/kejadian/inc-tapa-0001/update",
            data={"csrf_token": token, "update_status": "responding", "update_severity": "severe"},
        )
        assert moved.status_code == 303 and gateway.actions[-1][1]["status"] == "responding"
        unticked = client.post(
            "/petugas/siaga/kejadian/inc-tapa-0001/update",
            data={"csrf_token": token, "update_status": "closed", "update_severity": "severe"},
        )
        assert unticked.status_code == 400 and 'id="update_confirm-error"' in unticked.get_data(as_text=True)
        assert len(gateway.actions) == asked + 1
        closed = client.post(
            "/petugas/siaga/kejadian/inc-tapa-0001/update",
            data={"csrf_token": token, "update_status": "closed", "update_severity": "severe", "update_confirm": "yes"},
        )
        assert closed.status_code == 303 and gateway.actions[-1][1]["status"] == "closed"
    finally:
        INCIDENTS["inc-tapa-0001"]["status"] = "reported"
    english = client.get("/petugas/siaga?lang=en").get_data(as_text=True)
    assert "<h1>BPBD readiness</h1>" in english and "Compose a new alert" in english
    composer = client.get("/petugas/siaga/peringatan/baru").get_data(as_text=True)
    assert "Preview the CAP" in composer and 'lang="en"' in composer
