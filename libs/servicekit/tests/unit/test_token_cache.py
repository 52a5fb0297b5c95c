"""The verified-token cache saves signature checks but never outlives a token."""

import pytest

from servicekit.auth import TokenVerifier
from servicekit.errors import Unauthenticated
from servicekit.testing import TokenMinter


def _counting_verifier(minter: TokenMinter, **kwargs):
    calls = []
    inner = minter.verifier

    def key_for_kid(kid):
        calls.append(kid)
        return inner._key_for_kid(kid)

    return TokenVerifier(key_for_kid, **kwargs), calls


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
    expires_at, principal = verifier._cache[token]
    verifier._cache[token] = (0.0, principal)  # as if the token expired while cached
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
