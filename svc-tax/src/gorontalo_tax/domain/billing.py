"""Bills, their lines, the late-payment penalty of UU 1/2022 and billing codes. Plain Python, integers only.

Penalty (sanksi administratif bunga, UU 1/2022 on HKPD): 1% of the unpaid principal for every month
or part of a month after the due date, for at most 24 months. A month n (n >= 1) has started when the
local (WITA) date is later than due_date + (n - 1) months; day-of-month is clamped (31 Jan + 1 month
is 28/29 Feb). One floor division at the end: whole rupiah, never above the statutory amount.
"""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from dataclasses import dataclass, field

from .model import WITA

BASIS_POINTS = 10_000
STATUTORY_PENALTY_BP_PER_MONTH = 100
STATUTORY_PENALTY_MAX_MONTHS = 24

TAX_TYPES = ("pkb", "pbb", "retribusi")
# The province levies PKB; regencies/cities levy PBB-P2 and their fees (retribusi).
PROVINCE_CODE = "75"

UNPAID = "unpaid"
PAID = "paid"
CANCELLED = "cancelled"
BILL_STATUSES = (UNPAID, PAID, CANCELLED)
CANCELLATION_REASON_MIN, CANCELLATION_REASON_MAX = 5, 200


class DuplicateBill(Exception):
    """An annual bill for this object and year, or a fee bill with this caller reference, exists."""


