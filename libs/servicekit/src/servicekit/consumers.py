"""Durable JetStream consumers with an inbox: every event applied exactly once in effect.

A handler runs in one transaction with the inbox row of its event, so a redelivery is a no-op.
A payload that cannot be the event (MalformedEvent) is parked on the dead-letter stream at once;
any other failure is retried with backoff and parked after `max_attempts`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

import nats
from nats.js.api import ConsumerConfig, DeliverPolicy
from sqlalchemy import exc as sa_exc

from . import event_messages, metrics, tracing
from .jetstream import backoff_seconds
from .logging import request_id_var
from .messaging import mark_processed

log = logging.getLogger("servicekit.bus")
# How often each consumer reads its own lag from JetStream (one small request).
LAG_INTERVAL_SECONDS = 5.0


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
    def for_event(
        cls,
        durable: str,
        message: type,
        handler: Callable[..., None],
        *,
        subject: str | None = None,
        max_attempts: int = 5,
    ) -> Subscription:
        """A consumer of the event(s) the message declares; `subject` narrows or widens (e.g. a.b.>)."""
        types = event_messages.event_types(message)
        return cls(
            durable=durable,
            subject=subject or (types[0] if len(types) == 1 else _common_prefix(types)),
            handler=handler,
            max_attempts=max_attempts,
            message=message,
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


class Consumers:
    def __init__(self, session_factory, stream: str, durable_name: Callable[[str], str] = lambda base: base):
        """`durable_name` maps a subscription's durable to this instance's name for it in JetStream
        (instance_durable); the inbox rows keep the subscription's own name (one database per instance)."""
        self.session_factory = session_factory
        self.stream = stream
        self.durable_name = durable_name

    def handle(self, sub: Subscription, envelope: dict) -> str:
        token = request_id_var.set(envelope.get("requestid", ""))
        try:
            with tracing.consuming(envelope, sub.durable), self.session_factory() as session, session.begin():
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
            f"deadletter.{self.durable_name(sub.durable)}",
            msg.data,
            headers={"Gorontalo-Original-Subject": msg.subject, "Gorontalo-Error": reason[:200]},
        )
        await msg.term()
        metrics.EVENTS_DEAD_LETTERED.labels(sub.durable).inc()
        metrics.EVENTS_CONSUMED.labels(sub.durable, "dead_lettered").inc()
        log.error("event parked on deadletter.%s: %s", self.durable_name(sub.durable), reason)

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
                    messages = await psub.fetch(batch=20, timeout=1)
                except (TimeoutError, nats.errors.TimeoutError):
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

    async def _record_lag(self, psub, sub: Subscription) -> None:
        """gorontalo_consumer_lag_messages{consumer}: what JetStream holds for this durable, unacknowledged."""
        try:
            info = await psub.consumer_info()
        except Exception as e:  # noqa: BLE001 - disconnected; the gauge keeps its last value
            log.debug("cannot read consumer info of %s: %s", sub.durable, e)
            return
        metrics.CONSUMER_LAG.labels(sub.durable).set(consumer_lag(info))

    async def _process(self, js, sub, msg, loop) -> None:
        try:
            envelope = json.loads(msg.data)
            envelope["id"]
        except (ValueError, KeyError, TypeError):
            await self._dead_letter(js, sub, msg, "not a CloudEvent")
            return
        try:
            outcome = await loop.run_in_executor(None, self.handle, sub, envelope)
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
                log.warning(
                    "event %s failed (attempt %d): %s",
                    envelope.get("id"),
                    attempt,
                    e,
                    extra={"event_id": envelope.get("id")},
                )
                metrics.EVENTS_CONSUMED.labels(sub.durable, "retried").inc()
                await msg.nak(delay=backoff_seconds(attempt))
