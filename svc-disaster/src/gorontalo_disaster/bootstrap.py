"""Composition root of svc-disaster: the one place that reads configuration."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from prometheus_client import REGISTRY
from prometheus_client.core import GaugeMetricFamily

from gorontalo.complaints.v1 import events_pb2 as complaint_events
from servicekit import clients, db, i18n, keys, ratelimit
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.bus import EventBus, Subscription
from servicekit.config import ServiceSettings, env_int
from servicekit.nats_connection import NatsConnection

from . import messages
from .adapters.report_intake import GroupCommittedReports
from .domain.incident import STATUSES
from .service_layer import events, handlers, incidents
from .service_layer.services import Guards
from .service_layer.unit_of_work import SOURCE, ConsumerUnitOfWork, DisasterUnitOfWork

SERVICE_NAME = "gorontalo.disaster.v1.DisasterService"
# Its keys, in DISASTER_KEYS_DIR (servicekit.keys: one directory every replica reads) or $VAR_DIR/disaster.
KEY_LAYOUT = keys.KeyLayout("disaster", pii_file="pii-keys.json", legacy_pii="disaster-pii-keys.json")
COMPLAINTS_CONSUMER = "disaster-from-complaints"
# A dispatcher's confirmation of a complaint's category (a flood the model alone had labelled).
CONFIRMATIONS_CONSUMER = "disaster-from-complaint-confirmations"
CLUSTER_CONSUMER = "disaster-clustering"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class DisasterApp:
    settings: ServiceSettings
    engine: sa.Engine
    session_factory: object
    verifier: TokenVerifier
    clock: Callable[[], dt.datetime]
    bus: EventBus | None = None
    guards: Guards = field(default_factory=Guards)
    sms_secret: str = ""
    catalog: i18n.Catalog = messages.CATALOG  # error texts of the gRPC runtime (ServiceRuntime catalog=)
    # The API's reports, many per transaction (service_layer.intake); closed at shutdown (close()).
    intake: GroupCommittedReports | None = None

    def _wake(self) -> None:
        if self.bus:
            self.bus.wake()

    def uow(self) -> DisasterUnitOfWork:
        return DisasterUnitOfWork(self.session_factory, on_commit=self._wake)

    def close(self) -> None:
        """Graceful stop, after the gRPC server stopped taking calls: the queued reports are committed."""
        if self.intake is not None:
            self.intake.close()

    def on_complaint_filed(self, session, event: handlers.ComplaintEvent, envelope: dict) -> None:
        """Subscription handler: runs in the bus's transaction, which also writes the inbox row."""
        handlers.complaint_filed(ConsumerUnitOfWork(session, on_commit=self._wake), self.clock, event, envelope)

    def on_report_submitted(self, session, event: events.ReportSubmitted, _envelope: dict) -> None:
        incidents.cluster_report(ConsumerUnitOfWork(session, on_commit=self._wake), self.clock, event)

    def place_report(self, session, report) -> str:
        """The intake's clustering, in the transaction that files the report: its incident's id."""
        incident = incidents.place_report(ConsumerUnitOfWork(session, on_commit=self._wake), self.clock, report)
        return incident.id if incident is not None else ""


class StateCollector:
    """Incidents by status and active alerts, counted in the database at scrape time."""

    def __init__(self, app: DisasterApp):
        self.app = app

    def collect(self):
        by_status = GaugeMetricFamily("gorontalo_disaster_incidents", "Incidents by status.", labels=["status"])
        active = GaugeMetricFamily(
            "gorontalo_disaster_alerts_active", "Active CAP alerts by source.", labels=["source"]
        )
        try:
            with self.app.uow() as uow:
                counts = uow.incidents.count_by_status()
                alerts = uow.alerts.count_active(self.app.clock())
        except Exception:  # noqa: BLE001 - a scrape must not fail because the database is busy
            return
        for status in STATUSES:
            by_status.add_metric([status], counts.get(status, 0))
        for source in ("bpbd", "bmkg"):
            active.add_metric([source], alerts.get(source, 0))
        yield by_status
        yield active


def load_settings() -> ServiceSettings:
    return ServiceSettings.from_env("disaster")


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_disaster") / "migrations")


def identity_verifier(settings: ServiceSettings) -> TokenVerifier:
    """Tokens are checked here against svc-identity's published keys (JWKS over gRPC, cached)."""
    return TokenVerifier(
        JwksCache(clients.jwks_fetcher(clients.channel(settings.identity_addr, "identity", caller=settings.name))).key
    )


def sms_secret(settings: ServiceSettings) -> str:
    """DISASTER_SMS_SECRET, or one generated on first run into VAR_DIR (dev): give it to the SMS gateway."""
    configured = os.environ.get("DISASTER_SMS_SECRET", "").strip()
    if configured:
        return configured
    path = settings.var_dir / "disaster-sms-secret"
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


def _rule(count: int, period: str) -> str:
    return f"{count}/{period}" if count > 0 else ""  # 0 switches the limit off


def guards(settings: ServiceSettings) -> Guards:
    """Limits on anonymous reports, counted in the shared storage (Redis at REDIS_URL) by every replica.
    CGNAT puts many phones behind one address: the client limit is generous."""
    return Guards(
        limits=ratelimit.RateLimits(ratelimit.open_storage(settings.redis_url), settings.rate_limit_namespace),
        client_rule=_rule(env_int("DISASTER_CLIENT_REPORTS_PER_MINUTE", 60), "minute"),
        phone_rule=_rule(env_int("DISASTER_PHONE_REPORTS_PER_HOUR", 10), "hour"),
        cipher=keys.ServiceKeys.from_env(KEY_LAYOUT, settings.var_dir).pii_cipher(),
    )


_collector_registered = False


def bootstrap(
    settings: ServiceSettings | None = None,
    *,
    migrate: bool = True,
    clock: Callable[[], dt.datetime] | None = None,
    verifier: TokenVerifier | None = None,
    consumer_max_attempts: int = 5,
    register_metrics: bool = False,
) -> DisasterApp:
    global _collector_registered
    settings = settings or load_settings()
    engine = db.make_engine(settings.database_url)
    if migrate:
        db.migrate_at_start(engine, migrations_path())
    session_factory = db.session_factory(engine)
    app = DisasterApp(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        verifier=verifier or identity_verifier(settings),
        clock=clock or utc_now,
        guards=guards(settings),
        sms_secret=sms_secret(settings),
    )
    app.intake = GroupCommittedReports(
        engine, clock=app.clock, source=SOURCE, on_committed=app._wake, place=app.place_report
    )
    app.bus = EventBus(
        nats_url=settings.nats_url,
        stream=settings.stream,
        session_factory=session_factory,
        connection=NatsConnection.for_service(settings.name, settings.nats_url, settings.var_dir),
        subscriptions=[
            Subscription.for_event(
                COMPLAINTS_CONSUMER,
                complaint_events.ComplaintFiled,
                app.on_complaint_filed,
                max_attempts=consumer_max_attempts,
            ),
            Subscription.for_event(
                CONFIRMATIONS_CONSUMER,
                complaint_events.CategoryConfirmed,
                app.on_complaint_filed,
                max_attempts=consumer_max_attempts,
            ),
            Subscription.for_event(
                CLUSTER_CONSUMER,
                events.ReportSubmitted,
                app.on_report_submitted,
                max_attempts=consumer_max_attempts,
                # A report the intake placed as it filed it says so: acked without a transaction.
                relevant=lambda event, _envelope: not event.incident_id,
            ),
        ],
    )
    if register_metrics and not _collector_registered:
        REGISTRY.register(StateCollector(app))
        _collector_registered = True
    return app
