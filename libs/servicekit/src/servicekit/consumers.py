"""Durable JetStream consumers with an inbox: every event applied exactly once in effect.

What one fetch brings is applied in one transaction: one read of the inbox for the whole batch, each
handler in a savepoint of its own, the inbox rows of the events applied, one COMMIT; every message is
settled (acked, retried or dead-lettered) only after that commit. A handler that fails rolls back its
savepoint only: the others commit, the failed one is retried. If the batch's transaction itself fails
(its commit, the database going away, another replica's inbox row met on insert), nothing of it is
kept and each of its events is applied again alone, in a transaction of its own, as a single
delivery always is. A crash before the commit leaves every event of the batch unacked and unapplied:
all are redelivered and applied once; a crash after it finds their inbox rows: duplicates.

A payload that cannot be the event (not a CloudEvent, MalformedEvent) is parked on the dead-letter
stream at once; any other failure is retried with backoff and parked after `max_attempts`. A
subscription may say from the parsed event alone that it has nothing to do (`relevant`): such an
event is acked without opening a transaction ("ignored").
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import nats
from nats.js.api import ConsumerConfig, DeliverPolicy
from sqlalchemy import exc as sa_exc

from . import event_messages, metrics, tracing
from .jetstream import backoff_seconds
from .logging import request_id_var
from .messaging import AFTER_COMMIT, already_processed, event_age_seconds, mark_processed, record_processed

log = logging.getLogger("servicekit.bus")
# How often each consumer reads its own lag from JetStream (one small request).
LAG_INTERVAL_SECONDS = 5.0
# At most this many messages per fetch, applied in one transaction (on SQLite it holds the writer's
# lock for the whole batch: a few milliseconds, not the seconds a backlog of single commits took).
FETCH_BATCH = 32
# After a fetch that emptied the consumer, a pause before the next: a few milliseconds added to an
# event's way (the commit -> consumer budget is 200 ms) for a fetch, an executor hop and a COMMIT
# shared by what arrived meanwhile rather than spent on each event (issue 20). Longer pauses bought no
# CPU once the relay gathered (its passes arrive as bursts a fetch takes whole): measured under POST
# /v1/disaster/reports, 25 ms against 10, three runs each, inbox's CPU per report 0.71-0.83 against
# 0.69-0.92 ms; 50 ms added 40-60 ms to the consumers' p99 (gorontalo_consumer_event_age_seconds).
GATHER_SECONDS = 0.01
NOT_A_CLOUDEVENT = "not a CloudEvent"


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
    # `relevant(message, envelope)` (typed) or `relevant(envelope)` False: nothing to do for this event;
    # it is acked without a transaction or an inbox row (applying nothing twice changes nothing).
    relevant: Callable[..., bool] | None = None

    @classmethod
    def for_event(
        cls,
        durable: str,
        message: type,
        handler: Callable[..., None],
        *,
        subject: str | None = None,
        max_attempts: int = 5,
        relevant: Callable[..., bool] | None = None,
    ) -> Subscription:
        """A consumer of the event(s) the message declares; `subject` narrows or widens (e.g. a.b.>)."""
        types = event_messages.event_types(message)
        return cls(
            durable=durable,
            subject=subject or (types[0] if len(types) == 1 else _common_prefix(types)),
            handler=handler,
            max_attempts=max_attempts,
            message=message,
            relevant=relevant,
        )


def instance_durable(durable: str, instance: str | None) -> str:
    """The durable of one instance: the province's keeps the plain name (its position in JetStream is
    kept across the move to federation); another instance's carries its name, so each instance gets
    every event once and none takes the messages of another."""
    return f"{durable}-{instance}" if instance else durable


def consumer_lag(info) -> int:
    """Messages a durable consumer has yet to acknowledge: not delivered yet plus delivered and unacked."""
    return int(info.num_pending or 0) + int(info.num_ack_pending or 0)


def _common_prefix(types: list[str]) -> str:
    parts = [t.split(".") for t in types]
    common = []
    for tokens in zip(*parts, strict=False):
        if len(set(tokens)) != 1:
            break
        common.append(tokens[0])
    return ".".join(common) + ".>"


@dataclass
class Delivery:
    """One fetched message on its way to being settled."""

    data: bytes
    envelope: dict | None = None
    message: object | None = None  # the parsed payload of a typed subscription
    outcome: str | None = None  # processed, duplicate or ignored: to be acked
    error: Exception | None = None  # to be retried or dead-lettered
    callbacks: list = field(default_factory=list)  # the handler's after-commit work
    prepared: bool = False

    @property
    def event_id(self) -> str:
        return self.envelope["id"]

    def forget(self) -> None:
        """Back to before the batch's transaction (it was rolled back)."""
        self.outcome, self.error, self.callbacks = None, None, []


