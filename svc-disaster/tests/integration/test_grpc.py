"""The gRPC server in-process: interceptors, token checks, rich errors and the outbox."""

import datetime as dt
import json

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf import timestamp_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.disaster.v1 import disaster_pb2, disaster_pb2_grpc
from gorontalo_disaster.adapters.tables import reports
from gorontalo_disaster.bootstrap import SERVICE_NAME
from gorontalo_disaster.entrypoints.grpc_servicer import DisasterServicer
from servicekit import access, testing_pki
from servicekit.messaging import outbox
from servicekit.server import Registration, ServiceRuntime
from servicekit.testing import TokenMinter

KOTA = (0.5435, 123.0568)


@pytest.fixture
def stub(app, minter):
    runtime = ServiceRuntime(
        tls=testing_pki.server_source("disaster"),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        bus=None,
        max_workers=4,
        registrations=[
            Registration(disaster_pb2_grpc.add_DisasterServiceServicer_to_server, DisasterServicer(app), SERVICE_NAME)
        ],
        catalog=app.catalog,
    )
    server, _health, port = runtime.build()
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}")
    try:
        yield disaster_pb2_grpc.DisasterServiceStub(channel)
    finally:
        channel.close()
        server.stop(None)


def request(**fields):
    values = {
        "hazard": "banjir",
        "latitude": KOTA[0],
        "longitude": KOTA[1],
        "description": "Air masuk rumah warga di Kelurahan Ipilo",
    }
    values.update(fields)
    return disaster_pb2.SubmitReportRequest(**values)


