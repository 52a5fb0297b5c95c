"""How many failed secret checks identity allows, and whose they are.

Failures are counted per account (the typed NIK, phone number or username, normalised so that
0812..., 62812... and +62812... share one count) and per client address with a higher ceiling:
mobile carriers put many phones behind one address, and only failures count, so residents who
type their password right are never slowed by a neighbour's typos.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from servicekit.errors import ResourceExhausted

from ..domain import model


@dataclass(frozen=True)
class Budget:
    name: str
    rule: str  # a `limits` rule; several separated by ";" all apply
    key: str


@dataclass(frozen=True)
class AbuseLimits:
    """Defaults; bootstrap reads each from the environment (IDENTITY_*_FAILURES_PER_*)."""

    login_per_account: str = "10/15minutes"
    # A sprayer tries one password on many NIKs: only the address sees it. 20 a minute stops a
    # sprayer within seconds while a carrier address of thousands of phones rarely fails that often.
    login_per_address: str = "20/minute;300/hour"
    # The register check (NIK + name + birth date) is an oracle: a resident who mistypes gets a few
    # tries, someone guessing birth dates for a NIK does not.
    signup_per_nik: str = "5/hour"
    signup_per_address: str = "20/minute;300/hour"
    # e-KTP relying parties authenticate with a client id and secret; failures per address.
    client_auth_per_address: str = "20/minute;300/hour"


class Throttle(Protocol):
    def refusal(self, budgets: list[Budget]): ...
    def record_failure(self, budgets: list[Budget]) -> None: ...


class NoThrottle:
    """Tools and unit tests that check secrets without budgets."""

    def refusal(self, budgets) -> None:
        return None

    def record_failure(self, budgets) -> None:
        return None


NO_THROTTLE = NoThrottle()
DEFAULT_LIMITS = AbuseLimits()


def account_key(username: str) -> str:
    """The one form of whatever the resident typed to log in (NIK, phone in any form, username)."""
    username = (username or "").strip()
    if len(username) == 16 and username.isdigit():
        return "nik:" + username
    phone = model.normalise_phone(username)
    if phone:
        return "phone:" + phone
    return "user:" + username.lower()


def login_budgets(limits: AbuseLimits, username: str, client_address: str) -> list[Budget]:
    return [
        Budget("identity-login-account", limits.login_per_account, account_key(username)),
        Budget("identity-login-address", limits.login_per_address, client_address),
    ]


def signup_budgets(limits: AbuseLimits, nik: str, client_address: str) -> list[Budget]:
    return [
        Budget("identity-signup-nik", limits.signup_per_nik, nik),
        Budget("identity-signup-address", limits.signup_per_address, client_address),
    ]


def client_auth_budgets(limits: AbuseLimits, client_address: str) -> list[Budget]:
    return [Budget("identity-client-auth-address", limits.client_auth_per_address, client_address)]


def guard(throttle: Throttle, budgets: list[Budget]) -> None:
    """429 with Retry-After once a budget is spent, before any secret is looked at."""
    refusal = throttle.refusal(budgets)
    if refusal is not None:
        raise ResourceExhausted("too_many_attempts", retry_after=refusal.retry_after, seconds=refusal.retry_after)
