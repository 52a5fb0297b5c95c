"""The service in-process over real gRPC: interceptors, token verification, rich errors, outbox."""

import json

import grpc
import pytest
import sqlalchemy as sa
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.complaints.v1 import complaints_pb2
from servicekit.messaging import outbox
from servicekit.testing import TokenMinter

ALICE = dict(role="citizen", subject="citizen-alice")
BOB = dict(role="citizen", subject="citizen-bob")


def filing(**overrides):
    fields = dict(
        category="jalan_rusak",
        title="Jalan amblas di Jl. Agus Salim",
        description="Aspal amblas sedalam 30 cm, sudah ada motor terjatuh.",
        latitude=0.5412,
        longitude=123.0595,
        region_code="75.71.01",
    )
    fields.update(overrides)
    return complaints_pb2.FileComplaintRequest(**fields)


def outbox_rows(app):
    with app.engine.connect() as connection:
        return connection.execute(sa.select(outbox)).all()


def field_violations(error: grpc.RpcError) -> dict[str, str]:
    status = rpc_status.from_call(error)
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            return {v.field: v.reason for v in bad_request.field_violations}
    return {}


def test_file_then_track_then_list(served):
    app, minter, stub = served
    filed = stub.FileComplaint(filing(channel="app"), metadata=minter.metadata(**ALICE))
    # A known category in a regency of the routing table is dispositioned at filing.
    assert filed.status == "dispositioned" and filed.id and filed.privacy == "biasa" and filed.channel == "app"
    assert filed.agency_code == "dinas-pupr-7571" and not filed.needs_dispatch
    assert filed.filed_at.ToDatetime() == app.clock().replace(tzinfo=None)

    public = stub.GetComplaint(
        complaints_pb2.GetComplaintRequest(tracking_code=filed.tracking_code.lower().replace("-", ""))
    )  # no token: public
    assert (public.tracking_code, public.title, public.category, public.region_code) == (
        filed.tracking_code,
        filed.title,
        "jalan_rusak",
        "75.71.01",
    )
    assert public.description == filed.description and public.filed_at == filed.filed_at
    assert (public.id, public.latitude, public.privacy, public.channel) == ("", 0.0, "", "")

    mine = stub.ListMyComplaints(complaints_pb2.ListMyComplaintsRequest(), metadata=minter.metadata(**ALICE))
    assert [c.tracking_code for c in mine.complaints] == [filed.tracking_code]
    assert mine.complaints[0] == filed and mine.next_page_token == ""


def test_the_write_left_exactly_one_filed_cloudevent_in_the_outbox(served):
    app, minter, stub = served
    filed = stub.FileComplaint(filing(privacy="rahasia"), metadata=minter.metadata(**ALICE))
    rows = outbox_rows(app)
    assert [r.subject for r in rows] == [
        "gorontalo.complaints.complaint.filed",
        "gorontalo.complaints.complaint.dispositioned",
        "gorontalo.complaints.complaint.status_changed",
    ]
    row = rows[0]
    envelope = json.loads(row.envelope)
    assert row.subject == "gorontalo.complaints.complaint.filed" and row.published_at is None
    assert envelope["specversion"] == "1.0" and envelope["type"] == "gorontalo.complaints.complaint.filed"
    assert envelope["source"] == "/gorontalo/complaints" and envelope["subject"] == filed.id
    assert envelope["id"] == row.event_id and envelope["datacontenttype"] == "application/json"
    assert envelope["data"] == {
        "complaint_id": filed.id,
        "tracking_code": filed.tracking_code,
        "category": "jalan_rusak",
        "region_code": "75.71.01",
        "latitude": 0.5412,
        "longitude": 123.0595,
        "privacy": "rahasia",
        "category_source": "filer",
        # The opaque account id, for svc-inbox to tell the reporter (issue 14); never a name or contact.
        "reporter_account_id": ALICE["subject"],
    }
    status_changed = json.loads(rows[2].envelope)["data"]
    assert status_changed["reporter_account_id"] == ALICE["subject"] and status_changed["category"] == "jalan_rusak"


def test_invalid_request_lists_every_field_and_writes_nothing(served):
    app, minter, stub = served
    with pytest.raises(grpc.RpcError) as caught:
        stub.FileComplaint(
            filing(category="jalan", title="abc", latitude=0, longitude=0, region_code="", channel="fax"),
            metadata=minter.metadata(**ALICE) + [("accept-language", "en")],
        )
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(caught.value) == {
        "category": "NOT_ONE_OF",
        "title": "TOO_SHORT",
        "region_code": "REQUIRED",
        "channel": "NOT_ONE_OF",
    }
    assert outbox_rows(app) == []


def test_malformed_code_is_invalid_and_unknown_code_not_found(served):
    _app, _minter, stub = served
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetComplaint(complaints_pb2.GetComplaintRequest(tracking_code="GTO-7K3Q-94"))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(caught.value) == {"tracking_code": "TRACKING_CODE_INVALID"}
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetComplaint(complaints_pb2.GetComplaintRequest(tracking_code="GTO-7K3Q-95"))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


