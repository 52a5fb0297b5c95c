"""Composition root of svc-disaster: the one place that reads configuration."""
from __future__ import annotations

import datetime as dt
import importlib.resources
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from servicekit import clients, db
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.bus import EventBus, Subscription
from servicekit.config import ServiceSettings

from . import messages  # noqa: F401 - registers the service's messages
from .service_layer import handlers
from .service_layer.unit_of_work import ConsumerUnitOfWork, DisasterUnitOfWork

SERVICE_NAME = "gorontalo.disaster.v1.DisasterService"
COMPLAINTS_CONSUMER = "disaster-from-complaints"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class DisasterApp:
    settings: ServiceSettings
    engine: sa.Engine
    session_factory: object
    verifier: TokenVerifier
    clock: Callable[[], dt.datetime]
    bus: EventBus | None = None

    def _wake(self) -> None:
        if self.bus:
            self.bus.wake()

    def uow(self) -> DisasterUnitOfWork:
        return DisasterUnitOfWork(self.session_factory, on_commit=self._wake)

    def on_complaint_filed(self, session, envelope: dict) -> None:
        """Subscription handler: runs in the bus's transaction, which also writes the inbox row."""
        handlers.complaint_filed(ConsumerUnitOfWork(session, on_commit=self._wake), self.clock, envelope)


def load_settings() -> ServiceSettings:
    return ServiceSettings.from_env("disaster")


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_disaster") / "migrations")


def identity_verifier(settings: ServiceSettings) -> TokenVerifier:
    """Tokens are checked here against svc-identity's published keys (JWKS over gRPC, cached)."""
    return TokenVerifier(JwksCache(clients.jwks_fetcher(clients.channel(settings.identity_addr))).key)


def bootstrap(settings: ServiceSettings | None = None, *, migrate: bool = True,
              clock: Callable[[], dt.datetime] | None = None, verifier: TokenVerifier | None = None,
              consumer_max_attempts: int = 5) -> DisasterApp:
    settings = settings or load_settings()
    engine = db.make_engine(settings.database_url)
    if migrate:
        db.migrate(engine, migrations_path())
    session_factory = db.session_factory(engine)
    app = DisasterApp(
        settings=settings, engine=engine, session_factory=session_factory,
        verifier=verifier or identity_verifier(settings), clock=clock or utc_now,
    )
    app.bus = EventBus(
        nats_url=settings.nats_url, stream=settings.stream, session_factory=session_factory,
        subscriptions=[Subscription(durable=COMPLAINTS_CONSUMER, subject=handlers.COMPLAINT_FILED,
                                    handler=app.on_complaint_filed, max_attempts=consumer_max_attempts)],
    )
    return app
