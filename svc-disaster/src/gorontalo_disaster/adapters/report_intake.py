"""The report intake on the database: many reports per transaction (servicekit.group_commit).

Request threads hand over a report prepared in full (its row, its event's outbox row made on the
request's thread with its request and trace ids, the answer stored under its Idempotency-Key); the
one writer thread of this process inserts a whole batch with one statement per table and commits
once. On SQLite the batch holds the process's writer lock once instead of once per report; the COMMIT
writes the shared last pages of `reports`, `outbox` and `idempotency_records` once per batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from servicekit import event_messages, idempotency_batch
from servicekit.db import READ_ONLY
from servicekit.group_commit import GroupCommitter
from servicekit.messaging import outbox, outbox_row

from ..domain.model import ReportCodeTaken
from ..service_layer.intake import Filed, Filing
from .report_repository import ReportRepository
from .tables import idempotency_records, photos, reports

# Up to this many reports per transaction: past ~64 a batch's statements grow while the commit's
# share per report no longer shrinks.
MAX_BATCH = 64
# How long the writer waits for more reports when the queue runs dry: none. Under load the next
# batch gathers while the current one commits; at low load a wait would only add latency.
MAX_WAIT_SECONDS = 0.0


@dataclass(frozen=True)
class _Pending:
    filing: Filing
    event_row: dict


class GroupCommittedReports:
    """The service layer's ReportIntake port on one engine; `close()` at shutdown writes what is queued."""

    def __init__(
        self,
        engine: sa.Engine,
        *,
        clock: Callable[[], dt.datetime],
        source: str,
        on_committed: Callable[[], None] | None = None,
        max_batch: int = MAX_BATCH,
        max_wait: float = MAX_WAIT_SECONDS,
    ):
        self.engine = engine
        self.clock = clock
        self.source = source
        self.on_committed = on_committed
        self.committer = GroupCommitter(
            engine,
            self._write,
            name="disaster_reports",
            max_batch=max_batch,
            max_wait=max_wait,
            after_commit=self._after_commit,
        )

    def stored_answer(self, keyed: idempotency_batch.KeyedRequest) -> bytes | None:
        with self._reading() as connection:
            return idempotency_batch.stored_answer(connection, idempotency_records, keyed, self.clock())

    def existing_photos(self, photo_ids: list[str]) -> set[str]:
        with self._reading() as connection:
            return set(connection.execute(sa.select(photos.c.id).where(photos.c.id.in_(photo_ids))).scalars())

    def file(self, filing: Filing) -> Filed:
        """Blocks until the report's batch committed (or raises this report's own error)."""
        event = filing.event
        row = outbox_row(
            source=self.source,
            type_=event_messages.event_type(event),
            data=event_messages.to_data(event),
            subject=filing.report.id,
        )
        try:
            return self.committer.submit(_Pending(filing, row))
        except sa.exc.IntegrityError as error:
            if _code_taken(error):
                raise ReportCodeTaken(filing.report.code) from None
            raise

    def close(self, timeout: float | None = None) -> None:
        self.committer.close(timeout)

    def _reading(self) -> sa.Connection:
        """A read outside the writer's turn (SQLite: a deferred WAL snapshot, no writer's lock)."""
        connection = self.engine.connect()
        connection.execution_options(**{READ_ONLY: True})
        return connection

    def _write(self, connection: sa.Connection, batch: list[_Pending]) -> list:
        settled = idempotency_batch.settle_batch(
            connection, idempotency_records, [(p.filing.keyed, p.filing.answer) for p in batch], self.clock()
        )
        new = [pending for pending, outcome in zip(batch, settled, strict=True) if outcome is idempotency_batch.RUN]
        if new:
            connection.execute(reports.insert(), [ReportRepository.row(p.filing.report) for p in new])
            connection.execute(outbox.insert(), [p.event_row for p in new])
        return [_filed(pending, outcome) for pending, outcome in zip(batch, settled, strict=True)]

    def _after_commit(self, outcomes: list) -> None:
        if self.on_committed is not None and any(isinstance(o, Filed) and not o.replayed for o in outcomes):
            self.on_committed()  # the outbox relay: new events to publish


def _code_taken(error: sa.exc.IntegrityError) -> bool:
    """The unique report code, as SQLite ("reports.code") and PostgreSQL ("uq_reports_code") name it."""
    text = str(error.orig)
    return "uq_reports_code" in text or "reports.code" in text


def _filed(pending: _Pending, outcome) -> Filed | Exception:
    if outcome is idempotency_batch.RUN:
        return Filed(pending.filing.answer, replayed=False)
    if isinstance(outcome, idempotency_batch.Replay):
        return Filed(outcome.answer, replayed=True)
    return outcome  # this report's own 409 or 422
