"""Cancelling a fee bill, on the word of the caller that asked for it, of its payer through such a caller,
or of a Bapenda officer.

The bill row's status is the one serialization point shared with payments (a compare-and-set from
unpaid, see BillRepository.cancel and PaymentRepository.record), so a bill ends up paid or cancelled,
never both, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import logging

from prometheus_client import Counter

from gorontalo.tax.v1 import events_pb2
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, NotFound, PermissionDenied, Validator

from ..domain import billing
from ..domain.billing import Bill, NotCancellable
from ..domain.dates import Clock
from .access import DEFAULT_OFFICES, TaxOffices
from .billing import _CALLER, bill_owner

log = logging.getLogger(__name__)

BILLS_CANCELLED = Counter(
    "gorontalo_tax_bills_cancelled_total",
    "Bills cancelled, by tax type and on whose word (caller, payer, tax_office).",
    ["tax_type", "by"],
)

CALLER, PAYER, TAX_OFFICE = "caller", "payer", "tax_office"
_STAFF_CALLERS = ("operator", "admin")
MAX_BILL_ID = 36
MAX_REFERENCE = 100


def _names_the_bill(bill: Bill, caller: str, caller_reference: str) -> bool:
    return bool(caller) and (bill.caller, bill.caller_reference) == (caller, caller_reference)


def _on_whose_word(
    principal: Principal,
    bill: Bill,
    caller: str,
    caller_reference: str,
    *,
    offices: TaxOffices,
    payer_callers: tuple[str, ...],
) -> str:
    """Who may cancel, or the refusal. Naming the bill's caller and reference is what CreateFeeBill's
    idempotency rests on too: whoever could have asked for the bill under those rules may call it off."""
    names_it = _names_the_bill(bill, caller, caller_reference)
    if principal.role == "citizen":
        # The platform has no service accounts: a service acting for the payer (permits, when the applicant
        # withdraws) can only pass on the payer's own token. The caller opts in by configuration, since for
        # some fees (a fine, a stall already used) the payer must not be able to call the bill off.
        if names_it and bill.owner_id == principal.subject and bill.caller in payer_callers:
            return PAYER
        if bill.owner_id == principal.subject:
            raise PermissionDenied()
        raise NotFound()  # the same answer as a missing id: ids are no oracle
    if principal.role == "officer":
        if names_it and principal.covers(bill.region_code):
            return CALLER
        if offices.is_tax_office(principal) and principal.covers(bill.authority_code):
            return TAX_OFFICE
        raise PermissionDenied("outside_jurisdiction" if names_it else "not_bill_caller")
    if principal.role in _STAFF_CALLERS and names_it:
        return CALLER
    raise PermissionDenied("not_bill_caller")


def _find(uow, bill_id: str, caller: str, caller_reference: str) -> Bill | None:
    if bill_id:
        return uow.bills.get(bill_id) if len(bill_id) <= MAX_BILL_ID else None
    return uow.bills.by_caller_reference(caller, caller_reference)


def _validated(bill_id: str, caller: str, caller_reference: str, reason: str) -> tuple[str, str, str, str]:
    bill_id = (bill_id or "").strip()
    caller = (caller or "").strip().lower()
    caller_reference = (caller_reference or "").strip()
    reason = " ".join((reason or "").split())
    v = Validator()
    if caller or caller_reference or not bill_id:
        # A caller names its bill with both, as it did when asking for it.
        if v.require("caller", caller) and not _CALLER.match(caller):
            v.add("caller", "caller_invalid")
        v.text("caller_reference", caller_reference, max_len=MAX_REFERENCE)
    v.text("reason", reason, min_len=billing.CANCELLATION_REASON_MIN, max_len=billing.CANCELLATION_REASON_MAX)
    v.raise_if_invalid()
    return bill_id, caller, caller_reference, reason


def cancel_bill(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    bill_id: str,
    caller: str,
    caller_reference: str,
    reason: str,
    offices: TaxOffices = DEFAULT_OFFICES,
    payer_callers: tuple[str, ...] = ("permits",),
) -> tuple[Bill, bool]:
    """Cancel an unpaid fee bill; returns (bill, cancelled now). A cancelled bill answers (bill, False) with
    its first cancellation; a paid one is FAILED_PRECONDITION bill_paid_not_cancellable."""
    bill_id, caller, caller_reference, reason = _validated(bill_id, caller, caller_reference, reason)
    now = clock()
    with uow:
        bill = _find(uow, bill_id, caller, caller_reference)
        if bill is None:
            raise NotFound()
        by = _on_whose_word(principal, bill, caller, caller_reference, offices=offices, payer_callers=payer_callers)
        try:
            fresh = bill.cancel(at=now, by=principal.subject, role=principal.role, reason=reason)
        except NotCancellable as refused:
            raise FailedPrecondition(refused.reason) from None
        if not fresh:
            return bill, False
        if not uow.bills.cancel(bill):
            # A payment (or another cancellation) changed the row after we read it: answer from what won.
            current = uow.bills.get(bill.id)
            if current.status == billing.CANCELLED:
                return current, False
            raise FailedPrecondition("bill_paid_not_cancellable")
        uow.add_event(
            events_pb2.BillCancelled(
                bill_id=bill.id,
                tax_type=bill.tax_type,
                authority_code=bill.authority_code,
                region_code=bill.region_code,
                owner_id=bill_owner(uow, bill),
                principal=bill.principal,
                caller=bill.caller or "",
                caller_reference=bill.caller_reference or "",
                cancelled_by_role=principal.role,
                cancelled_by=principal.subject,
                cancelled_at=now.isoformat(),
            ),
            subject=bill.id,
        )
        uow.commit()
    BILLS_CANCELLED.labels(bill.tax_type, by).inc()
    log.info("bill cancelled", extra={"tax_type": bill.tax_type, "by": by, "authority_code": bill.authority_code})
    return bill, True
