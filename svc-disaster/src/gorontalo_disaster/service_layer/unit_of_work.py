from __future__ import annotations

from typing import Callable

import sqlalchemy as sa
from servicekit.messaging import record_event
from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.alerts_repo import AlertRepository
from ..adapters.incidents_repo import IncidentRepository
from ..adapters.repository import PhotoRepository, ReportRepository

SOURCE = "/gorontalo/disaster"


class DisasterUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, on_commit=None):
        super().__init__(session_factory, source=SOURCE, on_commit=on_commit)

    def _open(self, session) -> None:
        self.reports = ReportRepository(session)
        self.incidents = IncidentRepository(session)
        self.alerts = AlertRepository(session)
        self.photos = PhotoRepository(session)


class ConsumerUnitOfWork:
    """The unit-of-work face on a transaction the event bus owns.

    A consumer handler runs inside the bus's transaction (which also writes the
    inbox row), so it must not begin or commit one itself: the bus commits.
    `after_commit` callbacks run only if it does, which keeps metrics honest and
    lets the outbox relay be woken once the new event is really there.
    """

    def __init__(self, session, on_commit: Callable[[], None] | None = None):
        self.session = session
        self.on_commit = on_commit
        self.reports = ReportRepository(session)
        self.incidents = IncidentRepository(session)
        self.alerts = AlertRepository(session)

    def add_event(self, type_: str, data: dict, subject: str | None = None) -> dict:
        envelope = record_event(self.session, source=SOURCE, type_=type_, data=data, subject=subject)
        if self.on_commit:
            self.after_commit(self.on_commit)
        return envelope

    def after_commit(self, callback: Callable[[], None]) -> None:
        sa.event.listen(self.session, "after_commit", lambda _session: callback(), once=True)
