from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.pii import PiiCipher
from ..adapters.repository import AccountRepository


class IdentityUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, cipher: PiiCipher, on_commit=None):
        super().__init__(session_factory, source="/gorontalo/identity", on_commit=on_commit)
        self.cipher = cipher

    def _open(self, session) -> None:
        self.accounts = AccountRepository(session, self.cipher)
