"""Composition root of svc-permits: the one place that reads configuration."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import pathlib
from collections.abc import Callable
from dataclasses import dataclass, field

from gorontalo.tax.v1.events_pb2 import PaymentReceived
from servicekit import clients, db, keys, ratelimit
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.bus import EventBus, Subscription
from servicekit.config import ServiceSettings, current_instance, env, service_address
from servicekit.federation import PROVINCE, default_identity
from servicekit.nats_connection import NatsConnection

from .adapters import catalog as catalog_adapter
from .adapters import file_inspection
from .adapters.document_storage import DocumentStorage, document_storage
from .adapters.signing import PermitKeyRing
from .adapters.tax_client import TaxFeeBills
from .domain.catalog import PermitCatalog
from .service_layer import payments
from .service_layer.access import DEFAULT_LICENSING_AGENCIES, LicensingOffices
from .service_layer.unit_of_work import ConsumerUnitOfWork, PermitsUnitOfWork

SERVICE_NAME = "gorontalo.permits.v1.PermitsService"
# Its keys, in PERMITS_KEYS_DIR (servicekit.keys: one directory every replica reads) or $VAR_DIR/permits.
KEY_LAYOUT = keys.KeyLayout("permits", pii_file="pii-keys.json", signing=True, legacy_signing="permits/signing-keys")
CATALOG_PATH_VARIABLE = "PERMITS_CATALOG_PATH"
PAYMENTS_CONSUMER = "permits-from-tax-payments"
# Public verify-by-number look-ups per client address (`limits` rules, ";"-separated). A shop or a
# carrier's shared address checks a few permits a minute; listing the sequence needs thousands.
DEFAULT_VERIFY_LIMITS = "30/minute;1000/day"


@dataclass
class PermitsApp:
    settings: ServiceSettings
    engine: object
    session_factory: object
    catalog: PermitCatalog
    bus: EventBus | None
    verifier: TokenVerifier
    clock: Callable[[], dt.datetime]
    keys: PermitKeyRing
    fee_bills: object  # TaxFeeBills, or a test double with create_fee_bill(...) and cancel_fee_bill(...)
    storage: DocumentStorage
    inspect: Callable[[bytes], str | None] = file_inspection.detect
    # Agency code prefixes of the licensing offices whose officers work the permit queue.
    licensing_agencies: tuple[str, ...] = DEFAULT_LICENSING_AGENCIES
    # The platform's one public origin (PUBLIC_BASE_URL): every link the service prints starts with it.
    public_base_url: str = "http://127.0.0.1:8080"
    limits: ratelimit.RateLimits | None = None  # shared (Redis) counters of the rate limits below
    verify_limits: tuple[str, ...] = ()
    # Whose fee payments this instance applies (<PERMITS_INSTANCE> in the registry; the province's by default).
    this_instance: payments.ThisInstance = field(default_factory=lambda: this_instance(None))
    # servicekit.pii.PiiCipher of the personal data the pre-check keeps (declared person, readings).
    cipher: object = None
    _closers: list[Callable[[], None]] = field(default_factory=list)

    @property
    def offices(self) -> LicensingOffices:
        return LicensingOffices(self.licensing_agencies)

    def uow(self) -> PermitsUnitOfWork:
        return PermitsUnitOfWork(self.session_factory, on_commit=self._wake, cipher=self.cipher)

    def _wake(self) -> None:
        if self.bus is not None:
            self.bus.wake()

    def on_payment_received(self, session, paid: PaymentReceived, envelope: dict) -> None:
        """Subscription handler: runs in the bus's transaction, which also writes the inbox row."""
        payments.payment_received(
            ConsumerUnitOfWork(session, on_commit=self._wake, cipher=self.cipher), self.clock, paid, self.this_instance
        )

    def close(self) -> None:
        for closer in self._closers:
            closer()
        self.engine.dispose()


def this_instance(instance) -> payments.ThisInstance:
    """From the registry's entry of this process's instance (None: the province's)."""
    if instance is None:
        return payments.ThisInstance(default_identity(PROVINCE, "permits"), provincial=True)
    return payments.ThisInstance(instance.identity, provincial=instance.provincial)


def load_settings() -> ServiceSettings:
    return ServiceSettings.from_env("permits")


def catalog_path() -> pathlib.Path:
    """$PERMITS_CATALOG_PATH when set, else the catalog shipped with the service."""
    configured = env(CATALOG_PATH_VARIABLE)
    return pathlib.Path(configured) if configured else catalog_adapter.default_path()


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_permits") / "migrations")


def bootstrap(
    settings: ServiceSettings | None = None,
    *,
    migrate: bool = True,
    clock: Callable[[], dt.datetime] | None = None,
    verifier: TokenVerifier | None = None,
    catalog: PermitCatalog | None = None,
    fee_bills=None,
    tax_addr: str | None = None,
    consumer_max_attempts: int = 5,
) -> PermitsApp:
    """Wire the service. Tests pass their own verifier (TokenMinter), clock, catalog and fee bills."""
    settings = settings or load_settings()
    catalog = catalog or catalog_adapter.load(catalog_path())  # a broken catalog stops the start
    engine = db.make_engine(settings.database_url)
    if migrate:
        db.migrate_at_start(engine, migrations_path())
    session_factory = db.session_factory(engine)
    closers = []
    if verifier is None:
        # Every caller is verified here, against the keys svc-identity publishes.
        identity_channel = clients.channel(settings.identity_addr, "identity", caller=settings.name)
        closers.append(identity_channel.close)
        verifier = TokenVerifier(JwksCache(clients.jwks_fetcher(identity_channel)).key)
    if fee_bills is None:
        # Fee bills come from svc-tax over gRPC ($TAX_ADDR); the channel connects lazily.
        tax_channel = clients.channel(tax_addr or service_address("tax"), "tax", caller=settings.name)
        closers.append(tax_channel.close)
        fee_bills = TaxFeeBills(tax_channel)
    service_keys = keys.ServiceKeys.from_env(KEY_LAYOUT, settings.var_dir)
    app = PermitsApp(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        catalog=catalog,
        bus=None,
        verifier=verifier,
        clock=clock or (lambda: dt.datetime.now(dt.UTC)),
        keys=service_keys.signing_ring(PermitKeyRing),
        cipher=service_keys.pii_cipher(),
        fee_bills=fee_bills,
        storage=document_storage(engine, settings.var_dir / "permits" / "documents"),
        licensing_agencies=tuple(
            prefix.strip().lower()
            for prefix in env("PERMITS_LICENSING_AGENCY_PREFIXES", "dpmptsp-").split(",")
            if prefix.strip()
        ),
        public_base_url=settings.public_base_url.rstrip("/"),
        limits=ratelimit.RateLimits(ratelimit.open_storage(settings.redis_url), settings.rate_limit_namespace),
        verify_limits=tuple(
            rule.strip() for rule in env("PERMITS_VERIFY_LIMITS", DEFAULT_VERIFY_LIMITS).split(";") if rule.strip()
        ),
        this_instance=this_instance(current_instance(settings.name)),
        _closers=closers,
    )
    app.bus = EventBus(
        nats_url=settings.nats_url,
        stream=settings.stream,
        session_factory=session_factory,
        connection=NatsConnection.for_service(settings.name, settings.nats_url, settings.var_dir),
        subscriptions=[
            Subscription.for_event(
                PAYMENTS_CONSUMER, PaymentReceived, app.on_payment_received, max_attempts=consumer_max_attempts
            )
        ],
    )
    return app
