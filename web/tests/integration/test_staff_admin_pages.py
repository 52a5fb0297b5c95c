"""/petugas/admin through Flask's test client against a stand-in gateway on a real socket: admins only,
agencies, an officer with a jurisdiction (the API's error on `jurisdiction[0]` next to its input, the
Idempotency-Key kept across a resent form), the head appointed only with the tick, the routing entry put
with the agency's name, and a client secret and an Open311 key shown once (the real stack's journey is
tests/e2e/browser/test_staff_admin.py)."""

from __future__ import annotations

import base64
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
    "admin": {"role": "admin", "agency": "", "jurisdiction": []},
    "pupr": {"role": "officer", "agency": "Dinas PUPR Kota Gorontalo", "jurisdiction": ["75.71"]},
}
AGENCY = {"id": "ag-1", "code": "dinas-pupr-7571", "name": "Dinas PUPR Kota Gorontalo", "region_code": "75.71"}
OFFICER = {
    "id": "of-1",
    "username": "pupr.andi",
    "full_name": "Andi Pakaya",
    "role": "officer",
    "agency": AGENCY["name"],
    "agency_id": AGENCY["id"],
    "jurisdiction": ["75.71"],
    "agency_head": False,
    "totp_enrolled": True,
}


def problem(status, field, detail):
    return {"status": status, "title": "Permintaan tidak valid", "errors": [{"field": field, "detail": detail}]}, status


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-gateway")
    app.secrets, app.pending, app.calls = {}, {}, []

    def who() -> str:
        return request.headers.get("Authorization", "").removeprefix("Bearer access-")

    def token(username, required_action=""):
        return {"access_token": f"access-{username}", "refresh_token": "r", "expires_in": 900, "acr": 2} | (
            {"required_action": required_action} if required_action else {}
        )

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

    @app.get("/v1/identity/agencies")
    def agencies():
        return {"agencies": [AGENCY]}

    @app.get("/v1/identity/officers")
    def officers():
        return {"officers": [OFFICER]}

    @app.post("/v1/identity/officers")
    def create_officer():
        if request.json["jurisdiction"] != ["75.71.01"]:
            return problem(400, "jurisdiction[0]", "Kode wilayah di luar wilayah instansi.")
        return OFFICER | {"id": "of-2", "username": request.json["username"]}

    @app.post("/v1/identity/officers/<officer_id>:setAgencyHead")
    def set_head(officer_id):
        return OFFICER | {"agency_head": request.json["agency_head"]}

    @app.get("/v1/complaints/routing/entries")
    def entries():
        return {"entries": [{"category": "sampah", "regency_code": "75.71", "agency_code": "dlh-7571"}]}

    @app.put("/v1/complaints/routing/<category>/<regency>")
    def put_route(category, regency):
        return {"category": category, "regency_code": regency, **request.json, "source": "edited"}

    @app.post("/v1/identity/api-clients")
    def api_client():
        return {"client_id": "cl-1", "client_secret": "rahasia-klien-sekali-saja", "name": request.json["name"]}

    @app.post("/v1/complaints/open311-keys")
    def open311_key():
        if len(request.json["name"]) < 3:
            return problem(400, "name", "Terlalu pendek (paling sedikit 3).")
        return {"id": "k-1", "name": request.json["name"], "api_key": "kunci-open311-sekali-saja"}

    return app


@pytest.fixture
def setup(http_server, redis_client):
    namespace = f"test-staff-admin-{uuid.uuid4().hex[:8]}"
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


def test_admin_pages_are_for_admins_only(setup):
    client, _ = setup
    assert client.get("/petugas/admin/instansi").headers["Location"].endswith("/petugas/masuk")
    sign_in(client, "pupr")
    assert "/petugas/admin" not in client.get("/petugas").get_data(as_text=True)
    for path in ("/petugas/admin", "/petugas/admin/petugas", "/petugas/admin/rute", "/petugas/admin/kunci-open311"):
        assert client.get(path).status_code == 403, path