class NotCancellable(Exception):
    """The bill cannot be cancelled; `reason` says why (an i18n key)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ClaimTaken(Exception):
    """The NIK is claimed by another account, or this account claimed another NIK."""


@dataclass(frozen=True)
class PenaltyPolicy:
    bp_per_month: int = STATUTORY_PENALTY_BP_PER_MONTH
    max_months: int = STATUTORY_PENALTY_MAX_MONTHS

    def __post_init__(self):
        if not isinstance(self.bp_per_month, int) or not 0 <= self.bp_per_month <= STATUTORY_PENALTY_BP_PER_MONTH:
            raise ValueError(f"penalty rate must be 0..{STATUTORY_PENALTY_BP_PER_MONTH} basis points a month")
        if not isinstance(self.max_months, int) or not 0 <= self.max_months <= STATUTORY_PENALTY_MAX_MONTHS:
            raise ValueError(f"penalty months must be 0..{STATUTORY_PENALTY_MAX_MONTHS}")


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_date(now: dt.datetime) -> dt.date:
    return now.astimezone(WITA).date()


def months_started(due_date: dt.date, now: dt.datetime) -> int:
    """Started months after the due date at `now` (0 up to and including the due date)."""
    today = local_date(now)
    if today <= due_date:
        return 0
    # Upper bound from the calendar difference, then step down to the exact count.
    months = (today.year - due_date.year) * 12 + (today.month - due_date.month) + 1
    while months > 0 and add_months(due_date, months - 1) >= today:
        months -= 1
    return months


def penalty(unpaid_principal: int, due_date: dt.date, now: dt.datetime, policy: PenaltyPolicy = PenaltyPolicy()) -> int:
    if not isinstance(unpaid_principal, int) or unpaid_principal < 0:
        raise ValueError("the unpaid principal is a non-negative integer of rupiah")
    return penalty_for_months(unpaid_principal, months_started(due_date, now), policy)


def penalty_for_months(unpaid_principal: int, months: int, policy: PenaltyPolicy = PenaltyPolicy()) -> int:
    """The penalty once `months` months have started (capped at the policy's); bills and quotes alike."""
    return unpaid_principal * policy.bp_per_month * min(months, policy.max_months) // BASIS_POINTS


def next_penalty_change(
    due_date: dt.date, now: dt.datetime, policy: PenaltyPolicy = PenaltyPolicy()
) -> dt.datetime | None:
    """When the penalty next grows (start of the next local day that opens a month); None once capped."""
    months = months_started(due_date, now)
    if months >= policy.max_months or policy.bp_per_month == 0:
        return None
    opens_on = add_months(due_date, months) + dt.timedelta(days=1)
    return dt.datetime.combine(opens_on, dt.time(0, 0), WITA).astimezone(dt.UTC)


@dataclass(frozen=True)
class BillLine:
    kind: str  # pkb, opsen_pkb, pbb, retribusi, penalty
    amount: int
    credited_to: str  # region code of the treasury receiving it


@dataclass
class Bill:
    id: str
    tax_type: str
    object_id: str | None
    tax_year: int | None
    authority_code: str  # who levies it: "75" for PKB, the regency for PBB and fees
    region_code: str
    owner_id: str | None
    owner_nik_index: str | None
    description: str
    due_date: dt.date
    status: str
    issued_at: dt.datetime
    lines: list[BillLine] = field(default_factory=list)
    caller: str | None = None
    caller_reference: str | None = None
    # Fee bills: which instance of the caller asked (its certificate identity); None before federation.
    requested_by: str | None = None
    # Set once paid: the penalty paid with the billing code's amount, and the receipt.
    paid_at: dt.datetime | None = None
    paid_penalty: int = 0
    paid_penalty_months: int = 0
    receipt_number: str | None = None
    # Set once cancelled: when, by whom (opaque account id and role) and why.
    cancelled_at: dt.datetime | None = None
    cancelled_by: str | None = None
    cancelled_by_role: str | None = None
    cancellation_reason: str | None = None

    @property
    def principal(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def is_fee_bill(self) -> bool:
        return self.tax_type == "retribusi" and bool(self.caller)

    def cancel(self, *, at: dt.datetime, by: str, role: str, reason: str) -> bool:
        """Cancel this unpaid fee bill; False when it was cancelled already (the first cancellation stands).

        Annual taxes are assessments with their own correction procedure, not something to call off, so
        only fee bills are cancellable. Money taken is never undone here: a paid bill stays paid.
        """
        if self.status == CANCELLED:
            return False
        if not self.is_fee_bill:
            raise NotCancellable("bill_not_cancellable")
        if self.status == PAID:
            raise NotCancellable("bill_paid_not_cancellable")
        self.status = CANCELLED
        self.cancelled_at, self.cancelled_by, self.cancelled_by_role = at, by, role
        self.cancellation_reason = reason
        return True


@dataclass(frozen=True)
class Statement:
    """A bill as it stands at `at`: principal lines plus the penalty line."""

    bill: Bill
    at: dt.datetime
    penalty: int
    penalty_months: int

    @property
    def lines(self) -> list[BillLine]:
        extra = [BillLine("penalty", self.penalty, self.bill.authority_code)] if self.penalty else []
        return list(self.bill.lines) + extra

    @property
    def total(self) -> int:
        return self.bill.principal + self.penalty


def statement(bill: Bill, now: dt.datetime, policy: PenaltyPolicy = PenaltyPolicy()) -> Statement:
    if bill.paid_at is not None:  # a paid bill shows what was paid, not what would be owed now
        return Statement(bill, now, bill.paid_penalty, bill.paid_penalty_months)
    unpaid = bill.principal if bill.status == UNPAID else 0
    return Statement(
        bill,
        now,
        penalty(unpaid, bill.due_date, now, policy),
        min(months_started(bill.due_date, now), policy.max_months) if unpaid else 0,
    )


# Billing codes (kode bayar): 16 digits = "75" + tax type digit + 12 random digits + Luhn check digit.
_TYPE_DIGIT = {"pkb": "1", "pbb": "2", "retribusi": "3"}
BILLING_CODE_LENGTH = 16


def luhn_check_digit(digits: str) -> str:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # the digit next to the check digit is doubled
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def luhn_valid(code: str) -> bool:
    return code.isdigit() and len(code) >= 2 and luhn_check_digit(code[:-1]) == code[-1]


def new_billing_code(tax_type: str) -> str:
    body = PROVINCE_CODE + _TYPE_DIGIT[tax_type] + "".join(secrets.choice("0123456789") for _ in range(12))
    return body + luhn_check_digit(body)


@dataclass(frozen=True)
class BillingCode:
    code: str
    bill_id: str
    amount: int
    issued_at: dt.datetime
    expires_at: dt.datetime

    def open_at(self, now: dt.datetime) -> bool:
        return now < self.expires_at


def code_expiry(
    bill: Bill, now: dt.datetime, validity: dt.timedelta, policy: PenaltyPolicy = PenaltyPolicy()
) -> dt.datetime:
    """A code never outlives the amount it states: it ends before the penalty next grows."""
    expires = now + validity
    change = next_penalty_change(bill.due_date, now, policy)
    return min(expires, change) if change is not None else expires
