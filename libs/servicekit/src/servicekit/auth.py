"""Access tokens: who the caller is, and the check every service repeats itself.

Tokens are EdDSA-signed JWTs issued by svc-identity. A verifier trusts only the
keys in the identity service's JWKS and only the EdDSA algorithm, so `alg: none`,
HMAC-with-public-key and foreign keys all fail.
"""

from __future__ import annotations

import contextvars
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import jwt
from jwt.algorithms import OKPAlgorithm

from . import regions, revocation
from .errors import PermissionDenied, Unauthenticated, Unavailable

ISSUER = "https://gorontalo.go.id/identity"
AUDIENCE = "gorontalo-platform"
ALGORITHM = "EdDSA"

# "service": another service of the platform calling with its own credentials (client credentials
# grant at identity), never a person.
# visitor: someone outside the population register (a tourist) with a verified phone and no NIK, at
# the lowest level of assurance; only RPCs naming the role admit it (GORINDO's reviews, issue 21).
ROLES = ("citizen", "officer", "operator", "admin", "service", "visitor")
# Level of assurance (OpenID Connect `acr`): 0 a password only (an account that has not verified its
# phone yet), 1 register match and a verified phone, 2 identity checked in person against the e-KTP.
ACR_LEVELS = (0, 1, 2)


@dataclass(frozen=True)
class Principal:
    subject: str
    role: str
    agency: str = ""
    jurisdiction: tuple[str, ...] = field(default_factory=tuple)
    token_id: str = ""
    # An officer who heads their agency (kepala OPD); set by identity, meaningless for other roles.
    agency_head: bool = False
    # When the token expires (epoch seconds): how long a revocation of it must be remembered.
    expires_at: float = field(default=0.0, compare=False)
    # Level of assurance of the session (the `acr` claim): see ACR_LEVELS.
    acr: int = 0

    def covers(self, region_code: str) -> bool:
        return regions.within(region_code, self.jurisdiction)

    def require_role(self, *roles: str) -> None:
        if self.role not in roles:
            raise PermissionDenied()

    def require_jurisdiction(self, region_code: str) -> None:
        if not self.covers(region_code):
            raise PermissionDenied("outside_jurisdiction")


principal_var: contextvars.ContextVar[Principal | None] = contextvars.ContextVar("principal", default=None)


def current_principal() -> Principal | None:
    return principal_var.get()


def require_principal() -> Principal:
    principal = principal_var.get()
    if principal is None:
        raise Unauthenticated()
    return principal


class JwksCache:
    """Keys by kid, refreshed on a miss (rate-limited) and after a TTL."""

    def __init__(self, fetch: Callable[[], dict], ttl_seconds: float = 300, min_refresh_seconds: float = 10):
        self._fetch = fetch
        self._ttl = ttl_seconds
        self._min_refresh = min_refresh_seconds
        self._keys: dict[str, object] = {}
        self._fetched_at = float("-inf")  # never fetched (monotonic time may start near 0)
        self._attempted_at = float("-inf")  # last refresh attempt, successful or not
        self._last_error: Exception | None = None  # why the last attempt failed
        self._lock = threading.Lock()

    def _refresh(self) -> None:
        document = self._fetch()
        keys = {}
        for jwk in document.get("keys", []):
            if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and jwk.get("kid"):
                keys[jwk["kid"]] = OKPAlgorithm.from_jwk(json.dumps(jwk))
        self._keys = keys
        self._fetched_at = time.monotonic()

    def key(self, kid: str):
        age = time.monotonic() - self._fetched_at
        if kid in self._keys and age < self._ttl:
            return self._keys[kid]
        with self._lock:
            now = time.monotonic()
            age = now - self._fetched_at
            may_try = now - self._attempted_at >= self._min_refresh
            if may_try and (kid not in self._keys or age >= self._ttl):
                self._attempted_at = now
                try:
                    self._refresh()
                    self._last_error = None
                except Exception as e:  # noqa: BLE001 - identity unreachable: keep serving known keys
                    self._last_error = e
                    if kid not in self._keys:
                        raise
            elif kid not in self._keys and self._last_error is not None:
                raise self._last_error  # still down: say so without asking again
        return self._keys.get(kid)


