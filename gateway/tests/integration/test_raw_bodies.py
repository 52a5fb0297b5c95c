"""Raw request bodies, forwarded headers, per-RPC limits and service-rendered errors.

The contract is built here at run time (an upload RPC whose body is a google.api.HttpBody
field), so these tests do not move when a domain service changes its own RPCs.
"""

from __future__ import annotations

import hashlib
import json
from concurrent import futures

import grpc
import pytest
from google.api import annotations_pb2, httpbody_pb2
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from grpc_health.v1 import health, health_pb2_grpc

from gorontalo.api.v1 import options_pb2
from gorontalo_gateway.app import create_app
from gorontalo_gateway.config import GatewayConfig
from gorontalo_gateway.routes import service_entry
from servicekit import testing_pki
from servicekit.errors import InvalidArgument, Unavailable
from servicekit.grpc_errors import to_status
from servicekit.testing import free_port

F = descriptor_pb2.FieldDescriptorProto
LIMIT = 2 * 1024 * 1024
XML_ERROR = b"<?xml version='1.0' encoding='utf-8'?><errors><error><code>400</code></error></errors>"


def _contract():
    pool = descriptor_pool.Default()
    try:
        return pool.FindServiceByName("gatewaytest.v1.EchoService")
    except KeyError:
        pass
    proto = descriptor_pb2.FileDescriptorProto(
        name="gatewaytest/v1/echo.proto",
        package="gatewaytest.v1",
        syntax="proto3",
        dependency=["google/api/httpbody.proto", "google/api/annotations.proto", "gorontalo/api/v1/options.proto"],
    )
    upload = proto.message_type.add(name="UploadRequest")
    upload.field.add(name="kind", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    upload.field.add(
        name="file", number=2, type=F.TYPE_MESSAGE, type_name=".google.api.HttpBody", label=F.LABEL_OPTIONAL
    )
    upload.field.add(name="note", number=3, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    upload.field.add(name="format", number=4, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    service = proto.service.add(name="EchoService")

    def method(name, verb, path, body, forward=(), limit=0, also=None, lenient=False):
        rpc = service.method.add(
            name=name, input_type=".gatewaytest.v1.UploadRequest", output_type=".google.api.HttpBody"
        )
        rule = rpc.options.Extensions[annotations_pb2.http]
        setattr(rule, verb, path)
        rule.body = body
        if also:  # a second binding with the same verb on another path
            extra = rule.additional_bindings.add()
            setattr(extra, verb, also)
            extra.body = body
        rpc.options.Extensions[options_pb2.access].public = True
        rpc.options.Extensions[options_pb2.http_options].forward_headers.extend(forward)
        rpc.options.Extensions[options_pb2.http_options].max_body_bytes = limit
        rpc.options.Extensions[options_pb2.http_options].ignore_unknown_parameters = lenient

    method(
        "Upload",
        "post",
        "/v1/echo/uploads/{kind}",
        "file",
        forward=["X-Signature"],
        limit=LIMIT,
        also="/v1/echo/{kind}/attachments",
    )
    method("Note", "post", "/v1/echo/notes", "*")
    method("Refuse", "get", "/v1/echo/refusals.{format}", "")
    method("Busy", "get", "/v1/echo/busy", "")
    method("Lenient", "get", "/v1/echo/lenient.{format}", "", lenient=True)
    pool.Add(proto)
    return pool.FindServiceByName("gatewaytest.v1.EchoService")


def _echo(request, context):
    metadata = {k: v for k, v in context.invocation_metadata() if isinstance(v, str)}
    seen = {
        "kind": request.kind,
        "note_length": len(request.note),
        "content_type": request.file.content_type,
        "size": len(request.file.data),
        "sha256": hashlib.sha256(request.file.data).hexdigest(),
        "metadata": {k: metadata.get(k) for k in ("x-signature", "x-other", "x-client-address")},
    }
    return httpbody_pb2.HttpBody(content_type="application/json", data=json.dumps(seen).encode())


def _busy(request, context):
    context.abort_with_status(to_status(Unavailable("dependency_unavailable"), "en"))


def _refuse(request, context):
    error = InvalidArgument("open311_bad_request", http_body=(f"application/{request.format}", XML_ERROR))
    context.abort_with_status(to_status(error, "id"))


@pytest.fixture(scope="module")
def client():
    descriptor = _contract()
    request_class = message_factory.GetMessageClass(descriptor.methods_by_name["Upload"].input_type)
    handlers = {
        name: grpc.unary_unary_rpc_method_handler(
            behaviour,
            request_deserializer=request_class.FromString,
            response_serializer=httpbody_pb2.HttpBody.SerializeToString,
        )
        for name, behaviour in {
            "Upload": _echo,
            "Note": _echo,
            "Refuse": _refuse,
            "Busy": _busy,
            "Lenient": _echo,
        }.items()
    }
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=4), options=[("grpc.max_receive_message_length", 16 * 1024 * 1024)]
    )
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(descriptor.full_name, handlers)])
    health_pb2_grpc.add_HealthServicer_to_server(health.HealthServicer(), server)
    port = testing_pki.add_secure_port(server, "127.0.0.1:0", "echo")
    server.start()
    target = f"127.0.0.1:{port}"
    config = GatewayConfig(
        services={"echo": target},
        nats_url=f"nats://127.0.0.1:{free_port()}",
        upstream_timeout=5,
        health_timeout=0.5,
        max_body_bytes=1024 * 1024,
        streams_url="http://127.0.0.1:8090",
    )
    app = create_app(config, services=[service_entry("echo", descriptor, target)])
    client = app.test_client()
    client.application = app
    yield client
    server.stop(0)


