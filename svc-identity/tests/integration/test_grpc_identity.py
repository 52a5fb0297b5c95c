"""svc-identity over real gRPC: the servicer inside the platform's runtime (interceptors, access rules,
rich errors), with a real app from bootstrap() on SQLite."""

from __future__ import annotations

import base64
import datetime as dt

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.identity.v1 import identity_pb2 as pb
from gorontalo_identity.service_layer import admin, signup
from servicekit.notify import DevSink

SITI_NIK = "7571014101900003"
PASSWORD = "kata-sandi-aman"
REGISTER = """nik,kk_number,full_name,birth_place,birth_date,sex,address,village_code
7571014101900003,7571010101100001,Siti Rahma,Gorontalo,1990-01-01,P,Jl. Nani Wartabone 1,75.71.01.1001
7571014201900004,7571010101100001,Nur Aini,Gorontalo,1990-01-02,P,Jl. Nani Wartabone 1,75.71.01.1001
"""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def app(tmp_path, grpc_app):
    # SMS go to a file of the test's own.
    return grpc_app(tmp_path, REGISTER, DevSink(tmp_path / "sms.jsonl", sender="identity"))


def _citizen(app, code_sent, *, nik, full_name, birth_date, phone):
    """Signed up and activated with the code of the SMS queue."""
    pending = signup.register_citizen(
        app.uow(),
        app.passwords,
        app.clock,
        nik=nik,
        full_name=full_name,
        birth_date=birth_date,
        phone=phone,
        password=PASSWORD,
    )
    signup.activate_citizen(app.uow(), app.keys, app.clock, nik=nik, code=code_sent(app.uow, phone))
    return pending


@pytest.fixture
def siti(app, code_sent):
    return _citizen(app, code_sent, nik=SITI_NIK, full_name="Siti Rahma", birth_date="1990-01-01", phone="081234567890")


@pytest.fixture
def siti_checked(app, siti, checked_in_person):
    """Siti checked in person (level 2): what the digital ID needs."""
    checked_in_person(app.uow, siti.id, app.clock())
    return siti


def bearer_for(app, account_id: str, role: str = "citizen", agency: str = "", jurisdiction=(), acr: int | None = None):
    """A token as identity signs it; citizens at level 2 unless `acr` says otherwise, staff at 2."""
    token = app.keys.issue_access_token(
        subject=account_id,
        role=role,
        agency=agency,
        jurisdiction=list(jurisdiction),
        lifetime=dt.timedelta(minutes=15),
        now=dt.datetime.now(dt.UTC),
        acr=2 if acr is None else acr,
    )
    return [("authorization", f"Bearer {token}"), ("accept-language", "en")]


def failure(call, request, metadata=None) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(request, metadata=metadata, timeout=10)
    return caught.value


def details(error: grpc.RpcError) -> dict:
    found = {}
    for detail in rpc_status.from_call(error).details:
        for kind in (error_details_pb2.ErrorInfo, error_details_pb2.BadRequest):
            if detail.Is(kind.DESCRIPTOR):
                message = kind()
                detail.Unpack(message)
                found[kind.__name__] = message
    return found


def test_get_me_needs_a_token(stub, app, siti):
    error = failure(stub.GetMe, pb.GetMeRequest())
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    token = stub.Login(pb.LoginRequest(username=SITI_NIK, password=PASSWORD), timeout=10)
    assert (token.acr, token.required_action) == (1, "")
    me = stub.GetMe(pb.GetMeRequest(), metadata=[("authorization", f"Bearer {token.access_token}")], timeout=10)
    assert (me.id, me.role, me.nik, me.full_name, me.regency_code, me.status, me.acr, me.phone_verified) == (
        siti.id,
        "citizen",
        "7571**********03",  # the full NIK needs level 2 (an in-person check)
        "Siti Rahma",
        "75.71",
        "active",
        1,
        True,
    )
    assert me.phone == "+6281234567890"  # the holder's own number in full
    at_two = stub.GetMe(pb.GetMeRequest(), metadata=bearer_for(app, siti.id, acr=2), timeout=10)
    assert at_two.nik == SITI_NIK


def test_credential_qr_comes_as_png_or_svg(stub, app, siti_checked):
    as_siti = bearer_for(app, siti_checked.id)
    credential = stub.IssueCredential(pb.IssueCredentialRequest(), metadata=as_siti, timeout=10)

    for fmt in ("png", "", "PNG"):  # png is the default; the format is case-insensitive
        body = stub.GetCredentialQr(
            pb.GetCredentialQrRequest(id=credential.id, format=fmt), metadata=as_siti, timeout=10
        )
        assert body.content_type == "image/png" and body.data.startswith(PNG_SIGNATURE)
    svg = stub.GetCredentialQr(pb.GetCredentialQrRequest(id=credential.id, format="svg"), metadata=as_siti, timeout=10)
    assert svg.content_type == "image/svg+xml" and b"<svg" in svg.data and svg.data.startswith(b"<?xml")


