"""Idempotency-Key on every create, Open311 deduplication, and rate limits shared through Redis (issue 12).

Over real gRPC (interceptors, token checks) on SQLite and PostgreSQL; the rate limits count in the real
Redis (each test in its own namespace, see conftest.make_app).
"""

import json
import urllib.parse

import grpc
import pytest
import sqlalchemy as sa
from google.api import httpbody_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.complaints.v1 import complaints_pb2 as pb
from gorontalo_complaints.adapters.tables import complaint_photos as photos
from gorontalo_complaints.adapters.tables import complaint_supports as supports
from gorontalo_complaints.adapters.tables import complaint_updates as updates
from gorontalo_complaints.adapters.tables import complaints
from gorontalo_complaints.service_layer import open311

from ..conftest import serving
from .test_photos_public_open311_grpc import ALICE, BOB, PUPR, filing, jpeg_with_gps


def key(value: str) -> list[tuple[str, str]]:
    return [("idempotency-key", value)]


def count(app, table) -> int:
    with app.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def retry_after(error: grpc.RpcError) -> int | None:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            info = error_details_pb2.RetryInfo()
            detail.Unpack(info)
            return info.retry_delay.seconds
    return None


def error_reason(error: grpc.RpcError) -> str:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info.reason
    return ""


def anonymous_filing(**overrides) -> pb.FileAnonymousComplaintRequest:
    fields = dict(
        title="Sampah menumpuk di pasar",
        description="Sampah tidak diangkut sejak seminggu di pasar.",
        category="sampah",
        region_code="75.71.01",
        contact_phone="0812-3456-7890",
    )
    fields.update(overrides)
    return pb.FileAnonymousComplaintRequest(**fields)


def test_filing_with_a_key_twice_files_once_and_answers_the_same(served):
    app, minter, stub = served
    first = stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE) + key("retry-1"))
    again = stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE) + key("retry-1"))
    assert again == first and count(app, complaints) == 1
    with pytest.raises(grpc.RpcError) as reused:
        stub.FileComplaint(filing(title="Jalan lain yang rusak"), metadata=minter.metadata(**ALICE) + key("retry-1"))
    assert error_reason(reused.value) == "IDEMPOTENCY_KEY_REUSED" and count(app, complaints) == 1
    other = stub.FileComplaint(filing(), metadata=minter.metadata(**BOB) + key("retry-1"))  # keys are per caller
    assert other.tracking_code != first.tracking_code
    stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE))  # no key: a new complaint each time
    assert count(app, complaints) == 3


def test_anonymous_filing_with_a_key_gives_back_the_same_tracking_code_and_reporter_key(served):
    app, _minter, stub = served
    address = [("x-client-address", "203.0.113.50")]
    first = stub.FileAnonymousComplaint(anonymous_filing(), metadata=address + key("anon-1"))
    again = stub.FileAnonymousComplaint(anonymous_filing(), metadata=address + key("anon-1"))
    assert (again.tracking_code, again.reporter_key) == (first.tracking_code, first.reporter_key)
    assert first.reporter_key and count(app, complaints) == 1
    with pytest.raises(grpc.RpcError) as reused:
        stub.FileAnonymousComplaint(anonymous_filing(contact_phone="0813-1111-2222"), metadata=address + key("anon-1"))
    assert error_reason(reused.value) == "IDEMPOTENCY_KEY_REUSED"


def test_photos_updates_answers_and_support_are_created_once_per_key(served):
    app, minter, stub = served
    image = httpbody_pb2.HttpBody(content_type="image/jpeg", data=jpeg_with_gps())
    staged = [
        stub.UploadPhotoForFiling(
            pb.UploadPhotoRequest(image=image), metadata=minter.metadata(**ALICE) + key("photo-1")
        )
        for _ in range(2)
    ]
    assert staged[0] == staged[1] and count(app, photos) == 1
    filed = stub.FileComplaint(filing(photo_ids=[staged[0].id]), metadata=minter.metadata(**ALICE))
    later = [
        stub.UploadPhoto(
            pb.UploadPhotoRequest(tracking_code=filed.tracking_code, image=image),
            metadata=minter.metadata(**ALICE) + key("photo-2"),
        )
        for _ in range(2)
    ]
    assert later[0] == later[1] and count(app, photos) == 2

    question = pb.PostUpdateRequest(tracking_code=filed.tracking_code, note="Di sisi mana lubangnya?", kind="question")
    asked = [stub.PostUpdate(question, metadata=minter.metadata(**PUPR) + key("update-1")) for _ in range(2)]
    answer = pb.AnswerQuestionRequest(tracking_code=filed.tracking_code, note="Sisi kiri, dekat warung.")
    answered = [stub.AnswerQuestion(answer, metadata=minter.metadata(**ALICE) + key("answer-1")) for _ in range(2)]
    assert asked[0] == asked[1] and answered[0] == answered[1] and count(app, updates) == 2

    support = pb.SupportComplaintRequest(tracking_code=filed.tracking_code)
    supported = [stub.SupportComplaint(support, metadata=minter.metadata(**BOB) + key("support-1")) for _ in range(2)]
    assert supported[0] == supported[1] and supported[0].support_count == 1 and count(app, supports) == 1


def _form(**fields) -> httpbody_pb2.HttpBody:
    return httpbody_pb2.HttpBody(
        content_type="application/x-www-form-urlencoded", data=urllib.parse.urlencode(fields).encode()
    )


