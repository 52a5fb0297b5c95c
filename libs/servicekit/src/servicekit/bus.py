"""The event bus of one service process: outbox relay and durable consumers.

nats-py is asyncio; the services are threaded gRPC servers. The bus therefore
owns one thread with its own event loop, and talks to the rest of the process
only through the database (outbox/inbox) and `wake()`.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
from dataclasses import dataclass
from typing import Callable

import nats
import sqlalchemy as sa
from nats.js.api import ConsumerConfig, DeliverPolicy, StorageType, StreamConfig
from sqlalchemy import exc as sa_exc

from . import event_messages, metrics
from .logging import request_id_var
from .messaging import mark_processed, outbox, utcnow

log = logging.getLogger(__name__)

DEAD_LETTER_STREAM_SUFFIX = "_DEADLETTER"


@dataclass(frozen=True)
class Subscription:
    """A durable pull consumer. `handler(session, envelope)` runs inside a transaction."""

    durable: str
    subject: str
    handler: Callable[..., None]
    max_attempts: int = 5
    # Typed: the payload is parsed into this message and the handler gets (session, message, envelope);
    # a payload that does not parse is dead-lettered at once. Untyped handlers get (session, envelope).
    message: type | None = None

    @classmethod
    def for_event(cls, durable: str, message: type, handler: Callable[..., None], *, subject: str | None = None,
                  max_attempts: int = 5) -> "Subscription":
        """A consumer of the event(s) the message declares; `subject` narrows or widens (e.g. a.b.>)."""
        types = event_messages.event_types(message)
        return cls(durable=durable, subject=subject or (types[0] if len(types) == 1 else _common_prefix(types)),
                   handler=handler, max_attempts=max_attempts, message=message)


def _common_prefix(types: list[str]) -> str:
    parts = [t.split(".") for t in types]
    common = []
    for tokens in zip(*parts, strict=False):
        if len(set(tokens)) != 1:
            break
        common.append(tokens[0])
    return ".".join(common) + ".>"


def backoff_seconds(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    return min(cap, base * (2 ** max(0, attempt - 1)))


async def ensure_streams(js, stream: str) -> None:
    """Create (or update) the platform's streams; safe for every service to call at start."""
    for config in (
        StreamConfig(name=stream, subjects=["gorontalo.>"], storage=StorageType.FILE, duplicate_window=600.0),
        StreamConfig(name=stream + DEAD_LETTER_STREAM_SUFFIX, subjects=["deadletter.>"], storage=StorageType.FILE),
    ):
        try:
            await js.stream_info(config.name)
        except nats.js.errors.NotFoundError:
            try:
                await js.add_stream(config)
            except nats.js.errors.BadRequestError:
                # Fine if another service created it between our two calls; anything else
                # (e.g. subjects overlapping another stream) must be seen, not swallowed.
                await js.stream_info(config.name)
        else:
            await js.update_stream(config)


