"""Idempotency-Key for many requests in one transaction (servicekit.group_commit): the rules of
servicekit.idempotency (its `_verdict`), applied to a batch.

`stored_answer` is the read a request may make before its checks; `settle_batch` decides, inside the
batch's write transaction, what each request gets (run it, replay, 409, 422) and writes the new keys'
rows already done with their answers.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from .errors import Aborted, Unprocessable
from .idempotency import (
    DONE,
    PURGE_ONE_IN,
    REPLAY,
    RETENTION,
    RUNNING,
    _verdict,
    caller_scope,
    fingerprint,
    key_from_metadata,
)


@dataclass(frozen=True)
class KeyedRequest:
    """A create request that came with an Idempotency-Key: what its key row is compared with."""

    scope: str
    key: str
    operation: str
    fingerprint: str

    @classmethod
    def of(cls, context, request, operation: str, scope: str = "") -> KeyedRequest | None:
        """The call's key (gRPC metadata) with its caller and fingerprint; None when it has no key."""
        key = key_from_metadata(context.invocation_metadata())
        if not key:
            return None
        return cls(scope or caller_scope(), key, operation, fingerprint(operation, request))


@dataclass(frozen=True)
class Replay:
    """A request answered by a committed answer: its key's first request, or its twin in the batch."""

    answer: bytes


RUN = "run"  # settle_batch: the key row is written with this item's answer; write its state now


def stored_answer(connection, table: sa.Table, keyed: KeyedRequest, now: dt.datetime) -> bytes | None:
    """Before a request does any work: its committed answer (a retry), or None to go on. Raises 422 for
    another request under the key, 409 while its first request runs, exactly as `claim` does. A read:
    the write transaction (settle_batch) decides again, so a race between two requests stays safe."""
    row = connection.execute(sa.select(table).where(table.c.scope == keyed.scope, table.c.key == keyed.key)).first()
    return bytes(row.response) if _verdict(row, keyed.operation, keyed.fingerprint, now) is REPLAY else None


def settle_batch(
    connection,
    table: sa.Table,
    entries: list[tuple[KeyedRequest | None, bytes]],
    now: dt.datetime,
) -> list:
    """The keys of a batch of creates, each with its answer, inside the batch's one transaction.

    One outcome per entry: RUN (no key, or its key row was just inserted, state done, holding the
    answer: the caller writes this entry's state in the same transaction), a Replay (the key's stored
    answer; a second request of the same key in this batch gets the first's), or the exception for this
    entry alone: 422 (another request under the key) or 409 (its first request still runs, here or in
    another replica that inserted the key concurrently: PostgreSQL's ON CONFLICT leaves that row be).
    """
    keyed = {(k.scope, k.key) for k, _ in entries if k is not None}
    rows = {}
    if keyed:
        found = connection.execute(sa.select(table).where(sa.tuple_(table.c.scope, table.c.key).in_(sorted(keyed))))
        rows = {(row.scope, row.key): row for row in found}
    outcomes: list = []
    first_of: dict[tuple[str, str], int] = {}
    twins: dict[int, int] = {}  # a later request of a key -> the batch's first request of that key
    stale, fresh = [], []
    for index, (request, answer) in enumerate(entries):
        if request is None:
            outcomes.append(RUN)
            continue
        name = (request.scope, request.key)
        earlier = first_of.setdefault(name, index)
        if earlier != index and outcomes[earlier] is RUN:
            twins[index] = earlier
            twin = entries[earlier][0]
            same = (twin.operation, twin.fingerprint) == (request.operation, request.fingerprint)
            outcomes.append(Replay(entries[earlier][1]) if same else Unprocessable("idempotency_key_reused"))
            continue
        row = rows.get(name)
        try:
            verdict = _verdict(row, request.operation, request.fingerprint, now)
        except (Unprocessable, Aborted) as refused:
            outcomes.append(refused)
            continue
        if verdict is REPLAY:
            outcomes.append(Replay(bytes(row.response)))
            continue
        if row is not None:
            stale.append(name)
        fresh.append(_done_row(request, answer, now))
        outcomes.append(RUN)
    _delete_stale(connection, table, stale, now)
    if fresh:
        if secrets.randbelow(PURGE_ONE_IN) < len(fresh):  # about one create in a hundred, as `claim`
            connection.execute(table.delete().where(table.c.expires_at <= now))
        inserted = _insert_new(connection, table, fresh)
        for index, (request, _answer) in enumerate(entries):
            if outcomes[index] is RUN and request is not None and (request.scope, request.key) not in inserted:
                # Another transaction holds or just committed this key: the retry meets its answer.
                outcomes[index] = Aborted("idempotency_request_in_progress", retry_after=1)
        for index, earlier in twins.items():
            if outcomes[earlier] is not RUN:  # the first's key was taken: so is its twin's
                outcomes[index] = Aborted("idempotency_request_in_progress", retry_after=1)
    return outcomes


def _done_row(request: KeyedRequest, answer: bytes, now: dt.datetime) -> dict:
    return {
        "scope": request.scope,
        "key": request.key,
        "operation": request.operation,
        "fingerprint": request.fingerprint,
        "state": DONE,
        "response": answer,
        "locked_until": now,
        "expires_at": now + RETENTION,
    }


def _delete_stale(connection, table: sa.Table, names: list[tuple[str, str]], now: dt.datetime) -> None:
    """Expired rows and rows of a first attempt that died: only while they still are (a concurrent
    transaction may have replaced one since it was read; its fresh row stays)."""
    for scope, key in names:
        connection.execute(
            table.delete().where(
                table.c.scope == scope,
                table.c.key == key,
                sa.or_(table.c.expires_at <= now, sa.and_(table.c.state == RUNNING, table.c.locked_until <= now)),
            )
        )


def _insert_new(connection, table: sa.Table, rows: list[dict]) -> set[tuple[str, str]]:
    """Insert the key rows, skipping any key another transaction holds; the (scope, key) inserted."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the platform runs on these two
        raise NotImplementedError(dialect)
    statement = insert(table).on_conflict_do_nothing(index_elements=["scope", "key"])
    result = connection.execute(statement.returning(table.c.scope, table.c.key), rows)
    return {(row.scope, row.key) for row in result}
