"""A forgotten password: a code by SMS to the account's number, then a new password.

Nothing here tells an attacker whether a NIK or number has an account: the request always answers
the same and counts against the same budgets; a wrong code and an unknown username fail alike. A
reset by SMS alone ends every session and drops level 2 to 1: whoever swapped the SIM must not keep
what only an in-person check gives.
"""

from __future__ import annotations

from prometheus_client import Counter

from servicekit.errors import Validator

from ..domain import assurance
from ..domain import codes as c
from . import codes, sessions, throttling
from .services import Clock, PasswordHasher, TokenIssuer, check_new_password, find_for_login

# Refused codes are counted by gorontalo_identity_code_checks_total{purpose="reset"}.
RESETS = Counter("gorontalo_identity_password_resets_total", "Password resets, by step and outcome.", ["outcome"])


def request_password_reset(
    uow,
    clock: Clock,
    *,
    username: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> None:
    now = clock()
    v = Validator()
    v.text("username", username, max_len=100)
    v.raise_if_invalid()
    throttling.spend(
        throttle, throttling.code_request_budgets(limits, throttling.account_key(username), client_address)
    )
    with uow:
        account = find_for_login(uow.accounts, username)
        if account is None or not account.is_citizen or not account.active or not account.phone:
            RESETS.labels("requested_unknown").inc()
            return
        # The number on file, verified or not (accounts from before codes): entering the code proves it.
        codes.send(uow, account.id, c.RESET, account.phone, now)
        uow.commit()
    RESETS.labels("requested").inc()


def confirm_password_reset(
    uow,
    passwords: PasswordHasher,
    tokens: TokenIssuer,
    clock: Clock,
    *,
    username: str,
    code: str,
    new_password: str,
    throttle: throttling.Throttle = throttling.NO_THROTTLE,
    limits: throttling.AbuseLimits = throttling.DEFAULT_LIMITS,
    client_address: str = "",
) -> sessions.Session:
    now = clock()
    v = Validator()
    v.text("username", username, max_len=100)
    v.require("code", code)
    check_new_password(v, "new_password", new_password)
    v.raise_if_invalid()
    budgets = throttling.code_failure_budgets(limits, throttling.account_key(username), client_address)
    throttling.guard(throttle, budgets)
    with uow:
        account = find_for_login(uow.accounts, username)
        known = account is not None and account.is_citizen and account.active
        stored = uow.codes.latest(account.id, c.RESET) if known else None
        if stored is not None and stored.phone != account.phone:
            stored = None  # sent to a number the account no longer holds
        codes.redeem(uow, stored, code, now, throttle, budgets)
        before = account.acr
        account.password_hash = passwords.hash(new_password)
        account.record_successful_login()  # a lock from someone's guessing ends with the new password
        account.in_person_checked_at = None  # an SMS alone is no in-person check: level 2 drops to 1
        if not account.phone_verified:
            account.verify_phone(stored.phone, now)  # the code proved the number on file
        uow.accounts.save(account)
        sessions.end_all(uow, account.id, now)
        if account.acr != before:
            codes.assurance_changed(uow, account, assurance.PASSWORD_RESET_SMS)
        session = sessions.start(uow, tokens, account, now)
        uow.commit()
    RESETS.labels("done").inc()
    return session
