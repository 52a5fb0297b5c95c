"""Sending and checking one-time SMS codes, and moving a proven number to its holder.

Every function works inside the caller's open unit of work; the caller commits. A code's SMS is
queued in the same transaction as the code (identity's deliveries table, drained by notify.Sender).
"""

from __future__ import annotations

import datetime as dt
import uuid

from prometheus_client import Counter

from gorontalo.identity.v1 import events_pb2 as events
from servicekit.errors import FieldViolation, InvalidArgument

from ..domain import assurance, model
from ..domain import codes as c

CODES_SENT = Counter("gorontalo_identity_codes_sent_total", "One-time SMS codes queued, by purpose.", ["purpose"])
CODE_CHECKS = Counter(
    "gorontalo_identity_code_checks_total",
    "One-time codes entered, by purpose and outcome (ok, wrong, expired, used, exhausted, none).",
    ["purpose", "outcome"],
)


def refused(field: str = "code") -> InvalidArgument:
    """One answer for a wrong, expired, used, worn-out or missing code: nothing to learn from it."""
    return InvalidArgument(violations=[FieldViolation(field, "code_invalid")])


def send(uow, account_id: str, purpose: str, phone: str, now: dt.datetime) -> c.VerificationCode:
    """A new code of `purpose` for the account (older ones of the purpose die), its SMS queued."""
    digits = c.new_code()
    code_id = str(uuid.uuid4())
    code = c.VerificationCode(
        id=code_id,
        account_id=account_id,
        purpose=purpose,
        code_hash=uow.codes.digest(code_id, digits),
        phone=phone,
        created_at=now,
        expires_at=now + c.CODE_LIFETIME,
    )
    uow.codes.discard(account_id, (purpose,))
    uow.codes.add(code)
    uow.sms.enqueue(
        phone=phone, message=c.sms_text(purpose, digits), kind=f"code_{purpose}", recipient_id=account_id, now=now
    )
    CODES_SENT.labels(purpose).inc()
    return code


def check(uow, code: c.VerificationCode | None, given: str, now: dt.datetime) -> str:
    """The outcome of entering `given` for `code`: ok (and the code is spent), or why not. A wrong
    try is counted on the code (in the open transaction: the caller commits it before refusing)."""
    if code is None:
        return "none"
    state = code.state(now)
    if state != c.USABLE:
        outcome = state
    elif not c.well_formed(given) or not uow.codes.matches(code, given):
        uow.codes.count_wrong_attempt(code.id)
        outcome = "wrong"
    elif not uow.codes.mark_used(code.id, now):
        outcome = c.USED  # a concurrent request took it first
    else:
        outcome = "ok"
    CODE_CHECKS.labels(code.purpose, outcome).inc()
    return outcome


def redeem(uow, code: c.VerificationCode | None, given: str, now: dt.datetime, throttle, budgets) -> None:
    """Spend `code` with `given`, or refuse: the wrong try is committed (it counts on the code), the
    failure recorded against the caller's budgets, and the one answer that tells nothing raised."""
    if check(uow, code, given, now) != "ok":
        uow.commit()
        throttle.record_failure(budgets)
        raise refused()


def take_phone(uow, account: model.Account, phone: str, now: dt.datetime) -> None:
    """`account` proved `phone` by a code: it becomes the account's verified number. Another account
    holding the number loses it (the verified new owner wins: numbers are recycled by carriers, and a
    number typed at sign-up by someone else was never proven) and drops to acr 0 until it verifies one.
    The caller saves `account` and commits."""
    holder = uow.accounts.by_phone(phone)
    if holder is not None and holder.id != account.id:
        before = holder.acr
        holder.release_phone()
        uow.accounts.save(holder)  # first: the number's index is unique
        if holder.is_citizen and holder.acr != before:
            assurance_changed(uow, holder, assurance.PHONE_CHANGED)
    account.verify_phone(phone, now)


def assurance_changed(uow, account: model.Account, reason: str, officer_id: str = "") -> None:
    uow.add_event(
        events.CitizenAssuranceChanged(
            citizen_id=account.id,
            acr=account.acr,
            reason=reason,
            officer_id=officer_id,
            regency_code=account.regency_code,
        ),
        subject=account.id,
    )
