"""In-memory fan-out of alerts to stream clients, one bounded buffer per client.

Runs on the event loop only. Dispatch never awaits: a client that cannot keep up
fills its own buffer and is closed, the others never wait for it.
"""

from __future__ import annotations

import asyncio
import collections
import logging

from . import metrics
from .alerts import Alert, affects

log = logging.getLogger("gateway.streams")

SLOW = "slow"
SHUTDOWN = "shutdown"


class Subscriber:
    __slots__ = ("region", "max_pending", "_pending", "_loop", "_waiter", "closed", "last_active")

    def __init__(self, region: str, max_pending: int):
        self.region = region
        self.max_pending = max_pending
        self._pending: collections.deque[Alert] = collections.deque()
        self._loop = asyncio.get_running_loop()
        self._waiter: asyncio.Future | None = None
        self.closed: asyncio.Future = self._loop.create_future()
        self.last_active = self._loop.time()  # of the last write: the hub's heartbeat pings streams idle too long

    def offer(self, alert: Alert) -> None:
        if self.closed.done():
            return
        if len(self._pending) >= self.max_pending:
            self.close(SLOW)
            return
        self._pending.append(alert)
        self._wake()

    def close(self, reason: str) -> None:
        if not self.closed.done():
            self.closed.set_result(reason)
            self._wake()

    def ping(self) -> None:
        """Wake the writer with nothing to send: it writes a heartbeat."""
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def take(self, timeout: float | None = None) -> list[Alert]:
        """What arrived since the last call; [] when pinged, after `timeout` seconds with nothing, or once closed.

        The server's writers wait without a timeout: one heartbeat task (Hub.run_heartbeats) pings the idle
        ones, instead of a timer armed and cancelled per client and alert."""
        if not self._pending and not self.closed.done():
            # A bare future (and a timer when asked) rather than asyncio.wait_for, which on Python 3.11 can
            # swallow a cancellation that races with the wake-up and then block a shutdown.
            self._waiter = self._loop.create_future()
            timer = self._loop.call_later(timeout, self._wake) if timeout is not None else None
            try:
                await self._waiter
            finally:
                if timer is not None:
                    timer.cancel()
                self._waiter = None
        if not self._pending:
            return []
        taken = list(self._pending)
        self._pending.clear()
        return taken


class Hub:
    def __init__(self, max_pending: int = 256):
        self.max_pending = max_pending
        self._by_region: dict[str, set[Subscriber]] = {}
        self.position = 0  # highest stream sequence dispatched (or the stream's end at start)
        self.live = False  # the source's subscription is running
        self.closing = False

    @property
    def client_count(self) -> int:
        return sum(len(s) for s in self._by_region.values())

    def subscribe(self, region: str) -> Subscriber:
        """Register for live alerts; `position` right after this call is the client's resume point."""
        subscriber = Subscriber(region, self.max_pending)
        self._by_region.setdefault(region, set()).add(subscriber)
        metrics.CLIENTS.inc()
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        group = self._by_region.get(subscriber.region)
        if group is None or subscriber not in group:
            return
        group.discard(subscriber)
        if not group:
            del self._by_region[subscriber.region]
        metrics.CLIENTS.dec()

    def start_at(self, position: int) -> None:
        self.position = max(self.position, position)

    def advance(self, seq: int) -> None:
        """A message on the alert subjects that is not an alert still moves the position."""
        self.position = max(self.position, seq)

    def dispatch(self, alert: Alert) -> int:
        """Hand an alert to every subscriber it concerns; returns how many."""
        self.position = max(self.position, alert.seq)
        reached = 0
        for region, group in list(self._by_region.items()):
            if not affects(alert.region_codes, region):
                continue
            for subscriber in list(group):
                subscriber.offer(alert)
                if subscriber.closed.done() and subscriber.closed.result() == SLOW:
                    self._drop(subscriber)
                else:
                    reached += 1
        return reached

    def _drop(self, subscriber: Subscriber) -> None:
        self.unsubscribe(subscriber)
        metrics.CLIENTS_DROPPED.labels(SLOW).inc()
        log.warning(
            "stream client of region %s dropped: %d alerts waiting, it does not read",
            subscriber.region,
            subscriber.max_pending,
        )

    def ping_idle(self, idle_seconds: float) -> int:
        """Wake every stream that wrote nothing for `idle_seconds` (it sends a heartbeat); returns how many."""
        now = asyncio.get_running_loop().time()
        pinged = 0
        for group in self._by_region.values():
            for subscriber in group:
                if now - subscriber.last_active >= idle_seconds:
                    subscriber.last_active = now
                    subscriber.ping()
                    pinged += 1
        return pinged

    async def run_heartbeats(self, idle_seconds: float) -> None:
        """Until cancelled: a stream idle for `idle_seconds` gets its heartbeat within a third of that again."""
        tick = max(idle_seconds / 3, 0.05)
        while True:
            await asyncio.sleep(tick)
            self.ping_idle(idle_seconds)

    def close_all(self) -> int:
        """Shutdown: end every stream (clients reconnect with Last-Event-ID elsewhere)."""
        self.closing = True
        count = 0
        for group in list(self._by_region.values()):
            for subscriber in list(group):
                subscriber.close(SHUTDOWN)
                count += 1
        return count
