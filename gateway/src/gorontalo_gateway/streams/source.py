"""JetStream adapter: one connection, one ordered consumer for all alert subjects, and replay.

The live feed starts right after the stream's last sequence at start, so the hub's
position is a valid resume point from the first moment. Replay reads the stream
directly by sequence (next message on the alert subjects), creating no consumer.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time

import nats
from nats.js.api import ConsumerConfig, DeliverPolicy
from opentelemetry.trace import SpanKind

from servicekit import tracing
from servicekit.logging import request_id_var
from servicekit.nats_connection import NatsConnection

from . import metrics
from .alerts import SUBJECT_FILTER, Alert, NotAnAlert, from_message
from .hub import Hub

# Replays are cheap one by one but open to anyone: bound how many run at once and how many
# alerts one resumption may hold (the newest are kept: a client that old should reload the feed).
MAX_CONCURRENT_REPLAYS = 8
MAX_REPLAYED_ALERTS = 1000

log = logging.getLogger("gateway.streams")


def _skipped(path: str, seq: int, subject: str, error: NotAnAlert) -> None:
    """A message that is not an alert event. This reader has no inbox and no dead letter (it is not a
    durable consumer and acknowledges nothing): the message stays in the stream, is never sent to a
    client, and is skipped again by every replay that passes it."""
    metrics.ALERTS_SKIPPED.labels(path).inc()
    log.warning("skipping message %d on %s%s: %s", seq, subject, " in replay" if path == "replay" else "", error)


class SourceUnavailable(Exception):
    """JetStream did not answer: the stream cannot be served right now."""


class AlertSource:
    def __init__(
        self, hub: Hub, *, nats_url: str, stream: str, idle_heartbeat: float = 2.0, request_timeout: float = 3.0
    ):
        self.hub = hub
        self.nats_url = nats_url
        self.stream = stream
        self.idle_heartbeat = idle_heartbeat
        self.request_timeout = request_timeout
        self._nc = None
        self._js = None
        self._subscription = None
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._replays = asyncio.Semaphore(MAX_CONCURRENT_REPLAYS)

    @property
    def ready(self) -> bool:
        return self._subscription is not None and self._nc is not None and self._nc.is_connected

    async def start(self) -> None:
        """Returns at once; connecting and subscribing go on in the background until they succeed."""
        self._task = asyncio.create_task(self._run(), name="alert-source")

    async def _run(self) -> None:
        warned = False
        # The gateway's identity on NATS (TLS when NATS_URL is tls://), as its API workers use.
        connection = NatsConnection.for_service("gateway", self.nats_url)
        while self._nc is None:
            try:
                self._nc = await connection.connect(
                    connect_timeout=2,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=1,
                    disconnected_cb=self._disconnected,
                    reconnected_cb=self._reconnected,
                    error_cb=self._error,
                    name="gorontalo-gateway-streams",
                )
            except Exception as e:  # noqa: BLE001 - keep trying; /readyz says not ready meanwhile
                if not warned:
                    log.warning("NATS not reachable at %s yet (%s); retrying", self.nats_url, type(e).__name__)
                    warned = True
                await asyncio.sleep(2)
        metrics.NATS_CONNECTED.set(1)
        log.info("connected to NATS at %s", self.nats_url)
        self._js = self._nc.jetstream(timeout=self.request_timeout)
        attempt = 0
        while self._subscription is None:
            try:
                info = await self._js.stream_info(self.stream)
                start = info.state.last_seq
                self.hub.start_at(start)
                self._subscription = await self._js.subscribe(
                    SUBJECT_FILTER,
                    stream=self.stream,
                    cb=self._on_message,
                    ordered_consumer=True,
                    idle_heartbeat=self.idle_heartbeat,
                    config=ConsumerConfig(deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=start + 1),
                )
            except Exception as e:  # noqa: BLE001 - e.g. the stream is not created yet
                attempt += 1
                if attempt == 1 or attempt % 30 == 0:
                    log.warning(
                        "cannot follow %s on stream %s yet (%s: %s)", SUBJECT_FILTER, self.stream, type(e).__name__, e
                    )
                await asyncio.sleep(1)
        self.hub.live = True
        log.info("following %s on stream %s from sequence %d", SUBJECT_FILTER, self.stream, self.hub.position + 1)

    async def _on_message(self, msg) -> None:
        seq = msg.metadata.sequence.stream
        if seq <= self.hub.position:
            # An ordered consumer that lost its server-side state starts over from where it
            # thinks it was; what the hub already dispatched must not go out twice.
            return
        try:
            alert = from_message(seq, msg.subject, msg.data)
        except NotAnAlert as e:
            _skipped("live", seq, msg.subject, e)
            self.hub.advance(seq)
            return
        metrics.ALERTS_RECEIVED.labels(alert.event_name).inc()
        token = request_id_var.set(alert.request_id)
        # One span per alert (not per client): a child of the request that issued it.
        with tracing.event_span(f"deliver {alert.event_name}", dict(alert.event), SpanKind.CONSUMER) as span:
            try:
                reached = self.hub.dispatch(alert)
                span.set_attribute("gorontalo.stream.clients_reached", reached)
                log.info("alert %s (sequence %d) to %d stream clients", alert.event_name, seq, reached)
            finally:
                request_id_var.reset(token)

    async def replay(self, after: int) -> tuple[list[Alert], int]:
        """Alerts on the stream after sequence `after` (at most the newest MAX_REPLAYED_ALERTS),
        and the last sequence scanned."""
        if self._js is None:
            raise SourceUnavailable("not connected")
        async with self._replays:
            alerts: collections.deque[Alert] = collections.deque(maxlen=MAX_REPLAYED_ALERTS)
            scanned = after
            started = time.perf_counter()
            while True:
                try:
                    raw = await self._js.get_msg(self.stream, seq=scanned + 1, subject=SUBJECT_FILTER, next=True)
                except nats.js.errors.NotFoundError:
                    break
                except Exception as e:  # noqa: BLE001
                    raise SourceUnavailable(f"{type(e).__name__}: {e}") from e
                scanned = raw.seq
                try:
                    alerts.append(from_message(raw.seq, raw.subject, raw.data or b""))
                except NotAnAlert as e:
                    _skipped("replay", raw.seq, raw.subject, e)
            metrics.REPLAY_SECONDS.observe(time.perf_counter() - started)
            return list(alerts), scanned

    async def last_sequence(self) -> int:
        """The stream's last sequence (any subject)."""
        if self._js is None:
            raise SourceUnavailable("not connected")
        try:
            return (await self._js.stream_info(self.stream)).state.last_seq
        except Exception as e:  # noqa: BLE001
            raise SourceUnavailable(f"{type(e).__name__}: {e}") from e

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self.hub.live = False
        if self._nc is None:
            return
        try:
            if self._subscription is not None:
                await self._subscription.unsubscribe()
            await asyncio.wait_for(self._nc.drain(), timeout=3)
        except Exception:  # noqa: BLE001 - closing anyway
            try:
                await self._nc.close()
            except Exception:  # noqa: BLE001
                pass
        metrics.NATS_CONNECTED.set(0)
        log.info("NATS drained")

    async def _disconnected(self) -> None:
        metrics.NATS_CONNECTED.set(0)
        if not self._stopping:
            log.warning("NATS disconnected; streams stay open and resume when it is back")

    async def _reconnected(self) -> None:
        metrics.NATS_CONNECTED.set(1)
        log.info("NATS reconnected")

    async def _error(self, e) -> None:
        log.debug("NATS error: %s", e)
