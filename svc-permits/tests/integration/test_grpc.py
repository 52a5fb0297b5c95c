"""The service over real gRPC: interceptors, token checks, rich errors and the outbox."""

import json

import grpc
import pytest
import sqlalchemy as sa
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.permits.v1 import permits_pb2, permits_pb2_grpc
from gorontalo_permits import messages
from gorontalo_permits.adapters import catalog as catalog_adapter
from gorontalo_permits.bootstrap import SERVICE_NAME
from gorontalo_permits.entrypoints.grpc_servicer import PermitsServicer
from servicekit import testing_pki
from servicekit.messaging import outbox
from servicekit.server import Registration, ServiceRuntime

from ..conftest import required_document_ids

KOTA_VILLAGE = "75.71.01.1001"


@pytest.fixture
def stub(app, minter):
    runtime = ServiceRuntime(
        tls=testing_pki.server_source("permits"),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        bus=None,
        max_workers=4,
        catalog=messages.CATALOG,
        registrations=[
            Registration(permits_pb2_grpc.add_PermitsServiceServicer_to_server, PermitsServicer(app), SERVICE_NAME)
        ],
    )
    server, _health, port = runtime.build()
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}")
    try:
        yield permits_pb2_grpc.PermitsServiceStub(channel)
    finally:
        channel.close()
        server.stop(None)


@pytest.fixture
def as_(minter):
    """Call metadata for a role: as_('citizen', 'citizen-a') or as_('officer', 'o-1', ['75.71'])."""

    def metadata(role, subject, jurisdiction=None, language="id", agency=None):
        extra = {}
        if role == "officer":
            # A licensing office of the first regency in the jurisdiction, as identity issues it.
            code = (jurisdiction or ["75"])[0].replace(".", "")
            extra = {"jurisdiction": jurisdiction, "agency": agency if agency is not None else f"dpmptsp-{code}"}
        return [*minter.metadata(role=role, subject=subject, **extra), ("accept-language", language)]

    return metadata


_CATALOG = catalog_adapter.load()


def valid_request(owner="citizen-a", **overrides):
    """A valid request with `owner`'s seeded documents for the permit type (see conftest.seed_documents)."""
    fields = dict(
        kbli_code="56101",
        business_name="Rumah Makan Binthe Biluhuta",
        business_address="Jl. Nani Wartabone No. 12",
        region_code="7571011001",
        latitude=0.5412,
        longitude=123.0478,
        investment_rupiah=250_000_000,
        workforce=8,
    )
    fields.update(overrides)
    fields.setdefault("document_ids", required_document_ids(_CATALOG, fields["kbli_code"], owner))
    return permits_pb2.SubmitApplicationRequest(**fields)


def outbox_envelopes(app):
    with app.engine.connect() as connection:
        return [json.loads(r.envelope) for r in connection.execute(sa.select(outbox.c.envelope)).all()]


def failure(call, *args, **kwargs) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_the_catalog_is_public(stub):
    response = stub.ListPermitTypes(permits_pb2.ListPermitTypesRequest())
    by_code = {t.kbli_code: t for t in response.permit_types}
    assert len(by_code) >= 12
    assert by_code["56101"].title == "Restoran" and by_code["56101"].risk_level == "menengah_rendah"
    assert by_code["56101"].fee_rupiah == 150_000 and list(by_code["56101"].required_documents)


def test_a_citizen_submits_and_exactly_one_cloudevent_is_recorded(stub, app, as_, clock):
    response = stub.SubmitApplication(valid_request(), metadata=as_("citizen", "citizen-a"))
    assert response.id and response.status == "submitted" and response.risk_level == "menengah_rendah"
    assert (response.region_code, response.regency_code) == (KOTA_VILLAGE, "75.71")
    assert response.investment_rupiah == 250_000_000
    assert response.submitted_at.ToDatetime(tzinfo=clock.now.tzinfo) == clock.now
    assert [(e.status, e.actor_role) for e in response.timeline] == [("submitted", "citizen")]

    [event] = outbox_envelopes(app)
    assert (event["specversion"], event["type"], event["source"], event["subject"]) == (
        "1.0",
        "gorontalo.permits.application.submitted",
        "/gorontalo/permits",
        response.id,
    )
    assert event["data"] == {
        "application_id": response.id,
        "applicant_id": "citizen-a",
        "kbli_code": "56101",
        "region_code": KOTA_VILLAGE,
        "regency_code": "75.71",
        "risk_level": "menengah_rendah",
        "kbli_title": "Restoran",
    }
    assert event["id"] and event["requestid"]

    again = stub.GetApplication(permits_pb2.GetApplicationRequest(id=response.id), metadata=as_("citizen", "citizen-a"))
    assert again == response


