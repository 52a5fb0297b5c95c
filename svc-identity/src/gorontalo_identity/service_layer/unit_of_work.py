from servicekit.uow import SqlAlchemyUnitOfWork

from servicekit.pii import PiiCipher
from ..adapters.records import (AccessLogRepository, AgencyRepository, ApiClientRepository, CredentialRepository,
                                RefreshTokenRepository, ResidentRepository, RevokedTokenRepository)
from ..adapters.repository import AccountRepository


class IdentityUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, cipher: PiiCipher, on_commit=None):
        super().__init__(session_factory, source="/gorontalo/identity", on_commit=on_commit)
        self.cipher = cipher

    def _open(self, session) -> None:
        self.accounts = AccountRepository(session, self.cipher)
        self.residents = ResidentRepository(session, self.cipher)
        self.agencies = AgencyRepository(session)
        self.refresh_tokens = RefreshTokenRepository(session)
        self.revoked_tokens = RevokedTokenRepository(session)
        self.credentials = CredentialRepository(session)
        self.api_clients = ApiClientRepository(session)
        self.access_log = AccessLogRepository(session, self.cipher)
