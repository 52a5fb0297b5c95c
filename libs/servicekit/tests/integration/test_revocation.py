"""Revoked access tokens: refused by every verifier, spread over JetStream, replayed on (re)connect."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import uuid

import jwt
import pytest

from gorontalo.identity.v1.identity_pb2 import TokenRevoked
from servicekit import event_messages, revocation
from servicekit.auth import TokenVerifier
from servicekit.bus import ensure_streams
from servicekit.errors import Unauthenticated
from servicekit.revocation import EVENT_TYPE, RevocationFeed, RevocationList
from servicekit.testing import NatsServer, TokenMinter


def _jti(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["jti"]


def test_a_revoked_token_is_refused_even_when_its_check_is_cached():
    minter = TokenMinter()
    revoked = RevocationList()
    verifier = TokenVerifier(minter.verifier._key_for_kid, revocations=revoked)
    token, other = minter.token(), minter.token()
    principal = verifier.verify(token)  # now in the cache
    assert principal.expires_at > time.time()
    revoked.add(principal.token_id, principal.expires_at)
    with pytest.raises(Unauthenticated) as caught:
        verifier.verify(token)
    assert caught.value.reason == "token_revoked"
    assert verifier.verify(other).token_id == _jti(other)  # others untouched


def test_by_default_verifiers_share_the_process_list():
    minter = TokenMinter()
    token = minter.token()
    verifier = TokenVerifier(minter.verifier._key_for_kid)
    principal = verifier.verify(token)
    revocation.SHARED.add(principal.token_id, principal.expires_at)
    with pytest.raises(Unauthenticated):
        TokenVerifier(minter.verifier._key_for_kid).verify(token)


def test_an_entry_is_kept_until_the_token_expires_and_not_longer():
    revoked = RevocationList()
    revoked.add("a", time.time() + 0.3)
    revoked.add("gone", time.time() - 1)  # already expired: nothing to remember
    assert revoked.is_revoked("a") and not revoked.is_revoked("gone")
    time.sleep(0.4)
    assert not revoked.is_revoked("a") and len(revoked) == 0


def _envelope(token_id: str, expires_at: dt.datetime) -> bytes:
    return json.dumps(
        {
            "specversion": "1.0",
            "id": uuid.uuid4().hex,
            "type": EVENT_TYPE,
            "source": "/gorontalo/identity",
            "data": event_messages.to_data(
                TokenRevoked(token_id=token_id, expires_at=expires_at.isoformat().replace("+00:00", "Z"))
            ),
        }
    ).encode()


async def _publish(url: str, stream: str, *token_ids: str, minutes: int = 10) -> None:
    import nats

    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        await ensure_streams(js, stream)
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes)
        for token_id in token_ids:
            await js.publish(EVENT_TYPE, _envelope(token_id, expires))
    finally:
        await nc.close()


def _wait(predicate, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError(f"not within {timeout}s")


def test_the_feed_replays_on_start_follows_live_and_replays_after_a_reconnect():
    stream = "REVOKE_TEST"
    with NatsServer() as server:
        asyncio.run(_publish(server.url, stream, "before-start"))
        revoked = RevocationList()
        feed = RevocationFeed(server.url, stream, revoked).start()
        try:
            _wait(lambda: feed.replayed.is_set(), 10)
            assert revoked.is_revoked("before-start")  # replayed: the verifier just started

            asyncio.run(_publish(server.url, stream, "live"))
            assert _wait(lambda: revoked.is_revoked("live"), 2) < 2

            # NATS goes away and comes back (same store): the feed reconnects and replays.
            server.stop()
            revoked._entries.clear()  # whatever this process knew is gone with it, as after a restart
            server.start()
            _wait(lambda: revoked.is_revoked("before-start") and revoked.is_revoked("live"), 15)

            asyncio.run(_publish(server.url, stream, "after-reconnect"))
            assert _wait(lambda: revoked.is_revoked("after-reconnect"), 2) < 2
        finally:
            feed.stop()


def test_a_revocation_of_an_expired_token_or_another_event_is_ignored():
    assert revocation.parse_event({"type": "gorontalo.identity.citizen.registered", "data": {}}) is None
    assert revocation.parse_event({"type": EVENT_TYPE, "data": {"token_id": "x", "expires_at": "yesterday"}}) is None
    assert (
        revocation.parse_event({"type": EVENT_TYPE, "data": {"token_id": "x", "expires_at": "2030-01-01T00:00:00Z"}})[0]
        == "x"
    )


def test_the_feed_follows_the_type_declared_on_token_revoked():
    assert EVENT_TYPE == event_messages.event_type(TokenRevoked) == "gorontalo.identity.token.revoked"


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"token_id": ["x"], "expires_at": "2030-01-01T00:00:00Z"},
        {"token_id": "x", "expires_at": {"at": "2030-01-01T00:00:00Z"}},
        {"token_id": "", "expires_at": "2030-01-01T00:00:00Z"},
        {"token_id": "x", "expires_at": "2030-01-01T00:00:00"},  # no zone: not a point in time
    ],
)
def test_a_payload_that_is_not_a_token_revoked_is_ignored(data):
    assert revocation.parse_event({"type": EVENT_TYPE, "data": data}) is None


def test_fields_a_newer_identity_adds_are_ignored():
    found = revocation.parse_event(
        {"type": EVENT_TYPE, "data": {"token_id": "x", "expires_at": "2030-01-01T00:00:00Z", "reason": "logout"}}
    )
    assert found == ("x", dt.datetime(2030, 1, 1, tzinfo=dt.UTC).timestamp())
