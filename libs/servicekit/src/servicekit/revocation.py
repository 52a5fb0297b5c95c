"""Revoked access tokens, known to every verifier within a second or two of a logout.

An access token is verified offline (a signature and an expiry), so after `token:revoke` it kept
working for up to 15 minutes. svc-identity now publishes `gorontalo.identity.token.revoked`
(payload: gorontalo.identity.v1.TokenRevoked, the token's `jti` and its expiry) through its outbox;
each verifying process keeps the revoked ids in a RevocationList, fed by a RevocationFeed:

- on start and on every reconnect to NATS the feed replays the subject from JetStream, from one
  token lifetime ago, so a verifier that was down or cut off has the whole list again;
- then it follows the subject live;
- an entry is kept until the token it names expires: past that, the signature check refuses it.

TokenVerifier (servicekit.auth) consults the process's list on every call, cached or not.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import threading
import time

from gorontalo.identity.v1.identity_pb2 import TokenRevoked

from . import event_messages
from .jetstream import follow_platform_events
from .nats_connection import NatsConnection

log = logging.getLogger(__name__)

EVENT_TYPE = event_messages.event_type(TokenRevoked)
# Replayed on (re)connect: the longest access token lifetime (15 min) and the verifiers' leeway.
REPLAY = dt.timedelta(minutes=16)

# Its message, token_revoked, is in servicekit's catalog (locale/*/LC_MESSAGES/servicekit.po).


class RevocationList:
    """Token ids (jti) and when each token expires; thread-safe, forgets tokens once expired."""

    def __init__(self):
        self._entries: dict[str, float] = {}
        self._lock = threading.Lock()
        self._next_prune = 0.0

    def add(self, token_id: str, expires_at: float) -> None:
        now = time.time()
        if not token_id or expires_at <= now:
            return
        with self._lock:
            self._entries[token_id] = max(expires_at, self._entries.get(token_id, 0.0))
            if now >= self._next_prune:
                self._entries = {k: v for k, v in self._entries.items() if v > now}
                self._next_prune = now + 60

    def is_revoked(self, token_id: str) -> bool:
        expires_at = self._entries.get(token_id)
        return expires_at is not None and expires_at > time.time()

    def __len__(self) -> int:
        now = time.time()
        return sum(1 for v in list(self._entries.values()) if v > now)


# The process's list: every TokenVerifier consults it unless given another.
SHARED = RevocationList()


def parse_event(envelope: dict) -> tuple[str, float] | None:
    """(token id, expiry as epoch seconds) from a CloudEvent, or None if it is not a revocation."""
    if envelope.get("type") != EVENT_TYPE:
        return None
    try:
        event = event_messages.parse(TokenRevoked, envelope.get("data"))
        expires_at = dt.datetime.fromisoformat(event.expires_at.replace("Z", "+00:00"))
    except ValueError:  # MalformedEvent too: a payload that is not a TokenRevoked revokes nothing
        return None
    if expires_at.tzinfo is None or not event.token_id:
        return None
    return event.token_id, expires_at.timestamp()


class RevocationFeed:
    """A daemon thread following EVENT_TYPE on JetStream into a RevocationList.

    `replayed` is set once a (re)connection has read everything the stream held when it subscribed.
    """

    def __init__(
        self,
        nats_url: str,
        stream: str,
        revocations: RevocationList = SHARED,
        *,
        replay: dt.timedelta = REPLAY,
        name: str = "revocation-feed",
        connection: NatsConnection | None = None,
    ):
        self.nats_url = nats_url
        self.connection = connection or NatsConnection.of_process(nats_url)
        self.stream = stream
        self.revocations = revocations
        self.replay = replay
        self.name = name
        self.replayed = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._resubscribe: asyncio.Event | None = None

    def start(self) -> RevocationFeed:
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), name=self.name, daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        if self._loop and self._stopping:
            self._loop.call_soon_threadsafe(self._stopping.set)
        if self._thread:
            self._thread.join(timeout)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._resubscribe = asyncio.Event()

        async def reconnected():
            log.info("revocation feed reconnected; replaying revocations")
            self._resubscribe.set()

        async def error(e):
            log.debug("revocation feed NATS error: %s", e)

        nc = None
        while nc is None and not self._stopping.is_set():
            try:
                nc = await self.connection.connect(
                    connect_timeout=2,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=1,
                    reconnected_cb=reconnected,
                    error_cb=error,
                    name=self.name,
                )
            except Exception as e:  # noqa: BLE001 - NATS not up yet: verifiers go on, the feed retries
                log.warning("revocation feed cannot reach NATS yet (%s)", type(e).__name__)
                await self._sleep(2)
        if nc is None:
            return
        try:
            while not self._stopping.is_set():
                subscription = await self._subscribe(nc)
                if subscription is None:
                    await self._sleep(1)
                    continue
                self._resubscribe.clear()
                waiters = [asyncio.create_task(self._stopping.wait()), asyncio.create_task(self._resubscribe.wait())]
                await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
                for waiter in waiters:
                    waiter.cancel()
                try:
                    await subscription.unsubscribe()
                except Exception:  # noqa: BLE001 - the connection may be gone; a new one follows
                    pass
        finally:
            try:
                await asyncio.wait_for(nc.close(), timeout=2)
            except Exception:  # noqa: BLE001 - closing anyway
                pass

    async def _subscribe(self, nc):
        """Replay from one token lifetime ago, then follow, through a consumer of this subject alone
        (jetstream.follow_platform_events: the one way an agency's NATS user may read it)."""
        from nats.js.api import DeliverPolicy

        start = dt.datetime.now(dt.UTC) - self.replay
        self.replayed.clear()

        async def on_message(msg):
            try:
                found = parse_event(json.loads(msg.data))
            except (ValueError, AttributeError):
                found = None
            if found:
                self.revocations.add(*found)
            try:
                if msg.metadata.num_pending == 0:
                    self.replayed.set()  # caught up with what the stream held
            except ValueError:  # not a JetStream message (no metadata): nothing to tell
                pass

        subscription = None
        try:
            deliver = nc.new_inbox()
            subscription = await nc.subscribe(deliver, cb=on_message)
            info = await follow_platform_events(
                nc.jetstream(),
                self.stream,
                EVENT_TYPE,
                deliver,
                deliver_policy=DeliverPolicy.BY_START_TIME,
                opt_start_time=start.isoformat().replace("+00:00", "Z"),
            )
            if info.num_pending == 0:
                self.replayed.set()
        except Exception as e:  # noqa: BLE001 - stream not created yet, or NATS just went away
            log.warning("revocation feed cannot subscribe yet (%s: %s)", type(e).__name__, e)
            if subscription is not None:
                try:
                    await subscription.unsubscribe()
                except Exception:  # noqa: BLE001 - the connection may be gone
                    pass
            return None
        return subscription

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
        except TimeoutError:
            pass


_feeds: dict[tuple[str, str], RevocationFeed] = {}
_feeds_lock = threading.Lock()


def follow(nats_url: str, stream: str, connection: NatsConnection | None = None) -> RevocationFeed:
    """The process's one feed into SHARED for this NATS and stream, started on first call.

    A composition root (a service's serve, each gateway worker's create_app) calls it once; calling
    it again, e.g. from a second app in the same test process, returns the running feed. Over TLS
    (a tls:// URL) it connects as the process (NatsConnection.for_service made first, or `connection`).
    """
    with _feeds_lock:
        feed = _feeds.get((nats_url, stream))
        if feed is None:
            feed = _feeds[(nats_url, stream)] = RevocationFeed(nats_url, stream, SHARED, connection=connection).start()
        return feed
