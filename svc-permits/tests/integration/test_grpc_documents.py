"""Uploads, downloads and the NIB over real gRPC (the gateway's raw body and headers)."""

import grpc
from google.api import httpbody_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.permits.v1 import permits_pb2

from .. import files
from .test_grpc import as_, failure, outbox_envelopes, stub, valid_request  # noqa: F401 - fixtures


def upload_request(content, content_type, document_type="NPWP", file_name=""):
    return permits_pb2.UploadDocumentRequest(
        document_type=document_type,
        file_name=file_name,
        file=httpbody_pb2.HttpBody(content_type=content_type, data=content),
    )


def test_upload_then_refer_then_download_by_the_office(stub, as_):
    citizen = as_("citizen", "citizen-a")
    content = files.pdf()
    document = stub.UploadDocument(upload_request(content, "application/pdf", file_name="npwp.pdf"), metadata=citizen)
    assert (document.document_type, document.media_type, document.size_bytes) == (
        "NPWP",
        "application/pdf",
        len(content),
    )
    request = permits_pb2.GetDocumentContentRequest(id=document.id)
    body = stub.GetDocumentContent(request, metadata=citizen)
    assert (body.content_type, body.data) == ("application/pdf", content)
    kota = as_("officer", "officer-kota", ["75.71"])
    assert failure(stub.GetDocumentContent, request, metadata=kota).code() == grpc.StatusCode.PERMISSION_DENIED
    submission = valid_request()
    required = list(submission.document_ids)
    required[1] = document.id  # 56101's second required document is the NPWP
    submission.ClearField("document_ids")
    submission.document_ids.extend(required)
    application = stub.SubmitApplication(submission, metadata=citizen)
    assert [d.document_id for d in application.documents][1] == document.id
    assert stub.GetDocumentContent(request, metadata=kota).data == content
    assert (
        failure(stub.GetDocumentContent, request, metadata=as_("citizen", "citizen-b")).code()
        == grpc.StatusCode.NOT_FOUND
    )


def test_a_png_sent_as_pdf_is_a_field_error(stub, as_):
    error = failure(
        stub.UploadDocument,
        upload_request(files.png(), "application/pdf"),
        metadata=as_("citizen", "citizen-a", language="en"),
    )
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status.from_call(error)
    [bad_request] = [d for d in status.details if d.Is(error_details_pb2.BadRequest.DESCRIPTOR)]
    unpacked = error_details_pb2.BadRequest()
    bad_request.Unpack(unpacked)
    assert [(v.field, v.reason, v.description) for v in unpacked.field_violations] == [
        ("file", "DOCUMENT_CONTENT_MISMATCH", "The file was sent as application/pdf, but its content is image/png.")
    ]


def test_the_nib_can_be_given_later(stub, as_):
    citizen = as_("citizen", "citizen-a")
    submitted = stub.SubmitApplication(valid_request(kbli_code="55110"), metadata=citizen)
    given = stub.ProvideNib(permits_pb2.ProvideNibRequest(id=submitted.id, nib="9120001234567"), metadata=citizen)
    assert given.nib == "9120001234567" and given.status == "submitted"
    error = failure(stub.ProvideNib, permits_pb2.ProvideNibRequest(id=submitted.id, nib="12"), metadata=citizen)
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (
        failure(
            stub.ProvideNib,
            permits_pb2.ProvideNibRequest(id=submitted.id, nib="9120001234567"),
            metadata=as_("citizen", "citizen-b"),
        ).code()
        == grpc.StatusCode.NOT_FOUND
    )
