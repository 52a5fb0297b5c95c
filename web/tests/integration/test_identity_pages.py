"""/saya/identitas through Flask's test client against a stand-in gateway on a real socket: the
in-person check at level 1, the session raised once an officer confirmed, the ID with its QR embedded,
the access log and the data export."""

from __future__ import annotations

import base64
import json
import os
import re
import uuid

import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CHALLENGE = "Zk9vYmFyLWNoYWxsZW5nZS0xMjM0NTY3OA"
PNG = b"\x89PNG\r\n\x1a\n QR 29"  # stands for the PNG identity draws
NIK = "7571010101900001"


@pytest.fixture
def namespace(redis_client):
    name = f"test-web-identity-{uuid.uuid4().hex[:8]}"
    yield name
    for key in redis_client.scan_iter(f"{name}:*"):
        redis_client.delete(key)


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-identity-gateway")
    app.acr = 1  # the account's level; a token carries it when issued
    app.issued = 0
    app.credentials = []
    app.paths = []
    app.keys = []

    def token():
        app.issued += 1
        return {
            "access_token": f"access-{app.issued}-acr{app.acr}",
            "refresh_token": f"refresh-{app.issued}",
            "expires_in": 900,
            "acr": app.acr,
        }

    def token_acr() -> int:
        return int(request.headers.get("Authorization", "acr0")[-1])

    @app.before_request
    def remember():
        app.paths.append(request.full_path)

    @app.post("/v1/identity/token")
    def login():
        return token()

    @app.post("/v1/identity/token:refresh")
    def refresh():
        return token()

    @app.get("/v1/me")
    def me():
        return {"id": "a1", "full_name": "SITI RAHMAWATI", "nik": "7571********0001", "acr": app.acr}

    @app.post("/v1/me/assurance:inPersonCheck")
    def start():
        return {"challenge": CHALLENGE, "expires_at": "2099-01-01T00:10:00Z"}

    @app.get("/v1/me/assurance/checks/<challenge>/qr")
    def check_qr(challenge):
        assert request.args.get("format") == "png"
        if challenge != CHALLENGE or app.acr >= 2:
            return {"status": 404, "title": "Tidak ditemukan"}, 404
        return PNG, 200, {"Content-Type": "image/png"}

    @app.post("/v1/me/credentials")
    def issue():
        if token_acr() < 2:
            return {"status": 403, "title": "Tingkat jaminan kurang", "detail": "Perlu tingkat 2."}, 403
        app.keys.append(request.headers.get("Idempotency-Key"))
        credential = {
            "id": f"c{len(app.credentials) + 1}",
            "token": "eyJ.hdr.sig",
            "issued_at": "2026-12-06T01:00:00Z",
            "expires_at": "2099-12-06T01:00:00Z",
        }
        app.credentials.append(credential)
        return credential

    @app.get("/v1/me/credentials/<credential_id>/qr")
    def credential_qr(credential_id):
        if token_acr() < 2:
            return {"status": 403, "title": "Tingkat jaminan kurang"}, 403
        return PNG.replace(b"29", credential_id.encode()), 200, {"Content-Type": "image/png"}

    @app.post("/v1/me/credentials/<credential_id>:revoke")
    def revoke(credential_id):
        found = [c for c in app.credentials if c["id"] == credential_id]
        if not found:
            return {"status": 404, "title": "Tidak ditemukan"}, 404
        found[0]["revoked"] = True
        return found[0]

    @app.get("/v1/me/access-log")
    def access_log():
        entry = {
            "actor_role": "officer",
            "actor_name": "Petugas Kelurahan",
            "agency": "kelurahan-7571",
            "purpose": "Aktivasi IKD di loket",
            "at": "2026-12-06T02:05:00Z",
        }
        return {"entries": [entry] if app.acr >= 2 else []}

    @app.get("/v1/me/data")
    def data():
        return {
            "account": {
                "id": "a1",
                "full_name": "SITI RAHMAWATI",
                "nik": NIK,
                "birth_date": "1990-01-01",
                "regency_code": "75.71",
                "acr": app.acr,
            },
            "credentials": [{"id": "c0", "revoked": True, "expires_at": "2099-01-01T00:00:00Z"}, *app.credentials],
            "access_log": [],
        }

    return app


@pytest.fixture
def web(http_server, redis_client, namespace):
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    return create_app(settings, redis_client=redis_client), gateway


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def signed_in(app):
    client = app.test_client()
    answer = client.post("/masuk", data={"username": NIK, "password": "x", "csrf_token": csrf(client, "/masuk")})
    assert answer.status_code == 303
    return client