def timestamp(value: dt.datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def rows(app, table):
    with app.session_factory() as session:
        return session.execute(sa.select(table)).all()


def details(error, kind):
    status = rpc_status.from_call(error)
    found = []
    for detail in status.details:
        if detail.Is(kind.DESCRIPTOR):
            message = kind()
            detail.Unpack(message)
            found.append(message)
    return found


def test_every_rpc_is_public_by_contract():
    # Why there is no role, ownership or jurisdiction test here: nobody needs an account to report
    # a disaster, and reports carry no personal data. This fails if the contract changes that.
    for method in ("SubmitReport", "GetReport", "ListReports"):
        rule = access.rule_for_method(f"/{SERVICE_NAME}/{method}")
        assert rule.public and rule.roles == ()


def test_anonymous_report_end_to_end(stub, app, clock):
    observed = clock.now - dt.timedelta(minutes=20)
    report = stub.SubmitReport(request(observed_at=timestamp(observed)))
    assert report.id and report.hazard == "banjir" and report.source == "api"
    assert report.verified_reporter is False
    assert (report.latitude, report.longitude) == KOTA
    assert report.observed_at.ToDatetime(tzinfo=dt.UTC) == observed
    assert report.received_at.ToDatetime(tzinfo=dt.UTC) == clock.now
    # Placed in an incident in the transaction that filed it: read back with it, answered without it
    # (the answer is made before the commit, and is what a retry of its key gets again).
    fetched = stub.GetReport(disaster_pb2.GetReportRequest(id=report.id))
    assert report.incident_id == "" and fetched.incident_id
    assert as_answered(fetched) == report
    listed = stub.ListReports(disaster_pb2.ListReportsRequest(hazard="banjir"))
    assert list(listed.reports) == [fetched] and listed.next_page_token == ""
    [incident] = stub.ListIncidents(disaster_pb2.ListIncidentsRequest()).incidents
    assert (incident.id, incident.report_count) == (fetched.incident_id, 1)

    # One event for the write, one for the incident it formed, both under the request's id.
    formed, row = rows(app, outbox)
    assert json.loads(formed.envelope)["type"] == "gorontalo.disaster.incident.formed"
    envelope = json.loads(row.envelope)
    assert json.loads(formed.envelope)["requestid"] == envelope["requestid"] != ""
    assert row.subject == envelope["type"] == "gorontalo.disaster.report.submitted"
    assert envelope["specversion"] == "1.0" and envelope["id"] == row.event_id
    assert envelope["source"] == "/gorontalo/disaster" and envelope["subject"] == report.id
    assert envelope["datacontenttype"] == "application/json" and envelope["time"].endswith("Z")
    assert envelope["data"] == {
        "report_id": report.id,
        "hazard": "banjir",
        "latitude": KOTA[0],
        "longitude": KOTA[1],
        "source": "api",
        "region_code": report.region_code,
        "reporter_account_id": "",
        "incident_id": fetched.incident_id,
    }


def as_answered(report: disaster_pb2.Report) -> disaster_pb2.Report:
    """A report read back, as its filing's answer showed it (before it was placed in its incident)."""
    answered = disaster_pb2.Report()
    answered.CopyFrom(report)
    answered.ClearField("incident_id")
    return answered


@pytest.mark.parametrize(
    "role,extra", [("citizen", {}), ("officer", {"agency": "BPBD Kota Gorontalo", "jurisdiction": ["75.71"]})]
)
def test_signed_in_reporter_is_verified_never_shown_and_named_to_their_inbox_only(stub, app, minter, role, extra):
    report = stub.SubmitReport(
        request(hazard="angin_puting_beliung"), metadata=minter.metadata(role=role, subject="acct-7f3a", **extra)
    )
    assert report.verified_reporter is True
    [row] = rows(app, reports)
    assert row.reporter_id == "acct-7f3a"
    fetched = stub.GetReport(disaster_pb2.GetReportRequest(id=report.id))
    assert b"acct-7f3a" not in fetched.SerializeToString()
    [event] = [row for row in rows(app, outbox) if row.subject == "gorontalo.disaster.report.submitted"]
    # The event names the reporter's opaque account (their timeline in svc-inbox shows the report), and
    # nothing else about them.
    data = json.loads(event.envelope)["data"]
    assert data["reporter_account_id"] == "acct-7f3a"
    assert "acct-7f3a" not in json.dumps({k: v for k, v in data.items() if k != "reporter_account_id"})


def test_invalid_report_lists_every_field_violation(stub, app, clock):
    with pytest.raises(grpc.RpcError) as caught:
        stub.SubmitReport(
            request(
                hazard="meteor",
                latitude=1.4748,
                longitude=124.8421,
                description="x" * 2001,
                observed_at=timestamp(clock.now - dt.timedelta(days=31)),
            ),
            metadata=[("accept-language", "en")],
        )
    error = caught.value
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    [bad_request] = details(error, error_details_pb2.BadRequest)
    violations = {(v.field, v.reason) for v in bad_request.field_violations}
    assert violations == {
        ("hazard", "NOT_ONE_OF"),
        ("latitude", "COORDINATES_OUTSIDE_GORONTALO"),
        ("longitude", "COORDINATES_OUTSIDE_GORONTALO"),
        ("description", "TOO_LONG"),
        ("observed_at", "OBSERVED_AT_TOO_OLD"),
    }
    descriptions = {v.field: v.description for v in bad_request.field_violations}
    assert descriptions["observed_at"] == "The observation time cannot be more than 7 days ago."
    assert rows(app, reports) == [] and rows(app, outbox) == []


def test_messages_default_to_indonesian(stub):
    with pytest.raises(grpc.RpcError) as caught:
        stub.SubmitReport(request(hazard=""))
    [bad_request] = details(caught.value, error_details_pb2.BadRequest)
    assert [(v.field, v.description) for v in bad_request.field_violations] == [("hazard", "Wajib diisi.")]


def test_unrepresentable_observation_time_is_invalid(stub):
    with pytest.raises(grpc.RpcError) as caught:
        stub.SubmitReport(request(observed_at=timestamp_pb2.Timestamp(seconds=10**13)))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    [bad_request] = details(caught.value, error_details_pb2.BadRequest)
    assert [(v.field, v.reason) for v in bad_request.field_violations] == [("observed_at", "INVALID_TIMESTAMP")]


@pytest.mark.parametrize(
    "authorization,reason",
    [
        ("Bearer not-a-jwt", "TOKEN_INVALID"),
        ("Bearer ", "TOKEN_INVALID"),
        ("foreign", "TOKEN_INVALID"),  # signed by a key svc-identity never published
        ("expired", "TOKEN_EXPIRED"),
    ],
)
def test_a_bad_token_is_refused_even_where_none_is_needed(stub, app, minter, authorization, reason):
    if authorization == "foreign":
        authorization = TokenMinter().metadata(role="citizen")[0][1]
    elif authorization == "expired":
        authorization = minter.metadata(role="citizen", lifetime_seconds=-120)[0][1]
    with pytest.raises(grpc.RpcError) as caught:
        stub.SubmitReport(request(), metadata=[("authorization", authorization)])
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    [info] = details(caught.value, error_details_pb2.ErrorInfo)
    assert info.reason == reason
    assert rows(app, reports) == [] and rows(app, outbox) == []


def test_unknown_report_is_not_found(stub):
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetReport(
            disaster_pb2.GetReportRequest(id="3b0f7c1e-0000-4000-8000-000000000000"),
            metadata=[("accept-language", "en")],
        )
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    assert caught.value.details() == "Disaster report not found."


def test_listing_pages_through_grpc(stub, clock):
    made = []
    for _ in range(3):
        made.append(stub.SubmitReport(request(hazard="kebakaran_hutan_lahan", latitude=0.62, longitude=122.2)))
        clock.advance(minutes=5)
    stub.SubmitReport(request(hazard="gempa_bumi"))
    first = stub.ListReports(disaster_pb2.ListReportsRequest(hazard="kebakaran_hutan_lahan", page_size=2))
    assert [r.id for r in first.reports] == [made[2].id, made[1].id] and first.next_page_token
    second = stub.ListReports(
        disaster_pb2.ListReportsRequest(hazard="kebakaran_hutan_lahan", page_size=2, page_token=first.next_page_token)
    )
    assert [r.id for r in second.reports] == [made[0].id] and second.next_page_token == ""


def test_bad_listing_request(stub):
    with pytest.raises(grpc.RpcError) as caught:
        stub.ListReports(disaster_pb2.ListReportsRequest(hazard="meteor", page_size=-5, page_token="%%%"))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    [bad_request] = details(caught.value, error_details_pb2.BadRequest)
    assert {v.field for v in bad_request.field_violations} == {"hazard", "page_size", "page_token"}


def test_metadata_from_the_gateway_reaches_the_use_cases(stub, app):
    from google.api import httpbody_pb2

    key = [("x-client-address", "10.9.8.7"), ("idempotency-key", "retry-1")]
    first = stub.SubmitReport(request(), metadata=key)
    assert stub.SubmitReport(request(), metadata=key).id == first.id  # the retry files nothing new
    assert len(rows(app, reports)) == 1
    body = httpbody_pb2.HttpBody(
        content_type="application/x-www-form-urlencoded",
        data=b"from=081234567890&text=SIAGA+LONGSOR+750302+jalan+tertutup",
    )
    with pytest.raises(grpc.RpcError) as error:
        stub.ReceiveSms(disaster_pb2.ReceiveSmsRequest(body=body), metadata=[("x-siaga-secret", "guess")])
    assert error.value.code() == grpc.StatusCode.PERMISSION_DENIED
    reply = stub.ReceiveSms(disaster_pb2.ReceiveSmsRequest(body=body), metadata=[("x-siaga-secret", app.sms_secret)])
    assert reply.accepted and reply.report_code in reply.reply
    assert stub.GetReport(disaster_pb2.GetReportRequest(id=reply.report_id)).region_code == "75.03.02"
