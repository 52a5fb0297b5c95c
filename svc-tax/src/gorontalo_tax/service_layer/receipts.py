"""Receipts (for whoever may see the bill; a public check without personal data) and reconciliation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from servicekit.auth import Principal
from servicekit.errors import NotFound, PermissionDenied, Validator

from ..domain import billing, payments
from ..domain.dates import Clock, date_field
from ..domain.payments import Payment, Refusal
from .access import DEFAULT_OFFICES, STAFF_SEEING_ALL, TaxOffices, jurisdiction_codes
from .billing import _authorise


def _number(raw: str) -> str:
    number = (raw or "").strip()
    if not payments.receipt_number_valid(number):
        v = Validator()
        v.add("number", "receipt_number_invalid")
        v.raise_if_invalid()
    return number


def get_receipt(uow, principal: Principal, number: str, *, offices: TaxOffices = DEFAULT_OFFICES) -> Payment:
    offices.admit(principal)
    number = _number(number)
    with uow:
        payment = uow.payments.by_receipt(number)
        if payment is None:
            raise NotFound("receipt_not_found")
        _authorise(uow, principal, uow.bills.get(payment.bill_id))
    return payment


def verify_receipt(uow, number: str, *, limits=None, rules: tuple[str, ...] = (), client_address: str = "") -> Payment:
    """Public: the receipt as recorded, or NOT_FOUND; the caller shows no personal data of it.

    Receipt numbers are sequential, so each client address gets `rules` (servicekit.ratelimit) of
    look-ups, counted before anything is read: misses count too, they are what enumeration is made of.
    """
    if limits is not None:
        limits.enforce([("tax.receipt_verify.client", rule, client_address) for rule in rules])
    number = _number(number)
    with uow:
        payment = uow.payments.by_receipt(number)
    if payment is None:
        raise NotFound("receipt_not_found")
    return payment


@dataclass(frozen=True)
class Reconciliation:
    channel: str
    day: dt.date
    payments: list[Payment]
    refused: list[Refusal]

    @property
    def total(self) -> int:
        return sum(p.amount for p in self.payments)


def reconciliation(
    uow, clock: Clock, principal: Principal, *, channel: str, date: str, offices: TaxOffices = DEFAULT_OFFICES
) -> Reconciliation:
    """A channel's payments recorded on a WITA day and the notifications refused that day.

    An officer sees what is levied within their jurisdiction; the provincial Bapenda (jurisdiction 75),
    which contracts the payment channels, also sees refusals that named no bill (forged, unknown codes).
    """
    offices.admit(principal)
    v = Validator()
    channel = (channel or "").strip().lower()
    if v.require("channel", channel) and not payments.valid_channel_name(channel):
        v.add("channel", "channel_invalid")
    day = billing.local_date(clock())
    if (date or "").strip():
        day = date_field(v, "date", date)
    v.raise_if_invalid()
    if principal.role == "officer":
        codes = jurisdiction_codes(principal)
        authorities = None if principal.covers(billing.PROVINCE_CODE) else codes
        if not codes:
            raise PermissionDenied()
    elif principal.role in STAFF_SEEING_ALL:
        authorities = None
    else:
        raise PermissionDenied()
    with uow:
        found = uow.payments.for_day(channel, day, authorities)
        refused = uow.payments.refusals_for_day(channel, day, authorities)
    return Reconciliation(channel, day, found, refused)
