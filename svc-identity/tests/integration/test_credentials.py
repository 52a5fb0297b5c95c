"""The digital ID credential: minimum claims, checkable offline with the JWKS, revocable online."""

import base64
import datetime as dt
import json

import jwt
import pytest

from gorontalo_identity.adapters import qr
from gorontalo_identity.adapters.signing import KeyRing
from gorontalo_identity.service_layer import credentials
from servicekit.auth import TokenVerifier
from servicekit.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied, Unauthenticated

SITI_NIK = "7571014101900003"
PHONE_DIGITS = "81234567890"
ISSUED = "gorontalo.identity.credential.issued"
REVOKED = "gorontalo.identity.credential.revoked"


@pytest.fixture
def siti(ident):
    """Checked in person: the digital ID needs level 2."""
    return ident.at_level_two(ident.signup(phone="0812-3456-7890"))


def _issue(ident, account):
    return credentials.issue(ident.uow(), ident.keys, ident.clock, account.id)


def _verify(ident, token):
    return credentials.verify(ident.uow(), ident.keys, ident.clock, token)


def _segment(token, index) -> dict:
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_an_issued_credential_is_a_compact_jws_with_typ_and_kid(ident, siti):
    credential = _issue(ident, siti)
    assert credential.token.count(".") == 2 and credential.account_id == siti.id
    header = _segment(credential.token, 0)
    assert header["typ"] == "gorontalo-id+jwt" and header["alg"] == "EdDSA"
    assert header["kid"] in [k["kid"] for k in ident.keys.jwks()["keys"]]
    assert credential.expires_at - credential.issued_at == dt.timedelta(days=90)


def test_pyjwt_with_only_the_public_jwk_verifies_it_and_sees_only_minimum_claims(ident, siti):
    credential = _issue(ident, siti)
    kid = jwt.get_unverified_header(credential.token)["kid"]
    [jwk] = [k for k in ident.keys.jwks()["keys"] if k["kid"] == kid]
    assert set(jwk) == {"kty", "crv", "x", "kid", "alg", "use"}  # nothing private in the JWKS

    claims = jwt.decode(
        credential.token,
        jwt.PyJWK(jwk),
        algorithms=["EdDSA"],
        audience="gorontalo-digital-id",
        issuer="https://gorontalo.go.id/identity",
        options={"require": ["exp", "iat", "jti"]},
    )

    issued = int(ident.clock().timestamp())
    assert claims == {
        "iss": "https://gorontalo.go.id/identity",
        "aud": "gorontalo-digital-id",
        "jti": credential.id,
        "iat": issued,
        "nbf": issued,
        "exp": issued + 90 * 24 * 3600,
        "name": "Siti Rahma",
        "birth_date": "1990-01-01",
        "regency": "75.71",
        "nik_masked": "7571**********03",
    }
    payload = json.dumps(_segment(credential.token, 1))
    assert SITI_NIK not in payload and PHONE_DIGITS not in payload and "Nani Wartabone" not in payload


