"""Composition root of svc-complaints: the one place that reads configuration."""
from __future__ import annotations

import datetime as dt
import importlib.resources
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from servicekit import clients, db
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.bus import EventBus
from servicekit.config import ServiceSettings

from . import messages  # noqa: F401 - registers the service's messages
from .domain import tracking
from .service_layer.unit_of_work import ComplaintsUnitOfWork

SERVICE_NAME = "gorontalo.complaints.v1.ComplaintsService"


@dataclass
class ComplaintsApp:
    settings: ServiceSettings
    engine: sa.Engine
    session_factory: object
    bus: EventBus
    verifier: TokenVerifier
    clock: Callable[[], dt.datetime]
    new_tracking_code: Callable[[], str]

    def uow(self) -> ComplaintsUnitOfWork:
        return ComplaintsUnitOfWork(self.session_factory, on_commit=self.bus.wake)


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_complaints") / "migrations")


def bootstrap(settings: ServiceSettings | None = None, *, migrate: bool = True,
              clock: Callable[[], dt.datetime] | None = None,
              new_tracking_code: Callable[[], str] | None = None) -> ComplaintsApp:
    settings = settings or ServiceSettings.from_env("complaints")
    engine = db.make_engine(settings.database_url)
    if migrate:
        db.migrate(engine, migrations_path())
    session_factory = db.session_factory(engine)
    # Every caller is verified here against svc-identity's published keys (fetched lazily, cached).
    verifier = TokenVerifier(JwksCache(clients.jwks_fetcher(clients.channel(settings.identity_addr))).key)
    return ComplaintsApp(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        bus=EventBus(nats_url=settings.nats_url, stream=settings.stream, session_factory=session_factory),
        verifier=verifier,
        clock=clock or (lambda: dt.datetime.now(dt.timezone.utc)),
        new_tracking_code=new_tracking_code or tracking.generate,
    )
