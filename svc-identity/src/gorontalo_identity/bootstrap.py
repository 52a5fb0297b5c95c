"""Composition root of svc-identity: the one place that reads configuration."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.resources
from collections.abc import Callable
from dataclasses import dataclass

import limits as limits_library

from servicekit import config, db, i18n, keys, notify, ratelimit, revocation
from servicekit.auth import TokenVerifier
from servicekit.bus import EventBus, Subscription
from servicekit.config import ServiceSettings, env
from servicekit.nats_connection import NatsConnection
from servicekit.pii import PiiCipher
from servicekit.uow import ConsumerUnitOfWork

from . import messages
from .adapters import migration_context, sms
from .adapters import passwords as password_adapter
from .adapters.signing import KeyRing
from .adapters.throttle import FailureThrottle
from .domain.assurance import DEFAULT_AGENCY_PREFIXES
from .service_layer import audit, sessions, throttling
from .service_layer.throttling import AbuseLimits
from .service_layer.unit_of_work import IdentityUnitOfWork

SERVICE_NAME = "gorontalo.identity.v1.IdentityService"
# PII keys and the token signing keys, in IDENTITY_KEYS_DIR (servicekit.keys) or $VAR_DIR/identity.
KEY_LAYOUT = keys.KeyLayout("identity", pii_file="pii-keys.json", signing=True, legacy_signing="identity/signing-keys")


class Argon2Passwords:
    hash = staticmethod(password_adapter.hash_password)
    verify = staticmethod(password_adapter.verify_password)


@dataclass
class IdentityApp:
    settings: ServiceSettings
    session_factory: object
    cipher: PiiCipher
    keys: KeyRing
    bus: EventBus
    passwords: Argon2Passwords
    clock: Callable[[], dt.datetime]
    throttle: FailureThrottle
    abuse_limits: AbuseLimits
    # SMS (one-time codes) through servicekit.notify: the transport (its stored texts decrypted at the
    # last moment), the daily cost cap, and how often the sender loop drains the queue (0: not at all).
    transport: notify.Transport | None = None
    cost_cap: notify.CostCap | None = None
    notify_interval_seconds: float = 1.0
    # Agencies whose officers check residents in person (codes starting with these).
    in_person_agency_prefixes: tuple[str, ...] = DEFAULT_AGENCY_PREFIXES
    # Services that may obtain a token (IssueServiceToken), and where their secrets come from.
    service_clients: tuple[str, ...] = ("inbox",)
    service_secret: Callable[[str], str] = config.service_secret
    sms_callback_secret: str = ""
    # Staff without an authenticator app get only an enrolment token at log-in (service_layer.staff_totp).
    staff_totp_required: bool = False
    catalog: i18n.Catalog = messages.CATALOG  # error texts of the gRPC runtime (ServiceRuntime catalog=)
    # Revoked access tokens this process refuses (verifier()): the list the revocation feed fills.
    revocations: revocation.RevocationList = dataclasses.field(default_factory=lambda: revocation.SHARED)

    def uow(self) -> IdentityUnitOfWork:
        return IdentityUnitOfWork(
            self.session_factory, self.cipher, on_commit=self.bus.wake, revocations=self.revocations
        )

    def sender(self) -> notify.Sender:
        return notify.Sender(
            self.uow,
            self.clock,
            sms.SealedMessages(self.transport, self.cipher),
            sms.destination_resolver(self.cipher),
            sender="identity",
            cost_cap=self.cost_cap,
        )

    def verifier(self) -> TokenVerifier:
        """Identity verifies against its own key ring (no network hop, no trust in one) and checks
        revocations in memory: `revocations`, loaded here from the table, added to by this replica's
        own revocations at commit and by the revocation events (servicekit.revocation, started by
        the ServiceRuntime) from the other replicas, which therefore refuse a token a second or two
        after the one that revoked it, as every other service does. (Reading the table on every call
        cost a fifth of identity's CPU per authenticated call, issue 20.)"""
        sessions.load_revocations(self.uow(), self.revocations, self.clock())
        return TokenVerifier(self.keys.public_key, revocations=self.revocations)


def audit_subscriptions(session_factory, cipher, clock) -> list[Subscription]:
    """The staff audit trail: every service's staff.action_recorded, kept once (inbox dedupe)."""
    from gorontalo.identity.v1 import audit_pb2

    def handle(session, event, envelope):
        audit.record(ConsumerIdentityUnitOfWork(session, cipher), clock, event, envelope)

    return [Subscription.for_event(audit.DURABLE, audit_pb2.StaffActionRecorded, handle, subject=audit.SUBJECT)]


class ConsumerIdentityUnitOfWork(ConsumerUnitOfWork):
    """Identity's repositories on the consumer's transaction (the bus commits it with the inbox row)."""

    def __init__(self, session, cipher: PiiCipher):
        self.cipher = cipher
        super().__init__(session, source="/gorontalo/identity")

    def _open(self, session) -> None:
        from .adapters.audit_repository import StaffActionRepository

        self.staff_actions = StaffActionRepository(session)


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def abuse_limits_from_env() -> AbuseLimits:
    """Failure budgets (`limits` rules such as "10/15minutes"; ";" joins several), each overridable."""
    defaults = AbuseLimits()
    values = {}
    for field, variable in throttling.ENVIRONMENT.items():
        rule = env(variable, getattr(defaults, field))
        limits_library.parse_many(rule)  # a typo stops the start, not the first log-in
        values[field] = rule
    return AbuseLimits(**values)


def _names(raw: str | None) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in (raw or "").split(",") if part.strip())


