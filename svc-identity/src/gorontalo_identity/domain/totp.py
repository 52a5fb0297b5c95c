"""Staff's second factor: time-based one-time passwords (RFC 6238) from an authenticator app.

Staff accounts issue province-wide alerts and appoint officers, so a password alone is not enough:
after enrolling an app (a secret shared once, as a QR), every staff log-in also needs the app's
current code. Codes are 6 digits for 30-second steps (what every authenticator app does by default);
the step before and after are accepted too (a phone clock a little off), and a code is accepted once:
the last step used is kept, and only a later one is accepted after it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyotp

ISSUER = "Gorontalo Satu"
DIGITS = 6
STEP_SECONDS = 30
# Steps either side of now that are still accepted (clock drift): 1 means 30 seconds each way.
DRIFT_STEPS = 1
STAFF_ROLES = ("officer", "operator", "admin")
ENROLL_TOTP = "enroll_totp"  # Token.required_action of a staff account without an enrolled app


@dataclass
class TotpEnrolment:
    account_id: str
    secret: str
    created_at: dt.datetime
    confirmed_at: dt.datetime | None = None
    # The time step (Unix time // 30) of the last code accepted: no code of that step or before again.
    last_used_step: int | None = None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


def new_secret() -> str:
    """160 random bits in base32 (RFC 4226's recommended length)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, username: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(name=username, issuer_name=ISSUER)


def step_of(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def code_at_step(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).at(step * STEP_SECONDS)


def matching_step(enrolment: TotpEnrolment, code: str, now: dt.datetime) -> int | None:
    """The step whose code this is (now, or one step either side), if it was not used already."""
    code = (code or "").strip()
    if len(code) != DIGITS or not code.isdigit():
        return None
    current = step_of(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if enrolment.last_used_step is not None and step <= enrolment.last_used_step:
            continue
        if pyotp.utils.strings_equal(code_at_step(enrolment.secret, step), code):
            return step
    return None


def is_staff(role: str) -> bool:
    return role in STAFF_ROLES
