"""The report intake on the database: many reports per transaction (servicekit.group_commit).

Request threads hand over a report prepared in full (its row, its event, the answer stored under its
Idempotency-Key, and the request's context: its request and trace ids); the one writer thread of this
process places the batch's new reports in their incidents, then inserts them with one statement per
table and commits once. On SQLite the batch holds the process's writer lock once instead of once per
report; the COMMIT writes the shared last pages of `reports`, `outbox` and `idempotency_records` once
per batch.

Clustering as the report is filed (issue 20): the clustering consumer spent more CPU per report than
the intake itself (a fetch, an inbox check, reading the report back, linking it, acking), about a
third of the service's. Placed here, a batch's reports share their candidate incidents' reads and each
incident's one update, the report row carries its incident from the start, and the event says so
(`incident_id`), so the consumer acks it without a transaction. Placing runs in a savepoint: if it
fails, the reports are still filed, unplaced, and the consumer places them as it places SMS reports.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from servicekit import event_messages, idempotency_batch
from servicekit.db import READ_ONLY
from servicekit.group_commit import GroupCommitter
from servicekit.messaging import AFTER_COMMIT, outbox, outbox_row

from ..domain.model import Report, ReportCodeTaken
from ..service_layer.intake import Filed, Filing
from .incident_repository import IncidentRepository
from .report_repository import ReportRepository
from .tables import idempotency_records, photos, reports

log = logging.getLogger(__name__)

# Up to this many reports per transaction: past ~64 a batch's statements grow while the commit's
# share per report no longer shrinks.
MAX_BATCH = 64
# How long the writer waits for more reports when the queue runs dry: none. Under load the next
# batch gathers while the current one commits; at low load a wait would only add latency.
MAX_WAIT_SECONDS = 0.0

# `place(session, report)`: the id of the incident the report joined or formed in the session's
# transaction ("" for a hazard nobody clusters); the session's AFTER_COMMIT list takes its callbacks.
Place = Callable[[Session, Report], str]


@dataclass(frozen=True)
class _Pending:
    filing: Filing
    # The request's context (request id, trace): the writer thread writes the report's event, and any
    # incident it forms, under it, so they carry the ids of the request that filed the report.
    context: contextvars.Context


class GroupCommittedReports:
    """The service layer's ReportIntake port on one engine; `close()` at shutdown writes what is queued."""

    def __init__(
        self,
        engine: sa.Engine,
        *,
        clock: Callable[[], dt.datetime],
        source: str,
        on_committed: Callable[[], None] | None = None,
        place: Place | None = None,
        max_batch: int = MAX_BATCH,
        max_wait: float = MAX_WAIT_SECONDS,
    ):
        self.engine = engine
        self.clock = clock
        self.source = source
        self.on_committed = on_committed
        self.place = place
        self._placed_callbacks: list = []  # of the batch being written (only the writer thread uses it)
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
        try:
            return self.committer.submit(_Pending(filing, contextvars.copy_context()))
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
            incident_ids = self._place_all(connection, new)
            report_rows, event_rows = [], []
            for pending, incident_id in zip(new, incident_ids, strict=True):
                report = pending.filing.report
                if incident_id:
                    report = dataclasses.replace(report, incident_id=incident_id)
                report_rows.append(ReportRepository.row(report))
                event_rows.append(pending.context.run(self._event_row, pending.filing, incident_id))
            connection.execute(reports.insert(), report_rows)
            connection.execute(outbox.insert(), event_rows)
        return [_filed(pending, outcome) for pending, outcome in zip(batch, settled, strict=True)]

    def _place_all(self, connection: sa.Connection, new: list[_Pending]) -> list[str]:
        """Each new report's incident, placed in this transaction; all "" when placing failed."""
        self._placed_callbacks = []
        if self.place is None:
            return [""] * len(new)
        session = Session(bind=connection, join_transaction_mode="rollback_only")
        session.info[AFTER_COMMIT] = callbacks = []
        try:
            with connection.begin_nested():
                placed = [pending.context.run(self.place, session, pending.filing.report) for pending in new]
                IncidentRepository(session).write_held_changes()
        except Exception:  # noqa: BLE001 - the reports are filed anyway; the consumer places them
            log.exception("placing %d reports in incidents failed; the clustering consumer will", len(new))
            return [""] * len(new)
        finally:
            session.close()
        self._placed_callbacks = callbacks
        return placed

    def _event_row(self, filing: Filing, incident_id: str) -> dict:
        event = filing.event
        event.incident_id = incident_id
        return outbox_row(
            source=self.source,
            type_=event_messages.event_type(event),
            data=event_messages.to_data(event),
            subject=filing.report.id,
        )

    def _after_commit(self, outcomes: list) -> None:
        callbacks, self._placed_callbacks = self._placed_callbacks, []
        for callback in callbacks:  # the placing's metrics (and waking the relay for incidents formed)
            try:
                callback()
            except Exception:  # noqa: BLE001 - committed already
                log.exception("an after-commit callback of the intake failed")
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
