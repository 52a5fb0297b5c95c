"""Group commit: the writes of many requests in one transaction, each request answered after it.

A write transaction costs about the same whether it carries one row or sixty: BEGIN, the writer's
lock (SQLite), the COMMIT that writes the last pages of every table and index touched (SQLite's WAL
frames; PostgreSQL's WAL flush) and the session around them. Issue 20's profile of the disaster
intake found the COMMIT alone at 26 % of the service's CPU, paid once per report.

Here request threads prepare their item outside any transaction and hand it to one writer thread
per committer; the writer takes what is queued (up to `max_batch` items; when the queue runs dry it
may wait `max_wait` seconds for more), calls `write(connection, items)` inside ONE transaction,
commits, and only then completes each request's future. So:

- nothing is acknowledged before its commit (a process killed at any moment loses only what it had
  not answered yet: the kill -9 guarantee of one transaction per request is kept);
- `write` answers one outcome per item: a value, or an exception for that item alone (an
  Idempotency-Key met in another request: 409/422) that does not fail the others;
- when the batch itself fails (a constraint, a deadlock, a bug), each item is written again in its
  own transaction, so one bad item fails only its own request;
- close() (SIGTERM) writes everything already queued before it returns; later submits get 503.

Under load the batches form by themselves: while one batch commits, the next requests queue.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Generic, TypeVar

import sqlalchemy as sa
from prometheus_client import Histogram

from .errors import Unavailable

log = logging.getLogger(__name__)

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

BATCH_SIZE = Histogram(
    "gorontalo_group_commit_batch_size",
    "Items written per group-commit transaction.",
    ["writer"],
    buckets=(1, 2, 4, 8, 16, 32, 64, 128),
)
QUEUE_WAIT = Histogram(
    "gorontalo_group_commit_queue_wait_seconds",
    "From an item's hand-over to the start of the transaction that writes it.",
    ["writer"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
RETRIED_ALONE = "retried_alone"  # log field: a batch failed and its items were written one by one

Write = Callable[[sa.Connection, list], Sequence]


@dataclass
class _Entry:
    item: object
    future: Future
    queued_at: float


_STOP = object()


class GroupCommitter(Generic[Item, Outcome]):
    """One writer thread committing what request threads hand it; `submit` waits for the commit.

    `write(connection, items)` runs inside the batch's transaction and returns one outcome per item
    (an exception instance fails that item only). `after_commit(outcomes)` runs once per committed
    batch (e.g. waking the outbox relay). Thread-safe; one instance per process and purpose.
    """

    def __init__(
        self,
        engine: sa.Engine,
        write: Write,
        *,
        name: str,
        max_batch: int = 64,
        max_wait: float = 0.0,
        after_commit: Callable[[list], None] | None = None,
    ):
        self.engine = engine
        self.write = write
        self.name = name
        self.max_batch = max(1, max_batch)
        self.max_wait = max(0.0, max_wait)
        self.after_commit = after_commit
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()  # hand-over against close(): nothing is queued behind the stop mark
        self._closed = False
        self._thread: threading.Thread | None = None
        self._batch_size = BATCH_SIZE.labels(name)
        self._queue_wait = QUEUE_WAIT.labels(name)

    # -- request threads ------------------------------------------------------------------

    def submit(self, item: Item) -> Outcome:
        """Queue `item`, wait until its transaction committed; its outcome, or its exception raised."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise Unavailable()  # stopping: the client retries against the next process
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f"group-commit-{self.name}", daemon=True)
                self._thread.start()
            self._queue.put(_Entry(item, future, time.monotonic()))
        return future.result()

    def close(self, timeout: float | None = None) -> None:
        """Write everything already queued, then stop the writer (graceful stop: nothing queued is lost)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            if thread is not None:
                self._queue.put(_STOP)
        if thread is not None:
            thread.join(timeout)

    # -- the writer thread ----------------------------------------------------------------

    def _run(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is _STOP:
                return
            batch, stopping = self._gather(first)
            try:
                self._commit(batch)
            except BaseException as error:  # noqa: BLE001 - the writer must outlive any one batch
                log.exception("group commit writer failed", extra={"writer": self.name})
                for entry in batch:
                    if not entry.future.done():
                        entry.future.set_exception(error)

    def _gather(self, first: _Entry) -> tuple[list[_Entry], bool]:
        """`first` and what else is queued, up to max_batch; (batch, whether the stop mark was met)."""
        batch = [first]
        deadline = None
        while len(batch) < self.max_batch:
            try:
                entry = self._queue.get_nowait()
            except queue.Empty:
                if self.max_wait <= 0:
                    break
                deadline = deadline or time.monotonic() + self.max_wait
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    entry = self._queue.get(timeout=remaining)
                except queue.Empty:
                    break
            if entry is _STOP:
                return batch, True
            batch.append(entry)
        return batch, False

    def _commit(self, batch: list[_Entry]) -> None:
        started = time.monotonic()
        for entry in batch:
            self._queue_wait.observe(started - entry.queued_at)
        self._batch_size.observe(len(batch))
        try:
            outcomes = self._transaction([entry.item for entry in batch])
        except Exception as error:  # noqa: BLE001 - handed to the requests, or retried one by one
            if len(batch) == 1:
                batch[0].future.set_exception(error)
                return
            log.warning(
                "group commit batch failed; writing its items one by one",
                extra={"writer": self.name, "items": len(batch), "error": type(error).__name__, RETRIED_ALONE: True},
            )
            for entry in batch:
                self._commit_alone(entry)
            return
        for entry, outcome in zip(batch, outcomes, strict=True):
            _complete(entry.future, outcome)

    def _commit_alone(self, entry: _Entry) -> None:
        try:
            [outcome] = self._transaction([entry.item])
        except Exception as error:  # noqa: BLE001 - this item's own failure, for its own request
            entry.future.set_exception(error)
            return
        _complete(entry.future, outcome)

    def _transaction(self, items: list) -> list:
        with self.engine.begin() as connection:
            outcomes = list(self.write(connection, items))
            if len(outcomes) != len(items):
                raise RuntimeError(f"{self.name}: write answered {len(outcomes)} outcomes for {len(items)} items")
        if self.after_commit is not None:
            try:
                self.after_commit(outcomes)
            except Exception:  # noqa: BLE001 - committed is committed: a hook's failure is only logged
                log.exception("group commit after_commit hook failed", extra={"writer": self.name})
        return outcomes


def _complete(future: Future, outcome) -> None:
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