def service_keys(settings: ServiceSettings) -> keys.ServiceKeys:
    return keys.ServiceKeys.from_env(KEY_LAYOUT, settings.var_dir)


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_identity") / "migrations")


def bootstrap(
    settings: ServiceSettings | None = None,
    *,
    migrate: bool = True,
    clock: Callable[[], dt.datetime] | None = None,
    transport: notify.Transport | None = None,
) -> IdentityApp:
    """`transport` replaces the one from the environment (tests: a DevSink of their own)."""
    settings = settings or ServiceSettings.from_env("identity")
    engine = db.make_engine(settings.database_url)
    key_source = service_keys(settings)
    cipher = key_source.pii_cipher()
    signing_keys = key_source.signing_ring(KeyRing)
    if migrate:
        with migration_context.pii_cipher(cipher):  # 0004 re-encrypts phone numbers
            db.migrate_at_start(engine, migrations_path())
    session_factory = db.session_factory(engine)
    rate_limits = ratelimit.RateLimits(ratelimit.open_storage(settings.redis_url), settings.rate_limit_namespace)
    clock = clock or (lambda: dt.datetime.now(dt.UTC))
    return IdentityApp(
        settings=settings,
        session_factory=session_factory,
        cipher=cipher,
        keys=signing_keys,
        bus=EventBus(
            nats_url=settings.nats_url,
            stream=settings.stream,
            session_factory=session_factory,
            connection=NatsConnection.for_service(settings.name, settings.nats_url, settings.var_dir),
            subscriptions=audit_subscriptions(session_factory, cipher, clock),
        ),
        passwords=Argon2Passwords(),
        clock=clock,
        # Keys are the PII index key's HMAC: neither NIKs nor addresses are written to Redis as they are.
        throttle=FailureThrottle(rate_limits, lambda value: cipher.index(value, "rate-limit")),
        abuse_limits=abuse_limits_from_env(),
        transport=transport or notify.transport_from_env("identity", var_dir=settings.var_dir),
        cost_cap=notify.cost_cap_from_env(rate_limits, "identity"),
        notify_interval_seconds=float(env("IDENTITY_NOTIFY_INTERVAL_SECONDS", "1")),
        in_person_agency_prefixes=_names(env("IDENTITY_IN_PERSON_AGENCY_PREFIXES", ",".join(DEFAULT_AGENCY_PREFIXES))),
        service_clients=_names(env("IDENTITY_SERVICE_CLIENTS", "inbox")),
        sms_callback_secret=notify.callbacks.callback_secret(),
        staff_totp_required=_truthy(env("IDENTITY_STAFF_TOTP_REQUIRED", "false")),
    )
