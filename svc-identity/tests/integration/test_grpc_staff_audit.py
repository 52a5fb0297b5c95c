"""Over real gRPC (the platform's runtime with identity's event bus, not started): staff enrol TOTP and
log in with the code (problem details naming `otp`), every staff write goes through the audit
interceptor into the outbox, identity's consumer keeps each event once, admins read the trail with
filters, officers cannot, and the table refuses to be edited."""

from __future__ import annotations

import json

import grpc
import pyotp
import pytest
import sqlalchemy as sa
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.identity.v1 import audit_pb2, identity_pb2_grpc
from gorontalo.identity.v1 import identity_pb2 as pb
from gorontalo_identity.adapters.tables import staff_actions
from gorontalo_identity.bootstrap import SERVICE_NAME, audit_subscriptions
from gorontalo_identity.entrypoints.grpc_servicer import IdentityServicer
from gorontalo_identity.service_layer import admin, services
from servicekit import notify, testing_pki
from servicekit.consumers import Consumers
from servicekit.messaging import outbox
from servicekit.server import Registration, ServiceRuntime
from servicekit.testing import error_reason

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
    agency = admin.create_agency(
        application.uow(), application.clock, code="dpmptsp-7571", name="DPMPTSP Kota", region_code="75.71"
    )
    admin.create_agency(
        application.uow(), application.clock, code="dpmptsp-7504", name="DPMPTSP Pohuwato", region_code="75.04"
    )
    admin.create_officer(
        application.uow(),
        application.passwords,
        application.clock,
        agency_id=agency.id,
        username="petugas.kota",
        full_name="Petugas Kota",
        password=PASSWORD,
        jurisdiction=["75.71"],
    )
    return application


@pytest.fixture
def audited(app):
    """The runtime as `serve` builds it: with the bus, so the audit interceptor is installed."""
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


def _bearer(token: str, lang: str = "en"):
    return [("authorization", f"Bearer {token}"), ("accept-language", lang)]


def _failure(call, request, metadata=None) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(request, metadata=metadata, timeout=10)
    return caught.value


def _violations(error) -> list[tuple[str, str, str]]:
    found = []
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            message = error_details_pb2.BadRequest()
            detail.Unpack(message)
            found += [(v.field, v.reason, v.description) for v in message.field_violations]
    return found


def _staff_events(app) -> list[dict]:
    with app.session_factory() as session:
        rows = session.execute(sa.select(outbox).order_by(outbox.c.seq)).all()
    return [json.loads(r.envelope) for r in rows if r.subject.endswith(".staff.action_recorded")]


def _consume(app, envelopes) -> list[str]:
    """Identity's durable consumer, as the bus runs it (inbox dedupe), on the outbox's envelopes."""
    [subscription] = audit_subscriptions(app.session_factory, app.cipher, app.clock)
    consumers = Consumers(app.session_factory, "GORONTALO_TEST")
    return [consumers.handle(subscription, envelope) for envelope in envelopes]


def test_enrol_then_log_in_with_the_code(app, audited):
    first = audited.Login(pb.LoginRequest(username="petugas.kota", password=PASSWORD), timeout=10)
    assert first.required_action == "enroll_totp" and first.access_token
    enrollment = audited.StartTotpEnrollment(pb.StartTotpEnrollmentRequest(), metadata=_bearer(first.access_token))
    assert enrollment.qr_png.startswith(b"\x89PNG") and "<svg" in enrollment.qr_svg
    authenticator = pyotp.parse_uri(enrollment.otpauth_uri)
    confirmed = audited.ConfirmTotpEnrollment(
        pb.ConfirmTotpEnrollmentRequest(code=authenticator.now()), metadata=_bearer(first.access_token)
    )
    assert confirmed.access_token and confirmed.required_action == ""
    me = audited.GetMe(pb.GetMeRequest(), metadata=_bearer(confirmed.access_token), timeout=10)
    assert me.totp_enrolled

    missing = _failure(
        audited.Login, pb.LoginRequest(username="petugas.kota", password=PASSWORD), [("accept-language", "en")]
    )
    assert missing.code() == grpc.StatusCode.INVALID_ARGUMENT and error_reason(missing) == "INVALID_ARGUMENT"
    assert _violations(missing) == [("otp", "OTP_REQUIRED", "Enter the 6-digit code from the authenticator app.")]
    wrong = _failure(
        audited.Login,
        pb.LoginRequest(
            username="petugas.kota", password=PASSWORD, otp="000000" if authenticator.now() != "000000" else "111111"
        ),
        metadata=[("accept-language", "id")],
    )
    assert _violations(wrong)[0][:2] == ("otp", "OTP_INVALID")
    assert _violations(wrong)[0][2].startswith("Kode autentikator salah")

    # Enrolment was a staff write: the trail has it (ConfirmTotpEnrollment and StartTotpEnrollment).
    methods = [e["data"]["method"] for e in _staff_events(app)]
    assert methods == ["StartTotpEnrollment", "ConfirmTotpEnrollment"]


