"""Routing and follow-up RPCs in-process over real gRPC: roles from the contract, agency and jurisdiction checks."""

import grpc
import pytest

from gorontalo.complaints.v1 import complaints_pb2 as pb
from gorontalo_complaints.adapters.classifier import Suggestion

from ..conftest import serving

ALICE = dict(role="citizen", subject="citizen-alice")
PUPR = dict(role="officer", subject="pupr-1", agency="dinas-pupr-7571", jurisdiction=["75.71"])
DINKES = dict(role="officer", subject="dinkes-1", agency="dinkes-7571", jurisdiction=["75.71"])
DISPATCHER = dict(role="officer", subject="disp-1", agency="diskominfo-75", jurisdiction=["75"])
ADMIN = dict(role="admin", subject="admin-1")  # identity's admin tokens carry no jurisdiction: province-wide


class Doubtful:
    def suggest(self, text):
        return Suggestion("jalan_rusak", 0.3)


@pytest.fixture
def served(make_app, database_url):
    with serving(make_app(database_url, classifier=Doubtful())) as running:
        yield running


def code_of(call):
    with pytest.raises(grpc.RpcError) as caught:
        call()
    return caught.value.code()


def test_doubtful_filing_dispatched_then_handled_by_the_agency_and_rated(served):
    app, minter, stub = served
    as_ = minter.metadata
    filed = stub.FileComplaint(
        pb.FileComplaintRequest(
            title="Ada masalah di depan rumah",
            description="Sudah lama dibiarkan, tolong dicek.",
            region_code="75.71.01",
        ),
        metadata=as_(**ALICE),
    )
    assert (filed.status, filed.needs_dispatch, filed.suggested_category) == ("received", True, "jalan_rusak")
    public = stub.GetComplaint(pb.GetComplaintRequest(tracking_code=filed.tracking_code))
    assert public.suggested_category == "" and public.needs_dispatch

    assert (
        code_of(lambda: stub.ListDispatchQueue(pb.ListDispatchQueueRequest(), metadata=as_(**PUPR)))
        == grpc.StatusCode.PERMISSION_DENIED
    )
    assert (
        code_of(lambda: stub.ListDispatchQueue(pb.ListDispatchQueueRequest(), metadata=as_(**ALICE)))
        == grpc.StatusCode.PERMISSION_DENIED
    )
    queue = stub.ListDispatchQueue(pb.ListDispatchQueueRequest(), metadata=as_(**DISPATCHER))
    assert [c.tracking_code for c in queue.complaints] == [filed.tracking_code]
    verified = stub.VerifyComplaint(
        pb.VerifyComplaintRequest(tracking_code=filed.tracking_code), metadata=as_(**DISPATCHER)
    )
    assert verified.status == "verified"
    routed = stub.DispatchComplaint(
        pb.DispatchComplaintRequest(tracking_code=filed.tracking_code, category="jalan_rusak"),
        metadata=as_(**DISPATCHER),
    )
    assert (routed.status, routed.agency_code) == ("dispositioned", "dinas-pupr-7571")

    assert stub.ListAgencyComplaints(pb.ListAgencyComplaintsRequest(), metadata=as_(**DINKES)).complaints == []
    inbox = stub.ListAgencyComplaints(pb.ListAgencyComplaintsRequest(status="dispositioned"), metadata=as_(**PUPR))
    assert [c.tracking_code for c in inbox.complaints] == [filed.tracking_code] and inbox.complaints[0].id

    assert (
        code_of(
            lambda: stub.ResolveComplaint(
                pb.ResolveComplaintRequest(tracking_code=filed.tracking_code, note="Selesai."), metadata=as_(**DINKES)
            )
        )
        == grpc.StatusCode.PERMISSION_DENIED
    )
    update = stub.PostUpdate(
        pb.PostUpdateRequest(tracking_code=filed.tracking_code, note="Petugas menuju lokasi."), metadata=as_(**PUPR)
    )
    assert update.status == "dispositioned" and not update.internal
    stub.StartProgress(pb.StartProgressRequest(tracking_code=filed.tracking_code), metadata=as_(**PUPR))
    app.clock.advance(hours=3)
    resolved = stub.ResolveComplaint(
        pb.ResolveComplaintRequest(tracking_code=filed.tracking_code, note="Sudah diperbaiki."), metadata=as_(**PUPR)
    )
    assert resolved.status == "resolved" and resolved.resolved_at.ToDatetime()

    assert (
        code_of(
            lambda: stub.RateComplaint(
                pb.RateComplaintRequest(tracking_code=filed.tracking_code, rating=9), metadata=as_(**ALICE)
            )
        )
        == grpc.StatusCode.INVALID_ARGUMENT
    )
    rated = stub.RateComplaint(
        pb.RateComplaintRequest(tracking_code=filed.tracking_code, rating=5, comment="Terima kasih"),
        metadata=as_(**ALICE),
    )
    assert (rated.status, rated.rating) == ("closed", 5)
    updates = stub.ListUpdates(pb.ListUpdatesRequest(tracking_code=filed.tracking_code))
    assert [u.note for u in updates.updates] == ["Petugas menuju lokasi.", "Sudah diperbaiki."]
    assert (
        code_of(
            lambda: stub.ReopenComplaint(
                pb.ReopenComplaintRequest(tracking_code=filed.tracking_code, reason="Rusak lagi."),
                metadata=as_(**ALICE),
            )
        )
        == grpc.StatusCode.FAILED_PRECONDITION
    )


def test_routing_table_is_edited_by_admins_only(served):
    _app, minter, stub = served
    request = pb.PutRoutingEntryRequest(
        category="pungli",
        regency_code="7571",
        agency_code="inspektorat-kota-7571",
        agency_name="Inspektorat Kota Gorontalo",
    )
    for who in (PUPR, DISPATCHER, ALICE):
        assert (
            code_of(lambda: stub.PutRoutingEntry(request, metadata=minter.metadata(**who)))
            == grpc.StatusCode.PERMISSION_DENIED
        )
    entry = stub.PutRoutingEntry(request, metadata=minter.metadata(**ADMIN))
    assert (entry.regency_code, entry.source) == ("75.71", "edited")
    listed = stub.ListRoutingEntries(
        pb.ListRoutingEntriesRequest(category="pungli", regency_code="75.71"), metadata=minter.metadata(**PUPR)
    )
    assert [(e.agency_code, e.source) for e in listed.entries] == [("inspektorat-kota-7571", "edited")]
    bad = pb.PutRoutingEntryRequest(category="pungli", regency_code="75.71", agency_code="Bad Code", agency_name="")
    assert (
        code_of(lambda: stub.PutRoutingEntry(bad, metadata=minter.metadata(**ADMIN)))
        == grpc.StatusCode.INVALID_ARGUMENT
    )