class Revocations(Protocol):
    def is_revoked(self, token_id: str) -> bool: ...


class TokenVerifier:
    """Verifies access tokens; remembers recently verified ones until they expire.

    A client reuses its token for up to 15 minutes, so most calls would verify the
    same signature again (~60-120 us of Ed25519 and JSON per call). The cache is keyed by
    the whole token (signature included: a tampered copy is another key), bounded, and on
    every hit the token's expiry and its signing key are checked again: an entry is never
    used past the token's own expiry, nor once its key left the key source (retired from
    identity's JWKS). A kid is its key's RFC 7638 thumbprint, so a kid still known is the
    key the signature was checked with.

    Every call, cached or not, also asks `revocations` whether the token was revoked
    (logged out): by default the process's list that a revocation.RevocationFeed keeps
    current from identity's events (identity adds its own revocations at commit too).
    """

    def __init__(
        self,
        key_for_kid: Callable[[str], object],
        issuer: str = ISSUER,
        audience: str = AUDIENCE,
        cache_size: int = 10_000,
        revocations: Revocations | None = None,
    ):
        self._key_for_kid = key_for_kid
        self.revocations = revocations if revocations is not None else revocation.SHARED
        self.issuer = issuer
        self.audience = audience
        # token -> (its expiry, the kid that signed it, the principal)
        self._cache: OrderedDict[str, tuple[float, str, Principal]] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()

    def verify(self, token: str) -> Principal:
        principal = self._verified(token)
        if self.revocations.is_revoked(principal.token_id):
            raise Unauthenticated("token_revoked")
        return principal

    def _verified(self, token: str) -> Principal:
        with self._cache_lock:
            hit = self._cache.get(token)
            if hit is not None:
                if time.time() < hit[0]:
                    self._cache.move_to_end(token)
                else:
                    del self._cache[token]
                    hit = None
        if hit is not None and self._key(hit[1]) is not None:
            return hit[2]
        principal, kid = self._verify(token)  # not cached, expired, or its key retired: checked in full
        with self._cache_lock:
            self._cache[token] = (principal.expires_at, kid, principal)
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return principal

    def _key(self, kid: str):
        try:
            return self._key_for_kid(kid)
        except Exception:  # noqa: BLE001 - the key source (identity) is unreachable, not the token bad
            raise Unavailable("keys_unavailable") from None

    def _verify(self, token: str) -> tuple[Principal, str]:
        """The principal and the kid of the key that signed the token, or Unauthenticated."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthenticated("token_invalid") from None
        if header.get("alg") != ALGORITHM or not header.get("kid"):
            raise Unauthenticated("token_invalid")
        key = self._key(header["kid"])
        if key is None:
            raise Unauthenticated("token_invalid")
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "iss", "aud", "jti"]},
                leeway=30,
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("token_expired") from None
        except jwt.PyJWTError:
            raise Unauthenticated("token_invalid") from None
        role = claims.get("role")
        if role not in ROLES:
            raise Unauthenticated("token_invalid")
        principal = Principal(
            subject=str(claims["sub"]),
            role=role,
            agency=claims.get("agency", ""),
            jurisdiction=tuple(claims.get("jurisdiction", ())),
            token_id=claims["jti"],
            agency_head=role == "officer" and claims.get("agency_head") is True,
            expires_at=float(claims["exp"]),
            acr=_acr(claims.get("acr")),
        )
        return principal, header["kid"]


def _acr(claim) -> int:
    """The `acr` claim as a level: "1" (OpenID Connect's string form) or 1; anything else is 0."""
    try:
        level = int(str(claim))
    except (TypeError, ValueError):
        return 0
    return level if level in ACR_LEVELS else 0


def bearer_token(authorization: str | None) -> str | None:
    """The bearer token; None when there is none (or another scheme, e.g. Basic for API clients);
    "" when a Bearer header is present but empty, which callers must refuse."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()
