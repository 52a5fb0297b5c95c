"""Composition root of svc-assist: the one place that reads configuration.

No database: the index lives in memory, rebuilt from the sources at start and every refresh.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from servicekit import clients, ratelimit
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.config import ServiceSettings, UnknownService, env, service_address

from . import messages
from .adapters.catalog_sources import (
    GrpcComplaintCategories,
    GrpcPermitCatalog,
    PackagedComplaintCategories,
    PackagedPermitCatalog,
)
from .adapters.faq import FaqPages
from .adapters.rule_sources import (
    SmsFormat,
    TaxRules,
    grpc_sms_format,
    grpc_tax_calls,
    packaged_sms_format,
    packaged_tax_calls,
)
from .domain import answers
from .service_layer.asking import Assistant, QuestionLimits
from .service_layer.library import SourceLibrary

log = logging.getLogger(__name__)

SERVICE_NAME = "gorontalo.assist.v1.AssistService"
# Share of the question (IDF-weighted terms) the best passage must contain, or the answer is "tidak tahu"
# (chosen on the evaluation set: `gorontalo-assist evaluate --sweep` prints the trade-off).
DEFAULT_MIN_COVERAGE = 0.4


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def web_public_url() -> str:
    """The residents' web app's public address (WEB_PUBLIC_URL; by default http://$WEB_BIND)."""
    return os.environ.get("WEB_PUBLIC_URL", "").strip().rstrip("/") or "http://" + (
        os.environ.get("WEB_BIND", "").strip() or "127.0.0.1:8081"
    )


@dataclass
class AssistApp:
    settings: ServiceSettings | None
    verifier: TokenVerifier | None
    library: SourceLibrary
    assistant: Assistant
    refresh_seconds: float
    catalog: object = messages.CATALOG


def load_settings() -> ServiceSettings:
    return ServiceSettings.from_env("assist")


def _link_for(web: str, api: str) -> Callable[[str], str]:
    def link(path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return (api if path.startswith("/v1/") else web) + path

    return link


def question_limits(settings: ServiceSettings) -> QuestionLimits:
    """Counted in the shared storage (Redis at REDIS_URL) by every replica; `limits` notation."""
    return QuestionLimits(
        limits=ratelimit.RateLimits(ratelimit.open_storage(settings.redis_url), settings.rate_limit_namespace),
        per_address=env("ASSIST_QUESTIONS_PER_ADDRESS", "30/minute"),
        per_account=env("ASSIST_QUESTIONS_PER_ACCOUNT", "20/minute"),
    )


def _channel_to(service: str, address: Callable[[], str], caller: str):
    """A channel to a source's owner; None when no address is configured (<SERVICE>_ADDR nor the registry):
    that source stays unreadable, said so in ListSources, while the others answer. `address` is the
    literal service_address("<owner>") call, so who calls whom reads from the code (tests/deploy)."""
    try:
        target = address()
    except UnknownService:
        log.warning("assist: no address for %s (set %s_ADDR); its source stays unread", service, service.upper())
        return None
    return clients.channel(target, service, caller=caller)


def build_assistant(
    sources_from: str,
    *,
    settings: ServiceSettings | None = None,
    limits: QuestionLimits | None = None,
    clock: Callable[[], dt.datetime] = utc_now,
    catalog_sources: list | None = None,
    rule_sources: tuple[TaxRules, SmsFormat] | None = None,
    min_coverage: float | None = None,
) -> tuple[SourceLibrary, Assistant]:
    """sources_from: "services" (permits, complaints, tax and disaster over gRPC) or "packages" (their
    installed packages' own data and functions; the evaluation). `catalog_sources` replaces the permit
    catalog and the complaint categories, `rule_sources` the tax rules and the SMS format (tests)."""
    faq = FaqPages()
    caller = settings.name if settings else "assist"
    if catalog_sources is None:
        if sources_from == "packages":
            catalog_sources = [PackagedPermitCatalog(), PackagedComplaintCategories()]
        else:
            catalog_sources = [
                GrpcPermitCatalog(_channel_to("permits", lambda: service_address("permits"), caller)),
                GrpcComplaintCategories(_channel_to("complaints", lambda: service_address("complaints"), caller)),
            ]
    if rule_sources is None:
        if sources_from == "packages":
            rule_sources = (TaxRules(messages.translate, packaged_tax_calls()), SmsFormat(packaged_sms_format))
        else:
            rule_sources = (
                TaxRules(
                    messages.translate, grpc_tax_calls(_channel_to("tax", lambda: service_address("tax"), caller))
                ),
                SmsFormat(grpc_sms_format(_channel_to("disaster", lambda: service_address("disaster"), caller))),
            )
    tax, sms = rule_sources
    library = SourceLibrary([*catalog_sources, tax, sms, faq], clock, aliases=faq.aliases())
    public_api = settings.public_base_url if settings else "http://127.0.0.1:8080"
    web = web_public_url()
    context = answers.Context(
        translate=messages.translate,
        link_for=_link_for(web, public_api),
        web_link=lambda path: web + path,
        office=faq.office(),
        source_state=library.state_of,
        examples={"tax:penalty": tax.penalty_example},
    )
    if min_coverage is None:
        min_coverage = float(env("ASSIST_MIN_COVERAGE", str(DEFAULT_MIN_COVERAGE)))
    assistant = Assistant(library, context, min_coverage, limits or QuestionLimits())
    return library, assistant


def bootstrap(
    settings: ServiceSettings | None = None,
    *,
    verifier: TokenVerifier | None = None,
    catalog_sources: list | None = None,
    clock: Callable[[], dt.datetime] = utc_now,
) -> AssistApp:
    settings = settings or load_settings()
    if verifier is None:
        identity = clients.channel(settings.identity_addr, "identity", caller=settings.name)
        verifier = TokenVerifier(JwksCache(clients.jwks_fetcher(identity)).key)
    library, assistant = build_assistant(
        "services",
        settings=settings,
        limits=question_limits(settings),
        clock=clock,
        catalog_sources=catalog_sources,
    )
    library.refresh()  # a source down at start is retried at every refresh; the others answer meanwhile
    return AssistApp(
        settings=settings,
        verifier=verifier,
        library=library,
        assistant=assistant,
        refresh_seconds=float(env("ASSIST_REFRESH_SECONDS", "300")),
    )
