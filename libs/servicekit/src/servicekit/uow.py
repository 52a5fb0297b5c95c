"""Unit of work: one transaction for the state change and its outbox events."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import sqlalchemy as sa

from . import event_messages
from .db import READ_ONLY
from .messaging import AFTER_COMMIT, record_event


def _typed(event, data, type_) -> tuple[str, dict]:
    if isinstance(event, str):
        return event, data
    return event_messages.event_type(event, type_), event_messages.to_data(event)


class SqlAlchemyUnitOfWork:
    """Subclasses attach repositories in `_open(session)`.

    with uow:
        ...change state...
        uow.add_event("gorontalo.x.y.z", {...})
        uow.commit()
    """

    def __init__(self, session_factory, *, source: str, on_commit: Callable[[], None] | None = None):
        self.session_factory = session_factory
        self.source = source
        self.on_commit = on_commit
        self.session = None
        self._events = 0
        self._held = False  # inside single_transaction(): every block joins one transaction
        self._read_only = False

    def reading(self):
        """This unit of work only reads: on SQLite its transaction neither takes nor waits for the
        writer's lock (a deferred WAL snapshot); on PostgreSQL it is an ordinary transaction. It
        cannot commit. `with uow.reading(): ...`

        Its `session` is then a plain Connection, not an ORM Session: repositories only execute Core
        statements, which a Connection runs as well, in the same transaction; a reader needs none of a
        Session's machinery (identity map, flush, transaction states). Issue 20: ~45 us less per
        profile read (identity, e56d6fa); a Session's begin and rollback were a third of complaints'
        public list."""
        self._read_only = True
        return self

    def _open(self, session) -> None:  # pragma: no cover - overridden
        pass

    def __enter__(self):
        if self._held:
            return self
        if self._read_only:
            self.session = self._reading_connection()
        else:
            self.session = self.session_factory()
            self.session.begin()
        self._events = 0
        self._open(self.session)
        return self

    def _reading_connection(self) -> sa.Connection:
        """A pooled connection whose transaction (begun on first use) is the read-only one."""
        bind = self.session_factory.kw.get("bind") if hasattr(self.session_factory, "kw") else None
        if bind is None:  # a factory without an engine of its own: a Session, read-only all the same
            session = self.session_factory()
            session.begin()
            session.connection(execution_options={READ_ONLY: True})
            return session
        return bind.connect().execution_options(**{READ_ONLY: True})

    def __exit__(self, *exc_info):
        if self._held:
            return  # single_transaction() ends it, committed or rolled back as a whole
        try:
            if self.session.in_transaction():
                self.session.rollback()
            self.session.close()
        finally:
            self._read_only = False

    @contextlib.contextmanager
    def single_transaction(self):
        """Run a use case's blocks as one transaction, committed when this block ends.

        A use case commits its own work; wrapped here, its commits only flush, so the caller can
        add to the same transaction what it learns from the result (the answer an Idempotency-Key
        must give again) and commit both or neither.
        """
        self.__enter__()
        self._held = True
        try:
            yield self
        except BaseException:
            self._held = False
            self.session.rollback()
            self.session.close()
            raise
        self._held = False
        try:
            self.commit()
        finally:
            self.__exit__(None, None, None)

    def add_event(
        self, event, data: dict | None = None, subject: str | None = None, *, type_: str | None = None
    ) -> dict:
        """Record an event in the outbox, in this transaction.

        `event` is the payload's proto message (its type declared on it); the older form
        add_event("type", {...}) is accepted while services move to messages.
        """
        self._events += 1
        type_, data = _typed(event, data, type_)
        return record_event(self.session, source=self.source, type_=type_, data=data, subject=subject)

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a unit of work opened with reading() cannot commit")
        if self._held:
            self.session.flush()
            return
        self.session.commit()
        if self._events and self.on_commit:
            self.on_commit()
        self._events = 0

    def rollback(self) -> None:
        self.session.rollback()


class ConsumerUnitOfWork:
    """The unit-of-work face on a transaction the event bus owns (it also writes the inbox row).

    A consumer handler must neither begin nor commit: the bus commits. `after_commit` callbacks
    run only if it does, so metrics count what really happened and the outbox relay is woken
    once the new events exist. Subclasses attach repositories in `_open(session)`.
    """

    def __init__(self, session, *, source: str, on_commit: Callable[[], None] | None = None):
        self.session = session
        self.source = source
        self.on_commit = on_commit
        self._open(session)

    def _open(self, session) -> None:  # pragma: no cover - overridden
        pass

    def add_event(
        self, event, data: dict | None = None, subject: str | None = None, *, type_: str | None = None
    ) -> dict:
        type_, data = _typed(event, data, type_)
        envelope = record_event(self.session, source=self.source, type_=type_, data=data, subject=subject)
        if self.on_commit:
            self.after_commit(self.on_commit)
        return envelope

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once this event's changes are committed. The bus collects it with the event
        (a batch commits several events; one rolled back to its savepoint drops its callbacks)."""
        collected = self.session.info.get(AFTER_COMMIT)
        if collected is not None:
            collected.append(callback)
            return
        sa.event.listen(self.session, "after_commit", lambda _session: callback(), once=True)
