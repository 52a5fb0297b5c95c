"""One-time codes sent by SMS: proof that the person at the keyboard holds a phone number.

A code is 6 digits, lives 10 minutes, is good once, and dies after 5 wrong tries; only its keyed hash
is stored (the adapter's), never the digits. A newer code of the same purpose replaces the older one.
Plain Python: no framework imports.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

CODE_DIGITS = 6
CODE_LIFETIME = dt.timedelta(minutes=10)
MAX_WRONG_ATTEMPTS = 5

# Purposes: what a code proves, and so which use case may take it.
SIGNUP = "signup"  # activates a pending sign-up
VERIFY_PHONE = "verify_phone"  # a signed-in citizen's number (accounts from before codes, in-person new numbers)
CHANGE_OLD = "change_old"  # a phone change: the number on file ...
CHANGE_NEW = "change_new"  # ... and the new one, both needed
RESET = "reset"  # a forgotten password
PURPOSES = (SIGNUP, VERIFY_PHONE, CHANGE_OLD, CHANGE_NEW, RESET)

# States of a stored code at a moment.
USABLE, USED, EXPIRED, EXHAUSTED = "usable", "used", "expired", "exhausted"

_FORM = re.compile(rf"^\d{{{CODE_DIGITS}}}$")

# The SMS texts (Indonesian: the resident's phone). "Jangan berikan kepada siapa pun" because the
# usual theft of a code is a caller posing as an official who asks for it.
_WARNING = "Berlaku 10 menit. Jangan berikan kepada siapa pun."
SMS_TEXTS = {
    SIGNUP: "Kode verifikasi Gorontalo Satu: {code}. " + _WARNING,
    VERIFY_PHONE: "Kode verifikasi Gorontalo Satu: {code}. " + _WARNING,
    CHANGE_OLD: "Kode ganti nomor HP Gorontalo Satu (nomor lama): {code}. " + _WARNING,
    CHANGE_NEW: "Kode ganti nomor HP Gorontalo Satu (nomor baru): {code}. " + _WARNING,
    RESET: "Kode atur ulang kata sandi Gorontalo Satu: {code}. " + _WARNING + " Abaikan bila Anda tidak memintanya.",
}


def new_code(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """Uniform over all 10^6 codes (leading zeros kept), from the OS's cryptographic source."""
    return f"{randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def well_formed(code: str) -> bool:
    return bool(_FORM.match(code or ""))


def sms_text(purpose: str, code: str) -> str:
    return SMS_TEXTS[purpose].format(code=code)


@dataclass
class VerificationCode:
    id: str
    account_id: str
    purpose: str
    code_hash: str
    # Where the code went (E.164): what the code proves once entered.
    phone: str
    created_at: dt.datetime
    expires_at: dt.datetime
    attempts: int = 0  # wrong tries so far
    used_at: dt.datetime | None = None

    def state(self, now: dt.datetime) -> str:
        if self.used_at is not None:
            return USED
        if self.attempts >= MAX_WRONG_ATTEMPTS:
            return EXHAUSTED
        if now >= self.expires_at:
            return EXPIRED
        return USABLE

    @property
    def attempts_left(self) -> int:
        return max(0, MAX_WRONG_ATTEMPTS - self.attempts)