def test_a_low_risk_activity_comes_back_issued(stub, as_):
    response = stub.SubmitApplication(
        valid_request(kbli_code="56103", nib="9120001234567"), metadata=as_("citizen", "citizen-a")
    )
    assert response.status == "issued"
    assert [e.status for e in response.timeline] == ["submitted", "issued"]


def test_invalid_fields_come_back_as_bad_request_violations(stub, app, as_):
    error = failure(
        stub.SubmitApplication,
        valid_request(
            kbli_code="99999", business_name="A", region_code="73.71", latitude=-6.2, longitude=106.8, workforce=100_001
        ),
        metadata=as_("citizen", "citizen-a", language="en"),
    )
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status.from_call(error)
    bad_requests = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            bad_requests.append(bad_request)
    [bad_request] = bad_requests
    violations = {v.field: (v.reason, v.description) for v in bad_request.field_violations}
    assert set(violations) == {"kbli_code", "business_name", "region_code", "latitude", "longitude", "workforce"}
    assert violations["kbli_code"] == ("KBLI_UNKNOWN", "This KBLI code is not in Gorontalo's permit catalog.")
    assert violations["region_code"][0] == "REGION_OUTSIDE_GORONTALO"
    assert violations["workforce"][0] == "OUT_OF_RANGE"
    assert outbox_envelopes(app) == []


def test_messages_default_to_indonesian(stub, as_):
    error = failure(stub.SubmitApplication, valid_request(region_code="75.04"), metadata=as_("citizen", "c"))
    assert error.details().startswith("Data yang dikirim tidak valid")


def test_calls_without_a_token_are_unauthenticated(stub):
    for call, request in (
        (stub.GetApplication, permits_pb2.GetApplicationRequest(id="x")),
        (stub.ListApplications, permits_pb2.ListApplicationsRequest()),
        (stub.SubmitApplication, valid_request()),
    ):
        assert failure(call, request).code() == grpc.StatusCode.UNAUTHENTICATED


def test_a_forged_token_is_unauthenticated(stub):
    from servicekit.testing import TokenMinter

    forged = TokenMinter().metadata(role="citizen", subject="citizen-a")
    assert failure(stub.SubmitApplication, valid_request(), metadata=forged).code() == grpc.StatusCode.UNAUTHENTICATED


def test_the_wrong_role_is_denied(stub, as_):
    officer = as_("officer", "officer-kota", ["75.71"])
    assert (
        failure(stub.SubmitApplication, valid_request(), metadata=officer).code() == grpc.StatusCode.PERMISSION_DENIED
    )
    mine = stub.SubmitApplication(valid_request(), metadata=as_("citizen", "citizen-a"))
    assert (
        failure(
            stub.StartReview, permits_pb2.StartReviewRequest(id=mine.id), metadata=as_("citizen", "citizen-a")
        ).code()
        == grpc.StatusCode.PERMISSION_DENIED
    )


def test_a_citizen_cannot_read_another_citizens_application(stub, as_):
    mine = stub.SubmitApplication(valid_request(), metadata=as_("citizen", "citizen-a"))
    error = failure(
        stub.GetApplication, permits_pb2.GetApplicationRequest(id=mine.id), metadata=as_("citizen", "citizen-b")
    )
    assert error.code() == grpc.StatusCode.NOT_FOUND
    theirs = stub.ListApplications(permits_pb2.ListApplicationsRequest(), metadata=as_("citizen", "citizen-b"))
    assert list(theirs.applications) == []


