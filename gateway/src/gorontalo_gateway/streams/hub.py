"""In-memory fan-out of alerts to stream clients, one bounded buffer per client.

Runs on the event loop only. Dispatch never awaits: a client whose writer is idle and whose
connection takes the bytes at once gets the alert written straight from the fan-out (no task
wake-up per client); otherwise the alert waits in that client's bounded buffer for its writer,
and a client that cannot keep up fills its buffer and is closed, the others never wait for it.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import Callable

from . import metrics
from .alerts import HEARTBEAT, Alert, Cursor, affects

log = logging.getLogger("gateway.streams")

SLOW = "slow"
SHUTDOWN = "shutdown"


class Subscriber:
    __slots__ = ("region", "max_pending", "_pending", "_loop", "_waiter", "closed", "last_active", "_write", "_cursor")

    def __init__(self, region: str, max_pending: int):
        self.region = region
        self.max_pending = max_pending
        self._pending: collections.deque[Alert] = collections.deque()
        self._loop = asyncio.get_running_loop()
        self._waiter: asyncio.Future | None = None
        self.closed: asyncio.Future = self._loop.create_future()
        self.last_active = self._loop.time()  # of the last write: the hub's heartbeat pings streams idle too long
        self._write: Callable[[bytes], bool] | None = None
        self._cursor: Cursor | None = None

    def write_directly(self, write: Callable[[bytes], bool], cursor: Cursor) -> None:
        """From now on, while the writer waits with nothing queued, alerts and heartbeats go out through
        `write` from the fan-out itself. `write` never waits: it returns False, having written nothing,
        when the connection would make it wait (its transport buffer is above the high-water mark); the
        alert then queues for the writer as before. `cursor` is the writer's: both skip what it sent."""
        self._write, self._cursor = write, cursor

    def _can_write_now(self) -> bool:
        # The writer is parked in take() (not inside a send) and nothing queued is older than a new write.
        return self._write is not None and self._waiter is not None and not self._pending

    def offer(self, alert: Alert) -> bool:
        """Returns True when the alert was written to the client's connection here and now."""
        if self.closed.done():
            return False
        if self._can_write_now():
            if alert.seq <= self._cursor.position:
                return False  # a resumed stream's replay already sent it
            if self._write(alert.frame):
                self._cursor.position = alert.seq
                return True
        if len(self._pending) >= self.max_pending:
            self.close(SLOW)
            return False
        self._pending.append(alert)
        self._wake()
        return False

    def close(self, reason: str) -> None:
        if not self.closed.done():
            self.closed.set_result(reason)
            self._wake()

    def ping(self) -> None:
        """A heartbeat: written here when the writer is idle, else the writer is woken with nothing and writes it."""
        if self._can_write_now() and not self.closed.done() and self._write(HEARTBEAT):
            return
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
        reached = written = 0
        now = asyncio.get_running_loop().time()
        for region, group in list(self._by_region.items()):
            if not affects(alert.region_codes, region):
                continue
            for subscriber in list(group):
                if subscriber.offer(alert):
                    subscriber.last_active = now
                    written += 1
                    reached += 1
                elif subscriber.closed.done() and subscriber.closed.result() == SLOW:
                    self._drop(subscriber)
                else:
                    reached += 1
        if written:
            self._count_written(alert, written)
        return reached

    @staticmethod
    def _count_written(alert: Alert, written: int) -> None:
        """The metrics of the alerts written from the fan-out, once per alert rather than per client. The
        delivery time is taken once, after the last write: an upper bound for each of them."""
        metrics.SENT[alert.event_name].inc(written)
        if alert.published_at is not None:
            latency = max(0.0, time.time() - alert.published_at)
            observe = metrics.ALERT_DELIVERY_SECONDS.observe
            for _ in range(written):
                observe(latency)

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
