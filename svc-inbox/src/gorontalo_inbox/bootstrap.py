"""Composition root of svc-inbox: the one place that reads configuration."""

from __future__ import annotations

import datetime as dt
import importlib.resources
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from servicekit import clients, config, db, i18n, keys, ratelimit
from servicekit import notify as transports
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.bus import EventBus, Subscription
from servicekit.config import ServiceSettings, env_int
from servicekit.nats_connection import NatsConnection
from servicekit.notify import callbacks
from servicekit.pii import PiiCipher

from . import messages, metrics
from .adapters.identity_contacts import IdentityContacts
from .service_layer import deliveries, subscriptions
from .service_layer.events import meta
from .service_layer.notifying import Outbound
from .service_layer.preferences import Mail
from .service_layer.unit_of_work import ConsumerUnitOfWork, InboxUnitOfWork

SERVICE_NAME = "gorontalo.inbox.v1.InboxService"
# Its keys, in INBOX_KEYS_DIR (servicekit.keys: one directory every replica reads) or $VAR_DIR/inbox.
KEY_LAYOUT = keys.KeyLayout("inbox", pii_file="pii-keys.json")
# The web app's page of the resident's timeline and notifications (what an e-mail points to).
INBOX_PAGE = "/saya"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class InboxApp:
    settings: ServiceSettings
    engine: sa.Engine
    session_factory: object
    verifier: TokenVerifier
    clock: Callable[[], dt.datetime]
    mail: Mail
    outbound: Outbound
    phone_of: Callable[[str], str | None]
    bus: EventBus | None = None
    subscriptions: list[Subscription] = field(default_factory=list)
    # SMS_GATEWAY_CALLBACK_SECRET: the delivery reports' signing secret ("" believes no report).
    sms_callback_secret: str = ""
    catalog: i18n.Catalog = messages.CATALOG

    def uow(self) -> InboxUnitOfWork:
        return InboxUnitOfWork(self.session_factory)

    def handler(self, durable: str, project: Callable) -> Callable:
        """A Subscription handler: the projection in the bus's transaction, and the lag once committed."""

        def handle(session, event, envelope: dict) -> None:
            unit = ConsumerUnitOfWork(session)
            applied = meta(envelope)
            project(unit, self.outbound, event, applied)
            unit.after_commit(lambda: _observe(durable, applied.time, self.clock()))

        return handle

    def relevant(self, durable: str, concerns: Callable | None) -> Callable | None:
        """A Subscription's `relevant`: what the projection would do nothing for is acked without a
        transaction, and still counts as applied for the lag gauges (a consumer seeing only anonymous
        reports is not stuck)."""
        if concerns is None:
            return None

        def relevant(event, envelope: dict) -> bool:
            if concerns(event):
                return True
            _observe(durable, meta(envelope).time, self.clock())
            return False

        return relevant

    def sender(self, transport: transports.Transport, cost_cap: transports.CostCap | None) -> transports.Sender:
        return transports.Sender(
            self.uow,
            self.clock,
            transport,
            deliveries.destination_resolver(self.phone_of, self.mail.cipher),
            sender=deliveries.SENDER,
            cost_cap=cost_cap,
        )


def _observe(durable: str, event_time: dt.datetime, now: dt.datetime) -> None:
    metrics.CONSUMER_LAG.labels(durable).set(max(0.0, (now - event_time).total_seconds()))
    metrics.LAST_APPLIED.labels(durable).set(event_time.timestamp())


def load_settings() -> ServiceSettings:
    return ServiceSettings.from_env("inbox")


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_inbox") / "migrations")


def identity_verifier(settings: ServiceSettings) -> TokenVerifier:
    """Tokens are checked here against svc-identity's published keys (JWKS over gRPC, cached)."""
    return TokenVerifier(
        JwksCache(clients.jwks_fetcher(clients.channel(settings.identity_addr, "identity", caller=settings.name))).key
    )


def identity_contacts(settings: ServiceSettings) -> IdentityContacts:
    """identity's GetContact with the inbox's own client credentials (SERVICE_SECRET_INBOX, or the
    secret generated into VAR_DIR/service-secrets/inbox that identity reads too)."""
    return IdentityContacts(
        clients.channel(settings.identity_addr, "identity", caller=settings.name),
        lambda: config.service_secret(deliveries.SENDER),
    )


def cipher(settings: ServiceSettings) -> PiiCipher:
    """E-mail addresses at rest: the inbox's own keys (INBOX_KEYS_DIR, or generated under VAR_DIR/inbox/)."""
    return keys.ServiceKeys.from_env(KEY_LAYOUT, settings.var_dir).pii_cipher()


def send_interval() -> float:
    return float(env_int("INBOX_SEND_INTERVAL_SECONDS", 5))


def due_scan_interval() -> float:
    return float(env_int("INBOX_DUE_SCAN_SECONDS", 900))


def rate_limits(settings: ServiceSettings) -> ratelimit.RateLimits:
    """Counters in Redis (REDIS_URL), shared by every replica: the SMS cost cap, e-mail verification links."""
    return ratelimit.RateLimits(ratelimit.open_storage(settings.redis_url), settings.rate_limit_namespace)


def delivery(settings: ServiceSettings) -> tuple[transports.Transport, transports.CostCap]:
    """The platform's one transport (NOTIFY_TRANSPORT, ...) and the daily SMS cost cap in Redis."""
    return transports.transport_from_env(deliveries.SENDER), transports.cost_cap_from_env(
        rate_limits(settings), deliveries.SENDER
    )


def bootstrap(
    settings: ServiceSettings | None = None,
    *,
    migrate: bool = True,
    clock: Callable[[], dt.datetime] | None = None,
    verifier: TokenVerifier | None = None,
    phone_of: Callable[[str], str | None] | None = None,
    deliver: bool = True,
    consumer_max_attempts: int = 5,
) -> InboxApp:
    """The app. `deliver` False (a rebuild) writes notifications without queueing their SMS or e-mail."""
    settings = settings or load_settings()
    engine = db.make_engine(settings.database_url)
    if migrate:
        db.migrate_at_start(engine, migrations_path())
    session_factory = db.session_factory(engine)
    clock = clock or utc_now
    app = InboxApp(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        verifier=verifier or identity_verifier(settings),
        clock=clock,
        mail=Mail(cipher(settings), settings.public_base_url, rate_limits(settings)),
        outbound=Outbound(clock=clock, inbox_link=settings.public_base_url + INBOX_PAGE, deliver=deliver),
        phone_of=phone_of or identity_contacts(settings).phone_of,
        sms_callback_secret=callbacks.callback_secret(),
    )
    app.subscriptions = [
        Subscription.for_event(
            durable,
            message,
            app.handler(durable, project),
            max_attempts=consumer_max_attempts,
            relevant=app.relevant(durable, subscriptions.RELEVANT.get(durable)),
        )
        for durable, message, project in subscriptions.CONSUMED
    ]
    app.bus = EventBus(
        nats_url=settings.nats_url,
        stream=settings.stream,
        session_factory=session_factory,
        connection=NatsConnection.for_service(settings.name, settings.nats_url, settings.var_dir),
        subscriptions=app.subscriptions,
    )
    return app
