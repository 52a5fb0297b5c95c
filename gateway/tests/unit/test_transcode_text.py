"""A lone surrogate escaped in JSON is refused at the door (schemathesis found a 500 behind it)."""

from __future__ import annotations

import pytest

from gorontalo_gateway.routes import load_service
from gorontalo_gateway.transcode import build_request
from servicekit import jsontext
from servicekit.errors import InvalidArgument


@pytest.fixture(scope="module")
def submit_report():
    service = load_service("disaster", "127.0.0.1:1")
    return next(r for r in service.routes if r.method.name == "SubmitReport")


def test_a_lone_surrogate_is_a_field_error(submit_report):
    body = jsontext.loads(
        '{"hazard": "banjir", "description": "air \\ud99e naik", "latitude": 0.55, "longitude": 123.1}'
    )
    with pytest.raises(InvalidArgument) as refused:
        build_request(submit_report, path_params={}, query={}, body=body)
    assert [(v.field, v.reason) for v in refused.value.violations] == [("description", "invalid_text")]


def test_a_surrogate_pair_is_ordinary_text(submit_report):
    body = jsontext.loads(
        '{"hazard": "banjir", "description": "air naik \\ud83c\\udf0a", "latitude": 0.55, "longitude": 123.1}'
    )
    message = build_request(submit_report, path_params={}, query={}, body=body)
    assert message.description == "air naik \U0001f30a"
