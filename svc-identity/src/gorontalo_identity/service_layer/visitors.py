"""Visitor accounts (GORINDO, issue 21): people outside Gorontalo's population register, such as
tourists, who want to review places. No NIK and no register check: a display name, a password and a
phone proven by a code. The phone is the visitor's whole identity, so its level of assurance is the
lowest (acr 0), one account holds a number, and proving the number again signs in to that account.
"""

from __future__ import annotations

import uuid

from prometheus_client import Counter

from servicekit.errors import Validator

from ..domain import codes as c
from ..domain import model
from . import codes, sessions, throttling
from .services import Clock, PasswordHasher, TokenIssuer, check_new_password

VISITORS = Counter("gorontalo_identity_visitors_activated_total", "Visitor accounts activated (code entered).")


def register_visitor(
    uow,
    passwords: PasswordHasher,
    clock: Clock,
    *,
    display_name: str,
    phone: str,
    password: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> model.Account:
    """A pending visitor account and a code by SMS to `phone`. The answer is the same whether or not
    the number already has an account (no phone oracle): ActivateVisitor decides."""
    now = clock()
    v = Validator()
    v.text("display_name", display_name, max_len=40, min_len=2)
    number = None
    if v.require("phone", phone):
        number = model.normalise_phone(phone)
        if number is None:
            v.add("phone", "phone_invalid")
    check_new_password(v, "password", password)
    v.raise_if_invalid()
    # Each sign-up costs an SMS: counted per number and per address, as residents' sign-ups are.
    throttling.spend(throttle, throttling.code_request_budgets(limits, "phone:" + number, client_address))
    with uow:
        for lapsed in uow.accounts.lapsed_pending_ids(now):
            uow.codes.discard(lapsed)
            uow.accounts.delete_pending(lapsed)
        account = model.Account(
            id=str(uuid.uuid4()),
            role=model.VISITOR,
            full_name=display_name.strip(),
            password_hash=passwords.hash(password),
            created_at=now,
            status=model.PENDING,
            pending_until=now + c.CODE_LIFETIME,
        )
        uow.accounts.add(account)
        codes.send(uow, account.id, c.SIGNUP, number, now)
        uow.commit()
    return account


def activate_visitor(
    uow,
    tokens: TokenIssuer,
    clock: Clock,
    *,
    account_id: str,
    code: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> sessions.Session:
    """The code proves the number: the visitor account holding it already (a returning visitor on a new
    phone app) takes the new password and is signed in; otherwise the pending account becomes active."""
    now = clock()
    v = Validator()
    v.require("account_id", account_id)
    v.require("code", code)
    v.raise_if_invalid()
    budgets = throttling.code_failure_budgets(limits, "visitor:" + account_id, client_address)
    throttling.guard(throttle, budgets)
    with uow:
        account = uow.accounts.get(account_id.strip())
        pending = account is not None and account.role == model.VISITOR and account.status == model.PENDING
        stored = uow.codes.latest(account.id, c.SIGNUP) if pending else None
        codes.redeem(uow, stored, code, now, throttle, budgets)  # one answer for every wrong case
        holder = uow.accounts.by_phone(stored.phone)
        if holder is not None and holder.role == model.VISITOR and holder.active:
            holder.password_hash = account.password_hash
            holder.full_name = account.full_name
            holder.record_successful_login()
            uow.accounts.save(holder)
            uow.codes.discard(account.id)
            uow.accounts.delete_pending(account.id)
            account = holder
        else:
            account.status, account.pending_until = model.ACTIVE, None
            codes.take_phone(uow, account, stored.phone, now)
            uow.accounts.save(account)
        session = sessions.start(uow, tokens, account, now)
        uow.commit()
    VISITORS.inc()
    return session
