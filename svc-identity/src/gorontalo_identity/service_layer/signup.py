"""Sign-up in two steps: the register check makes a pending account, the SMS code activates it.

Knowing what a KTP says (NIK, name, birth date) is not enough any more: the account becomes active only
with the code sent to the phone given, so the phone's holder answers for it (level of assurance 1).
"""

from __future__ import annotations

import datetime as dt
import uuid

from prometheus_client import Counter

from gorontalo.identity.v1 import events_pb2 as events
from servicekit.errors import AlreadyExists, InvalidArgument, Validator

from ..domain import codes as c
from ..domain import model
from ..domain.dates import parse_date
from ..domain.nik import validate_nik
from . import codes, sessions, throttling
from .services import Clock, PasswordHasher, TokenIssuer, check_new_password

SIGNUPS = Counter("gorontalo_identity_signups_total", "Citizen accounts activated (sign-up code entered).")
SIGNUPS_PENDING = Counter("gorontalo_identity_signups_pending_total", "Sign-ups waiting for their SMS code.")
SIGNUPS_REFUSED = Counter(
    "gorontalo_identity_signups_refused_total", "Sign-ups refused because the data did not match the register."
)


def _birth_date(v: Validator, raw: str, today: dt.date) -> dt.date | None:
    if not v.require("birth_date", raw):
        return None
    value, problem = parse_date("birth_date", raw)
    if problem:
        v.violations.append(problem)
        return None
    if value > today:
        v.add("birth_date", "birth_date_future")
        return None
    return value


def _nik(v: Validator, nik: str) -> str:
    nik = (nik or "").strip()
    if v.require("nik", nik) and not (len(nik) == 16 and nik.isdigit()):
        v.add("nik", "nik_not_16_digits")
    return nik


def register_citizen(
    uow,
    passwords: PasswordHasher,
    clock: Clock,
    *,
    nik: str,
    full_name: str,
    birth_date: str,
    phone: str,
    password: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> model.Account:
    """A pending account and a code by SMS to `phone`; ActivateCitizen makes it active. A new sign-up
    for the NIK replaces a pending one (a lost code, a mistyped number)."""
    now = clock()
    v = Validator()
    v.text("full_name", full_name, max_len=100, min_len=2)
    born = _birth_date(v, birth_date, now.date())
    nik = (nik or "").strip()
    if v.require("nik", nik):
        check = validate_nik(nik, born)
        if not check.valid:
            v.add("nik", check.reason)
    number = None
    if v.require("phone", phone):
        number = model.normalise_phone(phone)
        if number is None:
            v.add("phone", "phone_invalid")
    check_new_password(v, "password", password)
    v.raise_if_invalid()

    budgets = throttling.signup_budgets(limits, nik, client_address)
    throttling.guard(throttle, budgets)
    with uow:
        resident = uow.residents.by_nik(nik)
        # One answer for "not in the register" and "name or birth date differ": no NIK oracle.
        if resident is None or not resident.matches(full_name, born):
            SIGNUPS_REFUSED.inc()
            throttle.record_failure(budgets)
            raise InvalidArgument("register_mismatch")
        for lapsed in uow.accounts.lapsed_pending_ids(now):  # data minimisation: forgotten sign-ups go
            uow.codes.discard(lapsed)
            uow.accounts.delete_pending(lapsed)
        existing = uow.accounts.by_nik(nik)
        if existing is not None and existing.status == model.PENDING:
            uow.codes.discard(existing.id)
            uow.accounts.delete_pending(existing.id)
        elif existing is not None:
            # A retry whose first answer was lost (same NIK, same password, within a day) gets
            # that answer again; anything else is told the account exists and to sign in.
            if now - existing.created_at <= model.SIGNUP_RETRY_WINDOW and passwords.verify(
                existing.password_hash, password
            ):
                return existing
            throttle.record_failure(budgets)
            raise AlreadyExists("account_exists")
        # Each sign-up that gets this far costs an SMS: counted per number and per address. (A register
        # mismatch sends none, and its answer already differs, so counting it would only let anyone
        # use up a stranger's number.)
        throttling.spend(throttle, throttling.code_request_budgets(limits, "phone:" + number, client_address))
        # The number is not the account's until the code proves it (ActivateCitizen): another account
        # holding it keeps it until then, and the answer is the same either way (no phone oracle).
        account = model.Account(
            id=str(uuid.uuid4()),
            role="citizen",
            full_name=resident.full_name,
            password_hash=passwords.hash(password),
            created_at=now,
            nik=nik,
            birth_date=born,
            regency_code=resident.regency_code,
            status=model.PENDING,
            pending_until=now + c.CODE_LIFETIME,
        )
        uow.accounts.add(account)
        codes.send(uow, account.id, c.SIGNUP, number, now)
        uow.commit()
    SIGNUPS_PENDING.inc()
    return account


def activate_citizen(
    uow,
    tokens: TokenIssuer,
    clock: Clock,
    *,
    nik: str,
    code: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> sessions.Session:
    """The sign-up code: the account is active at level 1 with the number verified, and signed in."""
    now = clock()
    v = Validator()
    nik = _nik(v, nik)
    v.require("code", code)
    v.raise_if_invalid()
    budgets = throttling.code_failure_budgets(limits, "nik:" + nik, client_address)
    throttling.guard(throttle, budgets)
    with uow:
        account = uow.accounts.by_nik(nik)
        pending = account is not None and account.status == model.PENDING
        stored = uow.codes.latest(account.id, c.SIGNUP) if pending else None
        codes.redeem(uow, stored, code, now, throttle, budgets)
        account.status, account.pending_until = model.ACTIVE, None
        codes.take_phone(uow, account, stored.phone, now)
        uow.accounts.save(account)
        uow.add_event(
            events.CitizenRegistered(citizen_id=account.id, regency_code=account.regency_code), subject=account.id
        )
        session = sessions.start(uow, tokens, account, now)
        uow.commit()
    SIGNUPS.inc()
    return session


def resend_activation_code(
    uow,
    clock: Clock,
    *,
    nik: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> None:
    """A new code for a pending sign-up, to the number it gave; nothing otherwise. Either way the
    same (empty) answer, and the request counts against the same budgets."""
    now = clock()
    v = Validator()
    nik = _nik(v, nik)
    v.raise_if_invalid()
    throttling.spend(throttle, throttling.code_request_budgets(limits, "nik:" + nik, client_address))
    with uow:
        account = uow.accounts.by_nik(nik)
        if account is None or account.status != model.PENDING or account.pending_until <= now:
            return
        previous = uow.codes.latest(account.id, c.SIGNUP)
        if previous is None:
            return
        codes.send(uow, account.id, c.SIGNUP, previous.phone, now)
        account.pending_until = now + c.CODE_LIFETIME
        uow.accounts.save(account)
        uow.commit()
