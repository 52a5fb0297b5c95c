"""Access tokens: servicekit.auth.TokenVerifier, Principal and JwksCache, with real EdDSA keys."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import time
import types

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from servicekit import auth, testing
from servicekit.auth import JwksCache, Principal, TokenVerifier, bearer_token
from servicekit.errors import PermissionDenied, Unauthenticated, Unavailable


@pytest.fixture(scope="module")
def minter():
    return testing.TokenMinter()


@pytest.fixture(scope="module")
def other_minter():
    return testing.TokenMinter()


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def b64url_json(value: dict) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def segments(token: str) -> tuple[dict, dict, str]:
    header, payload, signature = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (
        json.loads(base64.urlsafe_b64decode(pad(header))),
        json.loads(base64.urlsafe_b64decode(pad(payload))),
        signature,
    )


def claims(**overrides) -> dict:
    now = int(time.time())
    value = {
        "iss": auth.ISSUER,
        "aud": auth.AUDIENCE,
        "sub": "citizen-1",
        "role": "citizen",
        "iat": now,
        "nbf": now,
        "exp": now + 900,
        "jti": "jti-1",
    }
    value.update(overrides)
    return value


def rejected(verifier: TokenVerifier, token) -> str:
    with pytest.raises(Unauthenticated) as caught:
        verifier.verify(token)
    assert caught.value.status == "UNAUTHENTICATED"
    return caught.value.reason


# -- valid tokens ----------------------------------------------------------------------------


def test_valid_citizen_token_gives_a_principal(minter):
    principal = minter.verifier.verify(minter.token(subject="acct-42"))
    assert principal.subject == "acct-42"
    assert principal.role == "citizen"
    assert principal.agency == ""
    assert principal.jurisdiction == ()
    assert len(principal.token_id) == 32


def test_valid_officer_token_carries_agency_and_jurisdiction(minter):
    token = minter.token(subject="officer-7", role="officer", agency="DPMPTSP Kota Gorontalo", jurisdiction=["75.71"])
    principal = minter.verifier.verify(token)
    assert principal == Principal(
        subject="officer-7",
        role="officer",
        agency="DPMPTSP Kota Gorontalo",
        jurisdiction=("75.71",),
        token_id=principal.token_id,
        acr=2,
    )


def test_token_issued_by_the_identity_keys_verifies_through_the_jwks(minter):
    header, _, _ = segments(minter.token())
    assert header == {"alg": "EdDSA", "kid": minter.kid, "typ": "JWT"}
    verifier = TokenVerifier(JwksCache(lambda: minter.jwks).key)
    assert verifier.verify(minter.token(subject="via-jwks")).subject == "via-jwks"


def test_small_clock_skew_is_tolerated(minter):
    assert minter.verifier.verify(minter.token(lifetime_seconds=-10)).subject == "citizen-1"


# -- rejected tokens -------------------------------------------------------------------------


def test_expired_token(minter):
    assert rejected(minter.verifier, minter.token(lifetime_seconds=-120)) == "token_expired"


def test_tampered_payload(minter):
    token = minter.token(role="citizen")
    header, _, signature = token.split(".")
    forged_claims = segments(token)[1] | {"role": "admin"}
    forged = ".".join([header, b64url_json(forged_claims), signature])
    assert rejected(minter.verifier, forged) == "token_invalid"


def test_tampered_signature(minter):
    header, payload, signature = minter.token().split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BA")
    assert rejected(minter.verifier, ".".join([header, payload, flipped])) == "token_invalid"


def test_signature_from_another_key_under_the_trusted_kid(minter, other_minter):
    forged = jwt.encode(claims(), other_minter._key, algorithm="EdDSA", headers={"kid": minter.kid})
    assert rejected(minter.verifier, forged) == "token_invalid"


def test_token_of_another_issuer_key(minter, other_minter):
    assert rejected(minter.verifier, other_minter.token()) == "token_invalid"


def test_alg_none_token(minter):
    header = b64url_json({"alg": "none", "typ": "JWT", "kid": minter.kid})
    unsigned = f"{header}.{b64url_json(claims(role='admin'))}."
    assert rejected(minter.verifier, unsigned) == "token_invalid"
    # Also with the header claiming EdDSA but no signature at all.
    header = b64url_json({"alg": "EdDSA", "typ": "JWT", "kid": minter.kid})
    assert rejected(minter.verifier, f"{header}.{b64url_json(claims())}.") == "token_invalid"


@pytest.mark.parametrize("key_form", ["raw", "pem", "jwk-x"])
def test_hs256_token_signed_with_the_public_key(minter, key_form):
    public = minter._key.public_key()
    secret = {
        "raw": public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
        "pem": public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
        "jwk-x": minter.jwks["keys"][0]["x"].encode(),
    }[key_form]
    for alg in ("HS256", "EdDSA"):  # the header may tell the truth or lie about the algorithm
        signing_input = f"{b64url_json({'alg': alg, 'typ': 'JWT', 'kid': minter.kid})}.{b64url_json(claims())}"
        signature = b64url(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())
        assert rejected(minter.verifier, f"{signing_input}.{signature}") == "token_invalid"


@pytest.mark.parametrize(
    "override", [{"aud": "another-platform"}, {"iss": "https://evil.example/identity"}, {"aud": ["another-platform"]}]
)
def test_wrong_audience_or_issuer(minter, override):
    assert rejected(minter.verifier, minter.token(**override)) == "token_invalid"


def test_missing_kid(minter):
    token = jwt.encode(claims(), minter._key, algorithm="EdDSA")
    assert "kid" not in segments(token)[0]
    assert rejected(minter.verifier, token) == "token_invalid"


@pytest.mark.parametrize("missing", ["exp", "iat", "sub", "jti"])
def test_missing_required_claim(minter, missing):
    value = claims()
    del value[missing]
    token = jwt.encode(value, minter._key, algorithm="EdDSA", headers={"kid": minter.kid})
    assert rejected(minter.verifier, token) == "token_invalid"


@pytest.mark.parametrize("role", ["superuser", "", None])
def test_unknown_role(minter, role):
    assert rejected(minter.verifier, minter.token(role=role)) == "token_invalid"


def test_not_yet_valid(minter):
    now = int(time.time())
    assert rejected(minter.verifier, minter.token(nbf=now + 600, iat=now + 600)) == "token_invalid"


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "a.b", "....", "eyJhbGciOiJFZERTQSJ9.e30.AAAA"])
def test_malformed_token(minter, token):
    assert rejected(minter.verifier, token) == "token_invalid"


def unavailable(verifier: TokenVerifier, token) -> str:
    with pytest.raises(Unavailable) as caught:
        verifier.verify(token)
    assert caught.value.status == "UNAVAILABLE"
    return caught.value.reason


def test_key_source_failure_is_unavailable_not_a_bad_token(minter):
    def broken(kid):
        raise ConnectionError("identity unreachable")

    assert unavailable(TokenVerifier(broken), minter.token()) == "keys_unavailable"
    # A token that is bad on its face is still rejected before any key lookup.
    assert rejected(TokenVerifier(broken), "garbage") == "token_invalid"


def test_jwks_with_only_foreign_key_types_trusts_nothing(minter):
    document = {"keys": [dict(minter.jwks["keys"][0], kty="RSA"), dict(minter.jwks["keys"][0], crv="X25519")]}
    assert rejected(TokenVerifier(JwksCache(lambda: document).key), minter.token()) == "token_invalid"


# -- Principal -------------------------------------------------------------------------------


def test_principal_covers_its_jurisdiction_only():
    officer = Principal(subject="o", role="officer", jurisdiction=("75.71",))
    assert officer.covers("75.71")
    assert officer.covers("75.71.01")
    assert officer.covers("75.71.01.1001")
    assert officer.covers("7571011001")
    assert not officer.covers("75.04.01")
    assert not officer.covers("75")
    assert not officer.covers("not-a-code")
    officer.require_jurisdiction("75.71.01.1001")
    with pytest.raises(PermissionDenied) as caught:
        officer.require_jurisdiction("75.04.01")
    assert caught.value.reason == "outside_jurisdiction"


def test_principal_with_no_jurisdiction_covers_nothing():
    citizen = Principal(subject="c", role="citizen")
    assert not citizen.covers("75.71.01.1001")
    with pytest.raises(PermissionDenied):
        citizen.require_jurisdiction("75.71")


def test_province_wide_jurisdiction_covers_every_regency():
    governor_office = Principal(subject="p", role="officer", jurisdiction=("75",))
    assert governor_office.covers("75.04.01") and governor_office.covers("75.71.01.1001")
    assert not governor_office.covers("74.01")


def test_require_role():
    officer = Principal(subject="o", role="officer")
    officer.require_role("officer", "admin")
    with pytest.raises(PermissionDenied) as caught:
        officer.require_role("citizen")
    assert caught.value.reason == "permission_denied"


def test_require_principal_and_current_principal():
    assert auth.current_principal() is None
    with pytest.raises(Unauthenticated):
        auth.require_principal()
    principal = Principal(subject="c", role="citizen")
    token = auth.principal_var.set(principal)
    try:
        assert auth.require_principal() is principal
    finally:
        auth.principal_var.reset(token)


@pytest.mark.parametrize(
    "header,expected",
    [
        (None, None),
        ("", None),
        ("Bearer abc.def.ghi", "abc.def.ghi"),
        ("bearer   tok  ", "tok"),
        # Other schemes carry no bearer token (Basic is how API clients authenticate).
        ("Basic dXNlcjpwdw==", None),
        ("Bearer", ""),
        ("Bearer    ", ""),
        ("Token abc", None),
    ],
)
def test_bearer_token(header, expected):
    assert bearer_token(header) == expected


# -- JwksCache -------------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def monotonic(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(auth, "time", types.SimpleNamespace(monotonic=clock.monotonic))
    return clock


class Jwks:
    """The identity service's JWKS endpoint: rotatable, breakable, counting fetches."""

    def __init__(self, *minters):
        self.minters = list(minters)
        self.fetches = 0
        self.down = False

    def __call__(self) -> dict:
        self.fetches += 1
        if self.down:
            raise ConnectionError("identity unreachable")
        return {"keys": [k for m in self.minters for k in m.jwks["keys"]]}


