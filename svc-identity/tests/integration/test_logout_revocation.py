"""Issue 12: after token:revoke, identity refuses the access token at once and tells every other verifier.

Identity's verifier reads revocations from memory (issue 20): the replica that revoked adds them when
its transaction commits, a starting replica loads them from the table, other replicas learn them from
the event (as every service does; servicekit's test_revocation follows that feed on a real NATS)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from gorontalo_identity.service_layer import sessions
from servicekit import revocation
from servicekit.auth import TokenVerifier
from servicekit.errors import Unauthenticated
from servicekit.revocation import RevocationList


@pytest.fixture
def siti(ident):
    return ident.signup()


def _verifier(ident) -> TokenVerifier:
    return ident.identity_verifier()


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


def test_a_replica_that_starts_after_a_logout_refuses_the_token(ident, siti):
    """Its list starts from the table: a restart forgets no revocation, published or not."""
    session = ident.login(ident.SITI_NIK)
    sessions.logout(ident.uow(), ident.clock, session.refresh_token)

    started_later = ident.identity_verifier(RevocationList())

    assert _refused(started_later, session.access_token) == "token_revoked"
    assert started_later.verify(ident.login(ident.SITI_NIK).access_token).subject == siti.id


def test_a_logout_rolled_back_revokes_nothing(ident, siti):
    verifier = _verifier(ident)
    session = ident.login(ident.SITI_NIK)
    principal = verifier.verify(session.access_token)

    with pytest.raises(RuntimeError), ident.uow().single_transaction() as uow:
        sessions.logout(uow, ident.clock, session.refresh_token)
        raise RuntimeError("the answer could not be stored")

    assert not ident.revocations.is_revoked(principal.token_id)
    assert verifier.verify(session.access_token).subject == siti.id
    assert ident.identity_verifier(RevocationList()).verify(session.access_token).subject == siti.id


def test_a_token_expired_while_cached_is_refused(ident, siti):
    """The verifier's cache holds a token no longer than its expiry (and PyJWT's 30 s leeway)."""
    verifier = _verifier(ident)
    # Issued so that it expired 27 s ago in real time (verifiers judge by the wall clock).
    ident.clock.now = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=15, seconds=27)
    session = ident.login(ident.SITI_NIK)
    principal = verifier.verify(session.access_token)  # within the leeway: accepted, and cached
    assert principal.expires_at < time.time()

    time.sleep(max(0.0, principal.expires_at + 30.5 - time.time()))  # past the leeway

    assert _refused(verifier, session.access_token) == "token_expired"


def test_logout_in_another_replica_reaches_this_one_by_its_event(ident, siti):
    """Another replica's list learns a revocation from the event (the lag every verifier accepts)."""
    other_replica = RevocationList()
    verifier = TokenVerifier(ident.keys.public_key, revocations=other_replica)
    session = ident.login(ident.SITI_NIK)
    verifier.verify(session.access_token)
    sessions.logout(ident.uow(), ident.clock, session.refresh_token)
    assert verifier.verify(session.access_token).subject == siti.id  # not yet told

    for event in ident.events(revocation.EVENT_TYPE):
        other_replica.add(*revocation.parse_event(event))

    assert _refused(verifier, session.access_token) == "token_revoked"
