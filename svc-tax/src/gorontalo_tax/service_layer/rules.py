"""The rules bills are computed by, read by anyone (GetTaxRules), and the late penalty quoted for an
illustration (QuotePenalty) by the same functions bills use: other services quote these instead of
keeping a copy of the table or the formula."""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.errors import Validator

from ..domain import model
from ..domain.billing import PenaltyPolicy, penalty_for_months
from ..domain.pkb import RateTable

MAX_MONTHS_LATE = 1_200  # a hundred years: anything beyond is a typing slip, the penalty is capped anyway
MAX_PRINCIPAL = 10**15  # rupiah; far beyond any bill, small enough for int64 after the penalty is added
MAX_OWNERSHIP_ORDER = 100


@dataclass(frozen=True)
class PenaltyQuote:
    principal: int
    months_late: int
    months_counted: int
    bp_per_month: int
    penalty: int

    @property
    def total(self) -> int:
        return self.principal + self.penalty


def quote_penalty(
    rates: RateTable,
    policy: PenaltyPolicy,
    *,
    months_late: int,
    principal: int = 0,
    vehicle_type: str = "",
    taxable_value: int = 0,
    ownership_order: int = 0,
) -> PenaltyQuote:
    """On `principal`, or, when a vehicle is named, on its annual PKB and opsen (ownership order 1 by default)."""
    v = Validator()
    # 0 is a fair question (paid on the due date: no penalty), not a field left out.
    v.in_range("months_late", months_late, 0, MAX_MONTHS_LATE)
    vehicle_type = (vehicle_type or "").strip().lower()
    if vehicle_type:
        v.one_of("vehicle_type", vehicle_type, set(model.VEHICLE_TYPES))
        if taxable_value == 0:
            v.add("taxable_value", "required")
        else:
            v.in_range("taxable_value", taxable_value, model.MIN_TAXABLE_VALUE, model.MAX_TAXABLE_VALUE)
        v.in_range("ownership_order", ownership_order or 1, 1, MAX_OWNERSHIP_ORDER)
    else:
        v.in_range("principal", principal, 0, MAX_PRINCIPAL)
    v.raise_if_invalid()
    if vehicle_type:
        assessed = rates.assess(vehicle_type, taxable_value, ownership_order or 1)
        principal = assessed.annual_pkb + assessed.annual_opsen_pkb
    return PenaltyQuote(
        principal=principal,
        months_late=months_late,
        months_counted=min(months_late, policy.max_months),
        bp_per_month=policy.bp_per_month,
        penalty=penalty_for_months(principal, months_late, policy),
    )
