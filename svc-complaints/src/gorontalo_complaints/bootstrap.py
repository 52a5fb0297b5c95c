"""Composition root of svc-complaints: the one place that reads configuration."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import logging
import pathlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from servicekit import clients, db, keys, notify
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.bus import EventBus
from servicekit.config import ServiceSettings, env
from servicekit.nats_connection import NatsConnection
from servicekit.pii import PiiCipher
from servicekit.ratelimit import RateLimits, open_storage

from . import messages
from .adapters import classifier as sk_classifier
from .adapters.photo_store import photo_store
from .domain import notifications as notification_texts
from .domain import tracking
from .domain.links import Links
from .domain.routing import RoutingTable
from .service_layer import notifications
from .service_layer.access import DEFAULT_DISPATCHER_AGENCIES, Staff
from .service_layer.anonymous import AnonymousLimits
from .service_layer.limits import Limiter, LimitRules
from .service_layer.routing import DEFAULT_CONFIDENCE_THRESHOLD, Router
from .service_layer.unit_of_work import ComplaintsUnitOfWork

SERVICE_NAME = "gorontalo.complaints.v1.ComplaintsService"
# Its keys, in COMPLAINTS_KEYS_DIR (servicekit.keys: one directory every replica reads) or $VAR_DIR/complaints.
KEY_LAYOUT = keys.KeyLayout("complaints", pii_file="pii-keys.json")
MODEL_FILENAME = "complaints-category-model.joblib"
log = logging.getLogger(__name__)


@dataclass
class ComplaintsApp:
    settings: ServiceSettings
    engine: sa.Engine
    session_factory: object
    bus: EventBus
    verifier: TokenVerifier
    clock: Callable[[], dt.datetime]
    new_tracking_code: Callable[[], str]
    router: Router
    staff: Staff
    photo_store: object = None
    cipher: PiiCipher | None = None
    limiter: Limiter | None = None
    anonymous_limits: AnonymousLimits = AnonymousLimits()
    links: Links = Links("http://127.0.0.1:8080")
    deadline_check_seconds: float = 0.0
    transport: object = None
    cost_cap: notify.CostCap | None = None
    # SMS_GATEWAY_CALLBACK_SECRET: the key of the gateway's signed delivery reports ("" refuses them all).
    sms_callback_secret: str = ""
    notify_interval_seconds: float = 0.0
    notify_max_attempts: int = 8
    notify_retry_base_seconds: float = 30.0
    # The service's messages (problem+json texts, Open311 errors): locale/*/LC_MESSAGES/complaints.po.
    catalog: object = messages.CATALOG

    def uow(self) -> ComplaintsUnitOfWork:
        return ComplaintsUnitOfWork(self.session_factory, on_commit=self.bus.wake, links=self.links)

    def sender(self) -> notify.Sender:
        return notifications.sender(
            self.uow,
            self.clock,
            self.cipher,
            self.transport,
            cost_cap=self.cost_cap,
            max_attempts=self.notify_max_attempts,
            retry_base_seconds=self.notify_retry_base_seconds,
        )


def migrations_path() -> str:
    return str(importlib.resources.files("gorontalo_complaints") / "migrations")


def routing_path() -> pathlib.Path:
    """COMPLAINTS_ROUTING_PATH, or the table shipped in the package."""
    configured = env("COMPLAINTS_ROUTING_PATH")
    return (
        pathlib.Path(configured)
        if configured
        else pathlib.Path(str(importlib.resources.files("gorontalo_complaints.data") / "routing.json"))
    )


def training_path() -> pathlib.Path:
    """COMPLAINTS_TRAINING_PATH, or the labelled texts shipped in the package (so an install from the
    wheel alone can train the model it serves with)."""
    configured = env("COMPLAINTS_TRAINING_PATH")
    return (
        pathlib.Path(configured)
        if configured
        else pathlib.Path(str(importlib.resources.files("gorontalo_complaints.data") / "training.csv"))
    )


def heldout_path() -> pathlib.Path:
    """COMPLAINTS_HELDOUT_PATH, or the held-out texts shipped in the package: written apart from
    training.csv and only ever evaluated on, never trained or tuned on."""
    configured = env("COMPLAINTS_HELDOUT_PATH")
    return (
        pathlib.Path(configured)
        if configured
        else pathlib.Path(str(importlib.resources.files("gorontalo_complaints.data") / "heldout.csv"))
    )


def model_path(settings: ServiceSettings) -> pathlib.Path:
    configured = env("COMPLAINTS_MODEL_PATH")
    return pathlib.Path(configured) if configured else settings.var_dir / MODEL_FILENAME


_TRAINED: dict[tuple[str, float], object] = {}
_TRAIN_LOCK = threading.Lock()


def train_model(path: pathlib.Path, examples_path: pathlib.Path, extra: list[tuple[str, str]] = ()):
    """Train from the labelled file (plus stored corrections), save, and return the scores."""
    examples = sk_classifier.read_examples(examples_path) + list(extra)
    model, result = sk_classifier.train(examples)
    sk_classifier.save(model, path)
    return model, result


def load_classifier(settings: ServiceSettings) -> sk_classifier.SklearnCategoryClassifier:
    """The saved model, loaded at the first complaint it classifies; when the file is missing it is
    trained now (about a second) and saved."""
    path = model_path(settings)
    if path.exists():
        return sk_classifier.SklearnCategoryClassifier.on_first_use(path)
    source = training_path()
    if not source.exists():
        raise FileNotFoundError(
            f"no category model at {path} and no labelled data at {source} to train it: "
            "set COMPLAINTS_TRAINING_PATH or COMPLAINTS_MODEL_PATH"
        )
    key = (str(source), source.stat().st_mtime)
    with _TRAIN_LOCK:  # one training per process and data file, however many apps are built (tests)
        model = _TRAINED.get(key)
        if model is None:
            log.info("no category model at %s: training it from %s", path, source)
            model, _ = sk_classifier.train(sk_classifier.read_examples(source))
            _TRAINED[key] = model
    sk_classifier.save(model, path)
    return sk_classifier.SklearnCategoryClassifier(model)


def links_of(settings: ServiceSettings) -> Links:
    """The platform-wide PUBLIC_BASE_URL (servicekit), checked once here rather than at each SMS."""
    try:
        links = Links(settings.public_base_url)
        notification_texts.check_links_fit(links)
    except ValueError as error:
        raise SystemExit(f"PUBLIC_BASE_URL: {error}") from None
    return links


def limit_rules() -> LimitRules:
    """Rate limits in the `limits` notation ("10/hour", "60/minute"); counted in Redis (REDIS_URL)."""
    defaults = LimitRules()
    per_hour = env("COMPLAINTS_ANONYMOUS_PER_ADDRESS_PER_HOUR")  # the older setting: a number per hour
    return LimitRules(
        anonymous_filings_per_address=env(
            "COMPLAINTS_ANONYMOUS_PER_ADDRESS",
            f"{int(per_hour)}/hour" if per_hour else defaults.anonymous_filings_per_address,
        ),
        lookups_per_address=env("COMPLAINTS_LOOKUPS_PER_ADDRESS", defaults.lookups_per_address),
        lookups_per_address_hourly=env("COMPLAINTS_LOOKUPS_PER_ADDRESS_HOURLY", defaults.lookups_per_address_hourly),
        lookups_per_account=env("COMPLAINTS_LOOKUPS_PER_ACCOUNT", defaults.lookups_per_account),
    )


def fixed_clock(now: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock that starts at `now` and runs on from there (check-deadlines --now, tests)."""
    offset = now - dt.datetime.now(dt.UTC)
    return lambda: dt.datetime.now(dt.UTC) + offset


