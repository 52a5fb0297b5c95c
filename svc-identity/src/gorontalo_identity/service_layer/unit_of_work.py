from servicekit import revocation
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
