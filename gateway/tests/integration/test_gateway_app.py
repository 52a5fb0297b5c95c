"""The gateway's Flask app with test_client(), against real in-process gRPC servers."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from concurrent import futures

import grpc
import pytest
from google.api import httpbody_pb2
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from gorontalo.disaster.v1 import disaster_pb2, disaster_pb2_grpc
from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc
from gorontalo_gateway.app import create_app
from gorontalo_gateway.config import GatewayConfig
from servicekit import testing_pki
from servicekit.testing import TokenMinter, free_port

MINTER = TokenMinter()
SEEN = {}

CODES = {
    "bad": grpc.StatusCode.INVALID_ARGUMENT,
    "gone": grpc.StatusCode.NOT_FOUND,
    "taken": grpc.StatusCode.ALREADY_EXISTS,
    "late": grpc.StatusCode.DEADLINE_EXCEEDED,
    "busy": grpc.StatusCode.RESOURCE_EXHAUSTED,
    "state": grpc.StatusCode.FAILED_PRECONDITION,
    "down": grpc.StatusCode.UNAVAILABLE,
    "boom": grpc.StatusCode.INTERNAL,
}


class Identity(identity_pb2_grpc.IdentityServiceServicer):
    def GetJwks(self, request, context):
        return identity_pb2.Jwks(keys=[identity_pb2.Jwk(**k) for k in MINTER.jwks["keys"]])

    def GetCredentialQr(self, request, context):
        if request.id == "big-png":  # already compressed media, well over the compression threshold
            return httpbody_pb2.HttpBody(content_type="image/png", data=b"\x89PNG" + bytes(4096))
        if request.id == "big-svg":
            return httpbody_pb2.HttpBody(content_type="image/svg+xml", data=b"<svg>" + b"<g/>" * 1024 + b"</svg>")
        return httpbody_pb2.HttpBody(content_type="image/svg+xml", data=b"<svg/>")


class Disaster(disaster_pb2_grpc.DisasterServiceServicer):
    def SubmitReport(self, request, context):
        SEEN["metadata"] = dict(context.invocation_metadata())
        return disaster_pb2.Report(
            id="r1", hazard=request.hazard, latitude=request.latitude, description=request.description
        )

    def ListReports(self, request, context):
        SEEN["list"] = request
        return disaster_pb2.ListReportsResponse()

    def GetReport(self, request, context):
        if request.id == "fields":
            bad = error_details_pb2.BadRequest()
            bad.field_violations.add(field="hazard", description="Harus salah satu dari: banjir", reason="NOT_ONE_OF")
            packed = any_pb2.Any()
            packed.Pack(bad)
            context.abort_with_status(
                rpc_status.to_status(
                    status_pb2.Status(code=code_pb2.INVALID_ARGUMENT, message="invalid", details=[packed])
                )
            )
        if request.id in CODES:
            context.abort(CODES[request.id], "nope")
        return disaster_pb2.Report(id=request.id, hazard="banjir")


@pytest.fixture(scope="module")
def client():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(Identity(), server)
    disaster_pb2_grpc.add_DisasterServiceServicer_to_server(Disaster(), server)
    health_servicer = health.HealthServicer()
    health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    port = testing_pki.add_secure_port(server, "127.0.0.1:0", "identity", "disaster")
    server.start()
    dead = f"127.0.0.1:{free_port()}"  # nothing listens here
    app = create_app(
        GatewayConfig(
            services={"identity": f"127.0.0.1:{port}", "disaster": f"127.0.0.1:{port}", "tax": dead},
            nats_url=f"nats://127.0.0.1:{free_port()}",
            upstream_timeout=2,
            health_timeout=0.5,
            max_body_bytes=1024 * 1024,
            streams_url="http://127.0.0.1:8090",
        )
    )
    yield app.test_client()
    server.stop(0)


def test_body_path_and_metadata_reach_the_service(client):
    response = client.post(
        "/v1/disaster/reports",
        json={"hazard": "banjir", "latitude": 0.5},
        headers={"X-Request-ID": "req-123", "Accept-Language": "en", "Authorization": f"Bearer {MINTER.token()}"},
    )
    assert response.status_code == 200
    assert response.json["hazard"] == "banjir" and response.json["longitude"] == 0  # defaults are printed
    assert response.headers["X-Request-ID"] == "req-123"
    assert SEEN["metadata"]["x-request-id"] == "req-123"
    assert SEEN["metadata"]["accept-language"] == "en"
    assert SEEN["metadata"]["authorization"].startswith("Bearer ")


def test_query_parameters_are_typed(client):
    assert client.get("/v1/disaster/reports?hazard=banjir&page_size=5").status_code == 200
    assert SEEN["list"].page_size == 5 and SEEN["list"].hazard == "banjir"
    bad = client.get("/v1/disaster/reports?page_size=many")
    assert bad.status_code == 400 and bad.json["errors"][0] == {
        "field": "page_size",
        "reason": "EXPECTED_INTEGER",
        "detail": "Harus berupa bilangan bulat.",
    }
    assert (
        client.get("/v1/disaster/reports?page_size=1&page_size=2").json["errors"][0]["reason"] == "REPEATED_PARAMETER"
    )


@pytest.mark.parametrize(
    "body,field,reason",
    [
        ({"latitude": "north"}, "latitude", "EXPECTED_NUMBER"),
        ({"hazard": 3}, "hazard", "EXPECTED_STRING"),
        ({"observed_at": "yesterday"}, "observed_at", "EXPECTED_TIMESTAMP"),
        ({"observed_at": "2026-11-27T08:00:00"}, "observed_at", "EXPECTED_TIMESTAMP"),
        ({"reporter_id": "me"}, "reporter_id", "UNKNOWN_FIELD"),
        ({"latitude": True}, "latitude", "EXPECTED_NUMBER"),
    ],
)
def test_wrong_types_and_unknown_fields_name_the_field(client, body, field, reason):
    response = client.post("/v1/disaster/reports", json=body)
    assert response.status_code == 400
    assert response.content_type.startswith("application/problem+json")
    assert [(e["field"], e["reason"]) for e in response.json["errors"]] == [(field, reason)]


def test_body_shape_and_media_type(client):
    assert client.post("/v1/disaster/reports", data="[1,2]", content_type="application/json").status_code == 400
    assert (
        client.post("/v1/disaster/reports", data="{oops", content_type="application/json").json["type"]
        == "urn:gorontalo:problem:malformed-json"
    )
    assert (
        client.post(
            "/v1/disaster/reports", data="hazard=banjir", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 415
    )
    huge = "{" + '"description": "' + "x" * (1024 * 1024) + '"}'
    too_big = client.post("/v1/disaster/reports", data=huge, content_type="application/json")
    assert too_big.status_code == 413 and too_big.headers["Connection"] == "close"


@pytest.mark.parametrize(
    "report_id,status",
    [
        ("bad", 400),
        ("gone", 404),
        ("taken", 409),
        ("state", 409),
        ("busy", 429),
        ("down", 503),
        ("late", 504),
        ("boom", 500),
    ],
)
def test_grpc_status_maps_to_http(client, report_id, status):
    response = client.get(f"/v1/disaster/reports/{report_id}")
    assert response.status_code == status
    assert response.json["status"] == status and response.json["service"] == "disaster"
    assert ("Retry-After" in response.headers) == (status == 503)


def test_field_violations_from_a_service_are_carried_through(client):
    response = client.get("/v1/disaster/reports/fields")
    assert response.json["errors"] == [
        {"field": "hazard", "reason": "NOT_ONE_OF", "detail": "Harus salah satu dari: banjir"}
    ]


def test_a_service_that_is_down_is_503_for_that_service_only(client):
    token = MINTER.token()
    down = client.get("/v1/tax/vehicles", headers={"Authorization": f"Bearer {token}"})
    assert down.status_code == 503 and down.json["service"] == "tax"
    assert down.json["type"] == "urn:gorontalo:problem:service-unavailable"
    assert client.get("/v1/disaster/reports/ok").status_code == 200
    directory = {s["name"]: s["status"] for s in client.get("/v1/services").json["services"]}
    assert directory == {"identity": "up", "disaster": "up", "tax": "down"}
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json["checks"]["tax"] == "down"


def test_tokens_are_checked_before_any_service_call(client):
    assert client.get("/v1/tax/vehicles").status_code == 401
    other = TokenMinter().token()
    assert client.get("/v1/tax/vehicles", headers={"Authorization": f"Bearer {other}"}).status_code == 401
    officer = MINTER.token(role="officer", agency="x", jurisdiction=["75.71"])
    forbidden = client.post("/v1/tax/vehicles", json={}, headers={"Authorization": f"Bearer {officer}"})
    assert forbidden.status_code == 403


def test_http_body_responses_are_served_raw(client):
    response = client.get("/v1/me/credentials/c1/qr", headers={"Authorization": f"Bearer {MINTER.token(acr=2)}"})
    assert response.status_code == 200 and response.content_type == "image/svg+xml" and response.data == b"<svg/>"


def test_english_on_request_and_indonesian_by_default(client):
    assert client.get("/nowhere").json["title"] == "Tidak ditemukan"
    english = client.get("/nowhere", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert english.json["title"] == "Not found" and english.headers["Content-Language"] == "en"


def test_method_not_allowed_lists_the_allowed_methods(client):
    response = client.put("/v1/disaster/reports")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


def test_openapi_document_is_valid_and_lists_only_configured_services(client):
    from openapi_spec_validator import validate

    document = client.get("/openapi.json").json
    validate(document)
    assert {tag["name"] for tag in document["tags"]} == {"identity", "disaster", "tax"}
    assert document["paths"]["/v1/disaster/reports"]["post"]["security"] == [{}, {"bearerAuth": []}]
    # The level of assurance an RPC asks for is declared beside its roles.
    assert document["paths"]["/v1/me/credentials"]["post"]["x-min-acr"] == 2
    assert "x-min-acr" not in document["paths"]["/v1/me"]["get"]


def test_a_level_below_the_rule_is_refused_at_the_gateway_in_the_callers_language(client):
    level_one = {"Authorization": f"Bearer {MINTER.token(acr=1)}"}
    refused = client.post("/v1/me/credentials", json={}, headers=level_one)
    assert refused.status_code == 403, refused.data
    assert refused.json["type"] == "urn:gorontalo:problem:assurance-insufficient"
    assert (
        "level 2"
        in client.post("/v1/me/credentials", json={}, headers={**level_one, "Accept-Language": "en"}).json["detail"]
    )
    assert "tingkat jaminan" in refused.json["detail"]


def test_text_is_gzipped_when_the_client_asks_and_media_is_not(client):
    auth = {"Authorization": f"Bearer {MINTER.token(acr=2)}"}
    zipped = client.get("/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    plain = client.get("/openapi.json")
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    assert json.loads(gzip.decompress(zipped.data)) == plain.json
    svg = client.get("/v1/me/credentials/big-svg/qr", headers={**auth, "Accept-Encoding": "gzip, deflate"})
    assert svg.headers["Content-Encoding"] == "gzip"
    png = client.get("/v1/me/credentials/big-png/qr", headers={**auth, "Accept-Encoding": "gzip"})
    assert png.status_code == 200 and "Content-Encoding" not in png.headers
    assert "Content-Encoding" not in client.get("/healthz", headers={"Accept-Encoding": "gzip"}).headers


def test_answers_for_one_caller_are_not_stored_and_public_reads_keep_their_caching(client):
    authed = client.get("/v1/me/credentials/c1/qr", headers={"Authorization": f"Bearer {MINTER.token(acr=2)}"})
    assert authed.headers["Cache-Control"] == "no-store"
    refused = client.get("/v1/me/credentials/c1/qr", headers={"Authorization": "Bearer nonsense"})
    assert refused.status_code == 401 and refused.headers["Cache-Control"] == "no-store"
    written = client.post("/v1/disaster/reports", json={"hazard": "banjir"})
    assert written.status_code == 200 and written.headers["Cache-Control"] == "no-store"
    keyed = client.get("/v1/disaster/reports", headers={"X-Reporter-Key": "k"})
    assert keyed.headers["Cache-Control"] == "no-store"
    public = client.get("/v1/disaster/reports")
    assert public.status_code == 200 and "Cache-Control" not in public.headers


def test_docs_allow_only_their_own_styles_and_no_framing(client):
    docs = client.get("/docs")
    policy = dict(part.strip().split(" ", 1) for part in docs.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    [style] = re.findall(r"<style>(.*?)</style>", docs.text, re.DOTALL)
    assert policy["style-src"] == "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
    assert "<script" not in docs.text and docs.headers["X-Frame-Options"] == "DENY"
    for response in (client.get("/v1/disaster/reports"), client.get("/nowhere")):
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'; frame-ancestors 'none'")
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_metrics_are_not_served_on_the_api_port(client):
    response = client.get("/metrics")
    assert response.status_code == 404 and response.content_type.startswith("application/problem+json")


def test_request_id_language_access_log_and_metrics_per_request(client, caplog):
    """gorontalo_gateway.request_context: the id (kept when well formed, else made), the negotiated
    language, one access line and the metrics series with the route's template, nothing left behind."""
    from gorontalo_gateway.metrics import HTTP_REQUESTS
    from servicekit.logging import request_id_var

    route = "/v1/disaster/reports"
    before = HTTP_REQUESTS.labels("POST", route, "200")._value.get()
    with caplog.at_level("INFO", logger="gateway"):
        answered = client.post(
            "/v1/disaster/reports",
            json={"hazard": "banjir"},
            headers={"X-Request-ID": "req-ctx-1", "Authorization": f"Bearer {MINTER.token()}"},
        )
        missing = client.get("/v1/no/such/route?q=secret", headers={"X-Request-ID": "bad id!", "Accept-Language": "en"})
    assert answered.status_code == 200 and answered.headers["X-Request-ID"] == "req-ctx-1"
    assert SEEN["metadata"]["x-request-id"] == "req-ctx-1"
    assert HTTP_REQUESTS.labels("POST", route, "200")._value.get() == before + 1
    generated = missing.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert missing.status_code == 404 and missing.json["request_id"] == generated
    lines = [r for r in caplog.records if r.name == "gateway" and getattr(r, "http_status", None)]
    assert [(r.getMessage(), r.path, r.http_status) for r in lines] == [
        ("POST /v1/disaster/reports 200", "/v1/disaster/reports", 200),
        ("GET /v1/no/such/route 404", "/v1/no/such/route", 404),
    ]
    assert all(r.duration_ms >= 0 for r in lines)
    assert HTTP_REQUESTS.labels("GET", "unmatched", "404")._value.get() >= 1
    # Accept-Language was heard (the default language is Indonesian).
    assert missing.json["detail"] != client.get("/v1/no/such/route").json["detail"]
    assert request_id_var.get() == ""  # reset once answered: a worker thread serves others next
