"""The event bus of one service process: its NATS connection, outbox relay and durable consumers.

nats-py is asyncio; the services are threaded gRPC servers. The bus therefore owns one thread with
its own event loop, and talks to the rest of the process only through the database (outbox/inbox)
and `wake()`. The relay lives in outbox_relay, the consumers in consumers, the streams in jetstream.
"""

from __future__ import annotations

import asyncio
import logging
import threading

from . import metrics
from .consumers import Consumers, Subscription
from .jetstream import DEAD_LETTER_STREAM_SUFFIX, StreamsNotReady, backoff_seconds, ensure_streams
from .nats_connection import NatsConnection
from .outbox_relay import OutboxRelay

log = logging.getLogger(__name__)

__all__ = ["DEAD_LETTER_STREAM_SUFFIX", "EventBus", "Subscription", "backoff_seconds", "ensure_streams"]


class EventBus:
    def __init__(
        self,
        *,
        nats_url: str,
        stream: str,
        session_factory,
        subscriptions=(),
        batch_size: int = 100,
        connection: NatsConnection | None = None,
    ):
        """`connection`: TLS, identity and instance (NatsConnection.for_service); by default the one the
        process made for nats_url, else plaintext."""
        self.nats_url = nats_url
        self.connection = connection or NatsConnection.of_process(nats_url)
        self.stream = stream
        self.session_factory = session_factory
        self.subscriptions = list(subscriptions)
        self.batch_size = batch_size
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self.connected = threading.Event()
        self._flush_deadline = 0.0

    # -- called from other threads -------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="event-bus", daemon=True)
        self._thread.start()
        self._ready.wait(5)

    def wake(self) -> None:
        """Publish soon: called after a unit of work commits an event."""
        if self._loop and self._wake:
            self._loop.call_soon_threadsafe(self._wake.set)

    def stop(self, flush_seconds: float = 5.0) -> None:
        """Publish what is pending (for at most flush_seconds), then drain and stop."""
        if not (self._loop and self._thread):
            return
        self._flush_deadline = self._loop.time() + flush_seconds
        self._loop.call_soon_threadsafe(self._stopping.set)
        self._loop.call_soon_threadsafe(self._wake.set)
        self._thread.join(flush_seconds + 5)

    # -- the bus thread -------------------------------------------------------------
    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._ready.set()
        nc = await self._connect()
        if nc is None:
            return
        js = nc.jetstream()
        try:
            await self._ensure_streams_until_ready(js)
            relay = OutboxRelay(
                self.session_factory, self.batch_size, self._wake, self._stopping, lambda: self._flush_deadline
            )
            consumers = Consumers(self.session_factory, self.stream, self.connection.durable)
            tasks = [asyncio.create_task(relay.run(js))]
            tasks += [asyncio.create_task(consumers.run(js, sub)) for sub in self.subscriptions]
            await self._stopping.wait()
            await tasks[0]  # the relay flushes before it returns
            for task in tasks[1:]:
                task.cancel()
            await asyncio.gather(*tasks[1:], return_exceptions=True)
        finally:
            try:
                await asyncio.wait_for(nc.drain(), timeout=2)
            except Exception:  # noqa: BLE001 - closing anyway
                try:
                    await nc.close()
                except Exception:  # noqa: BLE001
                    pass
            metrics.NATS_CONNECTED.set(0)
            self.connected.clear()

    async def _connect(self):
        async def disconnected():
            self.connected.clear()
            metrics.NATS_CONNECTED.set(0)
            log.warning("NATS disconnected; events wait in the outbox")

        async def reconnected():
            self.connected.set()
            metrics.NATS_CONNECTED.set(1)
            log.info("NATS reconnected")
            self._wake.set()

        async def error(e):
            log.debug("NATS error: %s", e)

        # nats-py keeps retrying the first connection itself (max_reconnect_attempts=-1), so
        # race it against shutdown instead of waiting for it to give up.
        warned = False
        while not self._stopping.is_set():
            connecting = asyncio.create_task(
                self.connection.connect(
                    connect_timeout=2,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=1,
                    disconnected_cb=disconnected,
                    reconnected_cb=reconnected,
                    error_cb=error,
                    name="gorontalo-service",
                )
            )
            stopping = asyncio.create_task(self._stopping.wait())
            done, _ = await asyncio.wait({connecting, stopping}, timeout=3, return_when=asyncio.FIRST_COMPLETED)
            if not done and not warned:
                warned = True
                log.warning("NATS not reachable at %s yet; writes go on, events wait in the outbox", self.nats_url)
                done, _ = await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
            elif not done:
                done, _ = await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if connecting in done and connecting.exception() is None:
                self.connected.set()
                metrics.NATS_CONNECTED.set(1)
                log.info("connected to NATS at %s", self.nats_url)
                return connecting.result()
            connecting.cancel()
            if connecting in done:
                log.warning("cannot connect to NATS (%s); retrying", connecting.exception())
                try:
                    await asyncio.wait_for(self._stopping.wait(), timeout=2)
                except TimeoutError:
                    pass
        return None

    async def _ensure_streams_until_ready(self, js) -> None:
        attempt = 0
        # The province's services create and update the streams; an agency's instance waits for them.
        manage = self.connection.identity is None or self.connection.identity.is_provincial
        while not self._stopping.is_set():
            try:
                await ensure_streams(js, self.stream, manage=manage)
                return
            except StreamsNotReady as e:
                attempt += 1
                log.info("%s; waiting", e)
                await asyncio.sleep(backoff_seconds(attempt))
            except Exception as e:  # noqa: BLE001
                attempt += 1
                log.warning("cannot set up JetStream streams yet (%s)", e)
                await asyncio.sleep(backoff_seconds(attempt))