def bootstrap(
    settings: ServiceSettings | None = None,
    *,
    migrate: bool = True,
    clock: Callable[[], dt.datetime] | None = None,
    new_tracking_code: Callable[[], str] | None = None,
    classifier=None,
) -> ComplaintsApp:
    settings = settings or ServiceSettings.from_env("complaints")
    links = links_of(settings)
    cipher = keys.ServiceKeys.from_env(KEY_LAYOUT, settings.var_dir).pii_cipher()
    engine = db.make_engine(settings.database_url)
    if migrate:
        db.migrate_at_start(engine, migrations_path())
    session_factory = db.session_factory(engine)
    # Every caller is verified here against svc-identity's published keys (fetched lazily, cached).
    verifier = TokenVerifier(
        JwksCache(clients.jwks_fetcher(clients.channel(settings.identity_addr, "identity", caller=settings.name))).key
    )
    router = Router(
        table=RoutingTable.from_json(routing_path().read_text(encoding="utf-8")),
        classifier=classifier if classifier is not None else load_classifier(settings),
        threshold=float(env("COMPLAINTS_ROUTING_CONFIDENCE", str(DEFAULT_CONFIDENCE_THRESHOLD))),
    )
    dispatchers = env("COMPLAINTS_DISPATCHER_AGENCIES", ",".join(DEFAULT_DISPATCHER_AGENCIES))
    secrets_dir = settings.var_dir / "complaints"
    rate_limits = RateLimits(open_storage(settings.redis_url), settings.rate_limit_namespace)
    return ComplaintsApp(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        bus=EventBus(
            nats_url=settings.nats_url,
            stream=settings.stream,
            session_factory=session_factory,
            connection=NatsConnection.for_service(settings.name, settings.nats_url, settings.var_dir),
        ),
        verifier=verifier,
        clock=clock or (lambda: dt.datetime.now(dt.UTC)),
        new_tracking_code=new_tracking_code or tracking.generate,
        router=router,
        staff=Staff(tuple(code.strip() for code in dispatchers.split(",") if code.strip())),
        photo_store=photo_store(engine, pathlib.Path(env("COMPLAINTS_PHOTO_DIR", str(secrets_dir / "photos")))),
        cipher=cipher,
        limiter=Limiter(rate_limits, limit_rules()),
        anonymous_limits=AnonymousLimits(int(env("COMPLAINTS_ANONYMOUS_PER_CONTACT_PER_DAY", "3"))),
        links=links,
        deadline_check_seconds=float(env("COMPLAINTS_DEADLINE_CHECK_SECONDS", "300")),
        # The one transport every service shares (NOTIFY_TRANSPORT, SMS_GATEWAY_*, SMTP_*), and its SMS cost cap.
        transport=notify.transport_from_env(notifications.SENDER, var_dir=settings.var_dir),
        cost_cap=notify.cost_cap_from_env(rate_limits, notifications.SENDER),
        sms_callback_secret=notify.callbacks.callback_secret(),
        notify_interval_seconds=float(env("COMPLAINTS_NOTIFY_INTERVAL_SECONDS", "5")),
        notify_max_attempts=int(env("COMPLAINTS_NOTIFY_MAX_ATTEMPTS", "8")),
        notify_retry_base_seconds=float(env("COMPLAINTS_NOTIFY_RETRY_BASE_SECONDS", "30")),
    )
