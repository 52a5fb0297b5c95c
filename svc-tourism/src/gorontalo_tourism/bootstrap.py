"""Composition root of svc-tourism: the one place that reads configuration."""

from __future__ import annotations

import datetime as dt
import importlib.resources
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from gorontalo.permits.v1 import events_pb2 as permit_events
from servicekit import clients, db, i18n, ratelimit
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.blobs import DatabaseBlobs
from servicekit.bus import EventBus, Subscription
from servicekit.config import ServiceSettings, env, service_address
from servicekit.nats_connection import NatsConnection

from . import messages
from .adapters.links import Links, web_public_url
from .adapters.permits_client import GrpcPermitRegistry
from .adapters.siaga import GrpcAlerts
from .service_layer import businesses
from .service_layer.access import DEFAULT_AGENCY_PREFIXES, TourismOffices
from .service_layer.reviews import ReviewLimits
from .service_layer.unit_of_work import TourismConsumerUnitOfWork, TourismUnitOfWork

SERVICE_NAME = "gorontalo.tourism.v1.TourismService"
# A revoked permit takes the "berizin" badge away (gorontalo.permits.permit.revoked).
REVOCATIONS_CONSUMER = "tourism-from-permit-revocations"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class TourismApp:
    settings: ServiceSettings
    engine: sa.Engine
    session_factory: object
    verifier: TokenVerifier
    clock: Callable[[], dt.datetime]
    permits: object  # service_layer.businesses.PermitRegistry
    alerts: object  # adapters.siaga.GrpcAlerts (covering(lat, lon))
    blobs: object
    links: Links
    offices: TourismOffices = field(default_factory=TourismOffices)
    review_limits: ReviewLimits = field(default_factory=ReviewLimits)
    bus: EventBus | None = None
    catalog: i18n.Catalog = messages.CATALOG

    def _wake(self) -> None:
        if self.bus:
            self.bus.wake()

    def uow(self) -> TourismUnitOfWork:
        return TourismUnitOfWork(self.session_factory, on_commit=self._wake)

    def on_permit_revoked(self, session, event: permit_events.PermitRevokedEvent, _envelope: dict) -> None:
        """Subscription handler: in the bus's transaction, which also writes the inbox row."""
        businesses.permit_revoked(
            TourismConsumerUnitOfWork(session, on_commit=self._wake), self.clock, event.permit_number
        )


def load_settings() -> ServiceSettings:
    return ServiceSettings.from_env("tourism")


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_tourism") / "migrations")


def seed_path():
    """The shipped starting set (import-destinations takes it when no file is named)."""
    return importlib.resources.files("gorontalo_tourism.data") / "destinations.json"


def _prefixes() -> tuple[str, ...]:
    configured = env("TOURISM_AGENCY_PREFIXES", ",".join(DEFAULT_AGENCY_PREFIXES))
    return tuple(p.strip() for p in configured.split(",") if p.strip())


def review_limits(settings: ServiceSettings) -> ReviewLimits:
    """Counted in the shared storage (Redis at REDIS_URL) by every replica; `limits` notation."""
    return ReviewLimits(
        limits=ratelimit.RateLimits(ratelimit.open_storage(settings.redis_url), settings.rate_limit_namespace),
        per_account=env("TOURISM_REVIEWS_PER_ACCOUNT", "5/hour"),
        per_address=env("TOURISM_REVIEWS_PER_ADDRESS", "30/hour"),
    )


def bootstrap(
    settings: ServiceSettings | None = None,
    *,
    migrate: bool = True,
    clock: Callable[[], dt.datetime] | None = None,
    verifier: TokenVerifier | None = None,
    permits=None,
    alerts=None,
    consumer_max_attempts: int = 5,
) -> TourismApp:
    settings = settings or load_settings()
    engine = db.make_engine(settings.database_url)
    if migrate:
        db.migrate_at_start(engine, migrations_path())
    session_factory = db.session_factory(engine)
    if verifier is None:
        identity = clients.channel(settings.identity_addr, "identity", caller=settings.name)
        verifier = TokenVerifier(JwksCache(clients.jwks_fetcher(identity)).key)
    if permits is None:
        permits = GrpcPermitRegistry(clients.channel(service_address("permits"), "permits", caller=settings.name))
    if alerts is None:
        alerts = GrpcAlerts(clients.channel(service_address("disaster"), "disaster", caller=settings.name))
    app = TourismApp(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        verifier=verifier,
        clock=clock or utc_now,
        permits=permits,
        alerts=alerts,
        blobs=DatabaseBlobs(engine),
        # Pages live in the web app (WEB_PUBLIC_URL), photos in the API (PUBLIC_BASE_URL).
        links=Links(web_public_url(), settings.public_base_url),
        offices=TourismOffices(_prefixes()),
        review_limits=review_limits(settings),
    )
    app.bus = EventBus(
        nats_url=settings.nats_url,
        stream=settings.stream,
        session_factory=session_factory,
        # This process's NATS identity (its certificate on a TLS NATS, its instance's durables).
        connection=NatsConnection.for_service(settings.name, settings.nats_url, settings.var_dir),
        subscriptions=[
            Subscription.for_event(
                REVOCATIONS_CONSUMER,
                permit_events.PermitRevokedEvent,
                app.on_permit_revoked,
                max_attempts=consumer_max_attempts,
            )
        ],
    )
    return app
