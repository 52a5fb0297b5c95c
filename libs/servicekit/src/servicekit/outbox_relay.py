"""The outbox relay: publishes committed events to JetStream in outbox order, each row by one relay.

Every replica of a service runs a relay on the service's one outbox. On PostgreSQL a pass is one
transaction that first takes the relay lease, a transaction-scoped advisory lock of the database
(pg_try_advisory_xact_lock): while one relay publishes, the others find it taken and try again
shortly. The holder publishes its batch in seq order, marking each row in that transaction, and
commits; the lease ends with the transaction, at commit or when a killed replica's connection
closes, so another replica takes over at once. One publisher at a time, in outbox order, is what
keeps each aggregate's events in order (its next row is never sent before the previous one was
acknowledged) and every row published once.

SQLite is one process's file (one relay): no lease, and no transaction open while publishing, so
that the service's writers never wait behind a pass; the rows a pass published are marked together
in one short transaction at its end (a mark per row was a write transaction per event, each queued
for the writer's lock behind the requests': issue 20 measured seconds of latency at 100 events/s).

Each row still goes out with Nats-Msg-Id = its event id, for the one case no lease covers: a relay
that published and died before its transaction committed; the next holder sends those rows again
and JetStream's duplicate window drops them. A failed publish stops the pass (order is kept) and is
retried after a pause.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from . import metrics, tracing
from .jetstream import backoff_seconds
from .messaging import outbox, utcnow

log = logging.getLogger("servicekit.bus")

# The key of the relay lease among the database's advisory locks (one database per service instance).
LEASE_KEY = "gorontalo.outbox-relay"
# How soon a replica that found the lease taken tries again: the holder may be between passes.
LEASE_RETRY_SECONDS = 0.2


def unsent_age_seconds(oldest: dt.datetime | None, now: dt.datetime) -> float:
    """Seconds the oldest unsent row has waited (0 when none waits); a naive time is UTC (SQLite)."""
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    return max(0.0, (now - oldest).total_seconds())


@dataclass
class Claim:
    """What one pass may publish. `session` is the lease's open transaction on PostgreSQL (marks go
    through it and `OutboxRelay.end` commits them); None on SQLite, where each mark commits itself."""

    rows: list = field(default_factory=list)
    session: object | None = None
    lease_taken: bool = False  # another relay holds the lease: nothing to do in this pass


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

    # -- the database side, run in an executor thread ------------------------------------------
    def _unsent(self, session) -> list:
        return session.execute(
            sa.select(outbox.c.seq, outbox.c.event_id, outbox.c.subject, outbox.c.envelope, outbox.c.attempts)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.seq)
            .limit(self.batch_size)
        ).all()

    def _record_backlog(self, session) -> None:
        """The backlog gauges, on every replica whether it holds the lease or not."""
        count, oldest = session.execute(
            sa.select(sa.func.count(), sa.func.min(outbox.c.created_at)).where(outbox.c.published_at.is_(None))
        ).one()
        metrics.OUTBOX_PENDING.set(count)
        metrics.OUTBOX_OLDEST_AGE.set(unsent_age_seconds(oldest, utcnow()))

    def pending(self) -> list:
        """The next unsent rows in order (without the lease: a reading, as the backlog gauges are)."""
        with self.session_factory() as session:
            rows = self._unsent(session)
            self._record_backlog(session)
        return rows

    def claim(self) -> Claim:
        """The rows this relay publishes now: on PostgreSQL only while it holds the lease."""
        session = self.session_factory()
        try:
            if session.get_bind().dialect.name != "postgresql":
                session.close()
                return Claim(rows=self.pending())
            self._record_backlog(session)
            held = session.execute(sa.select(sa.func.pg_try_advisory_xact_lock(sa.func.hashtext(LEASE_KEY)))).scalar()
            if not held:
                session.close()
                return Claim(lease_taken=True)
            return Claim(rows=self._unsent(session), session=session)
        except BaseException:
            session.close()
            raise

    def mark(self, seq: int, error: str | None, session=None) -> None:
        """Record one publish (error None) or failed attempt; in `session` (the lease's transaction) when
        given, else in a transaction of its own."""
        values = {"attempts": outbox.c.attempts + 1}
        if error is None:
            values["published_at"] = utcnow()
            values["last_error"] = None
        else:
            values["last_error"] = error[:500]
        statement = outbox.update().where(outbox.c.seq == seq).values(**values)
        if session is not None:
            session.execute(statement)
            return
        with self.session_factory() as own, own.begin():
            own.execute(statement)

    def end(self, claim: Claim) -> bool:
        """Commit the pass's marks and give the lease up; False when the commit failed (the rows it
        published go out again on a later pass and are dropped by the duplicate window)."""
        if claim.session is None:
            return True
        try:
            claim.session.commit()
            return True
        except Exception:  # noqa: BLE001 - the database went away mid-pass; the lease ended with it
            log.exception("cannot commit the relay's pass")
            return False
        finally:
            claim.session.close()

    # -- the loop ---------------------------------------------------------------------------------
    def mark_published(self, seqs: list[int]) -> None:
        """SQLite: the rows one pass published, marked in one transaction."""
        if not seqs:
            return
        statement = (
            outbox.update()
            .where(outbox.c.seq.in_(seqs))
            .values(attempts=outbox.c.attempts + 1, published_at=utcnow(), last_error=None)
        )
        with self.session_factory() as own, own.begin():
            own.execute(statement)

    async def _publish(self, js, claim: Claim, loop) -> str | None:
        """Publish the claim's rows in order until one fails; what failed, or None when all went out."""
        published: list[int] = []  # SQLite: marked together when the pass ends
        try:
            for row in claim.rows:
                failed = await self._publish_row(js, claim, loop, row, published)
                if failed:
                    return failed
            return None
        finally:
            if published:
                try:
                    await loop.run_in_executor(None, self.mark_published, published)
                except Exception:  # noqa: BLE001 - published; re-sent later and de-duplicated by Nats-Msg-Id
                    log.exception("cannot mark %d outbox rows published", len(published))

    async def _publish_row(self, js, claim: Claim, loop, row, published: list[int]) -> str | None:
        envelope = json.loads(row.envelope)
        event_type = envelope.get("type", row.subject)
        try:
            # A span in the trace of the request that recorded the event (its traceparent).
            with tracing.publishing(envelope):
                await js.publish(row.subject, row.envelope.encode(), headers={"Nats-Msg-Id": row.event_id}, timeout=3)
        except Exception as e:  # noqa: BLE001 - every unsent row is retried on a later pass
            metrics.OUTBOX_FAILURES.inc()
            try:
                await loop.run_in_executor(None, self.mark, row.seq, f"{type(e).__name__}: {e}", claim.session)
            except Exception:  # noqa: BLE001
                log.exception("cannot record the failed publish")
            return f"publish of {row.event_id} ({type(e).__name__})"  # keep order: retry from this row
        if claim.session is None:
            published.append(row.seq)
        else:
            try:
                await loop.run_in_executor(None, self.mark, row.seq, None, claim.session)
            except Exception:  # noqa: BLE001 - published; re-sent later and de-duplicated by Nats-Msg-Id
                log.exception("cannot mark outbox row %s published", row.seq)
                return f"mark of {row.event_id}"
        metrics.OUTBOX_PUBLISHED.labels(event_type).inc()
        return None

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
                claim = await loop.run_in_executor(None, self.claim)
            except Exception:  # noqa: BLE001 - the database may be briefly locked or away
                log.exception("cannot read the outbox")
                claim = Claim()
            try:
                failed = await self._publish(js, claim, loop)
            finally:
                committed = await loop.run_in_executor(None, self.end, claim)
            published_all = failed is None and committed
            failures = 0 if published_all else failures + 1
            if failed and (failures == 1 or failures % 50 == 0):
                log.warning("outbox %s failed; will retry", failed)
            if stopping and not claim.rows:
                return  # flushed (or another replica holds the lease and flushes)
            if claim.rows and published_all and len(claim.rows) == self.batch_size:
                continue  # more waiting
            if claim.lease_taken:
                pause = LEASE_RETRY_SECONDS
            else:
                pause = backoff_seconds(failures) if not published_all else 1.0
            if stopping:
                pause = min(pause, 0.2)
            try:
                await asyncio.wait_for(self.wake_event.wait(), timeout=pause)
            except TimeoutError:
                pass
