"""/petugas through Flask's test client against a stand-in gateway on a real socket: the two-step staff
sign-in, TOTP enrolment with the QR as an image, the landing page, the idle timeout, the admins' audit
trail, and a resident refused (the real stack's journey is tests/e2e/browser/test_staff_signin.py)."""

from __future__ import annotations

import base64
import os
import re
import time
import uuid

import pyotp
import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PNG = b"\x89PNG\r\n\x1a\nfake"
ACCOUNTS = {
    "petugas.kota": {"role": "officer", "agency": "DPMPTSP Kota Gorontalo", "jurisdiction": ["75.71"]},
    "admin": {"role": "admin", "agency": "", "jurisdiction": []},
    "7571014101900003": {"role": "citizen", "agency": "", "jurisdiction": []},
}


def problem(status, field=None, reason="", detail=""):
    body = {"status": status, "title": "Permintaan tidak valid", "detail": "Data yang dikirim tidak valid."}
    if field:
        body["errors"] = [{"field": field, "reason": reason, "detail": detail}]
    return body, status


def stand_in_gateway() -> Flask:
    """Identity as the pages see it: passwords "benar", TOTP per account, tokens naming the account."""
    app = Flask("stand-in-gateway")
    app.secrets = {}  # username -> confirmed secret
    app.pending = {}
    app.used = set()
    app.revoked = []
    app.actions_asked = []

    def who() -> str:
        return request.headers.get("Authorization", "").removeprefix("Bearer access-")

    def token(username, required_action=""):
        return {
            "access_token": f"access-{username}",
            "refresh_token": f"refresh-{username}",
            "expires_in": 900,
            "acr": 2,
            "required_action": required_action,
        }

    @app.post("/v1/identity/token")
    def login():
        body = request.json
        username = body["username"]
        if username not in ACCOUNTS or body.get("password") != "benar":
            return {"status": 401, "title": "Gagal masuk", "detail": "Nama pengguna atau kata sandi salah."}, 401
        secret = app.secrets.get(username)
        if ACCOUNTS[username]["role"] == "citizen":
            return token(username)
        if secret is None:
            return token(username, "enroll_totp")
        otp = body.get("otp", "")
        if not otp:
            return problem(400, "otp", "OTP_REQUIRED", "Masukkan kode 6 angka dari aplikasi autentikator.")
        if not pyotp.TOTP(secret).verify(otp, valid_window=1) or (username, otp) in app.used:
            return problem(400, "otp", "OTP_INVALID", "Kode autentikator salah atau sudah dipakai.")
        app.used.add((username, otp))
        return token(username)

    @app.get("/v1/me")
    def me():
        username = who()
        if username not in ACCOUNTS:
            return {"status": 401}, 401
        return {"full_name": f"Nama {username}", **ACCOUNTS[username]}

    @app.post("/v1/me/totp:enroll")
    def enroll():
        username = who()
        secret = pyotp.random_base32(32)
        app.pending[username] = secret
        uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="Gorontalo Satu")
        return {"secret": secret, "otpauth_uri": uri, "qr_png": base64.urlsafe_b64encode(PNG).decode(), "qr_svg": ""}

    @app.post("/v1/me/totp:confirm")
    def confirm():
        username = who()
        secret = app.pending.get(username)
        if not secret or not pyotp.TOTP(secret).verify(request.json.get("code", ""), valid_window=1):
            return problem(400, "code", "OTP_INVALID", "Kode autentikator salah atau sudah dipakai.")
        app.secrets[username] = secret
        app.used.add((username, request.json["code"]))
        return token(username)

    @app.post("/v1/identity/token:revoke")
    def revoke():
        app.revoked.append(request.headers.get("Authorization"))
        return {}

    @app.get("/v1/identity/staff-actions")
    def actions():
        if ACCOUNTS.get(who(), {}).get("role") != "admin":
            return {"status": 403, "title": "Ditolak"}, 403
        app.actions_asked.append(dict(request.args))
        return {
            "actions": [
                {
                    "id": "e1",
                    "at": "2026-12-06T01:00:00Z",
                    "actor_id": "o-1",
                    "actor_username": "petugas.kota",
                    "actor_name": "Petugas Kota",
                    "actor_role": "officer",
                    "agency": "dpmptsp-7571",
                    "service": "permits",
                    "method": "ReviewApplication",
                    "http_route": "POST /v1/permits/applications/{id}:review",
                    "resource": {"id": "app-1"},
                }
            ],
            "next_page_token": "",
        }

    return app


@pytest.fixture
def setup(http_server, redis_client, monkeypatch):
    namespace = f"test-staff-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("WEB_STAFF_IDLE_TIMEOUT_SECONDS", "2")
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app.test_client(), gateway
    for key in redis_client.scan_iter(f"{namespace}:*"):
        redis_client.delete(key)


