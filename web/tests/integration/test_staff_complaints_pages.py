"""/petugas/pengaduan through Flask's test client against a stand-in gateway on a real socket: the dispatch
queue with the model's suggestion and confidence, duplicates nearby side by side, a corrected category
dispatched (confirmation checked on the server), the API's field errors next to the inputs, the agency's
inbox with its deadlines, start, an internal note with its Idempotency-Key, resolving with a photo uploaded
first, and the escalations (the real stack's journey is tests/e2e/browser/test_staff_complaints.py)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import re
import uuid

import pyotp
import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
ACCOUNTS = {
    "dispatcher": {"role": "officer", "agency": "diskominfo-75", "jurisdiction": []},
    "pupr": {"role": "officer", "agency": "dinas-pupr-7571", "jurisdiction": ["75.71"]},
}
PAST = "2026-01-05T16:00:00Z"
FUTURE = (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")


def problem(status, field=None, reason="", detail="", title="Permintaan tidak valid"):
    body = {"status": status, "title": title, "detail": "Data yang dikirim tidak valid."}
    if field:
        body["errors"] = [{"field": field, "reason": reason, "detail": detail}]
    return body, status


def complaint(code, **fields):
    return {
        "id": code.lower(),
        "tracking_code": code,
        "title": f"Judul {code}",
        "description": "Lampu jalan mati dan jalan berlubang",
        "latitude": 0.5412,
        "longitude": 123.0621,
        "region_code": "75.71.01.1001",
        "privacy": "biasa",
        "channel": "web",
        "filed_at": "2026-01-01T01:00:00Z",
        "disposition_due_at": PAST,
        **fields,
    }


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-gateway")
    app.secrets, app.pending = {}, {}
    app.calls = []
    app.queue = {
        "GTO-AAAA-11": complaint(
            "GTO-AAAA-11",
            status="received",
            needs_dispatch=True,
            suggested_category="lampu_jalan",
            suggestion_confidence=0.42,
        ),
    }
    app.inbox = {
        "GTO-BBBB-22": complaint(
            "GTO-BBBB-22",
            status="dispositioned",
            category="jalan_rusak",
            agency_code="dinas-pupr-7571",
            agency_name="Dinas PUPR Kota Gorontalo",
            dispositioned_at="2026-01-02T01:00:00Z",
            first_response_due_at=PAST,
        ),
        "GTO-CCCC-33": complaint(
            "GTO-CCCC-33",
            status="in_progress",
            category="jalan_rusak",
            agency_code="dinas-pupr-7571",
            dispositioned_at="2026-01-02T01:00:00Z",
            first_response_at="2026-01-03T01:00:00Z",
            first_response_due_at=FUTURE,
        ),
    }
    app.updates = []

    def who() -> str:
        return request.headers.get("Authorization", "").removeprefix("Bearer access-")

    def token(username, required_action=""):
        return {
            "access_token": f"access-{username}",
            "refresh_token": "r",
            "expires_in": 900,
            "acr": 2,
            "required_action": required_action,
        }

    @app.before_request
    def record():
        app.calls.append(
            (request.method, request.path, request.get_json(silent=True), request.headers.get("Idempotency-Key"))
        )

    @app.post("/v1/identity/token")
    def login():
        username = request.json["username"]
        return token(username, "" if username in app.secrets else "enroll_totp")

    @app.get("/v1/me")
    def me():
        return {"full_name": f"Nama {who()}", **ACCOUNTS[who()]}

    @app.post("/v1/me/totp:enroll")
    def enroll():
        secret = pyotp.random_base32(32)
        app.pending[who()] = secret
        uri = pyotp.TOTP(secret).provisioning_uri(name=who(), issuer_name="Gorontalo Satu")
        return {"secret": secret, "otpauth_uri": uri, "qr_png": base64.urlsafe_b64encode(PNG).decode()}

    @app.post("/v1/me/totp:confirm")
    def confirm():
        app.secrets[who()] = app.pending[who()]
        return token(who())

    @app.get("/v1/complaints/dispatch/queue")
    def queue():
        if who() != "dispatcher":
            return problem(403, title="Ditolak")
        return {"complaints": [c for c in app.queue.values() if c["status"] in ("received", "verified")]}

    @app.get("/v1/complaints/agency/inbox")
    def inbox():
        status = request.args.get("status")
        return {"complaints": [c for c in app.inbox.values() if not status or c["status"] == status]}

    @app.get("/v1/complaints/nearby")
    def nearby():
        assert request.args["category"] == "lampu_jalan"
        near = complaint("GTO-DDDD-44", status="dispositioned", title="Lampu padam di Jl. Raja Eyato", support_count=3)
        own = complaint("GTO-AAAA-11", status="received")
        return {"complaints": [{"complaint": near, "distance_meters": 42.4}, {"complaint": own}], "radius_meters": 250}

    @app.get("/v1/complaints/<code>")
    def get_one(code):
        return {"tracking_code": code, "photos": []}

    @app.post("/v1/complaints/<code>:dispatch")
    def dispatch(code):
        body = request.json
        if body.get("category") == "banjir":
            return problem(400, "category", "no_routing_entry", "Belum ada instansi untuk kategori ini.")
        app.queue[code] |= {
            "status": "dispositioned",
            "category": body["category"],
            "agency_name": "Dinas PUPR Kota Gorontalo",
        }
        return app.queue[code]

    @app.post("/v1/complaints/<code>:reject")
    def reject(code):
        if len(request.json.get("reason", "")) < 3:
            return problem(400, "reason", "too_short", "Alasan terlalu pendek.")
        return {}

    @app.get("/v1/complaints/<code>/updates")
    def updates(code):
        return {"updates": [u for u in app.updates if u["code"] == code]}

    @app.post("/v1/complaints/<code>/updates")
    def post_update(code):
        app.updates.append(
            {
                "code": code,
                "note": request.json["note"],
                "internal": request.json.get("internal", False),
                "kind": request.json.get("kind", "update"),
                "created_at": "2026-01-03T02:00:00Z",
            }
        )
        return {}

    @app.post("/v1/complaints/<code>:start")
    def start(code):
        app.inbox[code]["status"] = "in_progress"
        return app.inbox[code]

    @app.post("/v1/complaints/<code>/photos")
    def upload(code):
        assert request.content_type == "image/png" and request.get_data() == PNG
        return {"id": "p-1", "kind": "resolution"}

    @app.post("/v1/complaints/<code>:resolve")
    def resolve(code):
        app.inbox[code]["status"] = "resolved"
        return app.inbox[code]

    @app.get("/v1/complaints/escalations")
    def escalations():
        return {
            "escalations": [
                {
                    "tracking_code": "GTO-BBBB-22",
                    "deadline": "first_response",
                    "due_at": PAST,
                    "detected_at": PAST,
                    "agency_code": "dinas-pupr-7571",
                    "region_code": "75.71.01.1001",
                    "escalated_to": ["agency_head", "province_dispatcher"],
                    "status": "dispositioned",
                }
            ]
        }

    return app


@pytest.fixture
def setup(http_server, redis_client):
    namespace = f"test-staff-complaints-{uuid.uuid4().hex[:8]}"
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app.test_client(), gateway
    for key in redis_client.scan_iter(f"{namespace}:*"):
        redis_client.delete(key)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, username):
    page = client.get("/petugas/masuk").get_data(as_text=True)
    client.post("/petugas/masuk", data={"csrf_token": csrf_of(page), "username": username, "password": "x"})
    page = client.get("/petugas/totp").get_data(as_text=True)
    uri = re.search(r'class="staff-otpauth">([^<]+)<', page).group(1).replace("&amp;", "&")
    done = client.post("/petugas/totp", data={"csrf_token": csrf_of(page), "code": pyotp.parse_uri(uri).now()})
    assert done.headers["Location"].endswith("/petugas")


def test_pages_need_a_staff_session(setup):
    client, _ = setup
    for path in ("/petugas/pengaduan/antrean", "/petugas/pengaduan/instansi", "/petugas/pengaduan/eskalasi"):
        assert client.get(path).headers["Location"].endswith("/petugas/masuk")


def test_dispatcher_corrects_the_category_and_dispatches(setup):
    client, gateway = setup
    sign_in(client, "dispatcher")
    page = client.get("/petugas/pengaduan/antrean").get_data(as_text=True)
    assert "GTO-AAAA-11" in page and "Lampu jalan" in page and "keyakinan 42%" in page
    assert "diskominfo-75" in page  # whom the officer acts for
    assert 'class="sc-deadline sc-late"' in page  # the disposition deadline passed

    detail = client.get("/petugas/pengaduan/antrean/GTO-AAAA-11")
    html = detail.get_data(as_text=True)
    assert detail.status_code == 200
    assert "GTO-DDDD-44" in html and "42 m" in html and "Lampu padam di Jl. Raja Eyato" in html
    assert html.count('class="sc-nearby-item"') == 1  # the complaint itself is not its own duplicate
    assert '<option value="lampu_jalan" selected>' in html

    # Without the ticked confirmation nothing is sent, and the page says so next to the box.
    unconfirmed = client.post(
        "/petugas/pengaduan/antrean/GTO-AAAA-11/teruskan", data={"csrf_token": csrf_of(html), "category": "jalan_rusak"}
    )
    assert unconfirmed.status_code == 400
    assert 'id="confirm_dispatch-error"' in unconfirmed.get_data(as_text=True)
    assert not [c for c in gateway.calls if c[1].endswith(":dispatch")]

    # A field error of the API is shown next to the field it names, in Indonesian.
    refused = client.post(
        "/petugas/pengaduan/antrean/GTO-AAAA-11/teruskan",
        data={"csrf_token": csrf_of(html), "category": "banjir", "confirm": "yes"},
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert re.search(r'id="category-error"[^>]*>Belum ada instansi untuk kategori ini\.<', text)
    assert '<option value="banjir" selected>' in text

    done = client.post(
        "/petugas/pengaduan/antrean/GTO-AAAA-11/teruskan",
        data={"csrf_token": csrf_of(html), "category": "jalan_rusak", "note": "cek lapangan", "confirm": "yes"},
    )
    assert done.status_code == 303 and done.headers["Location"].endswith("/petugas/pengaduan/antrean")
    sent = [c for c in gateway.calls if c[1] == "/v1/complaints/GTO-AAAA-11:dispatch"][-1]
    assert sent[2] == {"category": "jalan_rusak", "note": "cek lapangan"}
    after = client.get("/petugas/pengaduan/antrean").get_data(as_text=True)
    assert "diteruskan ke Dinas PUPR Kota Gorontalo" in after
    assert "dikoreksi dari Lampu jalan menjadi Jalan rusak" in after
    assert 'data-code="GTO-AAAA-11"' not in after  # it left the queue


def test_reject_needs_a_reason_and_confirmation(setup):
    client, gateway = setup
    sign_in(client, "dispatcher")
    html = client.get("/petugas/pengaduan/antrean/GTO-AAAA-11").get_data(as_text=True)
    short = client.post(
        "/petugas/pengaduan/antrean/GTO-AAAA-11/tolak",
        data={"csrf_token": csrf_of(html), "reason": "x", "confirm": "yes"},
    )
    assert short.status_code == 400 and 'id="reason-error"' in short.get_data(as_text=True)
    done = client.post(
        "/petugas/pengaduan/antrean/GTO-AAAA-11/tolak",
        data={"csrf_token": csrf_of(html), "reason": "Bukan pengaduan layanan publik", "confirm": "yes"},
    )
    assert done.status_code == 303
    assert "Pengaduan GTO-AAAA-11 ditolak." in client.get("/petugas/pengaduan/antrean").get_data(as_text=True)


def test_agency_starts_notes_and_resolves_with_a_photo(setup):
    client, gateway = setup
    sign_in(client, "pupr")
    page = client.get("/petugas/pengaduan/instansi").get_data(as_text=True)
    rows = dict(re.findall(r'data-code="(GTO-[A-Z0-9-]+)">(.*?)</tr>', page, re.S))
    assert "sc-late" in rows["GTO-BBBB-22"] and "terlambat" in rows["GTO-BBBB-22"]
    assert "sc-met" in rows["GTO-CCCC-33"]  # answered within its deadline
    assert client.get("/petugas/pengaduan/antrean").status_code == 403  # not a dispatcher: the API's refusal

    html = client.get("/petugas/pengaduan/instansi/GTO-BBBB-22").get_data(as_text=True)
    started = client.post("/petugas/pengaduan/instansi/GTO-BBBB-22/mulai", data={"csrf_token": csrf_of(html)})
    assert started.status_code == 303
    html = client.get("/petugas/pengaduan/instansi/GTO-BBBB-22").get_data(as_text=True)
    assert "sedang ditangani" in html

    key = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    client.post(
        "/petugas/pengaduan/instansi/GTO-BBBB-22/kabar",
        data={"csrf_token": csrf_of(html), "idempotency_key": key, "kind": "internal", "note": "Tim survei besok"},
    )
    posted = [c for c in gateway.calls if c[0] == "POST" and c[1].endswith("/updates")][-1]
    assert posted[2] == {"note": "Tim survei besok", "internal": True} and posted[3] == key
    html = client.get("/petugas/pengaduan/instansi/GTO-BBBB-22").get_data(as_text=True)
    assert "Tim survei besok" in html and "sc-update-internal" in html

    no_photo = client.post(
        "/petugas/pengaduan/instansi/GTO-BBBB-22/selesai",
        data={"csrf_token": csrf_of(html), "resolve_note": "Jalan sudah ditambal", "confirm": "yes"},
        content_type="multipart/form-data",
    )
    assert no_photo.status_code == 400 and 'id="photo-error"' in no_photo.get_data(as_text=True)
    assert not [c for c in gateway.calls if c[1].endswith(":resolve")]

    done = client.post(
        "/petugas/pengaduan/instansi/GTO-BBBB-22/selesai",
        data={
            "csrf_token": csrf_of(html),
            "resolve_note": "Jalan sudah ditambal",
            "confirm": "yes",
            "photo": (io.BytesIO(PNG), "hasil.png"),
        },
        content_type="multipart/form-data",
    )
    assert done.status_code == 303
    order = [c[1] for c in gateway.calls if c[0] == "POST" and "GTO-BBBB-22" in c[1]]
    assert order[-2:] == ["/v1/complaints/GTO-BBBB-22/photos", "/v1/complaints/GTO-BBBB-22:resolve"]
    upload = [c for c in gateway.calls if c[1].endswith("/photos")][-1]
    assert upload[3] and upload[3].count(":photo:") == 1
    assert "dinyatakan selesai" in client.get("/petugas/pengaduan/instansi/GTO-BBBB-22").get_data(as_text=True)


def test_escalations_are_listed(setup):
    client, _ = setup
    sign_in(client, "pupr")
    page = client.get("/petugas/pengaduan/eskalasi").get_data(as_text=True)
    assert "GTO-BBBB-22" in page and "tanggapan pertama" in page and "kepala instansi, dispatcher provinsi" in page
