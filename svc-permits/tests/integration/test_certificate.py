"""Certificates: a PDF with a QR of a signed token that verifies offline against the service's JWKS."""

import grpc
import jwt
import pytest

from gorontalo.permits.v1 import permits_pb2
from gorontalo_permits.adapters.signing import PermitKeyRing, verify_offline
from gorontalo_permits.service_layer import applications, permits

from .test_grpc import as_, failure, stub, valid_request  # noqa: F401 - fixtures


def test_the_key_is_generated_once_and_kept(tmp_path):
    first = PermitKeyRing(tmp_path / "keys")
    second = PermitKeyRing(tmp_path / "keys")
    assert first.jwks() == second.jwks() and len(first.jwks()["keys"]) == 1
    [jwk] = first.jwks()["keys"]
    assert (jwk["kty"], jwk["crv"], jwk["alg"]) == ("OKP", "Ed25519", "EdDSA") and "d" not in jwk


def test_the_qr_token_verifies_offline_and_carries_no_personal_data(
    app, catalog, clock, citizen, submission, other_citizen, tmp_path
):
    issued = applications.submit_application(
        app.uow(), catalog, clock, citizen, **submission(kbli_code="56103", nib="9120001234567")
    )
    captured = {}

    def render(**fields):
        captured.update(fields)
        return b"%PDF-fake"

    pdf = permits.certificate(
        app.uow(),
        citizen,
        issued.permit_number,
        sign=app.keys.sign,
        render=render,
        activity_of=lambda code: "Kedai Makanan",
        regency_name_of=lambda code: "Kota Gorontalo",
        public_base_url=app.public_base_url,
    )
    assert pdf == b"%PDF-fake"
    claims = verify_offline(captured["token"], app.keys.jwks())
    assert (claims["sub"], claims["kbli"], claims["reg"], claims["issued"]) == (
        issued.permit_number,
        "56103",
        "75.71",
        "2025-03-03",
    )
    assert "citizen-a" not in str(claims) and "9120001234567" not in str(claims)
    with pytest.raises(jwt.PyJWTError):
        verify_offline(captured["token"], PermitKeyRing(tmp_path / "other").jwks())
    forged = captured["token"][:-4] + ("AAAA" if not captured["token"].endswith("AAAA") else "BBBB")
    with pytest.raises(jwt.PyJWTError):
        verify_offline(forged, app.keys.jwks())
    from servicekit.errors import NotFound

    with pytest.raises(NotFound):
        permits.certificate(
            app.uow(),
            other_citizen,
            issued.permit_number,
            sign=app.keys.sign,
            render=render,
            activity_of=str,
            regency_name_of=str,
            public_base_url=app.public_base_url,
        )


def test_the_certificate_and_jwks_over_grpc(stub, as_):
    issued = stub.SubmitApplication(
        valid_request(kbli_code="56103", nib="9120001234567"), metadata=as_("citizen", "citizen-a")
    )
    request = permits_pb2.GetPermitCertificateRequest(permit_number=issued.permit_number.replace("/", "-"))
    body = stub.GetPermitCertificate(request, metadata=as_("citizen", "citizen-a"))
    assert body.content_type == "application/pdf" and body.data.startswith(b"%PDF")
    assert stub.GetPermitCertificate(request, metadata=as_("officer", "officer-kota", ["75.71"])).data
    assert (
        failure(stub.GetPermitCertificate, request, metadata=as_("citizen", "citizen-b")).code()
        == grpc.StatusCode.NOT_FOUND
    )
    assert (
        failure(stub.GetPermitCertificate, request, metadata=as_("officer", "officer-pohuwato", ["75.04"])).code()
        == grpc.StatusCode.PERMISSION_DENIED
    )
    jwks = stub.GetPermitJwks(permits_pb2.GetPermitJwksRequest())  # public: no token
    assert [k.crv for k in jwks.keys] == ["Ed25519"] and jwks.keys[0].kid
