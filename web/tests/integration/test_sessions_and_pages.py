"""Server-side sessions in a real Redis, and the pages' security rules through Flask's test client,
with a stand-in gateway on a real socket (the journeys against the real stack are the e2e tests')."""

from __future__ import annotations

import os
import re
import time
import uuid

import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings
from gorontalo_web.security import CONTENT_SECURITY_POLICY
from gorontalo_web.sessions import SessionStore

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def namespace(redis_client):
    name = f"test-web-{uuid.uuid4().hex[:8]}"
    yield name
    for key in redis_client.scan_iter(f"{name}:*"):
        redis_client.delete(key)


def stand_in_gateway() -> Flask:
    """Answers as the gateway does for the calls the pages make; tokens expire as the test says."""
    app = Flask("stand-in-gateway")
    app.revoked = []
    app.expires_in = 900
    app.issued = 0

    def token():
        app.issued += 1
        return {
            "access_token": f"access-{app.issued}",
            "refresh_token": f"refresh-{app.issued}",
            "expires_in": app.expires_in,
            "acr": 1,
        }

    @app.post("/v1/identity/token")
    def login():
        if request.json.get("password") != "benar":
            return {"title": "Login gagal", "status": 401, "detail": "NIK atau kata sandi salah."}, 401
        return token()

    @app.post("/v1/identity/token:refresh")
    def refresh():
        return token()

    @app.post("/v1/identity/token:revoke")
    def revoke():
        app.revoked.append((request.headers.get("Authorization"), request.json.get("refresh_token")))
        return {}

    @app.post("/v1/identity/citizens")
    def register():
        if request.json.get("nik") != "7571010101900001":
            problem = {
                "status": 400,
                "detail": "Data tidak valid.",
                "errors": [{"field": "nik", "detail": "NIK tidak ada"}],
            }
            return problem, 400
        return {"id": "a1", "status": "pending"}

    @app.post("/v1/identity/citizens:activate")
    def activate():
        return token()

    @app.get("/v1/me/timeline")
    def timeline():
        app.last_token = request.headers.get("Authorization")
        item = {
            "title": {"id": "Pengaduan GTO-7K3Q-95", "en": "Complaint GTO-7K3Q-95"},
            "state_label": {"id": "Diproses", "en": "In progress"},
            "next_action": {"id": "Tunggu jawaban dinas", "en": "Wait for the agency's answer"},
            "amount": "150000",
        }
        return {"items": [item]}

    @app.get("/v1/services")
    def services():
        return {"services": [{"name": "identity", "title": "Identitas", "summary": "", "status": "up"}]}

    return app


@pytest.fixture
def web(http_server, redis_client, namespace):
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    app = create_app(settings, redis_client=redis_client)
    return app, gateway


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def log_in(client, password="benar"):
    return client.post(
        "/masuk", data={"username": "7571010101900001", "password": password, "csrf_token": csrf(client, "/masuk")}
    )


# --- the store --------------------------------------------------------------------------------


def test_store_round_trip_and_idle_timer_slides(redis_client, namespace):
    store = SessionStore(redis_client, namespace, idle_timeout_seconds=100)
    sid = store.new_id()
    store.save(sid, {"access_token": "t"})
    redis_client.expire(f"{namespace}:web:session:{sid}", 5)
    assert store.load(sid) == {"access_token": "t"}
    assert redis_client.ttl(f"{namespace}:web:session:{sid}") > 90  # the read restarted the idle timer


def test_store_forgets_after_the_idle_timeout(redis_client, namespace):
    store = SessionStore(redis_client, namespace, idle_timeout_seconds=1)
    sid = store.new_id()
    store.save(sid, {"a": 1})
    time.sleep(1.3)
    assert store.load(sid) is None


def test_namespaces_keep_parallel_stacks_apart(redis_client, namespace):
    mine = SessionStore(redis_client, namespace, 60)
    other = SessionStore(redis_client, namespace + "-other", 60)
    mine.save("same-id", {"who": "me"})
    assert other.load("same-id") is None
    mine.delete("same-id")
    assert mine.load("same-id") is None


# --- the pages --------------------------------------------------------------------------------


def test_security_headers_on_every_answer(web):
    app, _ = web
    client = app.test_client()
    for path in ("/", "/masuk", "/daftar", "/saya", "/nope"):
        response = client.get(path)
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"
    page = client.get("/").text
    # Nothing inline for the CSP to refuse: scripts come only as files of this origin.
    assert "style=" not in page and "<style" not in page
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S)
    assert scripts and all(body.strip() == "" for body in scripts)
    assert all(re.match(r'<script src="/static/[\w.-]+\.js" defer>', tag) for tag in re.findall(r"<script[^>]*>", page))


