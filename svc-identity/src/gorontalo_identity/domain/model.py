"""Accounts and the rules about them. Plain Python: no framework imports."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from servicekit import phones  # plain Python on libphonenumber, no framework

ROLES = ("citizen", "officer", "operator", "admin")
MAX_FAILED_LOGINS = 5
FAILED_LOGIN_WINDOW = dt.timedelta(minutes=15)
LOCKOUT = dt.timedelta(minutes=15)
ACCESS_TOKEN_LIFETIME = dt.timedelta(minutes=15)
# A sign-up retried (its answer lost on a weak connection) within this time gets the first answer again.
SIGNUP_RETRY_WINDOW = dt.timedelta(hours=24)


def normalise_phone(raw: str) -> str | None:
    """Indonesian mobile numbers in E.164 (+628...), by the platform's one normaliser (libphonenumber
    rules): 0812..., 62812..., +62 812-... all give the same number; None if not a mobile number."""
    try:
        return phones.to_e164(raw)
    except phones.InvalidPhone:
        return None


def mask_phone(phone: str) -> str:
    return phone[:5] + "*" * max(0, len(phone) - 8) + phone[-3:] if len(phone) > 8 else "*" * len(phone)


def normalise_name(name: str) -> str:
    """Case- and space-insensitive form used to compare names."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


@dataclass
class Agency:
    id: str
    code: str
    name: str
    region_code: str
    created_at: dt.datetime


@dataclass
class ApiClient:
    id: str
    name: str
    secret_hash: str
    rate_limit_per_minute: int
    created_at: dt.datetime


@dataclass
class AccessRecord:
    actor_role: str
    actor_id: str
    actor_name: str
    agency: str
    purpose: str
    at: dt.datetime


@dataclass
class Account:
    id: str
    role: str
    full_name: str
    password_hash: str
    created_at: dt.datetime
    nik: str | None = None
    phone: str | None = None
    birth_date: dt.date | None = None
    username: str | None = None
    regency_code: str = ""
    agency: str = ""
    agency_id: str | None = None
    jurisdiction: list[str] = field(default_factory=list)
    # The head of the officer's agency (kepala OPD): deadline escalations go to this account.
    agency_head: bool = False
    failed_logins: int = 0
    first_failed_at: dt.datetime | None = None
    locked_until: dt.datetime | None = None

    def is_locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def record_failed_login(self, now: dt.datetime) -> bool:
        """Count a failure; True when this failure locks the account."""
        if self.first_failed_at is None or now - self.first_failed_at > FAILED_LOGIN_WINDOW:
            self.first_failed_at = now
            self.failed_logins = 0
        self.failed_logins += 1
        if self.failed_logins >= MAX_FAILED_LOGINS:
            self.locked_until = now + LOCKOUT
            self.failed_logins = 0
            self.first_failed_at = None
            return True
        return False

    def record_successful_login(self) -> None:
        self.failed_logins = 0
        self.first_failed_at = None
        self.locked_until = None