def test_open311_the_same_post_from_the_same_client_is_one_request(served):
    app, _minter, stub = served
    _id, api_key = open311.create_key(app.uow(), app.clock, name="FixMyStreet Gorontalo")
    _id, other_key = open311.create_key(app.uow(), app.clock, name="Aplikasi Lain")
    fields = dict(
        api_key=api_key,
        service_code="sampah",
        address_string="Jl. Pangeran Hidayat, Kota Selatan",
        description="Sampah tidak diangkut sejak seminggu.",
    )

    def post(fmt="json", **changes):
        body = stub.Open311CreateRequest(
            pb.Open311CreateRequestRequest(format=fmt, form=_form(**{**fields, **changes}))
        )
        return json.loads(body.data)[0]["service_request_id"] if fmt == "json" else body.data

    first = post()
    assert post() == first and count(app, complaints) == 1
    assert first.encode() in post("xml")  # the same request asked for in XML: still the first one
    reordered = stub.Open311CreateRequest(
        pb.Open311CreateRequestRequest(format="json", form=_form(**dict(reversed(list(fields.items())))))
    )
    assert json.loads(reordered.data)[0]["service_request_id"] == first
    assert post(description="Sampah menumpuk lagi di pasar.") != first  # another body: another request
    assert post(api_key=other_key) != first  # another client: its own request
    assert count(app, complaints) == 3


def test_anonymous_filings_count_per_address_across_two_replicas(make_app, database_url, monkeypatch):
    """Two replicas over one database and one Redis: one count, not one per process."""
    monkeypatch.setenv("COMPLAINTS_ANONYMOUS_PER_ADDRESS", "2/hour")
    one, two = make_app(database_url), make_app(database_url)
    outcomes = []
    with serving(one) as (_a, _m, stub_one), serving(two) as (_b, _n, stub_two):
        for index, (stub, address) in enumerate(
            [
                (stub_one, "198.51.100.1"),
                (stub_two, "198.51.100.1"),
                (stub_one, "198.51.100.1"),
                (stub_two, "198.51.100.2"),
            ]
        ):
            request = anonymous_filing(contact_phone="", contact_email=f"warga{index}@example.org")
            try:
                stub.FileAnonymousComplaint(request, metadata=[("x-client-address", address)])
                outcomes.append("ok")
            except grpc.RpcError as error:
                outcomes.append(error.code().name)
                assert 1 <= retry_after(error) <= 3600
    assert outcomes == ["ok", "ok", "RESOURCE_EXHAUSTED", "ok"]


def test_the_per_contact_limit_says_when_to_come_back(served, clock):
    _app, _minter, stub = served
    for index in range(3):
        stub.FileAnonymousComplaint(anonymous_filing(), metadata=[("x-client-address", f"198.51.100.{index}")])
        clock.advance(hours=1)
    with pytest.raises(grpc.RpcError) as refused:
        stub.FileAnonymousComplaint(anonymous_filing(), metadata=[("x-client-address", "198.51.100.9")])
    assert refused.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert retry_after(refused.value) == 21 * 3600 + 1  # the first of the three leaves the 24 hours then


def test_lookups_by_tracking_code_are_limited_per_address_and_per_account(make_app, database_url, monkeypatch):
    monkeypatch.setenv("COMPLAINTS_LOOKUPS_PER_ADDRESS", "4/minute")
    monkeypatch.setenv("COMPLAINTS_LOOKUPS_PER_ACCOUNT", "2/minute")
    with serving(make_app(database_url)) as (_app, minter, stub):
        filed = stub.FileComplaint(filing(privacy="rahasia"), metadata=minter.metadata(**ALICE))
        here = [("x-client-address", "192.0.2.10")]
        stub.GetComplaint(pb.GetComplaintRequest(tracking_code=filed.tracking_code), metadata=here)
        stub.ListUpdates(pb.ListUpdatesRequest(tracking_code=filed.tracking_code), metadata=here)
        for guess in ("GTO-7K3Q-95", "GTO-0000-00"):  # unknown codes cost the same
            with pytest.raises(grpc.RpcError) as missing:
                stub.GetComplaint(pb.GetComplaintRequest(tracking_code=guess), metadata=here)
            assert missing.value.code() == grpc.StatusCode.NOT_FOUND
        # A well-formed but made-up reporter key does not lift the address limit.
        with pytest.raises(grpc.RpcError) as limited:
            stub.GetComplaint(
                pb.GetComplaintRequest(tracking_code=filed.tracking_code),
                metadata=here + [("x-reporter-key", "k" * 43)],
            )
        assert limited.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert error_reason(limited.value) == "LOOKUP_RATE_LIMITED" and 1 <= retry_after(limited.value) <= 60
        with pytest.raises(grpc.RpcError) as open311_limited:
            stub.Open311GetRequest(
                pb.Open311GetRequestRequest(service_request_id=filed.tracking_code, format="json"), metadata=here
            )
        assert open311_limited.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        # Another address has its own count; a citizen counts per account; staff are not limited.
        stub.GetComplaint(
            pb.GetComplaintRequest(tracking_code=filed.tracking_code), metadata=[("x-client-address", "192.0.2.11")]
        )
        for _ in range(2):
            stub.GetComplaint(
                pb.GetComplaintRequest(tracking_code=filed.tracking_code), metadata=minter.metadata(**BOB) + here
            )
        with pytest.raises(grpc.RpcError) as account_limited:
            stub.GetComplaint(
                pb.GetComplaintRequest(tracking_code=filed.tracking_code), metadata=minter.metadata(**BOB) + here
            )
        assert account_limited.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        for _ in range(6):
            stub.GetComplaint(
                pb.GetComplaintRequest(tracking_code=filed.tracking_code), metadata=minter.metadata(**PUPR) + here
            )