def test_jwks_cache_fetches_once_and_serves_from_memory(minter, clock):
    endpoint = Jwks(minter)
    cache = JwksCache(endpoint, ttl_seconds=300, min_refresh_seconds=10)
    first = cache.key(minter.kid)
    assert first is not None
    assert cache.key(minter.kid) is first
    clock.now += 299
    assert cache.key(minter.kid) is first
    assert endpoint.fetches == 1


def test_jwks_cache_refreshes_on_unknown_kid_after_rotation(minter, other_minter, clock):
    endpoint = Jwks(minter)
    cache = JwksCache(endpoint, ttl_seconds=300, min_refresh_seconds=10)
    assert cache.key(minter.kid) is not None
    endpoint.minters = [minter, other_minter]  # identity rotated in a new key
    clock.now += 11
    assert cache.key(other_minter.kid) is not None
    assert endpoint.fetches == 2
    verifier = TokenVerifier(cache.key)
    assert verifier.verify(other_minter.token(subject="new-key")).subject == "new-key"
    assert endpoint.fetches == 2


def test_jwks_cache_rate_limits_refreshes_on_unknown_kid(minter, other_minter, clock):
    endpoint = Jwks(minter)
    cache = JwksCache(endpoint, ttl_seconds=300, min_refresh_seconds=10)
    assert cache.key(minter.kid) is not None
    for _ in range(50):  # a flood of tokens with made-up kids
        assert cache.key("made-up-kid") is None
    assert endpoint.fetches == 1
    clock.now += 9.9
    assert cache.key("made-up-kid") is None
    assert endpoint.fetches == 1
    clock.now += 0.2
    assert cache.key("made-up-kid") is None
    assert endpoint.fetches == 2
    assert cache.key("made-up-kid") is None
    assert endpoint.fetches == 2


