from __future__ import annotations

from typing import Callable

import sqlalchemy as sa
from servicekit.messaging import record_event
from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.document_repository import DocumentRepository, IdempotencyRepository
from ..adapters.permit_repository import OwnerRepository, PermitRepository
from ..adapters.repository import ApplicationRepository

SOURCE = "/gorontalo/permits"


def _attach(uow, session) -> None:
    uow.applications = ApplicationRepository(session)
    uow.permits = PermitRepository(session)
    uow.owners = OwnerRepository(session)
    uow.documents = DocumentRepository(session)
    uow.idempotency = IdempotencyRepository(session)


class PermitsUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, on_commit=None):
        super().__init__(session_factory, source=SOURCE, on_commit=on_commit)

    def _open(self, session) -> None:
        _attach(self, session)


class ConsumerUnitOfWork:
    """The unit-of-work face on a transaction the event bus owns (it also writes the inbox row).

    The handler must neither begin nor commit: the bus commits. `after_commit` callbacks run only
    if it does, so metrics count what really happened and the relay wakes once the events exist.
    """

    def __init__(self, session, on_commit: Callable[[], None] | None = None):
        self.session = session
        self.on_commit = on_commit
        _attach(self, session)

    def add_event(self, type_: str, data: dict, subject: str | None = None) -> dict:
        envelope = record_event(self.session, source=SOURCE, type_=type_, data=data, subject=subject)
        if self.on_commit:
            self.after_commit(self.on_commit)
        return envelope

    def after_commit(self, callback: Callable[[], None]) -> None:
        sa.event.listen(self.session, "after_commit", lambda _session: callback(), once=True)
