"""Idempotency-Key on every create of svc-disaster (servicekit.idempotency, issue 12), over real gRPC."""

import datetime as dt
import threading

import grpc
import pytest
from google.api import httpbody_pb2
from google.protobuf import timestamp_pb2
from google.rpc import error_details_pb2

from gorontalo.disaster.v1 import disaster_pb2
from gorontalo_disaster.adapters import tables
from gorontalo_disaster.adapters.tables import reports
from servicekit.messaging import outbox

from .test_grpc import details, request, rows, stub  # noqa: F401 - fixtures
from .test_incidents import cluster, report
from .test_photos import picture


def error_info(error) -> error_details_pb2.ErrorInfo:
    [info] = details(error, error_details_pb2.ErrorInfo)
    return info


def failure(call, *args, **kwargs) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_an_anonymous_retry_with_its_key_gets_the_first_report(stub, app):
    keyed = [("x-client-address", "10.9.8.7"), ("idempotency-key", "3c9f0e4a-retry")]
    first = stub.SubmitReport(request(), metadata=keyed)
    # The retry may come from another address (a phone changing cells): the key alone decides.
    again = stub.SubmitReport(request(), metadata=[("x-client-address", "10.9.8.8"), keyed[1]])
    assert again == first and len(rows(app, reports)) == 1
    assert [row.subject for row in rows(app, outbox)] == [
        "gorontalo.disaster.incident.formed",
        "gorontalo.disaster.report.submitted",
    ]


def test_another_report_under_a_used_key_is_422(stub, app):
    keyed = [("idempotency-key", "k-422"), ("accept-language", "en")]
    stub.SubmitReport(request(), metadata=keyed)
    error = failure(stub.SubmitReport, request(description="Lain sama sekali"), metadata=keyed)
    info = error_info(error)
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (info.reason, info.metadata["http_status"]) == ("IDEMPOTENCY_KEY_REUSED", "422")
    assert len(rows(app, reports)) == 1


def test_a_signed_in_reporters_keys_are_their_own(stub, app, minter):
    key = ("idempotency-key", "shared-key")
    mine = stub.SubmitReport(request(), metadata=[*minter.metadata(role="citizen", subject="acct-1"), key])
    theirs = stub.SubmitReport(request(), metadata=[*minter.metadata(role="citizen", subject="acct-2"), key])
    anonymous = stub.SubmitReport(request(), metadata=[key])
    assert len({mine.id, theirs.id, anonymous.id}) == 3


def test_a_photo_retried_with_its_key_is_stored_once(stub, app):
    keyed = [("idempotency-key", "photo-1")]
    upload = disaster_pb2.UploadPhotoRequest(file=httpbody_pb2.HttpBody(content_type="image/png", data=picture("PNG")))
    first = stub.UploadPhoto(upload, metadata=keyed)
    assert stub.UploadPhoto(upload, metadata=keyed) == first
    assert len(rows(app, tables.photos)) == 1


def _alert_request(expires: dt.datetime) -> disaster_pb2.IssueAlertRequest:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(expires)
    return disaster_pb2.IssueAlertRequest(
        hazard="banjir",
        urgency="Immediate",
        severity="Severe",
        certainty="Observed",
        response_type="Evacuate",
        headline=disaster_pb2.LocalizedText(id="Banjir", en="Flood"),
        description=disaster_pb2.LocalizedText(id="Sungai meluap", en="River overflowed"),
        areas=[disaster_pb2.AlertArea(description="Kota", region_codes=["75.71"])],
        expires=stamp,
    )


def test_an_officer_retrying_an_alert_or_a_note_issues_it_once(stub, app, minter, clock):
    officer = [
        *minter.metadata(role="officer", subject="o-1", agency="BPBD Provinsi Gorontalo", jurisdiction=["75"]),
        ("idempotency-key", "alert-1"),
    ]
    message = _alert_request(clock.now + dt.timedelta(hours=6))
    first = stub.IssueAlert(message, metadata=officer)
    assert stub.IssueAlert(message, metadata=officer) == first
    assert len(rows(app, tables.alerts)) == 1
    incident = cluster(app, clock, report(at=clock.now))
    noted = [*officer[:-1], ("idempotency-key", "note-1")]
    note = disaster_pb2.AddSituationNoteRequest(id=incident.id, text="TRC tiba di lokasi")
    stub.AddSituationNote(note, metadata=noted)
    again = stub.AddSituationNote(note, metadata=noted)
    assert [n.text for n in again.notes] == ["TRC tiba di lokasi"]


def test_concurrent_reports_with_one_key_file_once(stub, app):
    keyed = [("idempotency-key", "race-1")]
    barrier = threading.Barrier(4)
    answers, busy = [], []

    def submit():
        barrier.wait()
        try:
            answers.append(stub.SubmitReport(request(), metadata=keyed).id)
        except grpc.RpcError as error:  # the first still running: 409 with Retry-After
            assert error.code() == grpc.StatusCode.ABORTED, error
            assert details(error, error_details_pb2.RetryInfo)
            busy.append(error_info(error).reason)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) + len(busy) == 4 and len(set(answers)) == 1
    assert set(busy) <= {"IDEMPOTENCY_REQUEST_IN_PROGRESS"}
    assert len(rows(app, reports)) == 1
    assert stub.SubmitReport(request(), metadata=keyed).id == answers[0]