class EventBus:
    def __init__(self, *, nats_url: str, stream: str, session_factory, subscriptions=(), batch_size: int = 100):
        self.nats_url = nats_url
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
            tasks = [asyncio.create_task(self._relay(js))]
            tasks += [asyncio.create_task(self._consume(js, sub)) for sub in self.subscriptions]
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
            connecting = asyncio.create_task(nats.connect(
                servers=[self.nats_url], connect_timeout=2, max_reconnect_attempts=-1, reconnect_time_wait=1,
                disconnected_cb=disconnected, reconnected_cb=reconnected, error_cb=error, name="gorontalo-service",
            ))
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
                except asyncio.TimeoutError:
                    pass
        return None

    async def _ensure_streams_until_ready(self, js) -> None:
        attempt = 0
        while not self._stopping.is_set():
            try:
                await ensure_streams(js, self.stream)
                return
            except Exception as e:  # noqa: BLE001
                attempt += 1
                log.warning("cannot set up JetStream streams yet (%s)", e)
                await asyncio.sleep(backoff_seconds(attempt))

    # -- outbox relay -----------------------------------------------------------------
    def _pending(self) -> list:
        with self.session_factory() as session:
            rows = session.execute(
                sa.select(outbox.c.seq, outbox.c.event_id, outbox.c.subject, outbox.c.envelope, outbox.c.attempts)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.seq)
                .limit(self.batch_size)
            ).all()
            count = session.execute(
                sa.select(sa.func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            ).scalar_one()
        metrics.OUTBOX_PENDING.set(count)
        return rows

    def _mark(self, seq: int, error: str | None) -> None:
        with self.session_factory() as session, session.begin():
            values = {"attempts": outbox.c.attempts + 1}
            if error is None:
                values["published_at"] = utcnow()
                values["last_error"] = None
            else:
                values["last_error"] = error[:500]
            session.execute(outbox.update().where(outbox.c.seq == seq).values(**values))

    async def _relay(self, js) -> None:
        loop = asyncio.get_running_loop()
        failures = 0
        while True:
            # Cleared before reading, so a wake() during this pass triggers the next one.
            self._wake.clear()
            stopping = self._stopping.is_set()
            if stopping and loop.time() > self._flush_deadline:
                return
            try:
                rows = await loop.run_in_executor(None, self._pending)
            except Exception:  # noqa: BLE001 - the database may be briefly locked
                log.exception("cannot read the outbox")
                rows = []
            published_all = True
            for row in rows:
                event_type = json.loads(row.envelope).get("type", row.subject)
                try:
                    await js.publish(row.subject, row.envelope.encode(), headers={"Nats-Msg-Id": row.event_id}, timeout=3)
                except Exception as e:  # noqa: BLE001 - every unsent row is retried on the next pass
                    published_all = False
                    failures += 1
                    metrics.OUTBOX_FAILURES.inc()
                    try:
                        await loop.run_in_executor(None, self._mark, row.seq, f"{type(e).__name__}: {e}")
                    except Exception:  # noqa: BLE001
                        log.exception("cannot record the failed publish")
                    if failures == 1 or failures % 50 == 0:
                        log.warning("outbox publish failed (%s); will retry", type(e).__name__,
                                    extra={"event_id": row.event_id})
                    break  # keep order: retry from this row after a pause
                try:
                    await loop.run_in_executor(None, self._mark, row.seq, None)
                except Exception:  # noqa: BLE001 - published; re-sent later and de-duplicated by Nats-Msg-Id
                    log.exception("cannot mark outbox row %s published", row.seq)
                    published_all = False
                    failures += 1
                    break
                metrics.OUTBOX_PUBLISHED.labels(event_type).inc()
                failures = 0
            if stopping and not rows:
                return
            if rows and published_all and len(rows) == self.batch_size:
                continue  # more waiting
            pause = backoff_seconds(failures) if not published_all else 1.0
            if stopping:
                pause = min(pause, 0.2)
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=pause)
            except asyncio.TimeoutError:
                pass

    # -- consumers ------------------------------------------------------------------------
    def _handle(self, sub: Subscription, envelope: dict) -> str:
        token = request_id_var.set(envelope.get("requestid", ""))
        try:
            with self.session_factory() as session, session.begin():
                if not mark_processed(session, sub.durable, envelope["id"]):
                    return "duplicate"
                if sub.message is None:
                    sub.handler(session, envelope)
                else:
                    if envelope.get("type") not in event_messages.event_types(sub.message):
                        raise event_messages.MalformedEvent(f"unexpected type {envelope.get('type')!r}")
                    sub.handler(session, event_messages.parse(sub.message, envelope.get("data")), envelope)
            return "processed"
        except sa_exc.IntegrityError:
            # A concurrent delivery of the same event won the inbox insert.
            with self.session_factory() as session:
                if not mark_processed(session, sub.durable, envelope["id"]):
                    return "duplicate"
            raise
        finally:
            request_id_var.reset(token)

    async def _dead_letter(self, js, sub: Subscription, msg, reason: str) -> None:
        await js.publish(
            f"deadletter.{sub.durable}", msg.data,
            headers={"Gorontalo-Original-Subject": msg.subject, "Gorontalo-Error": reason[:200]},
        )
        await msg.term()
        metrics.EVENTS_DEAD_LETTERED.labels(sub.durable).inc()
        metrics.EVENTS_CONSUMED.labels(sub.durable, "dead_lettered").inc()
        log.error("event parked on deadletter.%s: %s", sub.durable, reason)

    async def _consume(self, js, sub: Subscription) -> None:
        loop = asyncio.get_running_loop()
        psub = None
        while psub is None:
            try:
                psub = await js.pull_subscribe(
                    sub.subject, durable=sub.durable, stream=self.stream,
                    config=ConsumerConfig(ack_wait=30, deliver_policy=DeliverPolicy.ALL, max_ack_pending=1000),
                )
            except Exception as e:  # noqa: BLE001
                log.warning("cannot subscribe %s yet (%s)", sub.durable, e)
                await asyncio.sleep(2)
        try:
            while True:
                try:
                    messages = await psub.fetch(batch=20, timeout=1)
                except (nats.errors.TimeoutError, asyncio.TimeoutError):
                    continue
                except Exception as e:  # noqa: BLE001 - disconnected; nats-py reconnects
                    log.debug("fetch failed: %s", e)
                    await asyncio.sleep(1)
                    continue
                for msg in messages:
                    try:
                        await self._process(js, sub, msg, loop)
                    except Exception:  # noqa: BLE001 - left for redelivery; the consumer goes on
                        log.exception("cannot settle a message of %s", sub.durable)
        finally:
            # A cancelled fetch leaves its inbox subscribed, which would stall drain() at shutdown.
            try:
                await psub.unsubscribe()
            except Exception:  # noqa: BLE001 - closing anyway
                pass

    async def _process(self, js, sub, msg, loop) -> None:
        try:
            envelope = json.loads(msg.data)
            envelope["id"]
        except (ValueError, KeyError, TypeError):
            await self._dead_letter(js, sub, msg, "not a CloudEvent")
            return
        try:
            outcome = await loop.run_in_executor(None, self._handle, sub, envelope)
            await msg.ack()
            metrics.EVENTS_CONSUMED.labels(sub.durable, outcome).inc()
        except event_messages.MalformedEvent as e:
            # No retry can make it fit: park it now, as the consumers' contract promises.
            await self._dead_letter(js, sub, msg, f"MalformedEvent: {e}")
        except Exception as e:  # noqa: BLE001 - retried, then dead-lettered
            attempt = msg.metadata.num_delivered
            if attempt >= sub.max_attempts:
                await self._dead_letter(js, sub, msg, f"{type(e).__name__}: {e}")
            else:
                log.warning("event %s failed (attempt %d): %s", envelope.get("id"), attempt, e,
                            extra={"event_id": envelope.get("id")})
                metrics.EVENTS_CONSUMED.labels(sub.durable, "retried").inc()
                await msg.nak(delay=backoff_seconds(attempt))
