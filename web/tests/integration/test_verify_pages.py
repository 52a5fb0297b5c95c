"""/verifikasi through Flask's test client against a stand-in gateway on a real socket: the same answers
the platform gives (permit and receipt look-ups, the credential check) and real Ed25519 keys for the
permit and receipt tokens, so a forged token is refused by its signature, not by a canned answer."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings
from gorontalo_web.security import CONTENT_SECURITY_POLICY

from servicekit.signing import DocumentKeyRing

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PERMIT = "7571/DPMPTSP/2026/000001"
REVOKED_PERMIT = "7504/DPMPTSP/2026/000009"
RECEIPT = "75-2026-00000012-0"
WEB_PUBLIC_URL = "http://127.0.0.1:8081"


@pytest.fixture
def namespace(redis_client):
    name = f"test-web-verify-{uuid.uuid4().hex[:8]}"
    yield name
    for key in redis_client.scan_iter(f"{name}:*"):
        redis_client.delete(key)


@pytest.fixture
def keys(tmp_path):
    return {
        "identity": DocumentKeyRing(
            tmp_path / "identity", issuer="https://gorontalo.go.id/identity", token_type="gorontalo-id+jwt"
        ),
        "permits": DocumentKeyRing(tmp_path / "permits", issuer="gorontalo-permits", token_type="permit+jwt"),
        "tax": DocumentKeyRing(tmp_path / "tax", issuer="gorontalo-tax", token_type="receipt+jwt"),
        "forger": DocumentKeyRing(tmp_path / "forger", issuer="gorontalo-permits", token_type="permit+jwt"),
    }


def stand_in_gateway(keys) -> Flask:
    app = Flask("stand-in-gateway")
    app.paths = []
    app.down = False
    app.credentials = {}  # token -> status

    @app.before_request
    def record():
        app.paths.append(request.full_path)
        if app.down:
            return {"status": 503, "title": "Layanan tidak tersedia"}, 503
        return None

    @app.get("/.well-known/jwks.json")
    def identity_keys():
        return keys["identity"].jwks()

    @app.get("/v1/permits/.well-known/jwks.json")
    def permit_keys():
        return keys["permits"].jwks()

    @app.get("/v1/tax/receipt-keys")
    def receipt_keys():
        import json

        return app.response_class(json.dumps(keys["tax"].jwks()), mimetype="application/jwk-set+json")

    @app.post("/v1/identity/credentials:verify")
    def verify_credential():
        status = app.credentials.get(request.json.get("token"), "bad_signature")
        if status == "bad_signature":
            return {"valid": False, "status": status}
        return {
            "valid": status == "valid",
            "status": status,
            "full_name": "Siti Rahma",
            "birth_date": "1990-01-12",
            "regency_code": "75.71",
            "nik_masked": "7571********0003",
            "credential_id": "c-1",
            "expires_at": "2027-03-06T01:00:00Z",
        }

    @app.get("/v1/permits/verify/<number>")
    def verify_permit(number):
        known = {PERMIT.replace("/", "-"): "valid", REVOKED_PERMIT.replace("/", "-"): "revoked"}
        if number not in known:
            return {"status": 404, "title": "Tidak ditemukan"}, 404
        answer = {
            "permit_number": number.replace("-", "/"),
            "validity": known[number],
            "business_name": "Toko Binte",
            "kbli_code": "47112",
            "activity": "Perdagangan eceran",
            "risk_level": "rendah",
            "issue_date": "2026-12-06",
            "regency_code": "75.71",
            "regency_name": "Kota Gorontalo",
        }
        if known[number] == "revoked":
            answer.update(revoked_at="2026-12-05T03:00:00Z", revocation_reason="Usaha tidak sesuai lokasi")
        return answer

    @app.get("/v1/tax/receipts/verify/<number>")
    def verify_receipt(number):
        if number != RECEIPT:
            return {"status": 404, "title": "Tidak ditemukan"}, 404
        return {
            "valid": True,
            "number": RECEIPT,
            "amount": "262500",
            "tax_type": "pkb",
            "tax_year": 2026,
            "authority_code": "75",
            "paid_date": "2026-12-06",
        }

    return app


@pytest.fixture
def web(http_server, redis_client, namespace, keys):
    gateway = stand_in_gateway(keys)
    settings = WebSettings(
        gateway_url=http_server(gateway),
        secret_key="test-secret",
        session_namespace=namespace,
        redis_url=REDIS_URL,
        public_url=WEB_PUBLIC_URL,
    )
    app = create_app(settings, redis_client=redis_client)
    return app.test_client(), gateway


def csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/verifikasi").text).group(1)


def post(client, kode: str, path: str = "/verifikasi"):
    return client.post(path, data={"kode": kode, "csrf_token": csrf(client)})


def verdict(page: str) -> str:
    return re.search(r'<h2 id="verify-verdict" class="verify-verdict">([^<]+)</h2>', page).group(1)


def test_the_page_needs_no_login_and_loads_no_scanner_until_asked(web):
    client, gateway = web
    page = client.get("/verifikasi")
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert page.headers["Cache-Control"] == "no-store"
    html = page.text
    assert html.count("<h1") == 1 and '<label for="kode">' in html and 'id="kode"' in html
    assert 'id="verify-nojs"' in html  # without JavaScript the page says how to paste a QR code's link
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert any("/verifikasi." in s for s in scripts) and not any("jsqr" in s for s in scripts)
    jsqr = re.search(r'data-jsqr="([^"]+)"', html).group(1)  # fetched by the script only for a scan
    assert client.get(jsqr).status_code == 200
    assert "style=" not in html and "onclick" not in html
    assert gateway.paths == []  # the page itself asks the platform nothing


def test_a_permit_number_as_printed_is_valid_online(web):
    client, gateway = web
    page = post(client, PERMIT).text
    assert verdict(page) == "SAH"
    assert "Toko Binte" in page and "Kota Gorontalo" in page and "6 Desember 2026" in page
    assert 'data-method="online"' in page
    assert gateway.paths[-1].startswith("/v1/permits/verify/7571-DPMPTSP-2026-000001")


def test_a_revoked_or_unknown_permit_is_said_so(web):
    client, _ = web
    page = post(client, REVOKED_PERMIT).text
    assert verdict(page) == "DICABUT" and "Usaha tidak sesuai lokasi" in page and "verify-bad" in page
    page = post(client, "7571-DPMPTSP-2026-999999").text
    assert verdict(page) == "TIDAK DITEMUKAN"


def test_a_receipt_number_shows_what_was_paid(web):
    client, _ = web
    page = post(client, RECEIPT).text
    assert verdict(page) == "SAH"
    assert "Rp 262.500" in page and "Pajak Kendaraan Bermotor (PKB)" in page and "Bapenda Gorontalo" in page


def test_a_credential_from_a_new_qr_code_and_an_old_one(web):
    client, gateway = web
    token = "eyJhbGciOiJFZERTQSIsInR5cCI6Imdvcm9udGFsby1pZCtqd3QifQ.eyJqdGkiOiJjLTEifQ.c2ln"
    gateway.credentials[token] = "valid"
    for kode in (f"{WEB_PUBLIC_URL}/verifikasi#{token}", token):
        page = post(client, kode).text
        assert verdict(page) == "SAH"
        assert "Siti Rahma" in page and "12 Januari 1990" in page and "7571********0003" in page
        assert "Kota Gorontalo" in page and "6 Maret 2027" in page
    # the token went to the gateway in a body, never in a URL
    assert all(token not in path for path in gateway.paths)
    gateway.credentials[token] = "revoked"
    assert verdict(post(client, token).text) == "DICABUT"
    gateway.credentials[token] = "expired"
    assert verdict(post(client, token).text) == "KEDALUWARSA"


def test_a_forged_credential_is_not_valid(web):
    client, _ = web
    forged = "eyJhbGciOiJFZERTQSIsInR5cCI6Imdvcm9udGFsby1pZCtqd3QifQ.eyJqdGkiOiJjLTIifQ.Zm9yZ2Vk"
    page = post(client, forged).text
    assert verdict(page) == "TIDAK SAH" and "palsu" in page and "Siti" not in page


def test_signed_permit_and_receipt_tokens_are_checked_by_signature_then_by_number(web, keys):
    client, gateway = web
    permit_token = keys["permits"].sign({"sub": PERMIT, "biz": "Toko Binte", "iat": 1_796_000_000})
    page = post(client, f"{WEB_PUBLIC_URL}/verifikasi#{permit_token}").text
    assert verdict(page) == "SAH" and "Toko Binte" in page and "ditandatangani Pemprov Gorontalo" in page
    receipt_token = keys["tax"].sign({"sub": RECEIPT, "amt": 262500, "iat": 1_796_000_000})
    page = post(client, receipt_token).text  # an old receipt's QR: the bare token
    assert verdict(page) == "SAH" and "Rp 262.500" in page
    # the same claims signed by someone else's key: refused before any look-up
    looked_up = len([p for p in gateway.paths if "/verify/" in p])
    forged = keys["forger"].sign({"sub": PERMIT, "biz": "Toko Binte", "iat": 1_796_000_000})
    assert verdict(post(client, forged).text) == "TIDAK SAH"
    assert len([p for p in gateway.paths if "/verify/" in p]) == looked_up


def test_empty_or_unknown_input_is_a_field_error(web):
    client, gateway = web
    for kode, message in (("", "Isi nomor izin"), ("bukan apa-apa", "Tidak dikenali")):
        answer = post(client, kode)
        assert answer.status_code == 400
        assert 'aria-invalid="true"' in answer.text and message in answer.text
    assert gateway.paths == []


def test_a_post_without_csrf_token_is_refused(web):
    client, _ = web
    assert client.post("/verifikasi", data={"kode": PERMIT}).status_code == 400
    assert client.post("/verifikasi/periksa", data={"kode": PERMIT}).status_code == 400


def test_when_the_platform_is_down_the_page_says_so(web):
    client, gateway = web
    gateway.down = True
    answer = post(client, PERMIT)
    assert answer.status_code == 503 and verdict(answer.text) == "BELUM DAPAT DIPERIKSA"
    answer = post(client, PERMIT, "/verifikasi/periksa")
    assert answer.status_code == 503 and answer.json["verdict"] == "unavailable"
    assert client.get("/verifikasi/kunci.json").status_code == 503


def test_the_scripts_check_answers_json_with_the_result_drawn(web):
    client, _ = web
    answer = post(client, RECEIPT, "/verifikasi/periksa")
    assert answer.status_code == 200
    body = answer.json
    assert (body["kind"], body["verdict"], body["valid"], body["method"]) == ("receipt", "valid", True, "online")
    assert verdict(body["html"]) == "SAH" and "<html" not in body["html"]
    unknown = post(client, "x", "/verifikasi/periksa")
    assert unknown.status_code == 400 and unknown.json["verdict"] == "unrecognised"
    assert "Tidak dikenali" in unknown.json["html"]


def test_the_public_keys_for_the_offline_check(web, keys):
    client, _ = web
    answer = client.get("/verifikasi/kunci.json")
    assert answer.status_code == 200 and "public" in answer.headers["Cache-Control"]
    body = answer.json
    assert body["identity"]["keys"] == keys["identity"].jwks()["keys"]
    assert body["permits"]["keys"] == keys["permits"].jwks()["keys"]
    assert body["tax"]["keys"] == keys["tax"].jwks()["keys"]
    assert all("d" not in key for kind in ("identity", "permits", "tax") for key in body[kind]["keys"])


def test_english_by_the_switch(web):
    client, _ = web
    client.get("/verifikasi?lang=en")
    page = post(client, REVOKED_PERMIT).text
    assert verdict(page) == "REVOKED" and "Checked ONLINE" in page and "5 December 2026" in page
