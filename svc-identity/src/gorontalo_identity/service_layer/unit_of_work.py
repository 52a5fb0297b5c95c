from servicekit import revocation
from servicekit.db import READ_ONLY
from servicekit.notify import DeliveryRepository
from servicekit.pii import PiiCipher
from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.access_log_repository import AccessLogRepository
from ..adapters.account_repository import AccountRepository
from ..adapters.agency_repository import AgencyRepository
from ..adapters.api_client_repository import ApiClientRepository
from ..adapters.audit_repository import StaffActionRepository
from ..adapters.code_repository import ChallengeRepository, VerificationCodeRepository
from ..adapters.credential_repository import CredentialRepository
from ..adapters.refresh_token_repository import RefreshTokenRepository
from ..adapters.resident_repository import ResidentRepository
from ..adapters.revoked_token_repository import RevokedTokenRepository
from ..adapters.sms import SmsQueue
from ..adapters.tables import deliveries
from ..adapters.totp_repository import TotpRepository


class IdentityUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(
        self, session_factory, cipher: PiiCipher, on_commit=None, revocations: revocation.RevocationList | None = None
    ):
        super().__init__(session_factory, source="/gorontalo/identity", on_commit=on_commit)
        self.cipher = cipher
        # Where a committed revocation goes at once: the list this process's verifier reads.
        self.revocations = revocations if revocations is not None else revocation.SHARED

    def __enter__(self):
        if not self._read_only or self._held:
            return super().__enter__()
        # A reader needs none of an ORM Session's machinery (identity map, flush, its transaction
        # states): identity's repositories only execute Core statements, which a Connection runs as
        # well, in the same deferred read-only transaction (servicekit.db READ_ONLY). About 45 us less
        # per profile read (GET /v1/me, issue 20). __exit__ rolls it back and closes it as a Session.
        self.session = self.session_factory.kw["bind"].connect().execution_options(**{READ_ONLY: True})
        self._events = 0
        self._open(self.session)
        return self

    def _open(self, session) -> None:
        self.accounts = AccountRepository(session, self.cipher)
        self.residents = ResidentRepository(session, self.cipher)
        self.agencies = AgencyRepository(session)
        self.refresh_tokens = RefreshTokenRepository(session)
        self.revoked_tokens = RevokedTokenRepository(session, self.revocations)
        self.credentials = CredentialRepository(session)
        self.api_clients = ApiClientRepository(session)
        self.access_log = AccessLogRepository(session, self.cipher)
        self.codes = VerificationCodeRepository(session, self.cipher)
        self.challenges = ChallengeRepository(session)
        # `deliveries` is the name notify.Sender and notify.callbacks look for.
        self.deliveries = DeliveryRepository(session, deliveries)
        self.sms = SmsQueue(self.deliveries, self.cipher)
        self.totp = TotpRepository(session, self.cipher)
        self.staff_actions = StaffActionRepository(session)