def test_an_unknown_qr_format_is_a_field_violation(stub, app, siti_checked):
    as_siti = bearer_for(app, siti_checked.id)
    credential = stub.IssueCredential(pb.IssueCredentialRequest(), metadata=as_siti, timeout=10)
    error = failure(stub.GetCredentialQr, pb.GetCredentialQrRequest(id=credential.id, format="gif"), as_siti)
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    [violation] = details(error)["BadRequest"].field_violations
    assert (violation.field, violation.reason, violation.description) == (
        "format",
        "QR_FORMAT",
        "Format must be png or svg.",
    )


def test_refusals_speak_indonesian_unless_english_is_asked_for(stub):
    request = pb.RegisterCitizenRequest(
        nik="123", full_name="Siti Rahma", birth_date="1990-01-01", phone="081234567890", password=PASSWORD
    )
    for metadata, text in (
        (None, "NIK harus 16 digit angka."),
        ([("accept-language", "en")], "NIK must be 16 digits."),
    ):
        error = failure(stub.RegisterCitizen, request, metadata)
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert [(v.field, v.reason, v.description) for v in details(error)["BadRequest"].field_violations] == [
            ("nik", "NIK_NOT_16_DIGITS", text)
        ]


def test_another_citizens_qr_is_not_found(stub, app, siti_checked, code_sent):
    credential = stub.IssueCredential(
        pb.IssueCredentialRequest(), metadata=bearer_for(app, siti_checked.id), timeout=10
    )
    nur = _citizen(
        app, code_sent, nik="7571014201900004", full_name="Nur Aini", birth_date="1990-01-02", phone="081300000002"
    )
    error = failure(stub.GetCredentialQr, pb.GetCredentialQrRequest(id=credential.id), bearer_for(app, nur.id))
    assert error.code() == grpc.StatusCode.NOT_FOUND


def test_an_issued_credential_verifies_publicly(stub, app, siti_checked):
    credential = stub.IssueCredential(
        pb.IssueCredentialRequest(), metadata=bearer_for(app, siti_checked.id), timeout=10
    )
    result = stub.VerifyCredential(pb.VerifyCredentialRequest(token=credential.token), timeout=10)
    assert (result.valid, result.status, result.full_name, result.nik_masked, result.credential_id) == (
        True,
        "valid",
        "Siti Rahma",
        "7571**********03",
        credential.id,
    )


def _api_client(app):
    client, secret = admin.create_api_client(app.uow(), app.clock, name="Bank SulutGo", rate_limit_per_minute=10)
    return "Basic " + base64.b64encode(f"{client.id}:{secret}".encode()).decode()


EKTP = pb.VerifyEktpRequest(nik=SITI_NIK, full_name="Siti Rahma", birth_date="1990-01-01", purpose="Rekening baru")


def test_verify_ektp_works_with_basic_credentials_and_no_bearer_token(stub, app):
    metadata = [("authorization", _api_client(app))]
    assert stub.VerifyEktp(EKTP, metadata=metadata, timeout=10).match is True
    wrong = pb.VerifyEktpRequest(nik=SITI_NIK, full_name="Orang Lain", birth_date="1990-01-01", purpose="Rekening")
    assert stub.VerifyEktp(wrong, metadata=metadata, timeout=10).match is False


def test_basic_credentials_do_not_stand_in_for_a_token(stub, app):
    error = failure(stub.GetMe, pb.GetMeRequest(), [("authorization", _api_client(app))])
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED


def test_verify_ektp_with_wrong_basic_credentials_is_unauthenticated(stub, app):
    _api_client(app)
    bad = "Basic " + base64.b64encode(b"rp_0000000000000000:wrong").decode()
    error = failure(stub.VerifyEktp, EKTP, [("authorization", bad)])
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    assert details(error)["ErrorInfo"].reason == "CLIENT_UNAUTHENTICATED"


def test_verify_ektp_without_client_credentials_is_unauthenticated(stub):
    error = failure(stub.VerifyEktp, EKTP)
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    assert details(error)["ErrorInfo"].reason == "CLIENT_UNAUTHENTICATED"


def test_lookup_resident_is_for_officers_and_operators_only(stub, app, siti):
    request = pb.LookupResidentRequest(nik=SITI_NIK, purpose="Verifikasi berkas")
    error = failure(stub.LookupResident, request, bearer_for(app, siti.id))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    assert failure(stub.LookupResident, request).code() == grpc.StatusCode.UNAUTHENTICATED

    agency = admin.create_agency(
        app.uow(), app.clock, code="dpmptsp-7571", name="DPMPTSP Kota Gorontalo", region_code="75.71"
    )
    kota = admin.create_officer(
        app.uow(),
        app.passwords,
        app.clock,
        agency_id=agency.id,
        username="petugas.kota",
        full_name="Petugas Kota",
        password=PASSWORD,
        jurisdiction=["75.71"],
    )
    resident = stub.LookupResident(
        request, metadata=bearer_for(app, kota.id, "officer", agency.name, ["75.71"]), timeout=10
    )
    # Officers see the record, but the numbers masked.
    assert (resident.full_name, resident.nik, resident.village_code) == (
        "Siti Rahma",
        "7571**********03",
        "75.71.01.1001",
    )
    outside = failure(stub.LookupResident, request, bearer_for(app, "officer-x", "officer", "X", ["75.04"]))
    assert outside.code() == grpc.StatusCode.PERMISSION_DENIED
    assert details(outside)["ErrorInfo"].reason == "OUTSIDE_JURISDICTION"