def _parsed(sub: Subscription, envelope: dict):
    """The payload as the subscription's message (None for an untyped one)."""
    if sub.message is None:
        return None
    if envelope.get("type") not in event_messages.event_types(sub.message):
        raise event_messages.MalformedEvent(f"unexpected type {envelope.get('type')!r}")
    return event_messages.parse(sub.message, envelope.get("data"))


def _relevant(sub: Subscription, delivery: Delivery) -> bool:
    if sub.relevant is None:
        return True
    if sub.message is None:
        return bool(sub.relevant(delivery.envelope))
    return bool(sub.relevant(delivery.message, delivery.envelope))


def prepare(sub: Subscription, delivery: Delivery) -> None:
    """Decode and parse outside any transaction; say already whether there is anything to do."""
    delivery.prepared = True
    try:
        envelope = json.loads(delivery.data)
        envelope["id"]
    except (ValueError, KeyError, TypeError):
        delivery.error = event_messages.MalformedEvent(NOT_A_CLOUDEVENT)
        return
    delivery.envelope = envelope
    try:
        delivery.message = _parsed(sub, envelope)
        if not _relevant(sub, delivery):
            delivery.outcome = "ignored"
    except Exception as e:  # noqa: BLE001 - settled as the handler's failure would be
        delivery.error = e


class _HandlerFailed(Exception):
    """One event's handler failed in a batch's transaction, which is rolled back whole."""

    def __init__(self, delivery: Delivery):
        super().__init__(delivery.event_id)
        self.delivery = delivery


