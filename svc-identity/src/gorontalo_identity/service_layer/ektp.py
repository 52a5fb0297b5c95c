"""e-KTP checks for relying parties, and officers' reads of the register, each one recorded."""

from __future__ import annotations

import base64
import datetime as dt
import hmac

from prometheus_client import Counter

from servicekit.auth import Principal
from servicekit.errors import NotFound, PermissionDenied, ResourceExhausted, Unauthenticated, Validator

from ..domain.dates import parse_date
from ..domain.model import AccessRecord
from ..domain.register import Resident
from . import throttling
from .admin import hash_client_secret

VERIFICATIONS = Counter(
    "gorontalo_identity_ektp_verifications_total", "e-KTP checks by outcome and client.", ["client", "outcome"]
)
SERVICE_MATCHES = Counter(
    "gorontalo_identity_resident_matches_total", "Yes/no NIK checks by platform services.", ["caller", "outcome"]
)
RESIDENT_READS = Counter(
    "gorontalo_identity_resident_reads_total", "Register reads by officers and operators.", ["role"]
)
WINDOW = dt.timedelta(minutes=1)


def parse_basic(authorization: str | None) -> tuple[str, str]:
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        raise Unauthenticated("client_unauthenticated")
    try:
        client_id, _, secret = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError):  # binascii.Error is a ValueError; so is non-ASCII input
        raise Unauthenticated("client_unauthenticated") from None
    return client_id, secret


def _check_fields(nik: str, full_name: str, birth_date: str, purpose: str) -> dt.date | None:
    v = Validator()
    if not (len(nik or "") == 16 and nik.isdigit()):
        v.add("nik", "nik_not_16_digits")
    v.text("full_name", full_name, max_len=100)
    v.text("purpose", purpose, max_len=200, min_len=3)
    born, problem = parse_date("birth_date", birth_date)
    if problem:
        v.violations.append(problem)
    v.raise_if_invalid()
    return born


def verify_ektp(
    uow,
    clock,
    *,
    authorization: str | None,
    nik: str,
    full_name: str,
    birth_date: str,
    purpose: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> bool:
    budgets = throttling.client_auth_budgets(limits, client_address)
    throttling.guard(throttle, budgets)
    now = clock()
    try:
        client_id, secret = parse_basic(authorization)
    except Unauthenticated:
        throttle.record_failure(budgets)
        raise
    with uow:
        client = uow.api_clients.get(client_id)
        if client is None or not hmac.compare_digest(client.secret_hash, hash_client_secret(secret)):
            VERIFICATIONS.labels("unknown", "unauthenticated").inc()
            throttle.record_failure(budgets)
            raise Unauthenticated("client_unauthenticated")
        if uow.api_clients.checks_since(client.id, now - WINDOW) >= client.rate_limit_per_minute:
            uow.api_clients.record_check(client.id, now, "rate_limited", None, (purpose or "").strip()[:200])
            uow.commit()
            VERIFICATIONS.labels(client.id, "rate_limited").inc()
            raise ResourceExhausted("client_rate_limited", limit=client.rate_limit_per_minute)
        try:
            born = _check_fields(nik, full_name, birth_date, purpose)
        except Exception:
            uow.api_clients.record_check(client.id, now, "invalid", None, (purpose or "").strip()[:200])
            uow.commit()
            VERIFICATIONS.labels(client.id, "invalid").inc()
            raise
        resident = uow.residents.by_nik(nik)
        match = resident is not None and resident.matches(full_name, born)
        outcome = "match" if match else "no_match"
        uow.api_clients.record_check(client.id, now, outcome, uow.residents.cipher.index(nik, "nik"), purpose.strip())
        if resident is not None:
            # The resident sees that this party checked them, match or not.
            uow.access_log.record(
                nik, AccessRecord("relying_party", client.id, client.name, client.name, purpose.strip(), now)
            )
        uow.commit()
    VERIFICATIONS.labels(client.id, outcome).inc()
    return match


def lookup_resident(uow, clock, principal: Principal, *, nik: str, purpose: str) -> Resident:
    v = Validator()
    if not (len(nik or "") == 16 and nik.isdigit()):
        v.add("nik", "nik_not_16_digits")
    v.text("purpose", purpose, max_len=200, min_len=5)
    v.raise_if_invalid()
    with uow:
        resident = uow.residents.by_nik(nik)
        if resident is None:
            raise NotFound()
        if principal.role == "officer" and not principal.covers(resident.village_code):
            raise PermissionDenied("outside_jurisdiction")
        if principal.role not in ("officer", "operator"):
            raise PermissionDenied()
        actor = uow.accounts.get(principal.subject)
        uow.access_log.record(
            nik,
            AccessRecord(
                principal.role,
                principal.subject,
                actor.full_name if actor else principal.subject,
                (actor.agency if actor else "") or principal.agency,
                purpose.strip(),
                clock(),
            ),
        )
        uow.commit()
    RESIDENT_READS.labels(principal.role).inc()
    return resident


def match_resident(
    uow,
    clock,
    *,
    caller: str,
    nik: str,
    full_name: str = "",
    birth_date: str = "",
    account_id: str = "",
    purpose: str,
) -> bool:
    """A platform service (admitted by its certificate) asks whether a NIK belongs to a person: the declared
    name (and birth date, when given), or else an account. Only yes or no goes back; the resident sees the
    check in their access log, as for a relying party's e-KTP check."""
    v = Validator()
    if not (len(nik or "") == 16 and nik.isdigit()):
        v.add("nik", "nik_not_16_digits")
    if not (full_name or "").strip() and not (account_id or "").strip():
        v.add("full_name", "required")
    v.text("full_name", full_name or "", max_len=100, required=False)
    v.text("purpose", purpose, max_len=200, min_len=3)
    born, problem = parse_date("birth_date", birth_date) if birth_date else (None, None)
    if problem:
        v.violations.append(problem)
    v.raise_if_invalid()
    with uow:
        resident = uow.residents.by_nik(nik)
        if (full_name or "").strip():
            match = resident is not None and resident.matches(full_name, born or resident.birth_date)
        else:
            account = uow.accounts.get(account_id.strip())
            match = resident is not None and account is not None and account.nik == nik
        if resident is not None:
            uow.access_log.record(nik, AccessRecord("service", caller, caller, caller, purpose.strip(), clock()))
        uow.commit()
    SERVICE_MATCHES.labels(caller, "match" if match else "no_match").inc()
    return match
