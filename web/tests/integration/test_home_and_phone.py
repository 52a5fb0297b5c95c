"""The home page's alerts, the resend of a sign-up code, and the phone verification of accounts from
before phone codes, through the real app against a stand-in gateway on a real socket."""

from __future__ import annotations

import re

import pytest
from flask import request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings

from .test_sessions_and_pages import REDIS_URL, csrf, log_in, namespace, stand_in_gateway  # noqa: F401

ALERT = {
    "id": "al-1",
    "event": "Banjir",
    "severity": "Severe",
    "sent": "2026-12-06T06:05:00Z",
    "headline": {"id": "Banjir di Kota Gorontalo", "en": "Flood in Gorontalo City"},
    "instruction": {"id": "Jauhi bantaran sungai Bone.", "en": "Keep away from the Bone river banks."},
}


def gateway_with_alerts_and_phone():
    app = stand_in_gateway()
    app.alert_regions = []
    app.resends = []
    app.codes_sent = 0

    @app.get("/v1/disaster/alerts")
    def alerts():
        app.alert_regions.append(request.args.get("region", ""))
        return {"alerts": [ALERT] if request.args.get("region", "") in ("", "75.71") else []}

    @app.get("/v1/me")
    def me():
        return {"id": "a1", "regency_code": "75.71.01", "acr": 1}

    @app.post("/v1/identity/citizens:resendCode")
    def resend():
        app.resends.append(request.json.get("nik"))
        if len(app.resends) > 2:
            return {"status": 429, "title": "Terlalu sering", "detail": "Coba lagi dalam 60 detik."}, 429
        return {}

    @app.post("/v1/me/phone:sendCode")
    def send_code():
        app.codes_sent += 1
        return {}

    @app.post("/v1/me/phone:verify")
    def verify():
        if request.json.get("code") != "123456":
            problem = {"status": 400, "errors": [{"field": "code", "reason": "CODE_WRONG", "detail": "Kode salah."}]}
            return problem, 400
        return {"access_token": "verified", "refresh_token": "r-verified", "expires_in": 900, "acr": 1}

    return app


@pytest.fixture
def web(http_server, redis_client, namespace):  # noqa: F811
    gateway = gateway_with_alerts_and_phone()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    return create_app(settings, redis_client=redis_client), gateway


def test_home_shows_the_chosen_regencys_alerts_in_wita(web):
    app, gateway = web
    page = app.test_client().get("/?wilayah=75.71").text
    assert "Banjir di Kota Gorontalo" in page and "Jauhi bantaran sungai Bone." in page
    assert "6 Des 2026 14.05 WITA" in page  # 06:05 UTC is 14:05 in Gorontalo
    assert gateway.alert_regions[-1] == "75.71"
    assert "Tidak ada peringatan aktif" in app.test_client().get("/?wilayah=75.02").text


def test_home_shows_the_signed_in_residents_own_regency(web):
    app, gateway = web
    client = app.test_client()
    log_in(client)
    client.get("/")
    assert gateway.alert_regions[-1] == "75.71"  # from /v1/me: 75.71.01 is in Kota Gorontalo


def test_home_ignores_a_region_outside_gorontalo(web):
    app, gateway = web
    app.test_client().get("/?wilayah=31.71")
    assert gateway.alert_regions[-1] == ""


def test_sign_up_code_can_be_sent_again_and_a_refusal_is_shown(web):
    app, gateway = web
    client = app.test_client()
    token = csrf(client, "/daftar")
    form = {"nik": "7571010101900001", "full_name": "A", "birth_date": "1990-01-01", "phone": "0812", "password": "x"}
    assert client.post("/daftar", data={**form, "csrf_token": token}).status_code == 303
    answer = client.post("/daftar/kode/kirim-ulang", data={"csrf_token": token})
    assert answer.status_code == 303 and "dikirim=1" in answer.headers["Location"]
    assert "kode baru telah dikirim" in client.get(answer.headers["Location"]).text
    assert gateway.resends == ["7571010101900001"]
    client.post("/daftar/kode/kirim-ulang", data={"csrf_token": token})
    refused = client.post("/daftar/kode/kirim-ulang", data={"csrf_token": token})
    assert refused.status_code == 429 and "Coba lagi dalam 60 detik." in refused.text


def test_resend_without_a_pending_sign_up_goes_back_to_the_form(web):
    app, gateway = web
    client = app.test_client()
    answer = client.post("/daftar/kode/kirim-ulang", data={"csrf_token": csrf(client, "/daftar")})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/daftar")
    assert gateway.resends == []


def test_an_account_without_a_verified_phone_is_sent_to_verify_it(web):
    app, gateway = web
    original = gateway.view_functions["login"]

    def login_needing_phone():
        answer = original()
        if isinstance(answer, dict):
            answer["required_action"] = "verify_phone"
            answer["acr"] = 0
        return answer

    gateway.view_functions["login"] = login_needing_phone
    client = app.test_client()
    answer = log_in(client)
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/saya/verifikasi-hp")
    token = csrf(client, "/saya/verifikasi-hp")
    assert client.post("/saya/verifikasi-hp/kirim", data={"csrf_token": token}).status_code == 303
    assert gateway.codes_sent == 1
    wrong = client.post("/saya/verifikasi-hp", data={"csrf_token": token, "code": "000000"})
    assert wrong.status_code == 400 and re.search(r'id="code-error"[^>]*>Kode salah\.', wrong.text)
    right = client.post("/saya/verifikasi-hp", data={"csrf_token": token, "code": "123456"})
    assert right.status_code == 303 and right.headers["Location"].endswith("/saya")
    client.get("/saya")
    assert gateway.last_token == "Bearer verified"  # the new session's token is the one used


def test_phone_verification_needs_a_session(web):
    app, _ = web
    answer = app.test_client().get("/saya/verifikasi-hp")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/masuk")
