"""The outbox relay: publishes committed events to JetStream in outbox order, each row by one relay.

Every replica of a service runs a relay on the service's one outbox. On PostgreSQL a pass is one
transaction that first takes the relay lease, a transaction-scoped advisory lock of the database
(pg_try_advisory_xact_lock): while one relay publishes, the others find it taken and try again
shortly. The holder publishes its batch in seq order, marks the rows in that transaction, and
commits; the lease ends with the transaction, at commit or when a killed replica's connection
closes, so another replica takes over at once. One publisher at a time, in outbox order, is what
keeps each aggregate's events in order and every row published once.

A pass sends its rows one after the other on the one connection (so JetStream stores them in seq
order) without waiting for each acknowledgement, then waits for the acknowledgements together: one
round trip per pass, not per event (issue 20: at 500 events/s the relay spent its time waiting).
A failed publish stops the pass: the rows from the first one not acknowledged on are sent again
after a pause, in order. Only when a row is lost on the way (a publish timing out, the connection
dropping mid-pass) while a later one of the same pass was stored can the retried row land after it.

SQLite is one process's file (one relay): no lease, and no transaction open while publishing, so
that the service's writers never wait behind a pass; the read is a reader's snapshot (it neither
takes nor waits for the writer's lock), and the rows a pass published are marked together in one
short transaction at its end (a mark per row was a write transaction per event, each queued for the
writer's lock behind the requests': issue 20 measured seconds of latency at 100 events/s).

Each row still goes out with Nats-Msg-Id = its event id, for the one case no lease covers: a relay
that published and died before its transaction committed; the next holder sends those rows again
and JetStream's duplicate window drops them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from . import metrics, tracing
from .db import READ_ONLY
from .jetstream import backoff_seconds
from .messaging import outbox, utcnow

log = logging.getLogger("servicekit.bus")

# The key of the relay lease among the database's advisory locks (one database per service instance).
LEASE_KEY = "gorontalo.outbox-relay"
# How soon a replica that found the lease taken tries again: the holder may be between passes.
LEASE_RETRY_SECONDS = 0.2
# How long a pass waits for JetStream to acknowledge what it sent.
PUBLISH_TIMEOUT_SECONDS = 3.0
# The backlog gauges are read at most this often (a count over the unsent rows, not per pass).
BACKLOG_INTERVAL_SECONDS = 1.0
# Woken by a commit, a relay waits this long before its pass, so that the commits of the next few
# milliseconds go out in the same pass. A pass costs the same for one row as for thirty (a snapshot read
# and an executor hop, the publishes' round trip, the mark's write transaction and hop): under load
# every commit woke its own pass of one or two rows, and each consumer fetched them one or two at a
# time. Issue 20, measured under POST /v1/disaster/reports, without and with, three runs each (CPU ms
# per report): all processes 5.12 / 4.39 / 4.36 -> 4.65 / 3.70 / 4.59, disaster 2.50 / 2.12 / 2.08 ->
# 2.19 / 1.78 / 2.20, inbox 0.77 / 0.66 / 0.66 -> 0.67 / 0.52 / 0.66. An event reaches the bus 20 ms
# later at most, within the 200 ms commit -> consumer budget.
GATHER_SECONDS = 0.02


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
        self._backlog_read_at = float("-inf")

    # -- the database side, run in an executor thread ------------------------------------------
    def _unsent(self, session) -> list:
        return session.execute(
            sa.select(outbox.c.seq, outbox.c.event_id, outbox.c.subject, outbox.c.envelope, outbox.c.attempts)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.seq)
            .limit(self.batch_size)
        ).all()

    def _record_backlog(self, session) -> None:
        """The backlog gauges, on every replica whether it holds the lease or not (once a second)."""
        now = time.monotonic()
        if now - self._backlog_read_at < BACKLOG_INTERVAL_SECONDS:
            return
        self._backlog_read_at = now
        count, oldest = session.execute(
            sa.select(sa.func.count(), sa.func.min(outbox.c.created_at)).where(outbox.c.published_at.is_(None))
        ).one()
        metrics.OUTBOX_PENDING.set(count)
        metrics.OUTBOX_OLDEST_AGE.set(unsent_age_seconds(oldest, utcnow()))

    def pending(self) -> list:
        """The next unsent rows in order (without the lease: a reading, as the backlog gauges are)."""
        with self.session_factory() as session:
            session.connection(execution_options={READ_ONLY: True})
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

    def mark_published(self, seqs: list[int], session=None) -> None:
        """The rows one pass published, marked in one statement: in the lease's transaction when given
        (PostgreSQL), else in a short transaction of their own (SQLite)."""
        if not seqs:
            return
        statement = (
            outbox.update()
            .where(outbox.c.seq.in_(seqs))
            .values(attempts=outbox.c.attempts + 1, published_at=utcnow(), last_error=None)
        )
        if session is not None:
            session.execute(statement)
            return
        with self.session_factory() as own, own.begin():
            own.execute(statement)

    # -- the loop ---------------------------------------------------------------------------------
    async def _publish(self, js, claim: Claim, loop) -> str | None:
        """Publish the claim's rows in order; what failed first, or None when all went out."""
        sent, failure = await self._send(js, claim.rows)
        acknowledged: list = []
        if sent:
            acks = await asyncio.gather(
                *(asyncio.wait_for(ack, PUBLISH_TIMEOUT_SECONDS) for _, _, ack in sent), return_exceptions=True
            )
            for (row, event_type, _), ack in zip(sent, acks, strict=True):
                if isinstance(ack, BaseException):
                    failure = (row, ack)  # this row and the ones after it go again, in order
                    break
                acknowledged.append(row.seq)
                metrics.OUTBOX_PUBLISHED.labels(event_type).inc()
        try:
            await loop.run_in_executor(None, self.mark_published, acknowledged, claim.session)
        except Exception:  # noqa: BLE001 - published; re-sent later and de-duplicated by Nats-Msg-Id
            log.exception("cannot mark %d outbox rows published", len(acknowledged))
            return "mark of published rows"
        if failure is None:
            return None
        row, error = failure
        metrics.OUTBOX_FAILURES.inc()
        try:
            await loop.run_in_executor(None, self.mark, row.seq, f"{type(error).__name__}: {error}", claim.session)
        except Exception:  # noqa: BLE001
            log.exception("cannot record the failed publish")
        return f"publish of {row.event_id} ({type(error).__name__})"  # keep order: retry from this row

    async def _send(self, js, rows) -> tuple[list, tuple | None]:
        """Send the rows in order without waiting for their acknowledgements: (row, type, ack future)
        of each one sent, and the row that could not be sent with why (the pass stops there)."""
        sent = []
        for row in rows:
            envelope = json.loads(row.envelope)
            try:
                # A span in the trace of the request that recorded the event (its traceparent).
                with tracing.publishing(envelope):
                    ack = await js.publish_async(
                        row.subject,
                        row.envelope.encode(),
                        headers={"Nats-Msg-Id": row.event_id},
                        wait_stall=PUBLISH_TIMEOUT_SECONDS,
                    )
            except Exception as e:  # noqa: BLE001 - every unsent row is retried on a later pass
                return sent, (row, e)
            sent.append((row, envelope.get("type", row.subject), ack))
        return sent, None

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
            await self._wait_for_work(pause)

    async def _wait_for_work(self, pause: float) -> None:
        """Until woken (then the pass gathers for GATHER_SECONDS) or `pause` passed."""
        try:
            await asyncio.wait_for(self.wake_event.wait(), timeout=pause)
        except TimeoutError:
            return
        if not self.stopping.is_set():
            await asyncio.sleep(GATHER_SECONDS)