def test_static_files_have_hashed_names_and_long_cache(web):
    app, _ = web
    client = app.test_client()
    href = re.search(r'href="(/static/app\.[0-9a-f]{10}\.css)"', client.get("/").text).group(1)
    response = client.get(href)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert client.get("/static/app.css").status_code == 404


def test_a_post_without_csrf_token_is_400(web):
    app, _ = web
    client = app.test_client()
    assert client.post("/masuk", data={"username": "x", "password": "benar"}).status_code == 400
    assert client.post("/keluar").status_code == 400


def test_login_sets_only_a_random_session_id_and_saya_lists_the_timeline(web, redis_client, namespace):
    app, gateway = web
    client = app.test_client()
    assert client.get("/saya").headers["Location"] == "/masuk"
    token = csrf(client, "/masuk")
    before = client.get_cookie("gs_session").value  # the CSRF secret made a session already
    response = client.post("/masuk", data={"username": "7571010101900001", "password": "benar", "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/saya"
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("gs_session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    after = client.get_cookie("gs_session").value
    assert after != before and redis_client.get(f"{namespace}:web:session:{before}") is None  # no fixation
    assert "access-" not in cookie
    page = client.get("/saya")
    assert page.status_code == 200 and "<h1>Linimasa saya</h1>" in page.text
    assert page.text.count('class="timeline-item"') == 1
    assert "Diproses" in page.text and "Tunggu jawaban dinas" in page.text and "Rp 150.000" in page.text
    assert gateway.last_token == "Bearer access-1"
    assert 'action="/keluar"' in page.text and ">Keluar<" in page.text


def test_english_by_the_switch_kept_in_a_cookie(web):
    app, _ = web
    client = app.test_client()
    log_in(client)
    assert '<html lang="en">' in client.get("/saya?lang=en").text
    page = client.get("/saya")
    assert '<html lang="en">' in page.text and "My timeline" in page.text and "In progress" in page.text


def test_wrong_password_shows_a_form_error(web):
    app, _ = web
    client = app.test_client()
    response = log_in(client, password="salah")
    assert response.status_code == 400
    assert 'class="form-error" role="alert">NIK atau kata sandi salah.' in response.text


def test_an_expired_access_token_is_refreshed_on_the_server(web):
    app, gateway = web
    gateway.expires_in = 0  # dead on arrival (the margin makes it expired at once)
    client = app.test_client()
    log_in(client)
    client.get("/saya")
    assert gateway.last_token == "Bearer access-2"


def test_logout_revokes_clears_the_session_and_the_device(web, redis_client, namespace):
    app, gateway = web
    client = app.test_client()
    log_in(client)
    sid = client.get_cookie("gs_session").value
    token = csrf(client, "/saya")
    response = client.post("/keluar", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert gateway.revoked == [("Bearer access-1", "refresh-1")]
    assert redis_client.get(f"{namespace}:web:session:{sid}") is None
    assert client.get("/saya").status_code == 303


def test_signup_keeps_the_nik_server_side_and_shows_field_errors(web):
    app, _ = web
    client = app.test_client()
    form = {"nik": "1234", "full_name": "A", "birth_date": "1990-01-01", "phone": "0812", "password": "p"}
    refused = client.post("/daftar", data={**form, "csrf_token": csrf(client, "/daftar")})
    assert refused.status_code == 400
    assert '<p id="nik-error" class="field-error" role="alert">NIK tidak ada</p>' in refused.text
    assert 'aria-describedby="nik-error"' in refused.text and 'value="p"' not in refused.text
    accepted = client.post("/daftar", data={**form, "nik": "7571010101900001", "csrf_token": csrf(client, "/daftar")})
    assert accepted.status_code == 303 and accepted.headers["Location"] == "/daftar/kode"
    page = client.get("/daftar/kode")
    assert "7571010101900001" not in page.text
    done = client.post("/daftar/kode", data={"code": "123456", "csrf_token": csrf(client, "/daftar/kode")})
    assert done.status_code == 303 and done.headers["Location"] == "/saya"
    assert client.get("/saya").status_code == 200


def test_secure_cookie_when_configured(http_server, redis_client, namespace):
    settings = WebSettings(
        gateway_url=http_server(stand_in_gateway()),
        secret_key="s",
        session_namespace=namespace,
        cookie_secure=True,
    )
    client = create_app(settings, redis_client=redis_client).test_client()
    response = client.get("/masuk")
    assert "Secure" in [h for h in response.headers.getlist("Set-Cookie") if h.startswith("gs_session=")][0]
