"""Idempotency-Key for every create, with one set of rules for every service.

The rules are the IETF draft's (draft-ietf-httpapi-idempotency-key-header) with Stripe's semantics:
- the same key and the same request again: the first answer again, nothing created twice;
- the same key with another request (another body, or another operation): 422;
- the same key while the first request is still running: 409, with Retry-After;
- keys belong to their caller (a citizen's subject; "anonymous" for filings without an account,
  where only an identical body gets the answer back) and are kept 24 hours.

The answer is stored in the same transaction as the state change it reports, so a service that
dies after committing and before answering gives the client's retry that committed answer.
A request that fails releases its key: the client may retry it as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from prometheus_client import Counter

from .auth import current_principal
from .db import UtcDateTime
from .errors import Aborted, FieldViolation, InvalidArgument, Unprocessable

HEADER = "Idempotency-Key"
TABLE_NAME = "idempotency_records"
METADATA_KEY = "idempotency-key"
RETENTION = dt.timedelta(hours=24)
# A request still running after this long is taken as dead (its process was killed before it
# committed); a retry may then run it again. Longer than any gateway deadline.
LEASE = dt.timedelta(seconds=30)
ANONYMOUS = "anonymous"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as an HTTP header carries it
RUNNING, DONE = "running", "done"
PURGE_ONE_IN = 100  # about one create in a hundred sweeps the expired keys
# Test-only fault injection: the process exits right after committing this operation, before it
# answers (the kill test of issue 12). Never set in production.
FAULT_EXIT_AFTER_COMMIT = "GORONTALO_FAULT_EXIT_AFTER_COMMIT"

Message = TypeVar("Message")

REPLAYS = Counter(
    "gorontalo_idempotent_replays_total",
    "Create requests answered again from their Idempotency-Key instead of run twice",
    ["operation"],
)


def _columns() -> list[sa.Column]:
    """The table's columns, new objects each call (a Column belongs to one table)."""
    return [
        sa.Column("scope", sa.String(128), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("operation", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("response", sa.LargeBinary, nullable=True),
        sa.Column("locked_until", UtcDateTime, nullable=False),
        sa.Column("expires_at", UtcDateTime, nullable=False, index=True),
    ]


def define_table(metadata: sa.MetaData) -> sa.Table:
    """The service's table of keys; its migration creates the same (create_table_op)."""
    return sa.Table(TABLE_NAME, metadata, *_columns())


def create_table_op(op) -> None:
    """For a service's Alembic migration: op.create_table of the same table, index included."""
    op.create_table(TABLE_NAME, *_columns(), sa.PrimaryKeyConstraint("scope", "key", name=f"pk_{TABLE_NAME}"))


def parse_key(raw: str | None) -> str:
    """The key as sent, "" when none; InvalidArgument when it is not a valid header value."""
    key = (raw or "").strip()
    if key and not _KEY.match(key):
        raise InvalidArgument(violations=[FieldViolation(HEADER, "idempotency_key_invalid")])
    return key


def key_from_metadata(metadata) -> str:
    """The Idempotency-Key the gateway passed on as gRPC metadata."""
    return parse_key(dict(metadata or ()).get(METADATA_KEY))


def fingerprint(operation: str, request) -> str:
    """What makes two requests "the same": the operation and the request message, byte for byte."""
    body = (
        request.SerializeToString(deterministic=True)
        if hasattr(request, "SerializeToString")
        else repr(request).encode()
    )
    return hashlib.sha256(operation.encode() + b"\x00" + body).hexdigest()


# What a stored key row says about a request bearing that key (_verdict).
NEW, REPLAY, TAKE_OVER = "new", "replay", "take_over"


def _verdict(row, operation: str, print_: str, now: dt.datetime) -> str:
    """NEW (no live row: run it), REPLAY (its answer is stored) or TAKE_OVER (the first attempt died
    before committing: run it); raises 422 for another request under the key, 409 while it runs.
    The one statement of the rules, for `claim`, `stored_answer` and `settle_batch`."""
    if row is None or row.expires_at <= now:
        return NEW
    if row.operation != operation or row.fingerprint != print_:
        raise Unprocessable("idempotency_key_reused")
    if row.state == DONE:
        return REPLAY
    if row.locked_until > now:
        wait = max(1, int((row.locked_until - now).total_seconds()))
        raise Aborted("idempotency_request_in_progress", retry_after=min(wait, 5))
    return TAKE_OVER


@dataclass(frozen=True)
class Claim:
    replay: bytes | None  # the stored answer; None: the caller runs the request now


class IdempotencyRecords:
    """The keys of one service, in its own database."""

    def __init__(self, session, table: sa.Table):
        self.session = session
        self.table = table

    def _row(self, scope: str, key: str):
        query = sa.select(self.table).where(self.table.c.scope == scope, self.table.c.key == key)
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        return self.session.execute(query).first()

    def claim(self, scope: str, key: str, operation: str, print_: str, now: dt.datetime) -> Claim:
        row = self._row(scope, key)
        verdict = _verdict(row, operation, print_, now)  # raises 422 (another request) or 409 (running)
        if verdict is REPLAY:
            return Claim(bytes(row.response))
        if verdict is TAKE_OVER:
            # The first attempt died before it committed: this one runs it.
            self.session.execute(
                self.table.update()
                .where(self.table.c.scope == scope, self.table.c.key == key)
                .values(locked_until=now + LEASE)
            )
            return Claim(None)
        if row is not None:  # expired: replaced below
            self.session.execute(self.table.delete().where(self.table.c.scope == scope, self.table.c.key == key))
        if secrets.randbelow(PURGE_ONE_IN) == 0:
            # Expired keys are swept now and then, not on every create: the create path stays one
            # insert, and an expired row met by its own key is replaced just above anyway.
            self.session.execute(self.table.delete().where(self.table.c.expires_at <= now))
        self.session.execute(
            self.table.insert().values(
                scope=scope,
                key=key,
                operation=operation,
                fingerprint=print_,
                state=RUNNING,
                response=None,
                locked_until=now + LEASE,
                expires_at=now + RETENTION,
            )
        )
        return Claim(None)

    def complete(self, scope: str, key: str, response: bytes) -> None:
        self.session.execute(
            self.table.update()
            .where(self.table.c.scope == scope, self.table.c.key == key)
            .values(state=DONE, response=response)
        )

    def release(self, scope: str, key: str) -> None:
        self.session.execute(
            self.table.delete().where(
                self.table.c.scope == scope, self.table.c.key == key, self.table.c.state == RUNNING
            )
        )


def run(
    uow,
    table: sa.Table,
    *,
    scope: str,
    key: str,
    operation: str,
    request,
    response_class: type[Message],
    call: Callable[[], Message],
    clock: Callable[[], dt.datetime],
) -> Message:
    """Answer `call()` once per (scope, key): its first answer again on a retry.

    `call` runs the use case on this same `uow` and renders its answer; the use case's commits are
    held so that the answer is stored in the same transaction. Without a key, `call()` as it is.
    """
    if not key:
        return call()
    print_ = fingerprint(operation, request)
    try:
        with uow:
            claim = IdempotencyRecords(uow.session, table).claim(scope, key, operation, print_, clock())
            uow.commit()
    except sa.exc.IntegrityError:
        # A concurrent first request inserted the key between our look and our insert.
        raise Aborted("idempotency_request_in_progress", retry_after=1) from None
    if claim.replay is not None:
        return response_class.FromString(claim.replay)
    try:
        with uow.single_transaction():
            answer = call()
            IdempotencyRecords(uow.session, table).complete(scope, key, answer.SerializeToString(deterministic=True))
    except BaseException:
        with uow:
            IdempotencyRecords(uow.session, table).release(scope, key)
            uow.commit()
        raise
    exit_if_fault_injected(operation)
    return answer


def exit_if_fault_injected(operation: str) -> None:
    """The kill test's hook (FAULT_EXIT_AFTER_COMMIT): exit between the commit and the answer."""
    if os.environ.get(FAULT_EXIT_AFTER_COMMIT) == operation:
        os._exit(17)


def answer_once(
    uow,
    table: sa.Table,
    context,
    request,
    response_class: type[Message],
    render: Callable[[object], Message],
    *,
    clock: Callable[[], dt.datetime],
    operation: str = "",
    scope: str = "",
) -> Message:
    """A create RPC's answer, once per Idempotency-Key: the servicer's side of `run`.

    The key comes from the call's metadata, the scope is the caller (its subject, or everyone
    anonymous), the operation is named by the request message unless given, and `render(uow)` runs
    the use case on `uow` and translates its result.
    """
    scope = scope or caller_scope()
    operation = operation or type(request).DESCRIPTOR.full_name
    ran = []

    def call():
        ran.append(True)
        return render(uow)

    answer = run(
        uow,
        table,
        scope=scope,
        key=key_from_metadata(context.invocation_metadata()),
        operation=operation,
        request=request,
        response_class=response_class,
        call=call,
        clock=clock,
    )
    if not ran:
        REPLAYS.labels(operation).inc()
    return answer


def caller_scope() -> str:
    """Whose keys a call's key is among: the signed-in caller's subject, or everyone anonymous."""
    principal = current_principal()
    return principal.subject if principal is not None else ANONYMOUS
