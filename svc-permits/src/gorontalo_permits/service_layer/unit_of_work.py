from __future__ import annotations

from collections.abc import Callable

from servicekit import uow
from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.application_repository import ApplicationRepository
from ..adapters.document_repository import DocumentRepository
from ..adapters.owner_repository import OwnerRepository
from ..adapters.permit_repository import PermitRepository
from ..adapters.precheck_repository import PrecheckRepository

SOURCE = "/gorontalo/permits"


def _attach(uow, session) -> None:
    uow.applications = ApplicationRepository(session)
    uow.permits = PermitRepository(session)
    uow.owners = OwnerRepository(session)
    uow.documents = DocumentRepository(session)
    uow.precheck = PrecheckRepository(session, uow.cipher)


class PermitsUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, on_commit=None, cipher=None):
        """`cipher`: the service's servicekit.pii.PiiCipher (declared persons and pre-check readings)."""
        super().__init__(session_factory, source=SOURCE, on_commit=on_commit)
        self.cipher = cipher

    def _open(self, session) -> None:
        _attach(self, session)


class ConsumerUnitOfWork(uow.ConsumerUnitOfWork):
    """The payment consumer runs inside the bus's transaction (servicekit.uow.ConsumerUnitOfWork)."""

    def __init__(self, session, on_commit: Callable[[], None] | None = None, cipher=None):
        self.cipher = cipher  # before super(): it attaches the repositories at once
        super().__init__(session, source=SOURCE, on_commit=on_commit)

    def _open(self, session) -> None:
        _attach(self, session)
