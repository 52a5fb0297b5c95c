"""Issued permits: their number, their NIB, their validity. Plain Python."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from servicekit.errors import FailedPrecondition

from .sla import local_date

VALID = "valid"
REVOKED = "revoked"
AGENCY = "DPMPTSP"
SEQUENCE_DIGITS = 6
REASON_MIN, REASON_MAX = 5, 1000

_NIB = re.compile(r"^\d{13}$")
_NUMBER = re.compile(r"^(\d{4})[/-]DPMPTSP[/-](\d{4})[/-](\d{6})$")


def is_nib(value: str) -> bool:
    """A Nomor Induk Berusaha as OSS issues it: exactly 13 digits."""
    return bool(_NIB.match(value or ""))


def permit_number(regency_code: str, year: int, sequence: int) -> str:
    """7571/DPMPTSP/2026/000123: the regency/city code without its dot, the year, a 6-digit sequence."""
    if not 1 <= sequence < 10**SEQUENCE_DIGITS:
        raise ValueError("sequence out of range")
    return f"{regency_code.replace('.', '')}/{AGENCY}/{year:04d}/{sequence:0{SEQUENCE_DIGITS}d}"


def canonical_number(raw: str) -> str | None:
    """The stored form of a number written with '/' or '-' (URL paths cannot hold '/'); None if malformed."""
    match = _NUMBER.match((raw or "").strip().upper())
    return f"{match[1]}/{AGENCY}/{match[2]}/{match[3]}" if match else None


def verify_path(number: str) -> str:
    """Where anyone checks a permit by its number, below the platform's public origin."""
    return "/v1/permits/verify/" + number.replace("/", "-")


def issue_year(at: dt.datetime) -> int:
    return local_date(at).year


@dataclass
class Permit:
    permit_number: str
    application_id: str
    owner_id: str
    nib: str
    kbli_code: str
    business_name: str
    risk_level: str
    regency_code: str
    issued_at: dt.datetime
    status: str = VALID
    revoked_at: dt.datetime | None = None
    revoked_by: str = ""
    revocation_reason: str = ""

    @property
    def issue_date(self) -> dt.date:
        return local_date(self.issued_at)

    def revoke(self, *, officer_id: str, at: dt.datetime, reason: str) -> None:
        if self.status == REVOKED:
            raise FailedPrecondition("permit_already_revoked", status=self.status)
        self.status = REVOKED
        self.revoked_at = at
        self.revoked_by = officer_id
        self.revocation_reason = reason
