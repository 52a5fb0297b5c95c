"""Levels of assurance over real gRPC: applying needs a verified phone (acr 1), as the contract declares."""

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.permits.v1 import permits_pb2
from servicekit.testing import error_reason

from .. import files
from .test_grpc import failure, outbox_envelopes, stub, valid_request  # noqa: F401 - fixtures
from .test_grpc_documents import upload_request


def _citizen(minter, acr):
    return [*minter.metadata(role="citizen", subject="citizen-a", acr=acr), ("accept-language", "en")]


def _error_info(error) -> dict:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return dict(info.metadata)
    return {}


def test_a_citizen_at_acr_0_cannot_apply_or_upload_and_nothing_is_written(stub, app, minter):
    refused = failure(stub.SubmitApplication, valid_request(), metadata=_citizen(minter, 0))
    assert (refused.code(), error_reason(refused)) == (grpc.StatusCode.PERMISSION_DENIED, "ASSURANCE_INSUFFICIENT")
    assert _error_info(refused) == {"required_acr": "1", "acr": "0"}
    refused = failure(stub.UploadDocument, upload_request(files.png(), "image/png"), metadata=_citizen(minter, 0))
    assert (refused.code(), error_reason(refused)) == (grpc.StatusCode.PERMISSION_DENIED, "ASSURANCE_INSUFFICIENT")
    assert outbox_envelopes(app) == []


def test_a_citizen_with_a_verified_phone_uploads_and_applies(stub, app, minter):
    document = stub.UploadDocument(upload_request(files.png(), "image/png"), metadata=_citizen(minter, 1))
    assert document.document_type == "NPWP"
    response = stub.SubmitApplication(valid_request(), metadata=_citizen(minter, 1))
    assert response.status == "submitted"
    assert [e["type"] for e in outbox_envelopes(app)] == ["gorontalo.permits.application.submitted"]
    # Handing a revision back is applying again: the same level.
    resubmit = permits_pb2.ApplicationActionRequest(id=response.id)
    refused = failure(stub.ResubmitApplication, resubmit, metadata=_citizen(minter, 0))
    assert (refused.code(), error_reason(refused)) == (grpc.StatusCode.PERMISSION_DENIED, "ASSURANCE_INSUFFICIENT")
