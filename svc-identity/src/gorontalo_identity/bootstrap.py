"""Composition root of svc-identity: the one place that reads configuration."""

from __future__ import annotations

import datetime as dt
import importlib.resources
from collections.abc import Callable
from dataclasses import dataclass

import limits as limits_library

from servicekit import db, i18n, ratelimit
from servicekit.auth import TokenVerifier
from servicekit.bus import EventBus
from servicekit.config import ServiceSettings, env
from servicekit.pii import PiiCipher

from . import messages
from .adapters import migration_context
from .adapters import passwords as password_adapter
from .adapters.signing import KeyRing
from .adapters.throttle import FailureThrottle
from .service_layer.throttling import AbuseLimits
from .service_layer.unit_of_work import IdentityUnitOfWork

SERVICE_NAME = "gorontalo.identity.v1.IdentityService"


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
    catalog: i18n.Catalog = messages.CATALOG  # error texts of the gRPC runtime (ServiceRuntime catalog=)

    def uow(self) -> IdentityUnitOfWork:
        return IdentityUnitOfWork(self.session_factory, self.cipher, on_commit=self.bus.wake)

    def verifier(self) -> TokenVerifier:
        # Identity verifies against its own key ring: no network hop, no trust in one. Revocations
        # are read from its own database, so a logged-out token is refused at once by every replica.
        return TokenVerifier(self.keys.public_key, revocations=RevokedInDatabase(self.uow, self.clock))


class RevokedInDatabase:
    """servicekit.auth.Revocations answered from identity's revoked_tokens table."""

    def __init__(self, uow_factory: Callable[[], IdentityUnitOfWork], clock: Callable[[], dt.datetime]):
        self.uow_factory = uow_factory
        self.clock = clock

    def is_revoked(self, token_id: str) -> bool:
        with self.uow_factory() as uow:
            return uow.revoked_tokens.is_revoked(token_id, self.clock())


def abuse_limits_from_env() -> AbuseLimits:
    """Failure budgets (`limits` rules such as "10/15minutes"; ";" joins several), each overridable."""
    defaults = AbuseLimits()
    values = {}
    for field in (
        "login_per_account",
        "login_per_address",
        "signup_per_nik",
        "signup_per_address",
        "client_auth_per_address",
    ):
        rule = env(f"IDENTITY_{field.upper().replace('_PER_', '_FAILURES_PER_')}", getattr(defaults, field))
        limits_library.parse_many(rule)  # a typo stops the start, not the first log-in
        values[field] = rule
    return AbuseLimits(**values)


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_identity") / "migrations")


def bootstrap(
    settings: ServiceSettings | None = None, *, migrate: bool = True, clock: Callable[[], dt.datetime] | None = None
) -> IdentityApp:
    settings = settings or ServiceSettings.from_env("identity")
    engine = db.make_engine(settings.database_url)
    secrets_dir = settings.var_dir / "identity"
    cipher = PiiCipher.from_file(secrets_dir / "pii-keys.json")
    if migrate:
        with migration_context.pii_cipher(cipher):  # 0004 re-encrypts phone numbers
            db.migrate(engine, migrations_path())
    session_factory = db.session_factory(engine)
    rate_limits = ratelimit.RateLimits(ratelimit.open_storage(settings.redis_url), settings.rate_limit_namespace)
    return IdentityApp(
        settings=settings,
        session_factory=session_factory,
        cipher=cipher,
        keys=KeyRing(secrets_dir / "signing-keys"),
        bus=EventBus(nats_url=settings.nats_url, stream=settings.stream, session_factory=session_factory),
        passwords=Argon2Passwords(),
        clock=clock or (lambda: dt.datetime.now(dt.UTC)),
        # Keys are the PII index key's HMAC: neither NIKs nor addresses are written to Redis as they are.
        throttle=FailureThrottle(rate_limits, lambda value: cipher.index(value, "rate-limit")),
        abuse_limits=abuse_limits_from_env(),
    )
