"""The verified-token cache saves signature checks but never outlives a token."""

import time

import pytest

from servicekit.auth import TokenVerifier
from servicekit.errors import Unauthenticated, Unavailable
from servicekit.revocation import RevocationList
from servicekit.testing import TokenMinter


class _CountingVerifier(TokenVerifier):
    """Records each full check (header, key, signature, claims); cache hits are not one."""

    def __init__(self, key_for_kid, **kwargs):
        super().__init__(key_for_kid, **kwargs)
        self.full_checks = []

    def _verify(self, token):
        self.full_checks.append(token)
        return super()._verify(token)


def _counting_verifier(minter: TokenMinter, key_for_kid=None, **kwargs):
    verifier = _CountingVerifier(key_for_kid or minter.verifier._key_for_kid, **kwargs)
    return verifier, verifier.full_checks


def test_a_token_is_checked_once_then_served_from_the_cache():
    minter = TokenMinter()
    verifier, calls = _counting_verifier(minter)
    token = minter.token(subject="c9")
    assert verifier.verify(token).subject == verifier.verify(token).subject == "c9"
    assert len(calls) == 1


def test_an_entry_past_the_token_expiry_is_verified_again_and_refused():
    minter = TokenMinter()
    verifier, calls = _counting_verifier(minter)
    token = minter.token(lifetime_seconds=600)
    verifier.verify(token)
    expires_at, kid, principal = verifier._cache[token]
    verifier._cache[token] = (0.0, kid, principal)  # as if the token expired while cached
    verifier.verify(token)  # still valid for PyJWT: verified again, not served stale
    assert len(calls) == 2


def test_a_tampered_copy_is_not_a_cache_hit():
    minter = TokenMinter()
    verifier, _ = _counting_verifier(minter)
    token = minter.token()
    verifier.verify(token)
    head, payload, signature = token.split(".")
    with pytest.raises(Unauthenticated):
        verifier.verify(f"{head}.{payload}x.{signature}")


def test_the_cache_is_bounded():
    minter = TokenMinter()
    verifier, _ = _counting_verifier(minter, cache_size=3)
    for n in range(5):
        verifier.verify(minter.token(subject=f"c{n}"))
    assert len(verifier._cache) == 3


def test_a_cached_token_past_its_expiry_and_the_leeway_is_refused():
    """Expired 27 s ago (within PyJWT's 30 s leeway when first checked, so it is cached), then checked
    again once outside it: the cache does not keep it alive."""
    minter = TokenMinter()
    verifier, calls = _counting_verifier(minter)
    token = minter.token(lifetime_seconds=-27)
    expires_at = verifier.verify(token).expires_at
    assert token in verifier._cache
    time.sleep(max(0.0, expires_at + 30.5 - time.time()))
    with pytest.raises(Unauthenticated) as refused:
        verifier.verify(token)
    assert refused.value.reason == "token_expired"
    assert token not in verifier._cache


def test_a_cached_token_whose_key_was_retired_is_refused():
    """Identity's JWKS dropped the key (retired after a rotation): its tokens stop at once, cached or not."""
    minter = TokenMinter()
    trusted = {minter.kid}
    verifier, _ = _counting_verifier(
        minter, key_for_kid=lambda kid: minter.verifier._key_for_kid(kid) if kid in trusted else None
    )
    token = minter.token()
    verifier.verify(token)
    trusted.clear()
    with pytest.raises(Unauthenticated) as refused:
        verifier.verify(token)
    assert refused.value.reason == "token_invalid"


def test_a_cached_token_is_unavailable_not_accepted_when_its_key_cannot_be_looked_up():
    minter = TokenMinter()
    down = []

    def key_for_kid(kid):
        if down:
            raise ConnectionError("identity unreachable")
        return minter.verifier._key_for_kid(kid)

    verifier, _ = _counting_verifier(minter, key_for_kid=key_for_kid)
    token = minter.token()
    verifier.verify(token)
    down.append(True)
    with pytest.raises(Unavailable):
        verifier.verify(token)


def test_a_revoked_token_is_refused_on_a_cache_hit():
    minter = TokenMinter()
    revoked = RevocationList()
    verifier, calls = _counting_verifier(minter, revocations=revoked)
    token = minter.token()
    principal = verifier.verify(token)
    revoked.add(principal.token_id, principal.expires_at)
    with pytest.raises(Unauthenticated) as refused:
        verifier.verify(token)
    assert refused.value.reason == "token_revoked"
    assert len(calls) == 1  # refused from the cache's entry: no second signature check
