"""The platform's own services as callers: their tokens (client credentials grant) and what they may
ask of identity (a citizen's contact, to notify them)."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from prometheus_client import Counter

from servicekit.auth import Principal
from servicekit.errors import NotFound, Unauthenticated

from ..domain import model
from . import throttling
from .services import Clock, TokenIssuer

SERVICE_TOKENS = Counter(
    "gorontalo_identity_service_tokens_total", "Service tokens asked for, by outcome.", ["outcome"]
)
# A service acts for no person: no in-person check stands behind it, so its tokens pass no level.
SERVICE_ACR = 0


@dataclass(frozen=True)
class ServiceToken:
    access_token: str
    expires_in: int
    acr: int = SERVICE_ACR


@dataclass(frozen=True)
class Contact:
    citizen_id: str
    phone: str
    regency_code: str
    acr: int
    active: bool


def issue_service_token(
    tokens: TokenIssuer,
    clock: Clock,
    *,
    client_id: str,
    client_secret: str,
    clients: tuple[str, ...],
    secret_of: Callable[[str], str],
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> ServiceToken:
    """`secret_of(name)` is servicekit.config.service_secret: asked only for a configured client (it
    creates a development secret on first use)."""
    budgets = throttling.client_auth_budgets(limits, client_address)
    throttling.guard(throttle, budgets)
    client_id = (client_id or "").strip()
    known = client_id in clients
    expected = secret_of(client_id) if known else ""
    if not known or not client_secret or not hmac.compare_digest(expected.encode(), client_secret.encode()):
        throttle.record_failure(budgets)
        SERVICE_TOKENS.labels("refused").inc()
        raise Unauthenticated("client_unauthenticated")
    now = clock()
    lifetime = model.ACCESS_TOKEN_LIFETIME
    token = tokens.issue_access_token(
        subject=f"service:{client_id}",
        role="service",
        agency="",
        jurisdiction=[],
        lifetime=lifetime,
        now=now,
        acr=SERVICE_ACR,
    )
    SERVICE_TOKENS.labels("issued").inc()
    return ServiceToken(token, int(lifetime.total_seconds()))


def get_contact(uow, principal: Principal, citizen_id: str) -> Contact:
    """The number only when verified: an unproven number may be someone else's. Only the platform's
    services ask (to notify the resident); a person's token, whatever its level, reads no one's number."""
    principal.require_role("service")
    with uow:
        account = uow.accounts.get(citizen_id) if citizen_id else None
    if account is None or not account.is_citizen:
        raise NotFound()
    return Contact(
        citizen_id=account.id,
        phone=account.phone if account.phone_verified and account.active else "",
        regency_code=account.regency_code,
        acr=account.acr if account.active else 0,
        active=account.active,
    )
