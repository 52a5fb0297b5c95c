"""Levels of assurance beyond the phone: the in-person check at a Disdukcapil or kelurahan desk.

The resident's app shows a one-time challenge as a QR; an officer scans it and confirms against the
e-KTP in front of them. Only the challenge's hash is stored: the QR is the only place it exists.
Plain Python: no framework imports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

CHALLENGE_LIFETIME = dt.timedelta(minutes=10)
DEFAULT_AGENCY_PREFIXES = ("disdukcapil-", "kelurahan-")

# CitizenAssuranceChanged.reason
PHONE_VERIFIED = "phone_verified"
IN_PERSON = "in_person"
PASSWORD_RESET_SMS = "password_reset_sms"
PHONE_CHANGED = "phone_changed"


def new_challenge() -> str:
    # 192 random bits: unguessable, so a fast hash is enough to store it.
    return secrets.token_urlsafe(24)


def challenge_hash(challenge: str) -> str:
    return hashlib.sha256((challenge or "").strip().encode()).hexdigest()


def may_check_in_person(agency_code: str, prefixes: tuple[str, ...]) -> bool:
    """Only population-registry desks check identities: agencies whose code starts with a prefix."""
    code = (agency_code or "").strip().lower()
    return any(prefix and code.startswith(prefix.lower()) for prefix in prefixes)


@dataclass
class InPersonChallenge:
    id: str
    account_id: str
    challenge_hash: str
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None = None

    def usable(self, now: dt.datetime) -> bool:
        return self.used_at is None and now < self.expires_at