class Consumers:
    def __init__(self, session_factory, stream: str, durable_name: Callable[[str], str] = lambda base: base):
        """`durable_name` maps a subscription's durable to this instance's name for it in JetStream
        (instance_durable); the inbox rows keep the subscription's own name (one database per instance)."""
        self.session_factory = session_factory
        self.stream = stream
        self.durable_name = durable_name

    # -- applying, in an executor thread --------------------------------------------------------
    def handle(self, sub: Subscription, envelope: dict) -> str:
        """One event in a transaction of its own: processed, duplicate or ignored; raises what failed
        (MalformedEvent for a payload that can never be the event). Also for replays (rebuild)."""
        delivery = Delivery(data=b"", envelope=envelope, message=_parsed(sub, envelope))
        if not _relevant(sub, delivery):
            return "ignored"
        outcome = self._apply_alone(sub, delivery)
        _run_callbacks(delivery)
        return outcome

    def apply_fetched(self, sub: Subscription, deliveries: list[Delivery]) -> None:
        """Give every delivery its outcome or error; the applied ones are committed when this returns."""
        for delivery in deliveries:
            if not delivery.prepared:
                prepare(sub, delivery)
        pending = [d for d in deliveries if d.outcome is None and d.error is None]
        while len(pending) > 1:
            try:
                self._apply_together(sub, pending)
                return
            except _HandlerFailed as failed:
                # Nothing of the batch was kept: the failing event keeps its error (retried or
                # dead-lettered as alone), the others run again together without it.
                for delivery in pending:
                    delivery.forget()
                failed.delivery.error = failed.__cause__
                pending = [d for d in pending if d is not failed.delivery]
            except Exception as e:  # noqa: BLE001 - nothing of the batch was kept: one by one
                log.warning(
                    "a batch of %d events of %s failed (%s); applying them one by one", len(pending), sub.durable, e
                )
                for delivery in pending:
                    delivery.forget()
                break
        for delivery in pending:
            try:
                delivery.outcome = self._apply_alone(sub, delivery)
            except Exception as e:  # noqa: BLE001 - settled by the caller
                delivery.error = e
                continue
            _run_callbacks(delivery)

    def _apply_together(self, sub: Subscription, pending: list[Delivery]) -> None:
        with self.session_factory() as session:
            with session.begin():
                seen = already_processed(session, sub.durable, [d.event_id for d in pending])
                applied: list[str] = []
                for delivery in pending:
                    if delivery.event_id in seen:
                        delivery.outcome = "duplicate"
                        continue
                    # No savepoint per event: on SQLite in WAL mode one costs ~0.1 ms of CPU per event
                    # (measured), on PostgreSQL two round trips; a failure is rare and costs a rerun.
                    try:
                        self._run_handler(session, sub, delivery)
                    except Exception as e:
                        raise _HandlerFailed(delivery) from e
                    delivery.outcome = "processed"
                    seen.add(delivery.event_id)
                    applied.append(delivery.event_id)
                record_processed(session, sub.durable, applied)
        for delivery in pending:
            _run_callbacks(delivery)

    def _apply_alone(self, sub: Subscription, delivery: Delivery) -> str:
        try:
            with self.session_factory() as session, session.begin():
                if not mark_processed(session, sub.durable, delivery.event_id):
                    return "duplicate"
                self._run_handler(session, sub, delivery)
            return "processed"
        except sa_exc.IntegrityError:
            # A concurrent delivery of the same event won the inbox insert.
            delivery.callbacks = []
            with self.session_factory() as session:
                if already_processed(session, sub.durable, [delivery.event_id]):
                    return "duplicate"
            raise
        except BaseException:
            delivery.callbacks = []
            raise

    @staticmethod
    def _run_handler(session, sub: Subscription, delivery: Delivery) -> None:
        envelope = delivery.envelope
        token = request_id_var.set(envelope.get("requestid", ""))
        session.info[AFTER_COMMIT] = delivery.callbacks
        try:
            with tracing.consuming(envelope, sub.durable):
                if sub.message is None:
                    sub.handler(session, envelope)
                else:
                    sub.handler(session, delivery.message, envelope)
        finally:
            session.info.pop(AFTER_COMMIT, None)
            request_id_var.reset(token)

    # -- the loop --------------------------------------------------------------------------------
    async def run(self, js, sub: Subscription) -> None:
        """Fetch, apply once (inbox) and settle every message of one durable consumer until cancelled."""
        loop = asyncio.get_running_loop()
        psub = None
        while psub is None:
            try:
                psub = await js.pull_subscribe(
                    sub.subject,
                    durable=self.durable_name(sub.durable),
                    stream=self.stream,
                    config=ConsumerConfig(ack_wait=30, deliver_policy=DeliverPolicy.ALL, max_ack_pending=1000),
                )
            except Exception as e:  # noqa: BLE001
                log.warning("cannot subscribe %s yet (%s)", sub.durable, e)
                await asyncio.sleep(2)
        lag_read_at = 0.0
        try:
            while True:
                if loop.time() - lag_read_at >= LAG_INTERVAL_SECONDS:
                    lag_read_at = loop.time()
                    await self._record_lag(psub, sub)
                try:
                    messages = await psub.fetch(batch=FETCH_BATCH, timeout=1)
                except (TimeoutError, nats.errors.TimeoutError):
                    continue
                except Exception as e:  # noqa: BLE001 - disconnected; nats-py reconnects
                    log.debug("fetch failed: %s", e)
                    await asyncio.sleep(1)
                    continue
                await self._process(js, sub, messages, loop)
                if len(messages) < FETCH_BATCH:
                    # Caught up: let the next few events gather in JetStream, so that the next fetch
                    # brings them together (one pull request, one transaction) instead of one each.
                    await asyncio.sleep(GATHER_SECONDS)
        finally:
            # A cancelled fetch leaves its inbox subscribed, which would stall drain() at shutdown.
            try:
                await psub.unsubscribe()
            except Exception:  # noqa: BLE001 - closing anyway
                pass

    async def _record_lag(self, psub, sub: Subscription) -> None:
        """gorontalo_consumer_lag_messages{consumer}: what JetStream holds for this durable, unacknowledged."""
        try:
            info = await psub.consumer_info()
        except Exception as e:  # noqa: BLE001 - disconnected; the gauge keeps its last value
            log.debug("cannot read consumer info of %s: %s", sub.durable, e)
            return
        metrics.CONSUMER_LAG.labels(sub.durable).set(consumer_lag(info))

    async def _process(self, js, sub: Subscription, messages: list, loop) -> None:
        deliveries = [Delivery(data=msg.data) for msg in messages]
        for delivery in deliveries:
            prepare(sub, delivery)  # here: a fetch of events with nothing to do needs no thread at all
        to_apply = [d for d in deliveries if d.outcome is None and d.error is None]
        try:
            if to_apply:
                await loop.run_in_executor(None, self.apply_fetched, sub, to_apply)
        except Exception:  # noqa: BLE001 - nothing acked: every message is redelivered after ack_wait
            log.exception("cannot apply a batch of %s", sub.durable)
            return
        for msg, delivery in zip(messages, deliveries, strict=True):
            try:
                await self._settle(js, sub, msg, delivery)
            except Exception:  # noqa: BLE001 - left for redelivery; the consumer goes on
                log.exception("cannot settle a message of %s", sub.durable)

    async def _settle(self, js, sub: Subscription, msg, delivery: Delivery) -> None:
        if delivery.error is None:
            await msg.ack()
            metrics.EVENTS_CONSUMED.labels(sub.durable, delivery.outcome).inc()
            age = event_age_seconds(delivery.envelope, time.time())
            if age is not None:
                metrics.EVENT_AGE_AT_ACK.labels(sub.durable).observe(age)
            return
        e = delivery.error
        if isinstance(e, event_messages.MalformedEvent):
            # No retry can make it fit: park it now, as the consumers' contract promises.
            reason = NOT_A_CLOUDEVENT if delivery.envelope is None else f"MalformedEvent: {e}"
            await self._dead_letter(js, sub, msg, reason)
            return
        attempt = msg.metadata.num_delivered
        if attempt >= sub.max_attempts:
            await self._dead_letter(js, sub, msg, f"{type(e).__name__}: {e}")
            return
        log.warning(
            "event %s failed (attempt %d): %s", delivery.event_id, attempt, e, extra={"event_id": delivery.event_id}
        )
        metrics.EVENTS_CONSUMED.labels(sub.durable, "retried").inc()
        await msg.nak(delay=backoff_seconds(attempt))

    async def _dead_letter(self, js, sub: Subscription, msg, reason: str) -> None:
        await js.publish(
            f"deadletter.{self.durable_name(sub.durable)}",
            msg.data,
            headers={"Gorontalo-Original-Subject": msg.subject, "Gorontalo-Error": reason[:200]},
        )
        await msg.term()
        metrics.EVENTS_DEAD_LETTERED.labels(sub.durable).inc()
        metrics.EVENTS_CONSUMED.labels(sub.durable, "dead_lettered").inc()
        log.error("event parked on deadletter.%s: %s", self.durable_name(sub.durable), reason)


def _run_callbacks(delivery: Delivery) -> None:
    """The handler's after-commit work (metrics, waking the relay): its transaction committed."""
    callbacks, delivery.callbacks = delivery.callbacks, []
    for callback in callbacks:
        try:
            callback()
        except Exception:  # noqa: BLE001 - committed already; a metric must not fail the event
            log.exception("an after-commit callback failed")
