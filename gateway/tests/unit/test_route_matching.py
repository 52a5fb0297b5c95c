"""A path variable never swallows a sibling's fixed name or a custom verb (schemathesis found it).

Before: GET /v1/complaints/anonymous reached GetComplaint with tracking code "anonymous" (400),
GET /v1/complaints/X:answer reached it with "X:answer", and OPTIONS advertised GET on both.
Only routing is exercised: the upstreams are never called.
"""

from __future__ import annotations

import pytest

from gorontalo_gateway.app import create_app
from gorontalo_gateway.config import GatewayConfig
from gorontalo_gateway.routes import flask_rule, load_service
from servicekit.testing import free_port

SERVICES = ("identity", "permits", "tax", "complaints", "disaster")


@pytest.fixture(scope="module")
def client():
    dead = f"127.0.0.1:{free_port()}"
    app = create_app(
        GatewayConfig(
            services={key: dead for key in SERVICES},
            nats_url=f"nats://127.0.0.1:{free_port()}",
            upstream_timeout=0.5,
            health_timeout=0.2,
            max_body_bytes=1024 * 1024,
            streams_url="http://127.0.0.1:8090",
        )
    )
    return app.test_client()


def _allowed(response) -> set[str]:
    return {m.strip() for m in response.headers.get("Allow", "").split(",") if m.strip()}


@pytest.mark.parametrize(
    "path", ["/v1/complaints/anonymous", "/v1/complaints/GTO-7K3Q-95:answer", "/v1/disaster/incidents/abc:verify"]
)
def test_get_on_a_post_only_resource_is_405_with_its_own_allow(client, path):
    response = client.get(path)
    assert response.status_code == 405, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert "GET" not in _allowed(response) and "POST" in _allowed(response)


@pytest.mark.parametrize("path", ["/v1/complaints/anonymous", "/v1/complaints/GTO-7K3Q-95:answer"])
def test_options_lists_only_the_resources_methods(client, path):
    assert _allowed(client.options(path)) == {"POST", "OPTIONS"}


def test_a_real_tracking_code_still_reaches_its_rpc(client):
    # The upstream is down, so reaching the RPC shows as 503, not as 404 or 405.
    assert client.get("/v1/complaints/GTO-7K3Q-95").status_code == 503
    assert client.get("/open311/v2/services/jalan_rusak.json").status_code == 503


def test_reserved_words_come_from_siblings_only():
    routes = [r for key in SERVICES for r in load_service(key, "x").routes]
    by_template = {(r.http_method, r.template): r for r in routes}
    rule = flask_rule(by_template[("GET", "/v1/complaints/{tracking_code}")], routes)
    assert "'anonymous'" in rule and "'nearby'" in rule and "'photos'" in rule
    assert flask_rule(by_template[("GET", "/v1/permits/applications")], routes) == "/v1/permits/applications"