def _images(html: str) -> list[bytes]:
    return [base64.b64decode(found) for found in re.findall(r'src="data:image/png;base64,([^"]+)"', html)]


def test_identity_needs_login(web):
    app, _ = web
    for path in ("/saya/identitas", "/saya/identitas/data-saya.json"):
        answer = app.test_client().get(path)
        assert (answer.status_code, answer.headers["Location"]) == (303, "/masuk"), path


def test_at_level_one_the_page_explains_and_starts_the_in_person_check(web):
    app, gateway = web
    client = signed_in(app)
    page = client.get("/saya/identitas")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Pemeriksaan tatap muka" in page.text and "e-KTP" in page.text
    assert not _images(page.text) and 'action="/saya/identitas/terbitkan"' not in page.text
    answer = client.post("/saya/identitas/pemeriksaan", data={"csrf_token": csrf(client, "/saya/identitas")})
    assert (answer.status_code, answer.headers["Location"]) == (303, "/saya/identitas#pemeriksaan")
    html = client.get("/saya/identitas").text
    assert _images(html) == [PNG]  # the challenge's QR, embedded
    assert CHALLENGE in html and "1 Jan 2099 08.10 WITA" in html
    # The challenge went to the gateway only in its own QR path; never into an address of this app.
    assert not [path for path in gateway.paths if CHALLENGE in path and "/qr" not in path]


def test_once_the_officer_confirmed_the_session_is_raised_and_the_id_issued_with_its_qr(web):
    app, gateway = web
    client = signed_in(app)
    client.post("/saya/identitas/pemeriksaan", data={"csrf_token": csrf(client, "/saya/identitas")})
    gateway.acr = 2  # the officer scanned the QR and confirmed against the e-KTP
    page = client.get("/saya/identitas").text
    assert "/v1/identity/token:refresh" in [path.rstrip("?") for path in gateway.paths]
    assert CHALLENGE not in page and 'action="/saya/identitas/terbitkan"' in page
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    answer = client.post(
        "/saya/identitas/terbitkan", data={"csrf_token": csrf(client, "/saya/identitas"), "idempotency_key": key}
    )
    assert (answer.status_code, answer.headers["Location"]) == (303, "/saya/identitas#kartu")
    assert gateway.keys == [key]
    html = client.get("/saya/identitas").text
    assert _images(html) == [PNG.replace(b"29", b"c1")]  # the current credential's QR, not the revoked one's
    assert "SITI RAHMAWATI" in html and "7571 •••• •••• 0001" in html and NIK not in html
    assert "Kota Gorontalo" in html and "1 Jan 1990" in html
    assert "Petugas Kelurahan" in html and "Aktivasi IKD di loket" in html and "6 Des 2026 10.05 WITA" in html
    assert 'action="/saya/identitas/terbitkan"' not in html


def test_data_export_is_a_json_download_never_cached(web):
    app, _ = web
    client = signed_in(app)
    answer = client.get("/saya/identitas/data-saya.json")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert answer.headers["Cache-Control"] == "no-store"
    assert re.match(r'attachment; filename="data-saya-\d{8}\.json"', answer.headers["Content-Disposition"])
    assert json.loads(answer.data)["account"]["nik"] == NIK


def test_page_in_english(web):
    app, _ = web
    html = signed_in(app).get("/saya/identitas?lang=en").text
    assert "My digital ID" in html and "In-person check" in html and "Who read my data" in html


def test_revoking_needs_the_tick_and_then_the_page_offers_a_new_id(web):
    app, gateway = web
    gateway.acr = 2
    client = signed_in(app)
    page = client.get("/saya/identitas").text
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    client.post(
        "/saya/identitas/terbitkan", data={"csrf_token": csrf(client, "/saya/identitas"), "idempotency_key": key}
    )
    assert 'action="/saya/identitas/kartu/c1/cabut"' in client.get("/saya/identitas").text
    token = csrf(client, "/saya/identitas")
    unticked = client.post("/saya/identitas/kartu/c1/cabut", data={"csrf_token": token})
    assert unticked.status_code == 303 and not gateway.credentials[0].get("revoked")
    assert "Centang persetujuan" in client.get("/saya/identitas").text
    client.post("/saya/identitas/kartu/c1/cabut", data={"csrf_token": token, "confirm": "yes"})
    assert gateway.credentials[0]["revoked"] is True
    html = client.get("/saya/identitas").text
    assert "KTP digital dicabut" in html and not _images(html) and 'action="/saya/identitas/terbitkan"' in html
    assert (
        client.post("/saya/identitas/kartu/c1:x/cabut", data={"csrf_token": token, "confirm": "yes"}).status_code == 404
    )