def test_errors_are_worded_from_the_service_catalog_in_the_callers_language(served):
    _app, _minter, stub = served
    for language, expected in (
        ("en", "No complaint has this tracking code."),
        ("id", "Pengaduan dengan kode lacak ini tidak ditemukan."),
    ):
        with pytest.raises(grpc.RpcError) as caught:
            stub.GetComplaint(
                complaints_pb2.GetComplaintRequest(tracking_code="GTO-7K3Q-95"),
                metadata=[("accept-language", language)],
            )
        assert caught.value.details() == expected


def test_no_token_is_unauthenticated_and_a_bad_token_too(served):
    _app, minter, stub = served
    with pytest.raises(grpc.RpcError) as caught:
        stub.FileComplaint(filing())
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    with pytest.raises(grpc.RpcError) as caught:
        stub.ListMyComplaints(complaints_pb2.ListMyComplaintsRequest())
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    forged = TokenMinter().metadata(**ALICE)  # signed by a key the service does not trust
    with pytest.raises(grpc.RpcError) as caught:
        stub.ListMyComplaints(complaints_pb2.ListMyComplaintsRequest(), metadata=forged)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


@pytest.mark.parametrize("role", ["officer", "operator", "admin"])
def test_only_citizens_file_and_list(served, role):
    app, minter, stub = served
    staff = minter.metadata(role=role, subject=f"{role}-1", jurisdiction=["75.71"])
    for call, request in (
        (stub.FileComplaint, filing()),
        (stub.ListMyComplaints, complaints_pb2.ListMyComplaintsRequest()),
    ):
        with pytest.raises(grpc.RpcError) as caught:
            call(request, metadata=staff)
        assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert outbox_rows(app) == []


def test_a_citizen_cannot_read_another_citizens_records(served):
    _app, minter, stub = served
    secret = stub.FileComplaint(filing(privacy="rahasia"), metadata=minter.metadata(**ALICE))
    other = stub.FileComplaint(filing(privacy="anonim"), metadata=minter.metadata(**ALICE))

    bobs_view = stub.GetComplaint(
        complaints_pb2.GetComplaintRequest(tracking_code=secret.tracking_code), metadata=minter.metadata(**BOB)
    )
    assert bobs_view == complaints_pb2.Complaint(tracking_code=secret.tracking_code, status="dispositioned")
    alices_view = stub.GetComplaint(
        complaints_pb2.GetComplaintRequest(tracking_code=secret.tracking_code), metadata=minter.metadata(**ALICE)
    )
    assert alices_view == secret

    anonymous = stub.GetComplaint(
        complaints_pb2.GetComplaintRequest(tracking_code=other.tracking_code), metadata=minter.metadata(**BOB)
    )
    assert anonymous.title == other.title and anonymous.id == "" and anonymous.latitude == 0.0

    bobs_list = stub.ListMyComplaints(complaints_pb2.ListMyComplaintsRequest(), metadata=minter.metadata(**BOB))
    assert list(bobs_list.complaints) == []


def test_an_officer_sees_no_more_than_the_public(served):
    """GetComplaint is the public view for officers too: in or out of jurisdiction (their agency's work
    list and actions are other RPCs, tested in test_follow_up_grpc)."""
    _app, minter, stub = served
    secret = stub.FileComplaint(filing(privacy="rahasia"), metadata=minter.metadata(**ALICE))
    for jurisdiction in (["75.71"], ["75.04"]):
        officer = minter.metadata(role="officer", subject="officer-1", jurisdiction=jurisdiction)
        seen = stub.GetComplaint(
            complaints_pb2.GetComplaintRequest(tracking_code=secret.tracking_code), metadata=officer
        )
        assert (seen.title, seen.description, seen.status) == ("", "", "dispositioned")


def test_paging_over_grpc(served):
    app, minter, stub = served
    codes = []
    for n in range(3):
        codes.append(
            stub.FileComplaint(filing(title=f"Jalan rusak nomor {n}"), metadata=minter.metadata(**ALICE)).tracking_code
        )
        app.clock.advance(minutes=5)
    first = stub.ListMyComplaints(
        complaints_pb2.ListMyComplaintsRequest(page_size=2), metadata=minter.metadata(**ALICE)
    )
    second = stub.ListMyComplaints(
        complaints_pb2.ListMyComplaintsRequest(page_size=2, page_token=first.next_page_token),
        metadata=minter.metadata(**ALICE),
    )
    assert [c.tracking_code for c in (*first.complaints, *second.complaints)] == codes[::-1]
    assert second.next_page_token == ""
    with pytest.raises(grpc.RpcError) as caught:
        stub.ListMyComplaints(
            complaints_pb2.ListMyComplaintsRequest(page_size=-1, page_token="!"), metadata=minter.metadata(**ALICE)
        )
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(field_violations(caught.value)) == {"page_size", "page_token"}
