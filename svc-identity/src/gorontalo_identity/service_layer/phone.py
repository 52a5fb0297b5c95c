"""A signed-in citizen's phone: verify it (accounts from before codes), or change it (codes to both numbers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound, Validator

from ..domain import assurance, model
from ..domain import codes as c
from . import codes, sessions, throttling
from .services import Clock, TokenIssuer


@dataclass(frozen=True)
class CodesSent:
    phones: tuple[str, ...]  # where the codes went (E.164), for the answer to mask
    expires_at: dt.datetime


def _own_account(uow, principal: Principal) -> model.Account:
    account = uow.accounts.get(principal.subject)
    if account is None or not account.is_citizen or not account.active:
        raise NotFound()
    return account


def _number(v: Validator, field: str, raw: str) -> str | None:
    number = model.normalise_phone(raw)
    if number is None:
        v.add(field, "phone_invalid")
    return number


def send_phone_code(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    phone: str = "",
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> CodesSent:
    """A code to `phone`, or to the number on file when empty. Another account holding the number
    does not stop it: whoever enters the code owns the number (VerifyPhone)."""
    now = clock()
    v = Validator()
    number = _number(v, "phone", phone) if (phone or "").strip() else None
    v.raise_if_invalid()
    with uow:
        account = _own_account(uow, principal)
    number = number or account.phone
    if not number:
        raise InvalidArgument(violations=[FieldViolation("phone", "required")])
    if account.phone_verified and number == account.phone:
        raise FailedPrecondition("phone_already_verified")
    throttling.spend(throttle, throttling.code_request_budgets(limits, "phone:" + number, client_address))
    with uow:
        sent = codes.send(uow, account.id, c.VERIFY_PHONE, number, now)
        uow.commit()
    return CodesSent((number,), sent.expires_at)


def verify_phone(
    uow,
    tokens: TokenIssuer,
    clock: Clock,
    principal: Principal,
    *,
    code: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> sessions.Session:
    """The code SendPhoneCode (or an officer's in-person check with a new number) sent: the number is
    the account's, verified, and a new session starts at the level that gives (>= 1)."""
    now = clock()
    budgets = throttling.code_failure_budgets(limits, "account:" + principal.subject, client_address)
    throttling.guard(throttle, budgets)
    with uow:
        account = _own_account(uow, principal)
        stored = uow.codes.latest(account.id, c.VERIFY_PHONE)
        codes.redeem(uow, stored, code, now, throttle, budgets)
        before = account.acr
        codes.take_phone(uow, account, stored.phone, now)
        uow.accounts.save(account)
        if account.acr != before:
            codes.assurance_changed(uow, account, assurance.PHONE_VERIFIED)
        session = sessions.start(uow, tokens, account, now)
        uow.commit()
    return session


def start_phone_change(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    new_phone: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> CodesSent:
    """One code to the number on file, one to the new number; both are needed (ConfirmPhoneChange).
    Without the old number the change is made in person (ConfirmInPersonCheck with new_phone)."""
    now = clock()
    v = Validator()
    number = _number(v, "new_phone", new_phone) if v.require("new_phone", new_phone) else None
    v.raise_if_invalid()
    with uow:
        account = _own_account(uow, principal)
    if not account.phone_verified:
        raise FailedPrecondition("phone_not_verified")
    if number == account.phone:
        raise InvalidArgument(violations=[FieldViolation("new_phone", "phone_unchanged")])
    throttling.spend(throttle, throttling.code_request_budgets(limits, "phone:" + number, client_address))
    with uow:
        codes.send(uow, account.id, c.CHANGE_OLD, account.phone, now)
        sent = codes.send(uow, account.id, c.CHANGE_NEW, number, now)
        uow.commit()
    return CodesSent((account.phone, number), sent.expires_at)


def confirm_phone_change(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    old_code: str,
    new_code: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> model.Account:
    now = clock()
    budgets = throttling.code_failure_budgets(limits, "account:" + principal.subject, client_address)
    throttling.guard(throttle, budgets)
    with uow:
        account = _own_account(uow, principal)
        old = uow.codes.latest(account.id, c.CHANGE_OLD)
        new = uow.codes.latest(account.id, c.CHANGE_NEW)
        # Both are checked (and a wrong one counted) before either is spent: one right code alone
        # must not use up the pair.
        wrong = [
            field
            for field, stored, given in (("old_code", old, old_code), ("new_code", new, new_code))
            if stored is None or stored.state(now) != c.USABLE or not uow.codes.matches(stored, given or "")
        ]
        if old is not None and old.phone != account.phone:
            wrong.append("old_code")  # the number on file changed meanwhile
        if wrong:
            for stored in (old, new):
                if stored is not None and stored.state(now) == c.USABLE:
                    uow.codes.count_wrong_attempt(stored.id)
            uow.commit()
            throttle.record_failure(budgets)
            raise InvalidArgument(violations=[FieldViolation(field, "code_invalid") for field in sorted(set(wrong))])
        for field, stored, given in (("old_code", old, old_code), ("new_code", new, new_code)):
            if codes.check(uow, stored, given, now) != "ok":  # lost a race with a concurrent confirmation
                raise codes.refused(field)
        codes.take_phone(uow, account, new.phone, now)
        uow.accounts.save(account)
        codes.assurance_changed(uow, account, assurance.PHONE_CHANGED)
        uow.commit()
    return account
