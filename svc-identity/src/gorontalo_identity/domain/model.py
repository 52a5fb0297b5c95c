"""Accounts and the rules about them. Plain Python: no framework imports."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from servicekit import phones  # plain Python on libphonenumber, no framework

ROLES = ("citizen", "officer", "operator", "admin")
# A citizen account's life: signed up (the SMS code not entered yet), active, or closed by an officer
# because someone else had activated it with the resident's NIK (a KTP photocopy).
PENDING = "pending_verification"
ACTIVE = "active"
CLOSED_TAKEOVER = "closed_takeover"
STATUSES = (PENDING, ACTIVE, CLOSED_TAKEOVER)
# Staff are vetted by their agency and act in person at their desk: their tokens carry the top level.
STAFF_ACR = 2
# A tourist outside the population register (GORINDO reviews): a proven phone, no NIK, acr 0.
VISITOR = "visitor"
VERIFY_PHONE = "verify_phone"  # Token.required_action of a citizen whose phone is not verified
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
    status: str = ACTIVE
    # When the number on file was proven by a code; None for accounts created before codes existed.
    phone_verified_at: dt.datetime | None = None
    # When a Disdukcapil or kelurahan officer checked the resident against the e-KTP (level 2).
    in_person_checked_at: dt.datetime | None = None
    # A pending sign-up lapses with its code.
    pending_until: dt.datetime | None = None
    closed_at: dt.datetime | None = None

    @property
    def is_citizen(self) -> bool:
        return self.role == "citizen"

    @property
    def active(self) -> bool:
        return self.status == ACTIVE

    @property
    def phone_verified(self) -> bool:
        return bool(self.phone) and self.phone_verified_at is not None

    @property
    def acr(self) -> int:
        """Level of assurance (the token's acr): 0 password only, 1 register match and a verified phone,
        2 checked in person. Without a verified phone a citizen is at 0 even after an in-person check
        (the officer recorded a new number that the resident has not entered the code of yet)."""
        if self.role == VISITOR:
            return 0  # no register match and never checked in person, whatever the phone
        if not self.is_citizen:
            return STAFF_ACR
        if not self.phone_verified:
            return 0
        return 2 if self.in_person_checked_at is not None else 1

    @property
    def required_action(self) -> str:
        return VERIFY_PHONE if self.is_citizen and not self.phone_verified else ""

    def verify_phone(self, phone: str, now: dt.datetime) -> None:
        self.phone = phone
        self.phone_verified_at = now

    def release_phone(self) -> None:
        """The number moved to an account whose holder proved it (or was lost): no longer ours."""
        self.phone = None
        self.phone_verified_at = None

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
