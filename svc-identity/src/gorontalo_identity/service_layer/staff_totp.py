"""Staff's second factor: enrol an authenticator app (TOTP), confirm it, check it at log-in.

How a staff account without an app is treated (IDENTITY_STAFF_TOTP_REQUIRED):
- off (the default, so scripts, the demo and the end-to-end tests that sign officers in through the
  API keep working): the log-in answers a normal token with `required_action: "enroll_totp"`. The
  officers' console (/petugas) opens nothing but the enrolment page for such a session.
- on (production): the log-in answers no access or refresh token at all, only an `enrollment_token`
  valid 10 minutes that StartTotpEnrollment and ConfirmTotpEnrollment accept in their body. It is a JWT
  for another audience, so the gateway and every service refuse it as a bearer token.
Once an app is confirmed, every log-in of that account needs the current code, whatever the setting.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import jwt
from prometheus_client import Counter

from servicekit.auth import ALGORITHM, ISSUER
from servicekit.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound, Unauthenticated

from ..domain import totp
from . import sessions, throttling

ENROLLMENT_AUDIENCE = "gorontalo-identity-totp-enrollment"
ENROLLMENT_LIFETIME = dt.timedelta(minutes=10)
OTP_CHECKS = Counter("gorontalo_identity_staff_otp_checks_total", "Staff second-factor checks by outcome.", ["outcome"])


@dataclasses.dataclass(frozen=True)
class Enrollment:
    secret: str
    otpauth_uri: str
    created_at: dt.datetime


# -- enrolment tokens (IDENTITY_STAFF_TOTP_REQUIRED) ---------------------------------------------
def issue_enrollment_token(keys, account_id: str, now: dt.datetime) -> str:
    return keys.sign(
        {
            "iss": ISSUER,
            "aud": ENROLLMENT_AUDIENCE,
            "sub": account_id,
            "iat": int(now.timestamp()),
            "exp": int((now + ENROLLMENT_LIFETIME).timestamp()),
            "jti": uuid.uuid4().hex,
        },
        typ="totp-enrollment+jwt",
    )


def _enrollment_subject(keys, token: str, now: dt.datetime) -> str:
    try:
        header = jwt.get_unverified_header(token)
        key = keys.public_key(header.get("kid", "")) if header.get("alg") == ALGORITHM else None
        if key is None:
            raise jwt.InvalidTokenError("unknown key")
        claims = jwt.decode(
            token,
            key=key,
            algorithms=[ALGORITHM],
            audience=ENROLLMENT_AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub"], "verify_exp": False},
        )
    except jwt.PyJWTError:
        raise Unauthenticated("enrollment_token_invalid") from None
    if now.timestamp() >= claims["exp"]:
        raise Unauthenticated("enrollment_token_invalid")
    return str(claims["sub"])


def enrollee(uow, keys, principal, enrollment_token: str, now: dt.datetime):
    """The staff account enrolling: the bearer's, or the enrolment token's. Citizens have no TOTP."""
    if enrollment_token:
        account_id = _enrollment_subject(keys, enrollment_token, now)
    elif principal is not None:
        account_id = principal.subject
    else:
        raise Unauthenticated()
    with uow:
        account = uow.accounts.get(account_id)
    if account is None or not account.active:
        raise Unauthenticated("enrollment_token_invalid")
    if not totp.is_staff(account.role):
        raise FailedPrecondition("totp_staff_only")
    return account


# -- enrolment ------------------------------------------------------------------------------------
def start_enrollment(uow, clock, account) -> Enrollment:
    """A new secret, replacing one not confirmed yet; refused once an app is confirmed."""
    now = clock()
    with uow:
        current = uow.totp.get(account.id)
        if current is not None and current.confirmed:
            raise FailedPrecondition("totp_already_enrolled")
        enrolment = totp.TotpEnrolment(account_id=account.id, secret=totp.new_secret(), created_at=now)
        uow.totp.replace_pending(enrolment)
        uow.commit()
    return Enrollment(enrolment.secret, totp.provisioning_uri(enrolment.secret, account.username or account.id), now)


def confirm_enrollment(
    uow,
    tokens,
    clock,
    account,
    code: str,
    *,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> sessions.Session:
    """The app's first code confirms it; answers a new session (as an enrolled log-in would)."""
    budgets = throttling.code_failure_budgets(limits, "account:" + account.id, client_address)
    throttling.guard(throttle, budgets)
    now = clock()
    with uow:
        enrolment = uow.totp.get(account.id)
        if enrolment is None:
            raise FailedPrecondition("totp_not_started")
        if enrolment.confirmed:
            raise FailedPrecondition("totp_already_enrolled")
        step = totp.matching_step(enrolment, code, now)
        if step is None or not uow.totp.confirm(account.id, now, step):
            throttle.record_failure(budgets)
            OTP_CHECKS.labels("enrolment_failed").inc()
            raise InvalidArgument(violations=[FieldViolation("code", "otp_invalid")])
        session = sessions.start(uow, tokens, account, now)
        uow.commit()
    OTP_CHECKS.labels("enrolled").inc()
    return session


def reset(uow, clock, officer_id: str):
    """An admin clears a staff account's app (a lost phone): its next log-in enrols again."""
    with uow:
        account = uow.accounts.get(officer_id)
        if account is None or not totp.is_staff(account.role):
            raise NotFound()
        uow.totp.delete(account.id)
        uow.commit()
    return account


def is_enrolled(uow, account_id: str) -> bool:
    with uow:
        enrolment = uow.totp.get(account_id)
    return enrolment is not None and enrolment.confirmed


# -- at log-in ------------------------------------------------------------------------------------
OK, NOT_ENROLLED, NOT_STAFF = "ok", "not_enrolled", "not_staff"


def check_login_code(uow, account, otp: str, now: dt.datetime, on_failure) -> str:
    """Inside the log-in's unit of work, once the password was right. OK (the code was right and is now
    used), NOT_ENROLLED (staff without a confirmed app) or NOT_STAFF. A missing code is 400
    OTP_REQUIRED, a wrong or reused one 400 OTP_INVALID (both on `otp`); `on_failure()` counts a wrong
    one as a failed log-in before it is raised."""
    if not totp.is_staff(account.role):
        return NOT_STAFF
    enrolment = uow.totp.get(account.id)
    if enrolment is None or not enrolment.confirmed:
        return NOT_ENROLLED
    if not (otp or "").strip():
        OTP_CHECKS.labels("missing").inc()
        raise InvalidArgument(violations=[FieldViolation("otp", "otp_required")])
    step = totp.matching_step(enrolment, otp, now)
    if step is None or not uow.totp.use_step(account.id, step):
        OTP_CHECKS.labels("failed").inc()
        on_failure()
        raise InvalidArgument(violations=[FieldViolation("otp", "otp_invalid")])
    OTP_CHECKS.labels("passed").inc()
    return OK


def enrollment_only(keys, account, now: dt.datetime) -> sessions.Session:
    """IDENTITY_STAFF_TOTP_REQUIRED and no app yet: nothing but a token to enrol with."""
    return sessions.Session(
        access_token="",
        expires_in=0,
        refresh_token="",
        refresh_expires_in=0,
        acr=account.acr,
        required_action=totp.ENROLL_TOTP,
        enrollment_token=issue_enrollment_token(keys, account.id, now),
    )
