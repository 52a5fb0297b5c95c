"""Outbox and inbox tables, and CloudEvents written into the outbox.

A use case calls `record_event` inside its unit of work, so the state change
and the event commit together or not at all; the relay publishes later.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import sqlalchemy as sa

from . import tracing
from .logging import request_id_var

_metadata = sa.MetaData()
# session.info key under which the bus collects the after-commit work of the handler it runs
# (uow.ConsumerUnitOfWork.after_commit): run once the batch commits, dropped with a rolled-back savepoint.
AFTER_COMMIT = "servicekit.after_commit"

outbox = sa.Table(
    "outbox",
    _metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("envelope", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=True, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=True),
)

inbox = sa.Table(
    "inbox",
    _metadata,
    sa.Column("consumer", sa.String(100), primary_key=True),
    sa.Column("event_id", sa.String(100), primary_key=True),
    sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
)


def create_tables(bind) -> None:
    """Called from each service's first migration."""
    _metadata.create_all(bind=bind, tables=[outbox, inbox])


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_cloudevent(*, source: str, type_: str, data: dict, subject: str | None = None) -> dict:
    """A structured-mode CloudEvents 1.0 envelope with JSON data."""
    envelope = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source,
        "type": type_,
        "time": utcnow().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "data": data,
    }
    if subject:
        envelope["subject"] = subject
    request_id = request_id_var.get()
    if request_id:
        # Extension attribute: lets consumers log under the request that caused the event.
        envelope["requestid"] = request_id
    # The distributed-tracing extension: the consumers' spans join the trace of the request.
    return tracing.stamp(envelope)


def event_time(raw) -> dt.datetime | None:
    """An RFC 3339 time of an event (its CloudEvent `time`, or a time its payload carries) as an aware
    datetime, one without an offset read as UTC; None when absent or not a time."""
    if not isinstance(raw, str) or not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def event_age_seconds(envelope: dict | None, now: float) -> float | None:
    """Seconds since the event's CloudEvent `time` (0 when a clock runs behind); None without one."""
    committed = event_time(envelope.get("time")) if isinstance(envelope, dict) else None
    return None if committed is None else max(0.0, now - committed.timestamp())


def outbox_row(*, source: str, type_: str, data: dict, subject: str | None = None) -> dict:
    """The outbox row of a new event, made now (on the request's thread: its request and trace ids);
    inserted by the caller's transaction, possibly later and with others' (servicekit.group_commit)."""
    return _new_event(source, type_, data, subject)[1]


def record_event(session, *, source: str, type_: str, data: dict, subject: str | None = None) -> dict:
    """Add an event to the outbox in the caller's transaction. The NATS subject is the event type."""
    envelope, row = _new_event(source, type_, data, subject)
    session.execute(outbox.insert().values(**row))
    return envelope


def _new_event(source: str, type_: str, data: dict, subject: str | None) -> tuple[dict, dict]:
    envelope = make_cloudevent(source=source, type_=type_, data=data, subject=subject)
    row = {
        "event_id": envelope["id"],
        "subject": type_,
        "envelope": json.dumps(envelope, ensure_ascii=False, separators=(",", ":")),
        "created_at": utcnow(),
    }
    return envelope, row


def mark_processed(session, consumer: str, event_id: str) -> bool:
    """Record an event in the inbox; False when this consumer already processed it."""
    seen = session.execute(
        sa.select(inbox.c.event_id).where(inbox.c.consumer == consumer, inbox.c.event_id == event_id)
    ).first()
    if seen:
        return False
    session.execute(inbox.insert().values(consumer=consumer, event_id=event_id, processed_at=utcnow()))
    return True


def already_processed(session, consumer: str, event_ids: list[str]) -> set[str]:
    """Which of these events this consumer has processed: one read for a whole batch."""
    if not event_ids:
        return set()
    return set(
        session.execute(
            sa.select(inbox.c.event_id).where(inbox.c.consumer == consumer, inbox.c.event_id.in_(event_ids))
        ).scalars()
    )


def record_processed(session, consumer: str, event_ids: list[str]) -> None:
    """The inbox rows of a batch, in one statement. Sorted: two replicas inserting overlapping
    batches wait for each other in one order (PostgreSQL), never in a deadlock."""
    if not event_ids:
        return
    now = utcnow()
    session.execute(
        inbox.insert(),
        [{"consumer": consumer, "event_id": event_id, "processed_at": now} for event_id in sorted(event_ids)],
    )
