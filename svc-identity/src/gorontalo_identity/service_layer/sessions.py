"""Sessions: a short-lived access token plus a rotating refresh token."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from prometheus_client import Counter

from gorontalo.identity.v1 import identity_pb2
from servicekit.auth import Principal
from servicekit.errors import Unauthenticated

from ..domain import model
from ..domain.sessions import REFRESH_TOKEN_LIFETIME, RefreshToken

REVOCATIONS = Counter("gorontalo_identity_access_tokens_revoked_total", "Access tokens revoked before expiry.")
REFRESHES = Counter("gorontalo_identity_token_refreshes_total", "Refresh attempts by outcome.", ["outcome"])


@dataclass(frozen=True)
class Session:
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    # The session's level of assurance (the token's acr) and what the user must do next ("" or verify_phone).
    acr: int = 0
    required_action: str = ""
    # Staff without an authenticator app when IDENTITY_STAFF_TOTP_REQUIRED: the only token (staff_totp).
    enrollment_token: str = ""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(uow, tokens, account: model.Account, now: dt.datetime, family_id: str | None = None) -> Session:
    """Issue both tokens; the refresh token is stored only as a hash. The caller commits."""
    secret = secrets.token_urlsafe(32)
    lifetime = model.ACCESS_TOKEN_LIFETIME
    access_token_id = uuid.uuid4().hex
    refresh = RefreshToken(
        id=str(uuid.uuid4()),
        family_id=family_id or str(uuid.uuid4()),
        account_id=account.id,
        secret_hash=_hash(secret),
        issued_at=now,
        expires_at=now + REFRESH_TOKEN_LIFETIME,
        access_token_id=access_token_id,
        access_expires_at=now + lifetime,
    )
    uow.refresh_tokens.add(refresh)
    # Services match officers to agencies by the agency's stable code, not its display name.
    agency = uow.agencies.get(account.agency_id) if account.agency_id else None
    access = tokens.issue_access_token(
        subject=account.id,
        role=account.role,
        agency=agency.code if agency else account.agency,
        jurisdiction=account.jurisdiction,
        lifetime=lifetime,
        now=now,
        agency_head=account.agency_head,
        jti=access_token_id,
        acr=account.acr,
    )
    return Session(
        access,
        int(lifetime.total_seconds()),
        f"{refresh.id}.{secret}",
        int(REFRESH_TOKEN_LIFETIME.total_seconds()),
        acr=account.acr,
        required_action=account.required_action,
    )


def _find(uow, presented: str) -> RefreshToken:
    token_id, _, secret = (presented or "").partition(".")
    stored = uow.refresh_tokens.get(token_id) if token_id and secret else None
    if stored is None or not hmac.compare_digest(stored.secret_hash, _hash(secret)):
        raise Unauthenticated("refresh_invalid")
    return stored


def refresh(uow, tokens, clock, presented: str) -> Session:
    now = clock()
    with uow:
        stored = _find(uow, presented)
        state = stored.state(now)
        if state == "reused" or (state == "active" and not uow.refresh_tokens.mark_used(stored.id, now)):
            # Someone presented a token that was already rotated: end every session of this chain.
            # Its access tokens run out on their own (at most 15 minutes): the owner's client keeps
            # working until it must refresh, then signs in again.
            uow.refresh_tokens.revoke_family(stored.family_id, now)
            uow.commit()
            REFRESHES.labels("reused").inc()
            raise Unauthenticated("refresh_reused")
        if state != "active":
            REFRESHES.labels(state).inc()
            raise Unauthenticated("refresh_invalid")
        account = uow.accounts.get(stored.account_id)
        if account is None or account.is_locked(now) or not account.active:
            raise Unauthenticated("refresh_invalid")
        session = start(uow, tokens, account, now, family_id=stored.family_id)
        uow.commit()
    REFRESHES.labels("rotated").inc()
    return session


def _end_family(uow, family_id: str, now: dt.datetime) -> None:
    uow.refresh_tokens.revoke_family(family_id, now)
    revoke_access_tokens(uow, uow.refresh_tokens.live_access_tokens(family_id, now), now)


def revoke_access_tokens(uow, tokens: list[tuple[str, dt.datetime]], now: dt.datetime) -> None:
    """This replica refuses them once the caller commits (the repository adds them to the list its
    verifier reads); every other verifier, other identity replicas too, within a second or two, from
    the event (servicekit.revocation). The caller commits."""
    for token_id, expires_at in tokens:
        if token_id and expires_at > now and uow.revoked_tokens.add(token_id, expires_at, now):
            uow.add_event(
                identity_pb2.TokenRevoked(
                    token_id=token_id, expires_at=expires_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
                )
            )
            REVOCATIONS.inc()


def load_revocations(uow, revocations, now: dt.datetime) -> int:
    """Start-up: every access token revoked and not yet expired, from the table into `revocations`
    (the list this process's verifier reads), so a restart forgets none, whether or not its event
    was published yet. Returns how many."""
    with uow.reading():
        live = uow.revoked_tokens.live(now)
    for token_id, expires_at in live:
        revocations.add(token_id, expires_at.timestamp())
    return len(live)


def end_all(uow, account_id: str, now: dt.datetime) -> int:
    """Every session of the account ends: its refresh chains and their access tokens still alive (a
    password reset, a takeover repaired). Returns how many chains there were. The caller commits."""
    families = uow.refresh_tokens.families_of_account(account_id)
    for family in families:
        _end_family(uow, family, now)
    return len(families)


def logout(uow, clock, presented: str, access: Principal | None = None) -> None:
    """End the session chain of the refresh token, of the access token the caller signed in with, or
    both; every access token of the chain still alive is revoked with it."""
    now = clock()
    with uow:
        families = set()
        if presented or access is None:
            families.add(_find(uow, presented).family_id)
        alive = []
        if access is not None and access.token_id:
            family = uow.refresh_tokens.family_of_access_token(access.token_id)
            if family:
                families.add(family)
            alive.append((access.token_id, dt.datetime.fromtimestamp(access.expires_at, dt.UTC)))
        for family in families:
            _end_family(uow, family, now)
        revoke_access_tokens(uow, alive, now)
        uow.commit()