def test_officers_of_other_agencies_in_the_regency_cannot_work_permits(stub, as_):
    application = stub.SubmitApplication(valid_request(), metadata=as_("citizen", "citizen-a"))
    public_works = as_("officer", "officer-pupr", ["75.71"], agency="dinas-pupr-7571")
    for call, request in (
        (stub.GetApplication, permits_pb2.GetApplicationRequest(id=application.id)),
        (stub.StartReview, permits_pb2.StartReviewRequest(id=application.id)),
        (stub.ListApplications, permits_pb2.ListApplicationsRequest()),
    ):
        error = failure(call, request, metadata=public_works)
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED
        assert "DPMPTSP" in error.details()


def test_officers_act_only_within_their_jurisdiction(stub, app, as_, clock):
    application = stub.SubmitApplication(valid_request(), metadata=as_("citizen", "citizen-a"))
    outsider = as_("officer", "officer-pohuwato", ["75.04"])
    for call, request in (
        (stub.GetApplication, permits_pb2.GetApplicationRequest(id=application.id)),
        (stub.StartReview, permits_pb2.StartReviewRequest(id=application.id)),
    ):
        error = failure(call, request, metadata=outsider)
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED
        assert "wilayah kewenangan" in error.details()
    assert list(stub.ListApplications(permits_pb2.ListApplicationsRequest(), metadata=outsider).applications) == []

    insider = as_("officer", "officer-kota", ["75.71"])
    clock.advance(hours=1)
    reviewed = stub.StartReview(
        permits_pb2.StartReviewRequest(id=application.id, note="Survei lokasi"), metadata=insider
    )
    assert reviewed.status == "in_review"
    assert (reviewed.timeline[-1].actor_role, reviewed.timeline[-1].note) == ("officer", "Survei lokasi")
    events = outbox_envelopes(app)
    assert [e["type"] for e in events] == [
        "gorontalo.permits.application.submitted",
        "gorontalo.permits.application.status_changed",
    ]
    assert {k: events[1]["data"][k] for k in ("application_id", "old_status", "new_status", "actor_id")} == {
        "application_id": application.id,
        "old_status": "submitted",
        "new_status": "in_review",
        "actor_id": "officer-kota",
    }
    assert reviewed.timeline[-1].actor_id == "officer-kota"  # officers see who acted
    own_view = stub.GetApplication(
        permits_pb2.GetApplicationRequest(id=application.id), metadata=as_("citizen", "citizen-a")
    )
    assert [e.actor_id for e in own_view.timeline] == ["", ""]  # the applicant sees roles only

    error = failure(stub.StartReview, permits_pb2.StartReviewRequest(id=application.id), metadata=insider)
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "in_review" in error.details()
    assert len(outbox_envelopes(app)) == 2


def test_the_officer_queue_is_paged_oldest_first(stub, as_, clock):
    ids = []
    for n in range(3):
        ids.append(
            stub.SubmitApplication(
                valid_request(owner=f"c{n}", business_name=f"Usaha {n}"), metadata=as_("citizen", f"c{n}")
            ).id
        )
        clock.advance(minutes=5)
    officer = as_("officer", "officer-kota", ["75.71"])
    first = stub.ListApplications(permits_pb2.ListApplicationsRequest(page_size=2), metadata=officer)
    second = stub.ListApplications(
        permits_pb2.ListApplicationsRequest(page_size=2, page_token=first.next_page_token), metadata=officer
    )
    assert [a.id for a in first.applications] + [a.id for a in second.applications] == ids
    assert first.next_page_token and not second.next_page_token
    error = failure(stub.ListApplications, permits_pb2.ListApplicationsRequest(page_size=-5), metadata=officer)
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_unknown_ids_are_not_found(stub, as_):
    for application_id in ("2b0c6c59-6a7e-4d07-9d3c-5a5f2b8f7e11", "not-an-id"):
        error = failure(
            stub.GetApplication, permits_pb2.GetApplicationRequest(id=application_id), metadata=as_("admin", "admin-1")
        )
        assert error.code() == grpc.StatusCode.NOT_FOUND
