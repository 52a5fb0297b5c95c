"""The gateway client's error mapping, against a real HTTP server that answers as the gateway does."""

from __future__ import annotations

import json
import uuid

import pytest
from flask import Flask, Response, request
from gorontalo_web.blueprints.forms import answer_status, form_errors
from gorontalo_web.gateway import GatewayClient, GatewayError

from servicekit.testing import free_port

PROBLEM = {
    "type": "urn:gorontalo:problem:invalid-argument",
    "title": "Permintaan tidak valid",
    "status": 400,
    "detail": "Data yang dikirim tidak valid.",
    "errors": [
        {"field": "nik", "reason": "NIK_BIRTH_DATE_MISMATCH", "detail": "Tanggal lahir pada NIK tidak sesuai"},
        {"field": "nik", "reason": "SECOND", "detail": "ignored: one line per field"},
        {"field": "phone", "reason": "PHONE_INVALID", "detail": "Nomor HP tidak valid"},
        {"reason": "NO_FIELD"},
    ],
}


def fake_gateway() -> Flask:
    app = Flask("fake-gateway")
    app.seen = []

    @app.post("/v1/identity/citizens")
    def register():
        app.seen.append(dict(request.headers))
        return Response(json.dumps(PROBLEM), status=400, mimetype="application/problem+json")

    @app.post("/v1/identity/token")
    def login():
        body = {"title": "Terlalu banyak", "status": 429, "detail": "Coba lagi dalam 60 detik."}
        return Response(
            json.dumps(body), status=429, headers={"Retry-After": "60"}, mimetype="application/problem+json"
        )

    @app.get("/v1/me/timeline")
    def timeline():
        app.seen.append(dict(request.headers))
        return {"items": [{"id": "1"}]}

    @app.get("/v1/services")
    def broken():
        return Response("<html>bad gateway</html>", status=502, mimetype="text/html")

    return app


@pytest.fixture
def gateway(http_server):
    app = fake_gateway()
    return app, GatewayClient(http_server(app), timeout=5)


def test_problem_fields_map_to_one_message_per_field(gateway):
    _, client = gateway
    with pytest.raises(GatewayError) as caught:
        client.register_citizen({"nik": "1"}, lang="id")
    error = caught.value
    assert error.status == 400 and not error.unavailable
    assert error.field_errors == {"nik": "Tanggal lahir pada NIK tidak sesuai", "phone": "Nomor HP tidak valid"}
    assert error.reasons["nik"] == "NIK_BIRTH_DATE_MISMATCH"
    assert error.detail == "Data yang dikirim tidak valid."


def test_creates_carry_an_idempotency_key_and_the_language(gateway):
    app, client = gateway
    with pytest.raises(GatewayError):
        client.register_citizen({"nik": "1"}, lang="en", idempotency_key="form-key-1")
    with pytest.raises(GatewayError):
        client.register_citizen({"nik": "1"}, lang="id")
    first, second = app.seen
    assert first["Idempotency-Key"] == "form-key-1" and first["Accept-Language"] == "en"
    uuid.UUID(second["Idempotency-Key"])  # one made up when the form had none


def test_the_token_goes_as_bearer(gateway):
    app, client = gateway
    assert client.timeline("tok-123", lang="id") == {"items": [{"id": "1"}]}
    assert app.seen[-1]["Authorization"] == "Bearer tok-123"


def test_rate_limit_keeps_retry_after_and_is_a_form_message(gateway):
    _, client = gateway
    with pytest.raises(GatewayError) as caught:
        client.login("x", "y", lang="id")
    assert caught.value.status == 429 and caught.value.retry_after == "60"
    by_field, general = form_errors(caught.value, ("username", "password"), "id")
    assert by_field == {} and general == "Coba lagi dalam 60 detik."
    assert answer_status(caught.value) == 429


def test_an_error_that_is_not_problem_json_keeps_its_status(gateway):
    _, client = gateway
    with pytest.raises(GatewayError) as caught:
        client.services(lang="id")
    assert caught.value.status == 502 and caught.value.field_errors == {} and caught.value.detail == ""
    assert answer_status(caught.value) == 503


def test_no_answer_is_unavailable():
    client = GatewayClient(f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(GatewayError) as caught:
        client.services(lang="id")
    assert caught.value.unavailable and caught.value.status == 503
    _, general = form_errors(caught.value, ("username",), "en")
    assert general == "The service cannot be reached right now. Please try again shortly."


def test_fields_the_form_lacks_become_the_general_message():
    error = GatewayError(status=400, field_errors={"nik": "NIK salah", "region_code": "Wilayah tidak dikenal"})
    by_field, general = form_errors(error, ("nik",), "id")
    assert by_field == {"nik": "NIK salah"} and general == "Wilayah tidak dikenal"


def test_a_wrong_password_is_not_answered_401_without_a_challenge():
    assert answer_status(GatewayError(status=401, detail="Login gagal")) == 400
