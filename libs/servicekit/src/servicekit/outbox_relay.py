"""The outbox relay: publishes committed events to JetStream in outbox order, at least once.

Each row goes out with Nats-Msg-Id = its event id, so a row re-sent after a crash between publish
and mark is dropped by JetStream's duplicate window. A failed publish stops the pass (order is
kept) and is retried after a pause.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Callable

import sqlalchemy as sa

from . import metrics
from .jetstream import backoff_seconds
from .messaging import outbox, utcnow

log = logging.getLogger("servicekit.bus")


def unsent_age_seconds(oldest: dt.datetime | None, now: dt.datetime) -> float:
    """Seconds the oldest unsent row has waited (0 when none waits); a naive time is UTC (SQLite)."""
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    return max(0.0, (now - oldest).total_seconds())


class OutboxRelay:
    def __init__(
        self,
        session_factory,
        batch_size: int,
        wake_event: asyncio.Event,
        stopping: asyncio.Event,
        flush_deadline: Callable[[], float],
    ):
        self.session_factory = session_factory
        self.batch_size = batch_size
        self.wake_event = wake_event
        self.stopping = stopping
        self.flush_deadline = flush_deadline

    def pending(self) -> list:
        with self.session_factory() as session:
            rows = session.execute(
                sa.select(outbox.c.seq, outbox.c.event_id, outbox.c.subject, outbox.c.envelope, outbox.c.attempts)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.seq)
                .limit(self.batch_size)
            ).all()
            count, oldest = session.execute(
                sa.select(sa.func.count(), sa.func.min(outbox.c.created_at)).where(outbox.c.published_at.is_(None))
            ).one()
        metrics.OUTBOX_PENDING.set(count)
        metrics.OUTBOX_OLDEST_AGE.set(unsent_age_seconds(oldest, utcnow()))
        return rows

    def mark(self, seq: int, error: str | None) -> None:
        with self.session_factory() as session, session.begin():
            values = {"attempts": outbox.c.attempts + 1}
            if error is None:
                values["published_at"] = utcnow()
                values["last_error"] = None
            else:
                values["last_error"] = error[:500]
            session.execute(outbox.update().where(outbox.c.seq == seq).values(**values))

    async def run(self, js) -> None:
        """Publish unsent rows in order until stopping, then flush until the deadline."""
        loop = asyncio.get_running_loop()
        failures = 0
        while True:
            # Cleared before reading, so a wake() during this pass triggers the next one.
            self.wake_event.clear()
            stopping = self.stopping.is_set()
            if stopping and loop.time() > self.flush_deadline():
                return
            try:
                rows = await loop.run_in_executor(None, self.pending)
            except Exception:  # noqa: BLE001 - the database may be briefly locked
                log.exception("cannot read the outbox")
                rows = []
            published_all = True
            for row in rows:
                event_type = json.loads(row.envelope).get("type", row.subject)
                try:
                    await js.publish(
                        row.subject, row.envelope.encode(), headers={"Nats-Msg-Id": row.event_id}, timeout=3
                    )
                except Exception as e:  # noqa: BLE001 - every unsent row is retried on the next pass
                    published_all = False
                    failures += 1
                    metrics.OUTBOX_FAILURES.inc()
                    try:
                        await loop.run_in_executor(None, self.mark, row.seq, f"{type(e).__name__}: {e}")
                    except Exception:  # noqa: BLE001
                        log.exception("cannot record the failed publish")
                    if failures == 1 or failures % 50 == 0:
                        log.warning(
                            "outbox publish failed (%s); will retry", type(e).__name__, extra={"event_id": row.event_id}
                        )
                    break  # keep order: retry from this row after a pause
                try:
                    await loop.run_in_executor(None, self.mark, row.seq, None)
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
                await asyncio.wait_for(self.wake_event.wait(), timeout=pause)
            except TimeoutError:
                pass
