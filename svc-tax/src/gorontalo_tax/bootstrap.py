"""Composition root of svc-tax: the one place that reads configuration."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import pathlib
from collections.abc import Callable
from dataclasses import dataclass

from gorontalo.identity.v1.events_pb2 import CitizenTakeoverRepaired
from servicekit import clients, db, keys, ratelimit
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.bus import EventBus, Subscription
from servicekit.config import ServiceSettings, env, env_int
from servicekit.nats_connection import NatsConnection

from .adapters import channels as payment_channels
from .adapters import pbb_rates, rate_table
from .adapters.identity_client import resident_lookup
from .adapters.pii import NikCipher
from .adapters.receipts import ReceiptKeyRing
from .adapters.refusal_limiter import RefusalLimiter
from .domain.billing import PenaltyPolicy
from .domain.pkb import RateTable
from .domain.property import PbbRate
from .service_layer import claims
from .service_layer.access import DEFAULT_TAX_AGENCIES, TaxOffices
from .service_layer.unit_of_work import ConsumerUnitOfWork, TaxUnitOfWork

SERVICE_NAME = "gorontalo.tax.v1.TaxService"
RATES_PATH_VARIABLE = "TAX_RATES_PATH"
PBB_RATES_PATH_VARIABLE = "TAX_PBB_RATES_PATH"
# Keys of the owner NIK index (HMAC) and encryption (AES-GCM) and of receipts, in TAX_KEYS_DIR
# (servicekit.keys: one directory every replica reads) or $VAR_DIR/tax, generated there on first run.
KEY_LAYOUT = keys.KeyLayout("tax", pii_file="owner-nik-keys.json", signing=True, legacy_signing="tax/receipt-keys")
DEFAULT_BILLING_CODE_HOURS = 24
# Payment channels and their HMAC secrets; dev secrets generated here on first run (mode 0600).
CHANNELS_FILE = "tax/payment-channels.json"
CHANNELS_PATH_VARIABLE = "TAX_PAYMENT_CHANNELS_PATH"
# Unauthenticated notifications stored per client address and minute; beyond it 429, counted only.
DEFAULT_REFUSALS_PER_MINUTE = 30
# Public verify-by-number look-ups per client address (`limits` rules, ";"-separated). A shop or a
# carrier's shared address checks a few receipts a minute; listing the sequence needs thousands.
DEFAULT_VERIFY_LIMITS = "30/minute;1000/day"
TAKEOVERS_CONSUMER = "tax-from-identity-takeovers"


@dataclass
class TaxApp:
    settings: ServiceSettings
    session_factory: object
    bus: EventBus
    rates: RateTable
    verifier: TokenVerifier
    clock: Callable[[], dt.datetime]
    pbb_rates: dict[str, PbbRate] = None
    penalty: PenaltyPolicy = PenaltyPolicy()
    code_validity: dt.timedelta = dt.timedelta(hours=DEFAULT_BILLING_CODE_HOURS)
    cipher: NikCipher | None = None
    # authorization header -> (account id, NIK) from the identity service
    identity: Callable[[str], tuple[str, str]] | None = None
    channels: dict[str, str] | None = None
    receipt_keys: ReceiptKeyRing | None = None
    refusal_limiter: RefusalLimiter | None = None
    # Agency code prefixes of the tax offices whose officers read tax records in their jurisdiction.
    tax_agencies: tuple[str, ...] = DEFAULT_TAX_AGENCIES
    # Callers whose fee bills the payer may cancel through them (the payer withdraws what the fee is for).
    payer_cancellable_callers: tuple[str, ...] = ("permits",)
    # The platform's one public origin (PUBLIC_BASE_URL): every link the service prints starts with it.
    public_base_url: str = "http://127.0.0.1:8080"
    limits: ratelimit.RateLimits | None = None  # shared (Redis) counters of the rate limits below
    verify_limits: tuple[str, ...] = ()

    @property
    def offices(self) -> TaxOffices:
        return TaxOffices(self.tax_agencies)

    def uow(self) -> TaxUnitOfWork:
        return TaxUnitOfWork(self.session_factory, on_commit=self.bus.wake)

    def on_takeover_repaired(self, session, event: CitizenTakeoverRepaired, envelope: dict) -> None:
        """Subscription handler: runs in the bus's transaction, which also writes the inbox row."""
        claims.release_after_takeover(ConsumerUnitOfWork(session, on_commit=self.bus.wake), event)


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_tax") / "migrations")


