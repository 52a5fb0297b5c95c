"""Issue 12: after token:revoke, identity refuses the access token at once and tells every other verifier."""

from __future__ import annotations

import datetime as dt

import pytest

from gorontalo_identity.bootstrap import RevokedInDatabase
from gorontalo_identity.service_layer import sessions
from servicekit import revocation
from servicekit.auth import TokenVerifier
from servicekit.errors import Unauthenticated


@pytest.fixture
def siti(ident):
    return ident.signup()


def _verifier(ident) -> TokenVerifier:
    return TokenVerifier(ident.keys.public_key, revocations=RevokedInDatabase(ident.uow, ident.clock))


def _refused(verifier, token) -> str:
    with pytest.raises(Unauthenticated) as caught:
        verifier.verify(token)
    return caught.value.reason


def _revocations(ident) -> dict[str, dt.datetime]:
    return {
        e["data"]["token_id"]: dt.datetime.fromisoformat(e["data"]["expires_at"].replace("Z", "+00:00"))
        for e in ident.events(revocation.EVENT_TYPE)
    }


def test_logout_revokes_the_access_token_of_the_chain_at_once(ident, siti):
    verifier = _verifier(ident)
    session = ident.login(ident.SITI_NIK)
    other_device = ident.login(ident.SITI_NIK)
    principal = verifier.verify(session.access_token)  # cached from here on

    sessions.logout(ident.uow(), ident.clock, session.refresh_token)

    assert _refused(verifier, session.access_token) == "token_revoked"
    assert verifier.verify(other_device.access_token).subject == siti.id
    # ...and the event every other verifier follows: the token id and its expiry, nothing personal.
    published = _revocations(ident)
    assert list(published) == [principal.token_id]
    assert published[principal.token_id].timestamp() == principal.expires_at
    assert set(ident.events(revocation.EVENT_TYPE)[0]["data"]) == {"token_id", "expires_at"}


def test_logout_with_only_the_bearer_token_ends_its_chain_too(ident, siti):
    verifier = _verifier(ident)
    first = ident.login(ident.SITI_NIK)
    rotated = sessions.refresh(ident.uow(), ident.keys, ident.clock, first.refresh_token)
    principal = verifier.verify(rotated.access_token)

    sessions.logout(ident.uow(), ident.clock, "", access=principal)

    assert _refused(verifier, rotated.access_token) == "token_revoked"
    assert _refused(verifier, first.access_token) == "token_revoked"  # the chain's older token too
    with pytest.raises(Unauthenticated):
        sessions.refresh(ident.uow(), ident.keys, ident.clock, rotated.refresh_token)


def test_revocations_are_kept_until_the_token_expires_then_forgotten(ident, siti):
    session = ident.login(ident.SITI_NIK)
    sessions.logout(ident.uow(), ident.clock, session.refresh_token)
    token_id = next(iter(_revocations(ident)))
    with ident.uow() as uow:
        assert uow.revoked_tokens.is_revoked(token_id, ident.clock())
        assert not uow.revoked_tokens.is_revoked(token_id, ident.clock() + dt.timedelta(minutes=16))
    # A later revocation sweeps the expired rows away.
    ident.clock.advance(minutes=16)
    later = ident.login(ident.SITI_NIK)
    sessions.logout(ident.uow(), ident.clock, later.refresh_token)
    with ident.uow() as uow:
        assert uow.revoked_tokens.is_revoked(token_id, ident.clock() - dt.timedelta(minutes=16)) is False
