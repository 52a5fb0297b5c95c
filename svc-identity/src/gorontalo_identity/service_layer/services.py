"""Identity use cases."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Protocol

from prometheus_client import Counter

from gorontalo.identity.v1 import events_pb2 as events
from servicekit import regions
from servicekit.errors import AlreadyExists, NotFound, Unauthenticated, Validator

from ..domain import model
from ..domain.totp import ENROLL_TOTP
from . import sessions, staff_totp, throttling

LOGINS = Counter("gorontalo_identity_logins_total", "Login attempts by outcome.", ["outcome"])
LOCKOUTS = Counter("gorontalo_identity_lockouts_total", "Accounts locked after repeated failed logins.")

MIN_PASSWORD_LENGTH = 8
Clock = Callable[[], dt.datetime]


class TokenIssuer(Protocol):
    def issue_access_token(
        self,
        *,
        subject: str,
        role: str,
        agency: str,
        jurisdiction: list[str],
        lifetime: dt.timedelta,
        now: dt.datetime,
        agency_head: bool = False,
        jti: str | None = None,
        acr: int = 0,
    ) -> str: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str | None, password: str) -> bool: ...


def check_new_password(v: Validator, field: str, password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        v.add(field, "password_weak", min=MIN_PASSWORD_LENGTH)
    elif len(password) > 256:
        v.add(field, "too_long", max=256)


def find_for_login(accounts, username: str) -> model.Account | None:
    username = (username or "").strip()
    if len(username) == 16 and username.isdigit():
        return accounts.by_nik(username)
    phone = model.normalise_phone(username)
    if phone:
        return accounts.by_phone(phone)
    return accounts.by_username(username.lower()) if username else None


def login(
    uow,
    passwords: PasswordHasher,
    tokens: TokenIssuer,
    clock: Clock,
    *,
    username: str,
    password: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
    otp: str = "",
    totp_required: bool = False,
) -> sessions.Session:
    """Staff with an authenticator app also need its current `otp` (service_layer.staff_totp; checked
    only after the password was right, a wrong code counts as a failed log-in).

    One answer (401 login_failed) for an unknown user, a wrong password and a locked account, in
    about the same time: the password is always hashed. Saying "locked" told an attacker the NIK had
    an account (and, to a right password, that it was right)."""
    now = clock()
    budgets = throttling.login_budgets(limits, username, client_address)
    throttling.guard(throttle, budgets)
    with uow:
        account = find_for_login(uow.accounts, username)
        # Always verify (against a dummy hash if needed): no timing oracle for unknown or locked users.
        verified = passwords.verify(account.password_hash if account else None, password or "")
        if account is not None and account.is_locked(now):
            LOGINS.labels("locked").inc()
            verified = False
        elif account is not None and not account.active:
            # A pending sign-up (its code not entered) or a closed account: like an unknown NIK.
            LOGINS.labels("inactive").inc()
            verified = False
        elif account is not None and not verified:
            if account.record_failed_login(now):
                LOCKOUTS.inc()
            uow.accounts.save(account)
            uow.commit()
        if not verified:
            throttle.record_failure(budgets)
            LOGINS.labels("failed").inc()
            raise Unauthenticated("login_failed")

        def wrong_code():
            if account.record_failed_login(now):
                LOCKOUTS.inc()
            uow.accounts.save(account)
            uow.commit()
            throttle.record_failure(budgets)
            LOGINS.labels("failed").inc()

        second_factor = staff_totp.check_login_code(uow, account, otp, now, wrong_code)
        if account.failed_logins or account.locked_until:
            account.record_successful_login()
            uow.accounts.save(account)
        if second_factor == staff_totp.NOT_ENROLLED and totp_required:
            uow.commit()
            LOGINS.labels("enrollment_only").inc()
            return staff_totp.enrollment_only(tokens, account, now)
        session = sessions.start(uow, tokens, account, now)
        uow.commit()
    LOGINS.labels("success").inc()
    if second_factor == staff_totp.NOT_ENROLLED:
        session = dataclasses.replace(session, required_action=ENROLL_TOTP)
    return session


def get_account(uow, account_id: str) -> model.Account:
    with uow:
        account = uow.accounts.get(account_id)
    if account is None:
        raise NotFound()
    return account


def create_staff(
    uow,
    passwords: PasswordHasher,
    clock: Clock,
    *,
    role: str,
    username: str,
    full_name: str,
    password: str,
    agency: str = "",
    jurisdiction: list[str] | None = None,
    agency_id: str | None = None,
    agency_head: bool = False,
) -> model.Account:
    """Officers, operators and admins (the CLI, and admins through the API)."""
    v = Validator()
    v.one_of("role", role, {"officer", "operator", "admin"})
    v.text("username", username, max_len=100, min_len=3)
    v.text("full_name", full_name, max_len=100, min_len=2)
    check_new_password(v, "password", password)
    codes = []
    for code in jurisdiction or []:
        normalised = regions.normalise(code)
        if not normalised or not regions.in_gorontalo(normalised) and normalised != regions.GORONTALO:
            v.add("jurisdiction", "region_outside_gorontalo")
        else:
            codes.append(normalised)
    if role == "officer":
        v.text("agency", agency, max_len=200)
        if not codes:
            v.add("jurisdiction", "required")
    if agency_head and not (role == "officer" and agency_id):
        v.add("agency_head", "agency_head_needs_agency")
    v.raise_if_invalid()
    account = model.Account(
        id=str(uuid.uuid4()),
        role=role,
        full_name=full_name.strip(),
        password_hash=passwords.hash(password),
        created_at=clock(),
        username=username.strip().lower(),
        agency=agency.strip(),
        jurisdiction=codes,
        agency_id=agency_id,
        agency_head=agency_head,
    )
    with uow:
        if uow.accounts.by_username(account.username):
            raise AlreadyExists("account_exists")
        if agency_head and uow.accounts.agency_head_of(agency_id):
            raise AlreadyExists("agency_head_exists")
        uow.accounts.add(account)
        if role == "officer":
            uow.add_event(
                events.OfficerCreated(
                    officer_id=account.id, agency=account.agency, jurisdiction=codes, agency_head=agency_head
                ),
                subject=account.id,
            )
        uow.commit()
    return account
