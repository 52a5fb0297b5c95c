"""Periodic work of `serve` (deadline sweeps, due-soon reminders) that runs once per period across replicas.

Every replica runs the same timer; before each run it claims the period in its own database's
`scheduled_runs` table (one row per job: when it last started and by whom). The claim is a single
upsert whose update applies only when the last start is at least ~a period old, so of replicas ticking
together exactly one wins and the others skip that period. A replica that dies mid-run holds nothing:
the next period is claimable as usual. Works alike on PostgreSQL and SQLite.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable

import sqlalchemy as sa
from prometheus_client import Counter
from sqlalchemy.dialects import postgresql, sqlite

from .db import UtcDateTime

log = logging.getLogger(__name__)

TABLE_NAME = "scheduled_runs"
# Timers of two replicas drift; a claim made this much earlier than a full period still counts as
# the previous period's, so a replica whose timer fires a little early does not run it twice.
JITTER_ALLOWANCE = 0.1

RUNS = Counter(
    "gorontalo_scheduled_runs_total",
    "Periodic jobs by outcome: ran here, skipped (another replica had the period), failed",
    ["job", "outcome"],
)


def _columns() -> list[sa.Column]:
    return [
        sa.Column("job", sa.String(64), primary_key=True),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("holder", sa.String(255), nullable=False),
    ]


_metadata = sa.MetaData()
scheduled_runs = sa.Table(TABLE_NAME, _metadata, *_columns())


def create_table_op(op) -> None:
    """For a service's Alembic migration: op.create_table of the same table."""
    op.create_table(TABLE_NAME, *_columns())


def this_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_period(engine: sa.Engine, job: str, period: dt.timedelta, now: dt.datetime, holder: str) -> bool:
    """True for the one caller that may run `job` for the period starting at `now`."""
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    claimable_before = now - period * (1 - JITTER_ALLOWANCE)
    statement = (
        insert(scheduled_runs)
        .values(job=job, started_at=now, holder=holder)
        .on_conflict_do_update(
            index_elements=[scheduled_runs.c.job],
            set_={"started_at": now, "holder": holder},
            where=scheduled_runs.c.started_at <= claimable_before,
        )
        .returning(scheduled_runs.c.job)
    )
    with engine.begin() as connection:
        return connection.execute(statement).first() is not None


class Periodic:
    """Runs `task()` every `interval` seconds on its own thread until stopped; a failure waits for the
    next period. With `engine`, each period is claimed first so that one replica runs it."""

    def __init__(
        self,
        name: str,
        interval: float,
        task: Callable[[], object],
        *,
        engine: sa.Engine | None = None,
        first_at_once: bool = True,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self.name, self.interval, self.task = name, interval, task
        self.engine, self.first_at_once, self.clock = engine, first_at_once, clock
        self.holder = this_holder()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Periodic:
        self._thread.start()
        return self

    def run_once(self) -> str:
        """One period: 'ran', 'skipped' (another replica has it) or 'failed'."""
        try:
            if self.engine is not None and not claim_period(
                self.engine, self.name, dt.timedelta(seconds=self.interval), self.clock(), self.holder
            ):
                outcome = "skipped"
            else:
                self.task()
                outcome = "ran"
        except Exception:  # noqa: BLE001 - logged and counted; the server keeps serving
            log.exception("%s failed", self.name)
            outcome = "failed"
        RUNS.labels(self.name, outcome).inc()
        return outcome

    def _run(self) -> None:
        if not self.first_at_once and self._stop.wait(self.interval):
            return
        while not self._stop.is_set():
            self.run_once()
            self._stop.wait(self.interval)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
