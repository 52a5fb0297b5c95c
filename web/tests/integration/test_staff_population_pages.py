"""/petugas/kependudukan through Flask's test client against a stand-in gateway on a real socket: only
Disdukcapil and kelurahan officers, the in-person check sent only with the e-KTP statement ticked and its
answer (who, masked) shown once, the API's refusals next to the inputs, the takeover repair only when
ticked (the real stack's journey is tests/e2e/browser/test_staff_population.py)."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
ACCOUNTS = {
    "kelurahan.kota": {
        "role": "officer",
        "agency": "Pelayanan Adminduk Kelurahan Kota Gorontalo",
        "jurisdiction": ["75.71"],
    },
    "disdukcapil.prov": {
        "role": "officer",
        "agency": "Dinas Kependudukan dan Pencatatan Sipil Provinsi Gorontalo",
        "jurisdiction": ["75"],
    },
    "bapenda.kota": {"role": "officer", "agency": "Bapenda Kota Gorontalo", "jurisdiction": ["75.71"]},
}
NIK = "7571014107900001"


def problem(status, errors=(), detail="Data yang dikirim tidak valid."):
    return {"status": status, "title": "Permintaan tidak valid", "detail": detail, "errors": list(errors)}, status


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-gateway")
    app.sent = []

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

    @app.post("/v1/identity/assurance:confirmInPerson")
    def confirm():
        app.sent.append(("confirm", request.json))
        if request.json["challenge"] == "spent":
            return problem(
                400, [{"field": "challenge", "reason": "IN_PERSON_CHALLENGE_INVALID", "detail": "Kode tidak berlaku."}]
            )
        if request.json["nik"] != NIK:
            return problem(
                400, [{"field": "nik", "reason": "IN_PERSON_NIK_MISMATCH", "detail": "NIK tidak sesuai akun."}]
            )
        return {
            "id": "c1",
            "role": "citizen",
            "full_name": "ZULKIFLI PAKAYA",
            "nik": "7571**********01",
            "regency_code": "75.71",
            "status": "active",
            "acr": 2,
        }

    @app.post("/v1/identity/citizens:repairTakeover")
    def repair():
        app.sent.append(("repair", request.json))
        return {"closed_account_id": "c9", "sessions_revoked": 2, "credentials_revoked": 1}

    return app


@pytest.fixture
def setup(http_server, redis_client):
    namespace = f"test-staff-population-{uuid.uuid4().hex[:8]}"
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


def sign_in(client, username="kelurahan.kota"):
    token = csrf(client.get("/petugas/masuk").get_data(as_text=True))
    client.post(
        "/petugas/masuk", data={"csrf_token": token, "step": "password", "username": username, "password": "benar"}
    )
    token = csrf(client.get("/petugas/masuk").get_data(as_text=True))
    done = client.post("/petugas/masuk", data={"csrf_token": token, "step": "code", "otp": "123456"})
    assert done.headers["Location"].endswith("/petugas"), done.get_data(as_text=True)


@pytest.mark.parametrize(
    ("username", "allowed"), [("kelurahan.kota", True), ("disdukcapil.prov", True), ("bapenda.kota", False)]
)
def test_only_population_officers(setup, username, allowed):
    client, _gateway = setup
    assert client.get("/petugas/kependudukan").headers["Location"].endswith("/petugas/masuk")
    sign_in(client, username)
    assert client.get("/petugas/kependudukan").status_code == (200 if allowed else 403)
    assert ('href="/petugas/kependudukan"' in client.get("/petugas").get_data(as_text=True)) is allowed


def test_the_in_person_check_is_sent_only_when_ticked_and_shows_whom(setup):
    client, gateway = setup
    sign_in(client)
    token = csrf(client.get("/petugas/kependudukan").get_data(as_text=True))
    form = {
        "csrf_token": token,
        "check_challenge": "abc123",
        "check_nik": "7571 0141 0790 0001",
        "check_purpose": "Aktivasi IKD di loket",
        "check_new_phone": "",
    }
    unticked = client.post("/petugas/kependudukan/periksa", data=form)
    assert unticked.status_code == 400 and gateway.sent == []
    page = unticked.get_data(as_text=True)
    assert 'id="check_confirm-error"' in page and 'value="abc123"' in page
    short = client.post("/petugas/kependudukan/periksa", data=form | {"check_nik": "12345", "check_confirm": "yes"})
    assert 'id="check_nik-error"' in short.get_data(as_text=True) and gateway.sent == []

    done = client.post("/petugas/kependudukan/periksa", data=form | {"check_confirm": "yes"})
    assert done.status_code == 303 and done.headers["Location"].endswith("/petugas/kependudukan")
    assert NIK not in done.headers["Location"]
    assert gateway.sent == [("confirm", {"challenge": "abc123", "nik": NIK, "purpose": "Aktivasi IKD di loket"})]
    page = client.get("/petugas/kependudukan").get_data(as_text=True)
    assert "Identitas warga dikonfirmasi." in page and "ZULKIFLI PAKAYA" in page and "7571**********01" in page
    assert 'class="pk-acr">2<' in page
    assert "Identitas warga dikonfirmasi." not in client.get("/petugas/kependudukan").get_data(as_text=True)

    with_phone = client.post(
        "/petugas/kependudukan/periksa", data=form | {"check_confirm": "yes", "check_new_phone": "081234567890"}
    )
    assert with_phone.status_code == 303 and gateway.sent[-1][1]["new_phone"] == "081234567890"
    assert "Nomor HP baru menunggu kode" in client.get("/petugas/kependudukan").get_data(as_text=True)

    spent = client.post(
        "/petugas/kependudukan/periksa", data=form | {"check_confirm": "yes", "check_challenge": "spent"}
    )
    assert spent.status_code == 400
    assert re.search(r'id="check_challenge-error"[^>]*>Kode tidak berlaku\.<', spent.get_data(as_text=True))
    other = client.post(
        "/petugas/kependudukan/periksa", data=form | {"check_confirm": "yes", "check_nik": "7571014107900002"}
    )
    assert re.search(r'id="check_nik-error"[^>]*>NIK tidak sesuai akun\.<', other.get_data(as_text=True))


def test_the_takeover_repair_needs_the_tick(setup):
    client, gateway = setup
    sign_in(client, "disdukcapil.prov")
    token = csrf(client.get("/petugas/kependudukan").get_data(as_text=True))
    form = {"csrf_token": token, "repair_nik": NIK, "repair_purpose": "Pemilik asli datang dengan e-KTP"}
    unticked = client.post("/petugas/kependudukan/pemulihan", data=form)
    assert unticked.status_code == 400 and gateway.sent == []
    assert 'id="repair_confirm-error"' in unticked.get_data(as_text=True)
    done = client.post("/petugas/kependudukan/pemulihan", data=form | {"repair_confirm": "yes"})
    assert done.status_code == 303
    assert gateway.sent == [("repair", {"nik": NIK, "purpose": "Pemilik asli datang dengan e-KTP"})]
    page = client.get("/petugas/kependudukan").get_data(as_text=True)
    assert "sudah ditutup" in page and 'class="pk-sessions">2<' in page
