"""What an Open311 client and a contract fuzzer expect, over real gRPC: the standard's 404 for an unknown
service_code, "required" for a missing one, and 400 (never a 500) for dates at the calendar's edge."""

import json
import urllib.parse
import xml.etree.ElementTree as ET

import grpc
import pytest
from google.api import httpbody_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.complaints.v1 import complaints_pb2 as pb
from gorontalo_complaints.service_layer import open311


def _form(**fields) -> httpbody_pb2.HttpBody:
    return httpbody_pb2.HttpBody(
        content_type="application/x-www-form-urlencoded", data=urllib.parse.urlencode(fields).encode()
    )


def _details(error: grpc.RpcError) -> tuple[dict[str, str], httpbody_pb2.HttpBody | None]:
    """(field -> reason of the BadRequest, the HttpBody the service rendered for the standard)."""
    violations, body = {}, None
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            violations = {v.field: v.reason for v in bad.field_violations}
        elif detail.Is(httpbody_pb2.HttpBody.DESCRIPTOR):
            body = httpbody_pb2.HttpBody()
            detail.Unpack(body)
    return violations, body


def _open311_errors(body: httpbody_pb2.HttpBody) -> list[dict]:
    """The standard's error list, from JSON or XML alike: [{code, description}]."""
    if body.content_type.startswith("application/json"):
        return json.loads(body.data)
    root = ET.fromstring(body.data)
    assert root.tag == "errors"
    return [{"code": int(e.findtext("code")), "description": e.findtext("description")} for e in root.findall("error")]


@pytest.fixture
def api_key(served):
    app, _minter, _stub = served
    return open311.create_key(app.uow(), app.clock, name="FixMyStreet Gorontalo")[1]


GOOD_FORM = dict(lat="0.5412", long="123.0595", description="Sampah menumpuk di pinggir jalan sejak seminggu.")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_unknown_service_code_is_the_standards_404(served, api_key, fmt):
    _app, _minter, stub = served
    with pytest.raises(grpc.RpcError) as caught:
        stub.Open311CreateRequest(
            pb.Open311CreateRequestRequest(
                format=fmt, form=_form(api_key=api_key, service_code="tidak_ada", **GOOD_FORM)
            )
        )
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    _violations, body = _details(caught.value)
    assert body.content_type.startswith("application/json" if fmt == "json" else "text/xml")
    [error] = _open311_errors(body)
    assert error["code"] == 404 and "service_code" in error["description"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("service_code", ["", "   ", None])
def test_open311_missing_service_code_is_required_not_unknown(served, api_key, fmt, service_code):
    _app, _minter, stub = served
    fields = dict(api_key=api_key, **GOOD_FORM)
    if service_code is not None:
        fields["service_code"] = service_code
    with pytest.raises(grpc.RpcError) as caught:
        stub.Open311CreateRequest(pb.Open311CreateRequestRequest(format=fmt, form=_form(**fields)))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    violations, body = _details(caught.value)
    assert violations == {"service_code": "REQUIRED"}
    [error] = _open311_errors(body)
    assert error == {"code": 400, "description": "service_code: Wajib diisi."}


def test_open311_an_unknown_code_wins_over_other_problems_and_a_bad_key_over_both(served, api_key):
    _app, _minter, stub = served
    with pytest.raises(grpc.RpcError) as caught:
        stub.Open311CreateRequest(
            pb.Open311CreateRequestRequest(format="json", form=_form(api_key=api_key, service_code="tidak_ada"))
        )  # no location, no description either
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as caught:
        stub.Open311CreateRequest(
            pb.Open311CreateRequestRequest(format="json", form=_form(api_key="salah", service_code="tidak_ada"))
        )
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED


EDGES = ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"]


@pytest.mark.parametrize("field", ["from_date", "to_date"])
@pytest.mark.parametrize("value", EDGES)
def test_public_listing_and_geojson_refuse_dates_at_the_calendars_edge(served, field, value):
    _app, _minter, stub = served
    for call in (stub.ListPublicComplaints, stub.ListPublicComplaintsGeoJson):
        with pytest.raises(grpc.RpcError) as caught:
            call(pb.ListPublicComplaintsRequest(**{field: value}))
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT, value
        assert _details(caught.value)[0] == {field: "OUT_OF_RANGE"}


@pytest.mark.parametrize("field", ["from_date", "to_date"])
@pytest.mark.parametrize("value", EDGES)
def test_public_stats_refuse_dates_at_the_calendars_edge(served, field, value):
    _app, _minter, stub = served
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetPublicStats(pb.GetPublicStatsRequest(**{field: value}))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert _details(caught.value)[0] == {field: "OUT_OF_RANGE"}


def test_dates_inside_the_range_still_work_at_its_ends(served):
    _app, _minter, stub = served
    assert (
        stub.ListPublicComplaints(
            pb.ListPublicComplaintsRequest(from_date="1900-01-01", to_date="2999-12-31")
        ).complaints
        == []
    )
    stats = stub.GetPublicStats(pb.GetPublicStatsRequest(from_date="2999-01-01", to_date="2999-12-31"))
    assert stats.total.received == 0


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "field,value",
    [
        ("end_date", "0001-01-01T00:00:00-12:00"),
        ("end_date", "9999-12-31T23:59:59+14:00"),
        ("start_date", "0001-01-01T00:00:00Z"),
        ("start_date", "9999-12-31T23:59:59-12:00"),
        ("end_date", "1899-12-31T23:59:59Z"),
    ],
)
def test_open311_list_refuses_times_at_the_calendars_edge_in_its_own_format(served, fmt, field, value):
    _app, _minter, stub = served
    with pytest.raises(grpc.RpcError) as caught:
        stub.Open311ListRequests(pb.Open311ListRequestsRequest(format=fmt, **{field: value}))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    violations, body = _details(caught.value)
    assert violations == {field: "OUT_OF_RANGE"}
    [error] = _open311_errors(body)
    assert error["code"] == 400 and error["description"].startswith(f"{field}: ")