def test_jwks_cache_refreshes_after_ttl_and_drops_retired_keys(minter, other_minter, clock):
    endpoint = Jwks(minter)
    cache = JwksCache(endpoint, ttl_seconds=300, min_refresh_seconds=10)
    assert cache.key(minter.kid) is not None
    endpoint.minters = [other_minter]  # the old key retired
    clock.now += 301
    assert cache.key(minter.kid) is None
    assert endpoint.fetches == 2
    assert cache.key(other_minter.kid) is not None
    assert endpoint.fetches == 2


def test_jwks_cache_keeps_known_keys_when_identity_is_down(minter, clock):
    endpoint = Jwks(minter)
    cache = JwksCache(endpoint, ttl_seconds=300, min_refresh_seconds=10)
    key = cache.key(minter.kid)
    endpoint.down = True
    clock.now += 301
    assert cache.key(minter.kid) is key
    with pytest.raises(ConnectionError):
        cache.key("unknown-kid")
    verifier = TokenVerifier(cache.key)
    assert verifier.verify(minter.token(subject="known-key")).subject == "known-key"
    # A kid it cannot look up is "try again later", not "your token is bad".
    assert unavailable(verifier, testing.TokenMinter().token()) == "keys_unavailable"


def test_jwks_cache_first_lookup_fails_when_identity_is_down(minter, clock):
    endpoint = Jwks(minter)
    endpoint.down = True
    cache = JwksCache(endpoint)
    with pytest.raises(ConnectionError):
        cache.key(minter.kid)
    assert unavailable(TokenVerifier(cache.key), minter.token()) == "keys_unavailable"
    endpoint.down = False  # identity is back: a lookup after min_refresh_seconds fetches again
    clock.now += 10
    assert TokenVerifier(cache.key).verify(minter.token()).role == "citizen"


def test_jwks_cache_rate_limits_refreshes_while_identity_is_down(minter, clock):
    endpoint = Jwks(minter)
    cache = JwksCache(endpoint, ttl_seconds=300, min_refresh_seconds=10)
    key = cache.key(minter.kid)
    endpoint.down = True
    clock.now += 301  # TTL over: one refresh attempt is due
    for _ in range(20):
        assert cache.key(minter.kid) is key
    for _ in range(20):
        with contextlib.suppress(ConnectionError):
            assert cache.key("made-up-kid") is None
    assert endpoint.fetches <= 2, f"{endpoint.fetches} fetches within one min_refresh interval"


def test_jwks_cache_first_lookup_always_fetches(minter, clock):
    """Regression: 'never fetched' used to be 0.0 on the monotonic clock, i.e. host boot."""
    clock.now = 5.0  # the host booted five seconds ago
    endpoint = Jwks(minter)
    cache = JwksCache(endpoint, ttl_seconds=300, min_refresh_seconds=10)
    assert cache.key(minter.kid) is not None
    assert endpoint.fetches == 1