def load_settings() -> ServiceSettings:
    return ServiceSettings.from_env("tax")


def load_rates() -> RateTable:
    """The packaged table unless $TAX_RATES_PATH names another; a bad table stops the start."""
    return rate_table.load(env(RATES_PATH_VARIABLE))


def load_pbb_rates() -> dict[str, PbbRate]:
    return pbb_rates.load(env(PBB_RATES_PATH_VARIABLE))


def load_penalty() -> PenaltyPolicy:
    """UU 1/2022 defaults (1% a month, 24 months); lower values by $TAX_PENALTY_BP_PER_MONTH / _MAX_MONTHS."""
    return PenaltyPolicy(env_int("TAX_PENALTY_BP_PER_MONTH", 100), env_int("TAX_PENALTY_MAX_MONTHS", 24))


def channels_path(settings: ServiceSettings) -> pathlib.Path:
    """$TAX_PAYMENT_CHANNELS_PATH (Bapenda's file) or the dev file under VAR_DIR."""
    configured = env(CHANNELS_PATH_VARIABLE)
    return pathlib.Path(configured) if configured else pathlib.Path(settings.var_dir) / CHANNELS_FILE


def load_channels(settings: ServiceSettings) -> dict[str, str]:
    path = channels_path(settings)
    if env(CHANNELS_PATH_VARIABLE):
        return payment_channels.load(path)  # a configured file must exist: never invent production secrets
    return payment_channels.load_or_create(path)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def bootstrap(
    settings: ServiceSettings | None = None,
    *,
    migrate: bool = True,
    clock: Callable[[], dt.datetime] | None = None,
    rates: RateTable | None = None,
) -> TaxApp:
    settings = settings or load_settings()
    key_source = keys.ServiceKeys.from_env(KEY_LAYOUT, settings.var_dir)
    cipher, receipt_keys = key_source.pii_cipher(NikCipher), key_source.signing_ring(ReceiptKeyRing)
    engine = db.make_engine(settings.database_url)
    if migrate:
        db.migrate_at_start(engine, migrations_path())
    session_factory = db.session_factory(engine)
    # Callers are verified here, against the identity service's published keys (JWKS).
    identity_channel = clients.channel(settings.identity_addr, "identity", caller=settings.name)
    verifier = TokenVerifier(JwksCache(clients.jwks_fetcher(identity_channel)).key)
    limits = ratelimit.RateLimits(ratelimit.open_storage(settings.redis_url), settings.rate_limit_namespace)
    app = TaxApp(
        settings=settings,
        session_factory=session_factory,
        bus=None,
        rates=rates or load_rates(),
        verifier=verifier,
        clock=clock or utc_now,
        pbb_rates=load_pbb_rates(),
        penalty=load_penalty(),
        code_validity=dt.timedelta(hours=env_int("TAX_BILLING_CODE_HOURS", DEFAULT_BILLING_CODE_HOURS)),
        cipher=cipher,
        identity=resident_lookup(identity_channel),
        channels=load_channels(settings),
        receipt_keys=receipt_keys,
        refusal_limiter=RefusalLimiter(limits, env_int("TAX_NOTIFY_REFUSALS_PER_MINUTE", DEFAULT_REFUSALS_PER_MINUTE)),
        tax_agencies=tuple(
            prefix.strip().lower()
            for prefix in env("TAX_OFFICE_AGENCY_PREFIXES", "bapenda-").split(",")
            if prefix.strip()
        ),
        payer_cancellable_callers=tuple(
            name.strip().lower() for name in env("TAX_PAYER_CANCELLABLE_CALLERS", "permits").split(",") if name.strip()
        ),
        public_base_url=settings.public_base_url.rstrip("/"),
        limits=limits,
        verify_limits=tuple(
            rule.strip() for rule in env("TAX_RECEIPT_VERIFY_LIMITS", DEFAULT_VERIFY_LIMITS).split(";") if rule.strip()
        ),
    )
    app.bus = EventBus(
        nats_url=settings.nats_url,
        stream=settings.stream,
        session_factory=session_factory,
        connection=NatsConnection.for_service(settings.name, settings.nats_url, settings.var_dir),
        subscriptions=[Subscription.for_event(TAKEOVERS_CONSUMER, CitizenTakeoverRepaired, app.on_takeover_repaired)],
    )
    return app
