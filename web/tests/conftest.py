"""Fixtures of the web app's own tests: a small stand-in HTTP server (real sockets, real requests)."""

from __future__ import annotations

import os
import threading

import pytest
import redis
from werkzeug.serving import make_server


@pytest.fixture
def http_server():
    """serve(wsgi_app) -> base URL of a real HTTP server running it on a free port, stopped afterwards."""
    servers = []

    def serve(app) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server in servers:
        server.shutdown()


@pytest.fixture
def redis_client():
    """The Redis the web app keeps its sessions in (REDIS_URL); a missing one fails in CI, skips elsewhere."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Redis at {url}")
    return client
