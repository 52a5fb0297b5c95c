"""Fixtures of the web app's own tests: a small stand-in HTTP server (real sockets, real requests)."""

from __future__ import annotations

import threading

import pytest
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