def test_officer_jurisdiction_error_is_next_to_its_input_and_the_key_is_kept(setup):
    client, gateway = setup
    sign_in(client, "admin")
    assert re.search(r'href="/petugas/admin/?"', client.get("/petugas").get_data(as_text=True))
    page = client.get("/petugas/admin/petugas").get_data(as_text=True)
    assert "Andi Pakaya" in page and "pupr.andi" in page
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    form = {
        "csrf_token": csrf_of(page),
        "idempotency_key": key,
        "agency_id": "ag-1",
        "username": "pupr.budi",
        "full_name": "Budi",
        "password": "sandi-awal-panjang",
        "jurisdiction": "75.72",
    }
    refused = client.post("/petugas/admin/petugas", data=form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert re.search(r'id="jurisdiction-error"[^>]*>Kode wilayah di luar wilayah instansi', html)
    assert f'value="{key}"' in html and "sandi-awal-panjang" not in html
    made = client.post("/petugas/admin/petugas", data=form | {"jurisdiction": "75.71.01"})
    assert made.status_code == 303 and "selesai=officer_created" in made.headers["Location"]
    posted = [c for c in gateway.calls if c[0] == "POST" and c[1] == "/v1/identity/officers"]
    assert [c[3] for c in posted] == [key, key]  # a resent form carries the same Idempotency-Key
    assert posted[-1][2]["jurisdiction"] == ["75.71.01"] and posted[-1][2]["agency_head"] is False


def test_head_is_appointed_only_with_the_tick(setup):
    client, gateway = setup
    sign_in(client, "admin")
    page = client.get("/petugas/admin/petugas").get_data(as_text=True)
    form = {"csrf_token": csrf_of(page), "agency_head": "yes"}
    refused = client.post("/petugas/admin/petugas/of-1/kepala", data=form)
    assert refused.status_code == 400
    assert 'id="head_confirm_of-1-error"' in refused.get_data(as_text=True)
    assert not [c for c in gateway.calls if "setAgencyHead" in c[1]]
    done = client.post("/petugas/admin/petugas/of-1/kepala", data=form | {"head_confirm_of-1": "yes"})
    assert done.status_code == 303 and "selesai=head_appointed" in done.headers["Location"]
    assert [c[2] for c in gateway.calls if "setAgencyHead" in c[1]] == [{"agency_head": True}]


def test_routing_entry_is_put_with_the_agency_name(setup):
    client, gateway = setup
    sign_in(client, "admin")
    page = client.get("/petugas/admin/rute").get_data(as_text=True)
    assert "dlh-7571" in page
    form = {"csrf_token": csrf_of(page), "category": "sampah", "regency_code": "75.71", "agency_code": "nope-1"}
    unknown = client.post("/petugas/admin/rute", data=form)
    assert unknown.status_code == 400 and 'id="agency_code-error"' in unknown.get_data(as_text=True)
    done = client.post("/petugas/admin/rute", data=form | {"agency_code": "dinas-pupr-7571"})
    assert done.status_code == 303
    put = [c for c in gateway.calls if c[0] == "PUT"]
    assert put == [
        (
            "PUT",
            "/v1/complaints/routing/sampah/75.71",
            {"agency_code": "dinas-pupr-7571", "agency_name": "Dinas PUPR Kota Gorontalo"},
            None,
        )
    ]


def test_secrets_are_shown_once_and_never_in_a_url(setup):
    client, _ = setup
    sign_in(client, "admin")
    page = client.get("/petugas/admin/klien-ektp").get_data(as_text=True)
    form = {"csrf_token": csrf_of(page), "name": "Bank Uji", "rate_limit_per_minute": "30"}
    unticked = client.post("/petugas/admin/klien-ektp", data=form)
    assert unticked.status_code == 400 and 'id="client_confirm-error"' in unticked.get_data(as_text=True)
    made = client.post("/petugas/admin/klien-ektp", data=form | {"client_confirm": "yes"})
    assert made.status_code == 303 and "rahasia" not in made.headers["Location"]
    shown = client.get(made.headers["Location"])
    assert "rahasia-klien-sekali-saja" in shown.get_data(as_text=True)
    assert "no-store" in shown.headers["Cache-Control"]
    assert "rahasia-klien-sekali-saja" not in client.get(made.headers["Location"]).get_data(as_text=True)

    page = client.get("/petugas/admin/kunci-open311").get_data(as_text=True)
    form = {"csrf_token": csrf_of(page), "name": "x", "key_confirm": "yes"}
    short = client.post("/petugas/admin/kunci-open311", data=form)
    assert short.status_code == 400
    assert re.search(r'id="name-error"[^>]*>Terlalu pendek', short.get_data(as_text=True))
    made = client.post("/petugas/admin/kunci-open311", data=form | {"name": "Aplikasi Lapor"})
    assert "kunci-open311-sekali-saja" in client.get(made.headers["Location"]).get_data(as_text=True)
    assert "kunci-open311-sekali-saja" not in client.get(made.headers["Location"]).get_data(as_text=True)
