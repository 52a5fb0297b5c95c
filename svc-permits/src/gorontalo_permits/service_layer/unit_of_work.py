from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.permit_repository import OwnerRepository, PermitRepository
from ..adapters.repository import ApplicationRepository


class PermitsUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, on_commit=None):
        super().__init__(session_factory, source="/gorontalo/permits", on_commit=on_commit)

    def _open(self, session) -> None:
        self.applications = ApplicationRepository(session)
        self.permits = PermitRepository(session)
        self.owners = OwnerRepository(session)
