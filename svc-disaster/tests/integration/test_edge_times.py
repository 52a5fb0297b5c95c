"""Times at the calendar's edge (year 1, year 9999, -12:00) are field errors, never an OverflowError (issue 11)."""

import datetime as dt

import grpc
import pytest
from google.protobuf import timestamp_pb2
from google.rpc import error_details_pb2

from gorontalo.disaster.v1 import disaster_pb2
from gorontalo_disaster.service_layer import alerts
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument

from .test_feeds import BASE, draft
from .test_grpc import details, request, stub  # noqa: F401 - stub is a fixture

BPBD = Principal(subject="o-1", role="officer", agency="BPBD Provinsi Gorontalo", jurisdiction=("75",))
EDGES = [
    dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
    dt.datetime(9999, 12, 31, 0, 0, tzinfo=dt.UTC),
    dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.UTC),
    dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=-12))),
]


def stamp(value: dt.datetime) -> timestamp_pb2.Timestamp:
    result = timestamp_pb2.Timestamp()
    result.FromDatetime(value)
    return result


@pytest.mark.parametrize("edge", EDGES, ids=str)
def test_a_report_observed_at_the_edge_is_a_field_error(stub, edge):  # noqa: F811 - the fixture
    with pytest.raises(grpc.RpcError) as caught:
        stub.SubmitReport(request(observed_at=stamp(edge)))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    [bad_request] = details(caught.value, error_details_pb2.BadRequest)
    assert [v.field for v in bad_request.field_violations] == ["observed_at"]


@pytest.mark.parametrize("edge", EDGES, ids=str)
@pytest.mark.parametrize("name", ["effective", "expires"])
def test_an_alert_time_at_the_edge_is_a_field_error(app, clock, name, edge):
    values = {"effective": None, "expires": clock.now + dt.timedelta(hours=6), name: edge}
    changed = draft(clock)
    changed.effective, changed.expires = values["effective"], values["expires"]
    with pytest.raises(InvalidArgument) as error:
        alerts.issue(app.uow(), clock, BPBD, changed, base_url=BASE)
    assert [v.field for v in error.value.violations] == [name]


@pytest.mark.parametrize("name,edge", [("effective", EDGES[3]), ("expires", EDGES[0]), ("expires", EDGES[2])])
def test_an_alert_through_grpc_names_the_edge_field(stub, minter, clock, name, edge):  # noqa: F811 - the fixture
    fields = {"effective": None, "expires": stamp(clock.now + dt.timedelta(hours=6)), name: stamp(edge)}
    message = disaster_pb2.IssueAlertRequest(
        hazard="banjir",
        urgency="Immediate",
        severity="Severe",
        certainty="Observed",
        response_type="Evacuate",
        headline=disaster_pb2.LocalizedText(id="Banjir", en="Flood"),
        description=disaster_pb2.LocalizedText(id="d", en="d"),
        areas=[disaster_pb2.AlertArea(description="Kota", region_codes=["75.71"])],
        **{k: v for k, v in fields.items() if v is not None},
    )
    officer = minter.metadata(role="officer", subject="o-1", agency="BPBD Provinsi Gorontalo", jurisdiction=["75"])
    with pytest.raises(grpc.RpcError) as caught:
        stub.IssueAlert(message, metadata=officer)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    [bad_request] = details(caught.value, error_details_pb2.BadRequest)
    assert [v.field for v in bad_request.field_violations] == [name]
