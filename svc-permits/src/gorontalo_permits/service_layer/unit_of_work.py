from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.repository import ApplicationRepository


class PermitsUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, on_commit=None):
        super().__init__(session_factory, source="/gorontalo/permits", on_commit=on_commit)

    def _open(self, session) -> None:
        self.applications = ApplicationRepository(session)
