"""Events are a written contract (issue 13): every emitted type has a proto message, and the
AsyncAPI document generated from proto validates against the official AsyncAPI 3.0 schema."""

from __future__ import annotations

import ast
import json
import pathlib

import jsonschema
import pytest

from gorontalo_gateway.app import create_app
from gorontalo_gateway.config import GatewayConfig
from servicekit import event_messages

ROOT = pathlib.Path(__file__).resolve().parents[2]
SERVICES = ("identity", "permits", "tax", "complaints", "disaster")
SCHEMA = json.loads((pathlib.Path(__file__).parent / "schemas" / "asyncapi-3.0.0.json").read_text())


@pytest.fixture(scope="module")
def document():
    app = create_app(
        GatewayConfig(
            services={key: "127.0.0.1:1" for key in SERVICES},
            nats_url="nats://127.0.0.1:1",
            upstream_timeout=1,
            health_timeout=0.2,
            max_body_bytes=1024,
            streams_url="http://127.0.0.1:8090",
        )
    )
    response = app.test_client().get("/asyncapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_asyncapi_document_validates_against_the_official_schema(document):
    jsonschema.Draft7Validator(SCHEMA).validate(document)


def test_every_declared_event_is_a_channel_with_its_producer(document):
    declared = event_messages.declared_events()
    assert {channel["address"] for channel in document["channels"].values()} == set(declared)
    for type_, event in declared.items():
        key = type_.removeprefix("gorontalo.").replace(".", "_")
        assert f"{event.producer}_sends_{key}" in document["operations"]


def test_consumers_are_listed_with_what_they_receive(document):
    operations = document["operations"]
    assert "permits_receives_tax_payment_received" in operations
    assert "disaster_receives_complaints_complaint_filed" in operations
    assert "gateway_streams_receives_disaster_alert_issued" in operations


def _emitted_literals() -> list[tuple[str, int, str]]:
    """add_event calls whose event is a bare type string instead of a proto message."""
    found = []
    for path in ROOT.glob("svc-*/src/**/*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_event":
                first = node.args[0] if node.args else None
                if (
                    isinstance(first, ast.Constant)
                    and isinstance(first.value, str)
                    or isinstance(first, ast.Name)
                    and first.id.isupper()
                ):
                    found.append((str(path.relative_to(ROOT)), node.lineno, ast.unparse(first)))
    return found


def test_no_event_is_emitted_without_a_message():
    assert _emitted_literals() == []
