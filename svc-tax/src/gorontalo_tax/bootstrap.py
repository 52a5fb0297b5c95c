"""Composition root of svc-tax: the one place that reads configuration."""
from __future__ import annotations

import datetime as dt
import importlib.resources
from dataclasses import dataclass
from typing import Callable

from servicekit import clients, db
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.bus import EventBus
from servicekit.config import ServiceSettings, env

from . import messages  # noqa: F401 - registers the service's messages
from .adapters import rate_table
from .domain.pkb import RateTable
from .service_layer.unit_of_work import TaxUnitOfWork

SERVICE_NAME = "gorontalo.tax.v1.TaxService"
RATES_PATH_VARIABLE = "TAX_RATES_PATH"


@dataclass
class TaxApp:
    settings: ServiceSettings
    session_factory: object
    bus: EventBus
    rates: RateTable
    verifier: TokenVerifier
    clock: Callable[[], dt.datetime]

    def uow(self) -> TaxUnitOfWork:
        return TaxUnitOfWork(self.session_factory, on_commit=self.bus.wake)


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_tax") / "migrations")


def load_settings() -> ServiceSettings:
    return ServiceSettings.from_env("tax")


def load_rates() -> RateTable:
    """The packaged table unless $TAX_RATES_PATH names another; a bad table stops the start."""
    return rate_table.load(env(RATES_PATH_VARIABLE))


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def bootstrap(settings: ServiceSettings | None = None, *, migrate: bool = True,
              clock: Callable[[], dt.datetime] | None = None, rates: RateTable | None = None) -> TaxApp:
    settings = settings or load_settings()
    engine = db.make_engine(settings.database_url)
    if migrate:
        db.migrate(engine, migrations_path())
    session_factory = db.session_factory(engine)
    # Callers are verified here, against the identity service's published keys (JWKS).
    verifier = TokenVerifier(JwksCache(clients.jwks_fetcher(clients.channel(settings.identity_addr))).key)
    return TaxApp(
        settings=settings,
        session_factory=session_factory,
        bus=EventBus(nats_url=settings.nats_url, stream=settings.stream, session_factory=session_factory),
        rates=rates or load_rates(),
        verifier=verifier,
        clock=clock or utc_now,
    )
