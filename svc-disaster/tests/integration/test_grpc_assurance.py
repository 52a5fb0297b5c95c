"""Levels of assurance over real gRPC: a report (or photo) needs no account, but a signed-in reporter is
marked verified and spared the anonymous limits, so their token must hold acr 1 (a verified phone)."""

import grpc
import pytest
from google.api import httpbody_pb2
from google.rpc import error_details_pb2

from gorontalo.disaster.v1 import disaster_pb2
from gorontalo_disaster.adapters.tables import reports
from gorontalo_disaster.bootstrap import SERVICE_NAME
from servicekit import access
from servicekit.messaging import outbox
from servicekit.testing import error_reason

from .test_grpc import details, request, rows, stub  # noqa: F401 - fixtures
from .test_photos import jpeg_with_gps


def _refused(call, *args, **kwargs) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_the_contract_keeps_reports_public_and_asks_acr_1_of_a_token():
    for method in ("SubmitReport", "UploadPhoto"):
        rule = access.rule_for_method(f"/{SERVICE_NAME}/{method}")
        assert (rule.public, rule.roles, rule.min_acr) == (True, (), 1)
    assert access.rule_for_method(f"/{SERVICE_NAME}/ReceiveSms").min_acr == 0  # the SMS intake stays open


def test_a_signed_in_citizen_at_acr_0_is_refused_and_nothing_is_written(stub, app, minter):
    citizen = minter.metadata(role="citizen", subject="acct-legacy", acr=0)
    refused = _refused(stub.SubmitReport, request(), metadata=citizen)
    assert (refused.code(), error_reason(refused)) == (grpc.StatusCode.PERMISSION_DENIED, "ASSURANCE_INSUFFICIENT")
    [info] = details(refused, error_details_pb2.ErrorInfo)
    assert dict(info.metadata) == {"required_acr": "1", "acr": "0"}
    photo = disaster_pb2.UploadPhotoRequest(file=httpbody_pb2.HttpBody(content_type="image/jpeg", data=jpeg_with_gps()))
    refused = _refused(stub.UploadPhoto, photo, metadata=citizen)
    assert (refused.code(), error_reason(refused)) == (grpc.StatusCode.PERMISSION_DENIED, "ASSURANCE_INSUFFICIENT")
    assert rows(app, reports) == [] and rows(app, outbox) == []
    # The same report without the token is taken, anonymously, as in any emergency.
    anonymous = stub.SubmitReport(request())
    assert anonymous.verified_reporter is False


def test_a_citizen_with_a_verified_phone_reports_as_a_verified_reporter(stub, app, minter):
    report = stub.SubmitReport(request(), metadata=minter.metadata(role="citizen", subject="acct-7f3a", acr=1))
    assert report.verified_reporter is True
    [row] = rows(app, reports)
    assert row.reporter_id == "acct-7f3a"
