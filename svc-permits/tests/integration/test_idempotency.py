"""Idempotency-Key on every create of svc-permits (servicekit.idempotency, issue 12), over real gRPC."""

import threading

import grpc
import sqlalchemy as sa
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo_permits.adapters.tables import applications, documents

from .. import files
from .test_grpc import as_, failure, outbox_envelopes, stub, valid_request  # noqa: F401 - fixtures
from .test_grpc_documents import upload_request


def error_info(error: grpc.RpcError) -> error_details_pb2.ErrorInfo:
    [packed] = [d for d in rpc_status.from_call(error).details if d.Is(error_details_pb2.ErrorInfo.DESCRIPTOR)]
    info = error_details_pb2.ErrorInfo()
    packed.Unpack(info)
    return info


def count(app, table) -> int:
    with app.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_the_same_key_and_request_answer_the_first_application_once(stub, as_, app):
    keyed = [*as_("citizen", "citizen-a"), ("idempotency-key", "0b6c7a1e-retry")]
    first = stub.SubmitApplication(valid_request(), metadata=keyed)
    again = stub.SubmitApplication(valid_request(), metadata=keyed)
    assert again == first and len(outbox_envelopes(app)) == 1
    other = stub.SubmitApplication(valid_request(), metadata=as_("citizen", "citizen-a"))  # no key: a new one
    assert other.id != first.id


def test_the_same_key_with_another_request_is_422(stub, as_, app):
    keyed = [*as_("citizen", "citizen-a", language="en"), ("idempotency-key", "k-422")]
    stub.SubmitApplication(valid_request(), metadata=keyed)
    error = failure(stub.SubmitApplication, valid_request(business_name="Warung Lain"), metadata=keyed)
    info = error_info(error)
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (info.reason, info.metadata["http_status"]) == ("IDEMPOTENCY_KEY_REUSED", "422")
    assert "different request" in error.details()
    assert count(app, applications) == 1


def test_keys_belong_to_their_citizen(stub, as_, app):
    mine = stub.SubmitApplication(valid_request(), metadata=[*as_("citizen", "citizen-a"), ("idempotency-key", "k")])
    theirs = stub.SubmitApplication(
        valid_request(owner="citizen-b"), metadata=[*as_("citizen", "citizen-b"), ("idempotency-key", "k")]
    )
    assert mine.id != theirs.id and count(app, applications) == 2


def test_an_upload_retried_with_its_key_stores_one_document(stub, as_, app):
    keyed = [*as_("citizen", "citizen-a"), ("idempotency-key", "upload-1")]
    before, content = count(app, documents), files.pdf()
    first = stub.UploadDocument(upload_request(content, "application/pdf"), metadata=keyed)
    again = stub.UploadDocument(upload_request(content, "application/pdf"), metadata=keyed)
    assert again == first and count(app, documents) == before + 1
    error = failure(stub.UploadDocument, upload_request(files.png(), "image/png"), metadata=keyed)
    assert error_info(error).reason == "IDEMPOTENCY_KEY_REUSED"


def test_a_malformed_key_is_a_field_error(stub, as_):
    error = failure(
        stub.SubmitApplication, valid_request(), metadata=[*as_("citizen", "citizen-a"), ("idempotency-key", "x" * 256)]
    )
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error_info(error).reason == "INVALID_ARGUMENT"


def test_concurrent_submissions_with_one_key_make_one_application(stub, as_, app):
    keyed = [*as_("citizen", "citizen-a"), ("idempotency-key", "same-key")]
    barrier = threading.Barrier(4)
    answers, busy = [], []

    def submit():
        barrier.wait()
        try:
            answers.append(stub.SubmitApplication(valid_request(), metadata=keyed).id)
        except grpc.RpcError as error:  # the first is still running: 409 with Retry-After
            assert error.code() == grpc.StatusCode.ABORTED, error
            busy.append(error_info(error).reason)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) + len(busy) == 4 and len(set(answers)) == 1
    assert set(busy) <= {"IDEMPOTENCY_REQUEST_IN_PROGRESS"}
    assert count(app, applications) == 1
    assert [e["type"] for e in outbox_envelopes(app)] == ["gorontalo.permits.application.submitted"]
    # once the first has answered, a retry gets its answer
    assert stub.SubmitApplication(valid_request(), metadata=keyed).id == answers[0]