def csrf(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def password_step(client, username, password="benar"):
    return client.post(
        "/petugas/masuk",
        data={
            "csrf_token": csrf(client, "/petugas/masuk"),
            "step": "password",
            "username": username,
            "password": password,
        },
    )


def enrol(client, gateway, username="petugas.kota"):
    assert password_step(client, username).headers["Location"].endswith("/petugas/totp")
    page = client.get("/petugas/totp").get_data(as_text=True)
    uri = re.search(r'class="staff-otpauth">([^<]+)<', page).group(1).replace("&amp;", "&")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return pyotp.parse_uri(uri), token, page


def test_enrolment_shows_the_qr_and_confirms_with_the_first_code(setup):
    client, gateway = setup
    assert client.get("/petugas").headers["Location"].endswith("/petugas/masuk")
    authenticator, token, page = enrol(client, gateway)
    assert f'src="data:image/png;base64,{base64.b64encode(PNG).decode()}"' in page
    assert "otpauth://totp/" in page and authenticator.secret == gateway.pending["petugas.kota"]
    assert client.get("/petugas").headers["Location"].endswith("/petugas/totp")  # nothing else opens

    wrong = client.post(
        "/petugas/totp", data={"csrf_token": token, "code": "000000" if authenticator.now() != "000000" else "111111"}
    )
    assert wrong.status_code == 400
    html = wrong.get_data(as_text=True)
    assert 'id="code-error"' in html and "Kode autentikator salah" in html
    assert authenticator.secret in html.replace(" ", "")  # the same QR again, not a new secret

    done = client.post("/petugas/totp", data={"csrf_token": token, "code": authenticator.now()})
    assert done.headers["Location"].endswith("/petugas")
    home = client.get("/petugas").get_data(as_text=True)
    assert "DPMPTSP Kota Gorontalo" in home and "75.71" in home and "<h1>Konsol petugas</h1>" in home


def test_enrolled_staff_give_the_password_then_the_code(setup):
    client, gateway = setup
    gateway.secrets["petugas.kota"] = pyotp.random_base32(32)
    authenticator = pyotp.TOTP(gateway.secrets["petugas.kota"])
    wrong_password = password_step(client, "petugas.kota", "salah")
    assert wrong_password.status_code == 400 and "kata sandi salah" in wrong_password.get_data(as_text=True)

    asked = password_step(client, "petugas.kota")
    assert asked.status_code == 303 and asked.headers["Location"].endswith("/petugas/masuk")
    page = client.get("/petugas/masuk").get_data(as_text=True)
    assert 'name="otp"' in page and 'autocomplete="one-time-code"' in page and "benar" not in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    refused = client.post("/petugas/masuk", data={"csrf_token": token, "step": "code", "otp": "12345x"})
    assert refused.status_code == 400 and 'id="otp-error"' in refused.get_data(as_text=True)
    code = authenticator.now()
    signed = client.post("/petugas/masuk", data={"csrf_token": token, "step": "code", "otp": code})
    assert signed.headers["Location"].endswith("/petugas")
    assert "Konsol petugas" in client.get("/petugas").get_data(as_text=True)
    # The console is reached only with the second factor; the same code does not sign in twice.
    client.post("/petugas/keluar", data={"csrf_token": csrf(client, "/petugas")})
    password_step(client, "petugas.kota")
    again = client.post(
        "/petugas/masuk", data={"csrf_token": csrf(client, "/petugas/masuk"), "step": "code", "otp": code}
    )
    assert again.status_code == 400


def test_idle_staff_sessions_end_sooner(setup):
    client, gateway = setup
    authenticator, token, _ = enrol(client, gateway)
    client.post("/petugas/totp", data={"csrf_token": token, "code": authenticator.now()})
    assert client.get("/petugas").status_code == 200
    time.sleep(2.5)
    ended = client.get("/petugas")
    assert ended.status_code == 303 and "expired=1" in ended.headers["Location"]
    assert "berakhir karena lama tidak digunakan" in client.get(ended.headers["Location"]).get_data(as_text=True)
    assert gateway.revoked == ["Bearer access-petugas.kota"]  # the tokens were revoked, not just forgotten


def test_only_admins_read_the_audit_trail(setup):
    client, gateway = setup
    authenticator, token, _ = enrol(client, gateway)
    client.post("/petugas/totp", data={"csrf_token": token, "code": authenticator.now()})
    assert client.get("/petugas/audit").status_code == 403
    assert "/petugas/audit" not in client.get("/petugas").get_data(as_text=True)
    client.post("/petugas/keluar", data={"csrf_token": csrf(client, "/petugas")})

    authenticator, token, _ = enrol(client, gateway, "admin")
    client.post("/petugas/totp", data={"csrf_token": token, "code": authenticator.now()})
    assert "/petugas/audit" in client.get("/petugas").get_data(as_text=True)
    page = client.get("/petugas/audit?officer=petugas.kota&agency=&from_date=2026-12-01").get_data(as_text=True)
    assert "ReviewApplication" in page and "Petugas Kota" in page and "6 Des 2026 09.00 WITA" in page
    assert gateway.actions_asked[-1] == {"officer": "petugas.kota", "from_date": "2026-12-01", "page_size": "50"}


def test_a_resident_cannot_use_the_console(setup):
    client, gateway = setup
    refused = password_step(client, "7571014101900003")
    assert refused.status_code == 403 and "bukan akun petugas" in refused.get_data(as_text=True)
    assert gateway.revoked == ["Bearer access-7571014101900003"]
    assert client.get("/petugas").headers["Location"].endswith("/petugas/masuk")
