"""Composition root of svc-permits: the one place that reads configuration."""
from __future__ import annotations

import datetime as dt
import importlib.resources
import pathlib
from dataclasses import dataclass, field
from typing import Callable

from servicekit import clients, db
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.bus import EventBus
from servicekit.config import ServiceSettings, env

from . import messages  # noqa: F401 - registers the service's messages
from .adapters import catalog as catalog_adapter
from .adapters.signing import PermitKeyRing
from .domain.catalog import PermitCatalog
from .service_layer.unit_of_work import PermitsUnitOfWork

SERVICE_NAME = "gorontalo.permits.v1.PermitsService"
CATALOG_PATH_VARIABLE = "PERMITS_CATALOG_PATH"


@dataclass
class PermitsApp:
    settings: ServiceSettings
    engine: object
    session_factory: object
    catalog: PermitCatalog
    bus: EventBus
    verifier: TokenVerifier
    clock: Callable[[], dt.datetime]
    keys: PermitKeyRing
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def uow(self) -> PermitsUnitOfWork:
        return PermitsUnitOfWork(self.session_factory, on_commit=self.bus.wake)

    def close(self) -> None:
        for closer in self._closers:
            closer()
        self.engine.dispose()


def load_settings() -> ServiceSettings:
    return ServiceSettings.from_env("permits")


def catalog_path() -> pathlib.Path:
    """$PERMITS_CATALOG_PATH when set, else the catalog shipped with the service."""
    configured = env(CATALOG_PATH_VARIABLE)
    return pathlib.Path(configured) if configured else catalog_adapter.default_path()


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_permits") / "migrations")


def bootstrap(settings: ServiceSettings | None = None, *, migrate: bool = True,
              clock: Callable[[], dt.datetime] | None = None, verifier: TokenVerifier | None = None,
              catalog: PermitCatalog | None = None) -> PermitsApp:
    """Wire the service. Tests pass their own verifier (TokenMinter), clock and catalog."""
    settings = settings or load_settings()
    catalog = catalog or catalog_adapter.load(catalog_path())  # a broken catalog stops the start
    engine = db.make_engine(settings.database_url)
    if migrate:
        db.migrate(engine, migrations_path())
    session_factory = db.session_factory(engine)
    closers = []
    if verifier is None:
        # Every caller is verified here, against the keys svc-identity publishes.
        identity_channel = clients.channel(settings.identity_addr)
        closers.append(identity_channel.close)
        verifier = TokenVerifier(JwksCache(clients.jwks_fetcher(identity_channel)).key)
    return PermitsApp(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        catalog=catalog,
        bus=EventBus(nats_url=settings.nats_url, stream=settings.stream, session_factory=session_factory),
        verifier=verifier,
        clock=clock or (lambda: dt.datetime.now(dt.timezone.utc)),
        keys=PermitKeyRing(settings.var_dir / "permits" / "signing-keys"),  # generated on first run
        _closers=closers,
    )
