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
    # SMS code *requests* (sign-up, resend, phone verification and change, password reset): every
    # request counts, answered alike whether or not an account exists. Per destination (the number;
    # the NIK or username when the caller does not name a number) and per client address.
    code_requests_per_phone: str = "3/15minutes;10/day"
    code_requests_per_address: str = "30/minute;300/hour"
    # Wrong codes entered (besides each code's own 5 tries): per account key and per address.
    code_failures_per_account: str = "10/hour"
    code_failures_per_address: str = "20/minute;300/hour"


# The environment variable of each budget (bootstrap reads them).
ENVIRONMENT = {
    "login_per_account": "IDENTITY_LOGIN_FAILURES_PER_ACCOUNT",
    "login_per_address": "IDENTITY_LOGIN_FAILURES_PER_ADDRESS",
    "signup_per_nik": "IDENTITY_SIGNUP_FAILURES_PER_NIK",
    "signup_per_address": "IDENTITY_SIGNUP_FAILURES_PER_ADDRESS",
    "client_auth_per_address": "IDENTITY_CLIENT_AUTH_FAILURES_PER_ADDRESS",
    "code_requests_per_phone": "IDENTITY_CODE_REQUESTS_PER_PHONE",
    "code_requests_per_address": "IDENTITY_CODE_REQUESTS_PER_ADDRESS",
    "code_failures_per_account": "IDENTITY_CODE_FAILURES_PER_ACCOUNT",
    "code_failures_per_address": "IDENTITY_CODE_FAILURES_PER_ADDRESS",
}


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


def code_request_budgets(limits: AbuseLimits, recipient_key: str, client_address: str) -> list[Budget]:
    """`recipient_key`: "phone:+62...", "nik:...", "user:..." (account_key) or "account:<id>"."""
    return [
        Budget("identity-code-request-recipient", limits.code_requests_per_phone, recipient_key),
        Budget("identity-code-request-address", limits.code_requests_per_address, client_address),
    ]


def code_failure_budgets(limits: AbuseLimits, account_key_: str, client_address: str) -> list[Budget]:
    return [
        Budget("identity-code-failure-account", limits.code_failures_per_account, account_key_),
        Budget("identity-code-failure-address", limits.code_failures_per_address, client_address),
    ]


def spend(throttle: Throttle, budgets: list[Budget]) -> None:
    """Count a request that costs something (an SMS) whatever its outcome; 429 once a budget is spent.
    Refused before anything is looked up, so the answer cannot tell whether an account exists."""
    guard(throttle, budgets)
    throttle.record_failure(budgets)  # a hit: for these budgets every request counts


def guard(throttle: Throttle, budgets: list[Budget]) -> None:
    """429 with Retry-After once a budget is spent, before any secret is looked at."""
    refusal = throttle.refusal(budgets)
    if refusal is not None:
        raise ResourceExhausted("too_many_attempts", retry_after=refusal.retry_after, seconds=refusal.retry_after)
