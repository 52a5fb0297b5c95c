"""The web app's probes (issue 18, "Health"): /healthz while the process answers, /readyz while its
session store (Redis) does; the gateway's state is shown, not required. Real Redis, a real HTTP server
standing in for the gateway, the app served over a real socket."""

from __future__ import annotations

import os
import threading

import pytest
import redis
import requests
from flask import Flask
from gorontalo_web.app import create_app
from gorontalo_web.config import WebSettings
from werkzeug.serving import make_server

from servicekit.testing import free_port


def _serve(app) -> tuple[str, object]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture
def shared_redis():
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Redis at {url}")
    return client


@pytest.fixture
def gateway():
    stand_in = Flask("gateway-stand-in")
    stand_in.get("/healthz")(lambda: {"status": "ok"})
    url, server = _serve(stand_in)
    yield url
    server.shutdown()


def _web(gateway_url: str, redis_client) -> tuple[str, object]:
    settings = WebSettings(gateway_url=gateway_url, secret_key="test-secret", session_namespace="probe-test")
    return _serve(create_app(settings, redis_client=redis_client))


def test_ready_with_its_session_store_whatever_the_gateway(shared_redis, gateway):
    url, server = _web(gateway, shared_redis)
    try:
        assert requests.get(url + "/healthz", timeout=10).json() == {"status": "ok"}
        ready = requests.get(url + "/readyz", timeout=10)
        assert ready.status_code == 200 and ready.json()["checks"] == {"sessions": "up", "gateway": "up"}
        assert "Set-Cookie" not in ready.headers  # a probe leaves no session behind
    finally:
        server.shutdown()

    url, server = _web(f"http://127.0.0.1:{free_port()}", shared_redis)  # no gateway listens there
    try:
        ready = requests.get(url + "/readyz", timeout=10)
        assert ready.status_code == 200 and ready.json()["checks"]["gateway"] == "down"
    finally:
        server.shutdown()


def test_not_ready_without_its_session_store_but_alive(gateway):
    unreachable = redis.Redis(host="127.0.0.1", port=free_port(), socket_timeout=2, socket_connect_timeout=2)
    url, server = _web(gateway, unreachable)
    try:
        assert requests.get(url + "/healthz", timeout=30).status_code == 200
        ready = requests.get(url + "/readyz", timeout=30)
        assert ready.status_code == 503 and ready.json()["checks"] == {"sessions": "down", "gateway": "up"}
    finally:
        server.shutdown()
