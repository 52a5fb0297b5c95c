"""Over real gRPC: ListOfficers (GET /v1/identity/officers) answers the staff accounts newest first with
username, agency, jurisdiction, head and whether an authenticator app is confirmed; filtered by agency;
no personal numbers and no citizens; admins only."""

from __future__ import annotations

import grpc
import pyotp
import pytest

from gorontalo.identity.v1 import identity_pb2 as pb
from gorontalo.identity.v1 import identity_pb2_grpc
from gorontalo_identity.bootstrap import SERVICE_NAME
from gorontalo_identity.entrypoints.grpc_servicer import IdentityServicer
from gorontalo_identity.service_layer import admin, services
from servicekit import notify, testing_pki
from servicekit.server import Registration, ServiceRuntime

PASSWORD = "kata-sandi-aman"
REGISTER = """nik,kk_number,full_name,birth_place,birth_date,sex,address,village_code
7571014101900003,7571010101100001,Siti Rahma,Gorontalo,1990-01-01,P,Jl. Nani Wartabone 1,75.71.01.1001
"""


@pytest.fixture
def app(tmp_path, grpc_app):
    application = grpc_app(tmp_path, REGISTER, notify.DevSink(tmp_path / "sink.jsonl", sender="identity"))
    services.create_staff(
        application.uow(),
        application.passwords,
        application.clock,
        role="admin",
        username="admin",
        full_name="Admin Provinsi",
        password=PASSWORD,
    )
    kota = admin.create_agency(
        application.uow(), application.clock, code="pupr-7571", name="PUPR Kota", region_code="75.71"
    )
    pohuwato = admin.create_agency(
        application.uow(), application.clock, code="pupr-7504", name="PUPR Pohuwato", region_code="75.04"
    )
    for agency, username, jurisdiction in ((kota, "pupr.kota", ["75.71.01"]), (pohuwato, "pupr.pohuwato", ["75.04"])):
        admin.create_officer(
            application.uow(),
            application.passwords,
            application.clock,
            agency_id=agency.id,
            username=username,
            full_name=f"Petugas {username}",
            password=PASSWORD,
            jurisdiction=jurisdiction,
        )
    application.agency_ids = {"kota": kota.id, "pohuwato": pohuwato.id}
    return application


@pytest.fixture
def stub(app):
    runtime = ServiceRuntime(
        tls=testing_pki.server_source("identity"),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=app.verifier(),
        bus=app.bus,
        max_workers=4,
        registrations=[
            Registration(identity_pb2_grpc.add_IdentityServiceServicer_to_server, IdentityServicer(app), SERVICE_NAME)
        ],
        catalog=app.catalog,
    )
    server, _health, port = runtime.build()
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}")
    try:
        yield identity_pb2_grpc.IdentityServiceStub(channel)
    finally:
        channel.close()
        server.stop(None)


def _bearer(token: str):
    return [("authorization", f"Bearer {token}"), ("accept-language", "en")]


def test_admins_list_staff_with_jurisdiction_head_and_authenticator(app, stub):
    # pupr.kota enrols an authenticator app; pupr.pohuwato does not.
    first = stub.Login(pb.LoginRequest(username="pupr.kota", password=PASSWORD), timeout=10)
    enrollment = stub.StartTotpEnrollment(pb.StartTotpEnrollmentRequest(), metadata=_bearer(first.access_token))
    stub.ConfirmTotpEnrollment(
        pb.ConfirmTotpEnrollmentRequest(code=pyotp.parse_uri(enrollment.otpauth_uri).now()),
        metadata=_bearer(first.access_token),
    )
    token = stub.Login(pb.LoginRequest(username="admin", password=PASSWORD), timeout=10).access_token
    everyone = stub.ListOfficers(pb.ListOfficersRequest(), metadata=_bearer(token), timeout=10).officers
    assert {o.username for o in everyone} == {"admin", "pupr.kota", "pupr.pohuwato"}  # no citizens
    kota = next(o for o in everyone if o.username == "pupr.kota")
    assert (kota.role, kota.agency_id, list(kota.jurisdiction), kota.totp_enrolled) == (
        "officer",
        app.agency_ids["kota"],
        ["75.71.01"],
        True,
    )
    assert not next(o for o in everyone if o.username == "pupr.pohuwato").totp_enrolled

    head = stub.SetAgencyHead(
        pb.SetAgencyHeadRequest(officer_id=kota.id, agency_head=True), metadata=_bearer(token), timeout=10
    )
    assert head.agency_head
    only = stub.ListOfficers(
        pb.ListOfficersRequest(agency_id=app.agency_ids["kota"]), metadata=_bearer(token), timeout=10
    ).officers
    assert [(o.username, o.agency_head) for o in only] == [("pupr.kota", True)]

    page = stub.ListOfficers(pb.ListOfficersRequest(page_size=2), metadata=_bearer(token), timeout=10)
    assert len(page.officers) == 2 and page.next_page_token
    rest = stub.ListOfficers(
        pb.ListOfficersRequest(page_size=2, page_token=page.next_page_token), metadata=_bearer(token), timeout=10
    )
    assert len(rest.officers) == 1
    assert {o.id for o in page.officers} | {o.id for o in rest.officers} == {o.id for o in everyone}


def test_officers_may_not_list_staff(app, stub):
    token = stub.Login(pb.LoginRequest(username="pupr.pohuwato", password=PASSWORD), timeout=10).access_token
    with pytest.raises(grpc.RpcError) as caught:
        stub.ListOfficers(pb.ListOfficersRequest(), metadata=_bearer(token), timeout=10)
    assert caught.value.code() in (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED)