def test_the_offline_check_rejects_a_token_under_another_key(ident, siti, tmp_path):
    credential = _issue(ident, siti)
    [jwk] = KeyRing(tmp_path / "other-keys").jwks()["keys"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(credential.token, jwt.PyJWK(jwk), algorithms=["EdDSA"], audience="gorontalo-digital-id")


def test_a_fresh_credential_verifies_online_as_valid(ident, siti):
    credential = _issue(ident, siti)
    result = _verify(ident, "  " + credential.token + "\n")
    assert (result.status, result.valid) == ("valid", True)
    assert (result.claims["name"], result.claims["nik_masked"], result.claims["jti"]) == (
        "Siti Rahma",
        "7571**********03",
        credential.id,
    )


def test_a_revoked_credential_verifies_as_revoked_and_cannot_be_revoked_twice(ident, siti):
    credential = _issue(ident, siti)
    keep = _issue(ident, siti)
    revoked = credentials.revoke(ident.uow(), ident.clock, siti.id, credential.id)
    assert revoked.revoked and revoked.revoked_at == ident.clock()

    result = _verify(ident, credential.token)
    assert (result.status, result.valid, result.claims["jti"]) == ("revoked", False, credential.id)
    assert _verify(ident, keep.token).status == "valid"  # only that one
    with pytest.raises(FailedPrecondition) as caught:
        credentials.revoke(ident.uow(), ident.clock, siti.id, credential.id)
    assert caught.value.reason == "credential_already_revoked"
    assert len(ident.events(REVOKED)) == 1


def _tamper_payload(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = _segment(token, 1) | {"name": "Orang Lain"}
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return ".".join([header, forged, signature])


def _tamper_signature(token: str) -> str:
    header, payload, signature = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[10] ^= 0x01
    return ".".join([header, payload, base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")])


@pytest.mark.parametrize("tamper", [_tamper_payload, _tamper_signature])
def test_a_tampered_credential_has_a_bad_signature(ident, siti, tamper):
    result = _verify(ident, tamper(_issue(ident, siti).token))
    assert (result.status, result.valid, result.claims) == ("bad_signature", False, {})


def test_tokens_we_signed_that_are_not_credentials_are_not_valid(ident, siti):
    access = ident.login(ident.SITI_NIK).access_token
    assert _verify(ident, access).status == "bad_signature"  # typ JWT, audience of the platform
    # A correctly signed credential that was never issued (unknown jti) is treated as forged.
    claims = _segment(_issue(ident, siti).token, 1) | {"jti": "00000000-0000-0000-0000-000000000000"}
    assert _verify(ident, ident.keys.sign_credential(claims)).status == "bad_signature"


def test_a_credential_from_a_foreign_key_ring_has_a_bad_signature(ident, siti, tmp_path):
    claims = _segment(_issue(ident, siti).token, 1)
    assert _verify(ident, KeyRing(tmp_path / "forger").sign_credential(claims)).status == "bad_signature"


@pytest.mark.parametrize("garbage", ["garbage", "a.b.c", "eyJhbGciOiJFZERTQSJ9.e30", "...."])
def test_garbage_is_malformed(ident, garbage):
    result = _verify(ident, garbage)
    assert (result.status, result.valid, result.claims) == ("malformed", False, {})


@pytest.mark.parametrize("token,reason", [("", "required"), ("x" * 4001, "too_long")])
def test_a_missing_or_huge_token_is_invalid_argument(ident, token, reason):
    with pytest.raises(InvalidArgument) as caught:
        _verify(ident, token)
    assert [(v.field, v.reason) for v in caught.value.violations] == [("token", reason)]


def test_a_credential_past_its_expiry_verifies_as_expired(ident, siti):
    # Issued 91 days ago by the service's clock, so also expired by the wall clock PyJWT uses.
    ident.clock.advance(days=-91)
    credential = _issue(ident, siti)
    ident.clock.advance(days=91)
    result = _verify(ident, credential.token)
    assert (result.status, result.valid, result.claims["jti"]) == ("expired", False, credential.id)


def test_expiry_is_judged_by_the_service_clock(ident, siti):
    credential = _issue(ident, siti)
    ident.clock.advance(days=90, seconds=1)
    assert _verify(ident, credential.token).status == "expired"


def test_another_citizen_can_neither_fetch_nor_revoke_it(ident, siti):
    credential = _issue(ident, siti)
    nur = ident.signup(nik=ident.NUR_NIK, full_name="Nur Aini", birth_date="1990-01-02", phone="081300000002")
    assert credentials.own(ident.uow(), siti.id, credential.id).token == credential.token
    with pytest.raises(NotFound):
        credentials.own(ident.uow(), nur.id, credential.id)
    with pytest.raises(NotFound):
        credentials.revoke(ident.uow(), ident.clock, nur.id, credential.id)
    with pytest.raises(NotFound):
        credentials.own(ident.uow(), siti.id, "00000000-0000-0000-0000-000000000000")
    assert _verify(ident, credential.token).status == "valid"
    assert ident.events(REVOKED) == []


def test_staff_without_a_nik_get_no_credential(ident):
    officer = ident.officer(ident.agency(), "petugas.kota", ["75.71"])
    with pytest.raises(NotFound):
        _issue(ident, officer)
    assert ident.events(ISSUED) == []


def test_a_credential_is_not_an_access_token(ident, siti):
    token = _issue(ident, siti).token
    with pytest.raises(Unauthenticated) as caught:
        TokenVerifier(ident.keys.public_key).verify(token)
    assert caught.value.reason == "token_invalid"


def test_qr_renders_png_and_svg(ident, siti):
    token = _issue(ident, siti).token
    png, png_type = qr.render(token, "png")
    assert png_type == "image/png" and png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 500
    svg, svg_type = qr.render(token, "svg")
    text = svg.decode("utf-8")
    assert svg_type == "image/svg+xml" and text.startswith("<?xml") and "<svg" in text
    with pytest.raises(KeyError):
        qr.render(token, "gif")


def test_issue_and_revoke_record_events_without_the_nik(ident, siti):
    credential = _issue(ident, siti)
    credentials.revoke(ident.uow(), ident.clock, siti.id, credential.id)
    [issued] = ident.events(ISSUED)
    [revoked] = ident.events(REVOKED)
    assert issued["data"] == {"credential_id": credential.id, "citizen_id": siti.id, "regency_code": "75.71"}
    assert revoked["data"] == {"credential_id": credential.id, "citizen_id": siti.id}
    assert issued["subject"] == revoked["subject"] == siti.id
    for event in (issued, revoked):
        assert SITI_NIK not in event["_raw"] and PHONE_DIGITS not in event["_raw"]
    with ident.uow() as uow:
        [stored] = uow.credentials.for_account(siti.id)
    assert stored.revoked and stored.token == credential.token


def test_the_account_below_level_two_gets_no_credential_whatever_its_token_said(ident):
    """The use case reads the account's level now: a token signed at level 2 before a reset by SMS
    (or before the officer's check, for a forged claim) issues nothing."""
    nur = ident.signup(nik=ident.NUR_NIK, full_name="Nur Aini", birth_date="1990-01-02", phone="081300000002")
    with pytest.raises(PermissionDenied) as refused:
        _issue(ident, nur)
    assert refused.value.reason == "assurance_insufficient"
    assert ident.events(ISSUED) == []