def test_staff_writes_reach_the_trail_once_and_only_admins_read_it(app, audited):
    admin_token = audited.Login(pb.LoginRequest(username="admin", password=PASSWORD), timeout=10).access_token
    officer_token = audited.Login(pb.LoginRequest(username="petugas.kota", password=PASSWORD), timeout=10).access_token
    agencies = audited.ListAgencies(pb.ListAgenciesRequest(), metadata=_bearer(admin_token), timeout=10)
    pohuwato = next(a for a in agencies.agencies if a.code == "dpmptsp-7504")
    officer = audited.CreateOfficer(
        pb.CreateOfficerRequest(
            agency_id=pohuwato.id,
            username="petugas.pohuwato",
            full_name="Petugas Pohuwato",
            password=PASSWORD,
            jurisdiction=["75.04"],
        ),
        metadata=_bearer(admin_token) + [("idempotency-key", "k-1"), ("x-request-id", "req-create-officer")],
        timeout=10,
    )
    refused = _failure(
        audited.CreateAgency, pb.CreateAgencyRequest(code="x-1", name="X", region_code="75"), _bearer(officer_token)
    )
    assert refused.code() == grpc.StatusCode.PERMISSION_DENIED  # refused: no action, nothing recorded
    audited.Logout(pb.LogoutRequest(), metadata=_bearer(officer_token), timeout=10)

    events = _staff_events(app)
    assert [e["type"] for e in events] == ["gorontalo.identity.staff.action_recorded"] * 2
    created, logout = (e["data"] for e in events)
    assert created["method"] == "CreateOfficer" and created["actor_role"] == "admin"
    assert created["http_route"] == "POST /v1/identity/officers" and created["request_id"] == "req-create-officer"
    assert PASSWORD not in json.dumps(events) and "petugas.pohuwato" not in json.dumps(events)  # no body
    assert logout["method"] == "Logout" and logout["agency"] == "dpmptsp-7571"
    assert logout["jurisdiction"] == ["75.71"]
    for event in events:
        audit_pb2.StaffActionRecorded(**{k: v for k, v in event["data"].items()})  # the declared message

    assert _consume(app, events) == ["processed", "processed"]
    assert _consume(app, events) == ["duplicate", "duplicate"]  # redelivered: kept once

    admin_token = audited.Login(pb.LoginRequest(username="admin", password=PASSWORD), timeout=10).access_token
    trail = audited.ListStaffActions(pb.ListStaffActionsRequest(), metadata=_bearer(admin_token), timeout=10)
    assert [(a.method, a.actor_username) for a in trail.actions] == [
        ("Logout", "petugas.kota"),
        ("CreateOfficer", "admin"),
    ]
    assert trail.actions[0].actor_name == "Petugas Kota" and trail.actions[0].service == "identity"
    by_agency = audited.ListStaffActions(
        pb.ListStaffActionsRequest(agency="dpmptsp-7571"), metadata=_bearer(admin_token), timeout=10
    )
    assert [a.method for a in by_agency.actions] == ["Logout"]
    by_officer = audited.ListStaffActions(
        pb.ListStaffActionsRequest(officer="admin"), metadata=_bearer(admin_token), timeout=10
    )
    assert [a.method for a in by_officer.actions] == ["CreateOfficer"]
    before = audited.ListStaffActions(
        pb.ListStaffActionsRequest(to_date="2020-01-01"), metadata=_bearer(admin_token), timeout=10
    )
    assert list(before.actions) == []
    bad = _failure(
        audited.ListStaffActions,
        pb.ListStaffActionsRequest(from_date="2026-12-06", to_date="2026-12-01"),
        _bearer(admin_token),
    )
    assert bad.code() == grpc.StatusCode.INVALID_ARGUMENT

    officer_token = audited.Login(pb.LoginRequest(username="petugas.pohuwato", password=PASSWORD), timeout=10)
    denied = _failure(audited.ListStaffActions, pb.ListStaffActionsRequest(), _bearer(officer_token.access_token))
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
    assert officer.full_name == "Petugas Pohuwato"


def test_the_trail_refuses_updates_and_deletes(app, audited):
    admin_token = audited.Login(pb.LoginRequest(username="admin", password=PASSWORD), timeout=10).access_token
    audited.Logout(pb.LogoutRequest(), metadata=_bearer(admin_token), timeout=10)
    _consume(app, _staff_events(app))
    with app.session_factory() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(staff_actions)).scalar_one() == 1
    for statement in (staff_actions.update().values(actor_id="someone-else"), staff_actions.delete()):
        with pytest.raises(sa.exc.DatabaseError), app.session_factory() as session, session.begin():
            session.execute(statement)
    with app.session_factory() as session:
        assert session.execute(sa.select(staff_actions.c.actor_id)).scalar_one() != "someone-else"


def test_mandatory_totp_opens_only_the_enrolment_calls(app, audited):
    app.staff_totp_required = True
    answer = audited.Login(pb.LoginRequest(username="petugas.kota", password=PASSWORD), timeout=10)
    assert (answer.access_token, answer.refresh_token, answer.required_action) == ("", "", "enroll_totp")
    assert answer.enrollment_token
    as_bearer = _failure(audited.GetMe, pb.GetMeRequest(), _bearer(answer.enrollment_token))
    assert as_bearer.code() == grpc.StatusCode.UNAUTHENTICATED
    anonymous = _failure(audited.StartTotpEnrollment, pb.StartTotpEnrollmentRequest())
    assert anonymous.code() == grpc.StatusCode.UNAUTHENTICATED
    started = audited.StartTotpEnrollment(
        pb.StartTotpEnrollmentRequest(enrollment_token=answer.enrollment_token), timeout=10
    )
    token = audited.ConfirmTotpEnrollment(
        pb.ConfirmTotpEnrollmentRequest(
            enrollment_token=answer.enrollment_token, code=pyotp.TOTP(started.secret).now()
        ),
        timeout=10,
    )
    me = audited.GetMe(pb.GetMeRequest(), metadata=_bearer(token.access_token), timeout=10)
    assert me.totp_enrolled and me.role == "officer"