def test_raw_body_reaches_the_service_as_sent_with_path_query_and_listed_headers(client):
    image = bytes(range(256)) * 6000  # 1.5 MiB: over the JSON default, under this RPC's own limit
    response = client.post(
        "/v1/echo/uploads/photo?note=lantai%20dua",
        data=image,
        headers={"Content-Type": "image/png", "X-Signature": "sha256=abc", "X-Other": "no"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    seen = response.get_json()
    assert seen["kind"] == "photo" and seen["note_length"] == len("lantai dua")
    assert seen["content_type"] == "image/png"
    assert seen["size"] == len(image) and seen["sha256"] == hashlib.sha256(image).hexdigest()
    assert seen["metadata"]["x-signature"] == "sha256=abc"
    assert seen["metadata"]["x-other"] is None  # only the headers the RPC lists travel
    assert seen["metadata"]["x-client-address"] == "127.0.0.1"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("sandbox")


def test_raw_body_over_the_rpc_limit_is_413_and_closes(client):
    response = client.post(
        "/v1/echo/uploads/photo", data=b"x" * (LIMIT + 1), headers={"Content-Type": "application/pdf"}
    )
    assert response.status_code == 413
    assert response.headers["Connection"] == "close"
    assert str(LIMIT) in response.get_json()["detail"]


def test_json_rpcs_keep_the_default_limit_when_an_upload_rpc_allows_more(client):
    response = client.post("/v1/echo/notes", json={"note": "x" * (1024 * 1024 + 10)})
    assert response.status_code == 413
    small = client.post("/v1/echo/notes", json={"note": "banjir"})
    assert small.status_code == 200 and small.get_json()["note_length"] == 6


def test_unknown_query_parameter_on_a_raw_body_rpc_is_refused(client):
    response = client.post("/v1/echo/uploads/photo?colour=red", data=b"abc", headers={"Content-Type": "image/png"})
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "colour"


def test_service_rendered_error_body_is_served_as_is_with_the_mapped_status(client):
    response = client.get("/v1/echo/refusals.xml")
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/xml")
    assert response.get_data() == XML_ERROR


def test_openapi_documents_the_raw_body_and_its_limit(client):
    operation = client.get("/openapi.json").get_json()["paths"]["/v1/echo/uploads/{kind}"]["post"]
    assert "*/*" in operation["requestBody"]["content"]
    assert operation["x-max-body-bytes"] == LIMIT
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["note", "format"]


def test_human_docs_describe_a_raw_body(client):
    response = client.get("/docs", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "the raw bytes" in response.get_data(as_text=True)


def test_a_service_reporting_its_own_dependency_down_is_not_marked_down(client):
    upstreams = client.application.extensions["gorontalo"].upstreams
    assert upstreams.status(max_age=0)["echo"] is True
    response = client.get("/v1/echo/busy")
    assert response.status_code == 503 and response.get_json()["type"].endswith("dependency-unavailable")
    assert upstreams.status(max_age=60)["echo"] is True


def test_a_second_binding_with_the_same_verb_routes_to_the_same_rpc(client):
    response = client.post("/v1/echo/resolution/attachments", data=b"\x89PNG", headers={"Content-Type": "image/png"})
    assert response.status_code == 200 and response.get_json()["kind"] == "resolution"


def test_an_rpc_may_ignore_parameters_it_does_not_know(client):
    response = client.get("/v1/echo/lenient.json?note=ok&jurisdiction_id=gorontalo.go.id&locale=en")
    assert response.status_code == 200 and response.get_json()["note_length"] == 2
    wrong_type = client.get("/v1/echo/lenient.json?note=ok&note=twice")
    assert wrong_type.status_code == 400  # known parameters are still checked


def test_a_forwarded_header_with_control_characters_is_a_400_naming_it(client):
    """gRPC metadata holds visible ASCII only: a control character made the gRPC client fail (500)."""
    response = client.post(
        "/v1/echo/uploads/photo",
        data=b"\x89PNG",
        headers={"Content-Type": "image/png", "X-Signature": "tanda\x01buruk"},
    )
    assert response.status_code == 400
    assert response.json["errors"][0]["field"] == "X-Signature"
    assert response.json["errors"][0]["reason"] == "HEADER_INVALID"
