"""Bill use cases: read bills with the penalty of this moment, check out (billing code), fee bills.

Access: a citizen sees bills whose owner_id is their account, and the bills of imported objects
whose owner NIK index they claimed (see claims.py); an officer sees bills levied within
their jurisdiction (authority "75" for PKB, so only the provincial Bapenda; the regency for PBB and
fees); operators and admins see all.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from prometheus_client import Counter

from gorontalo.tax.v1 import events_pb2
from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import AlreadyExists, FailedPrecondition, NotFound, PermissionDenied, Validator

from ..domain import billing, model
from ..domain import property as property_domain
from ..domain.billing import Bill, BillingCode, BillLine, PenaltyPolicy, Statement
from ..domain.dates import Clock, date_field
from .access import DEFAULT_OFFICES, STAFF_SEEING_ALL, TaxOffices, listing_scope
from .vehicles import _regency_code

BILLS_ISSUED = Counter("gorontalo_tax_bills_issued_total", "Bills issued, by tax type.", ["tax_type"])
PRINCIPAL_BILLED = Counter(
    "gorontalo_tax_bills_principal_rupiah_total", "Principal billed, in rupiah, by tax type.", ["tax_type"]
)
CODES_ISSUED = Counter(
    "gorontalo_tax_billing_codes_issued_total", "Billing codes (kode bayar) issued, by tax type.", ["tax_type"]
)
BILL_ACCESS_REFUSED = Counter(
    "gorontalo_tax_bill_access_refused_total", "Reads of a bill refused, by reason.", ["reason"]
)

FEE_DUE_DAYS = 30
MAX_FEE_RUPIAH = 10**12
_CALLER = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


def bill_owner(uow, bill: Bill) -> str:
    """The account that owes the bill: its owner, or the account that claimed the NIK its object was
    imported under; "" while nobody has. What events name, so an inbox can tell the right resident."""
    if bill.owner_id:
        return bill.owner_id
    return (uow.claims.owner_of(bill.owner_nik_index) if bill.owner_nik_index else None) or ""


def bill_issued_event(uow, bill: Bill, owner_id: str | None = None) -> None:
    """`owner_id` when the caller resolved it already (bill_owner), e.g. for a batch."""
    uow.add_event(
        events_pb2.BillIssued(
            bill_id=bill.id,
            tax_type=bill.tax_type,
            tax_year=bill.tax_year or 0,
            authority_code=bill.authority_code,
            region_code=bill.region_code,
            owner_id=bill_owner(uow, bill) if owner_id is None else owner_id,
            principal=bill.principal,
            due_date=bill.due_date.isoformat(),
            caller=bill.caller or "",
            caller_reference=bill.caller_reference or "",
        ),
        subject=bill.id,
    )


def count_issued(bill: Bill) -> None:
    BILLS_ISSUED.labels(bill.tax_type).inc()
    PRINCIPAL_BILLED.labels(bill.tax_type).inc(bill.principal)


def _authorise(uow, principal: Principal, bill: Bill) -> None:
    if principal.role == "citizen":
        claimed = uow.claims.index_for(principal.subject) if bill.owner_nik_index else None
        if bill.owner_id != principal.subject and (claimed is None or claimed != bill.owner_nik_index):
            BILL_ACCESS_REFUSED.labels("not_owner").inc()
            raise NotFound()  # same answer as a missing id
    elif principal.role == "officer":
        if not principal.covers(bill.authority_code):
            BILL_ACCESS_REFUSED.labels("outside_jurisdiction").inc()
        principal.require_jurisdiction(bill.authority_code)
    elif principal.role not in STAFF_SEEING_ALL:
        raise PermissionDenied()


def _load(uow, principal: Principal, bill_id: str) -> Bill:
    bill_id = (bill_id or "").strip()
    if not bill_id:
        v = Validator()
        v.require("id", bill_id)
        v.raise_if_invalid()
    bill = uow.bills.get(bill_id) if len(bill_id) <= 36 else None
    if bill is None:
        raise NotFound()
    _authorise(uow, principal, bill)
    return bill


def list_bills(
    uow,
    clock: Clock,
    policy: PenaltyPolicy,
    principal: Principal,
    *,
    page_size: int,
    page_token: str,
    tax_type: str = "",
    status: str = "",
    offices: TaxOffices = DEFAULT_OFFICES,
) -> tuple[list[Statement], str]:
    offices.admit(principal)
    limit = paging.page_size(page_size)
    offset = paging.decode(page_token)
    tax_type = (tax_type or "").strip().lower()
    status = (status or "").strip().lower()
    v = Validator()
    if tax_type:
        v.one_of("tax_type", tax_type, set(billing.TAX_TYPES))
    if status:
        v.one_of("status", status, set(billing.BILL_STATUSES))
    v.raise_if_invalid()
    with uow:
        scope = listing_scope(uow, principal, "authorities")
        found = uow.bills.list(
            offset=offset, limit=limit + 1, tax_type=tax_type or None, status=status or None, **scope
        )
    now = clock()
    page = [billing.statement(b, now, policy) for b in found[:limit]]
    return page, paging.next_token(offset, limit, limit) if len(found) > limit else ""


SEARCH_LIMIT = 50
_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class BillSearch:
    kind: str  # nop, plate or billing_code
    normalized: str
    statements: list[Statement]


def search_bills(
    uow,
    clock: Clock,
    policy: PenaltyPolicy,
    principal: Principal,
    query: str,
    *,
    offices: TaxOffices = DEFAULT_OFFICES,
) -> BillSearch:
    """The tax office's desk: the bills of the object or billing code the taxpayer names, by a NOP (18
    digits), a plate or a kode bayar (16 digits). Staff only; an officer finds only bills levied within
    their jurisdiction (the same scope as ListBills), so a bill outside it is simply not there."""
    offices.admit(principal)
    if principal.role != "officer" and principal.role not in STAFF_SEEING_ALL:
        raise PermissionDenied()
    raw = (query or "").strip()
    v = Validator()
    v.require("query", raw)
    v.raise_if_invalid()
    digits = _SEPARATORS.sub("", raw)
    if digits.isdigit() and len(digits) == 16:
        kind = "billing_code"
        if not billing.luhn_valid(digits):
            v.add("query", "billing_code_invalid")
        normalized = digits
    elif digits.isdigit():
        kind = "nop"
        checked = property_domain.check_nop(raw)
        if checked.nop is None:
            v.add("query", checked.reason)
        normalized = checked.nop or digits
    else:
        kind = "plate"
        plate = model.check_plate(raw)
        if not plate.valid:
            v.add("query", plate.reason)
        normalized = plate.plate or raw
    v.raise_if_invalid()
    with uow:
        scope = listing_scope(uow, principal, "authorities")
        if kind == "billing_code":
            code = uow.bills.code(normalized)
            target = {"bill_id": code.bill_id} if code else None
        elif kind == "nop":
            found = uow.properties.by_nop(normalized)
            target = {"object_id": found.id} if found else None
        else:
            found = uow.vehicles.by_plate(normalized)
            target = {"object_id": found.id} if found else None
        bills_found = uow.bills.list(offset=0, limit=SEARCH_LIMIT, **scope, **target) if target else []
    now = clock()
    return BillSearch(kind, normalized, [billing.statement(b, now, policy) for b in bills_found])


def get_bill(
    uow,
    clock: Clock,
    policy: PenaltyPolicy,
    principal: Principal,
    bill_id: str,
    *,
    offices: TaxOffices = DEFAULT_OFFICES,
) -> Statement:
    offices.admit(principal)
    with uow:
        bill = _load(uow, principal, bill_id)
    return billing.statement(bill, clock(), policy)


@dataclass(frozen=True)
class Checkout:
    code: BillingCode
    statement: Statement


def checkout(
    uow,
    clock: Clock,
    policy: PenaltyPolicy,
    validity: dt.timedelta,
    principal: Principal,
    bill_id: str,
    *,
    offices: TaxOffices = DEFAULT_OFFICES,
) -> Checkout:
    """The bill's one open billing code, created if none is open, with the amount due at this moment."""
    offices.admit(principal)
    now = clock()
    with uow:
        bill = _load(uow, principal, bill_id)
        if bill.status != billing.UNPAID:
            raise _not_payable(bill.status)
        current = billing.statement(bill, now, policy)
        code = uow.bills.open_code(bill.id, now)
        if code is None:
            fresh = BillingCode(
                billing.new_billing_code(bill.tax_type),
                bill.id,
                current.total,
                now,
                billing.code_expiry(bill, now, validity, policy),
            )
            if uow.bills.open_new_code(fresh, now):
                code = fresh
                uow.add_event(
                    events_pb2.BillingCodeIssued(
                        bill_id=bill.id,
                        tax_type=bill.tax_type,
                        amount=fresh.amount,
                        expires_at=fresh.expires_at.isoformat(),
                    ),
                    subject=bill.id,
                )
                uow.commit()
                CODES_ISSUED.labels(bill.tax_type).inc()
            else:  # a concurrent checkout opened one first (give that one), or a payment or cancellation won
                code = uow.bills.open_code(bill.id, now)
                if code is None:
                    raise _not_payable(uow.bills.get(bill.id).status)
    return Checkout(code, current)


def _not_payable(status: str) -> FailedPrecondition:
    return FailedPrecondition("bill_cancelled" if status == billing.CANCELLED else "bill_not_payable")


def _due_date(v: Validator, raw: str, today: dt.date) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw:
        return today + dt.timedelta(days=FEE_DUE_DAYS)
    due = date_field(v, "due_date", raw)
    if due is None:
        return None
    if due < today:
        v.add("due_date", "due_date_past")
        return None
    return due


def create_fee_bill(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    caller: str,
    caller_reference: str,
    region_code: str,
    payer_id: str,
    description: str,
    amount: int,
    due_date: str,
    requested_by: str = "",
) -> tuple[Bill, bool]:
    """A retribusi bill asked for by another service. Returns (bill, created); the same caller
    reference with the same content answers the existing bill, with other content ALREADY_EXISTS.

    `requested_by`: the certificate identity of the calling instance (the entrypoint takes it from the
    TLS peer, never from the request), carried by the bill's PaymentReceived so that only that
    instance applies the payment."""
    principal.require_role("officer", "operator", "admin")
    now = clock()
    v = Validator()
    caller = (caller or "").strip().lower()
    if v.require("caller", caller) and not _CALLER.match(caller):
        v.add("caller", "caller_invalid")
    caller_reference = (caller_reference or "").strip()
    v.text("caller_reference", caller_reference, max_len=100)
    region = _regency_code(v, "region_code", region_code)
    payer_id = (payer_id or "").strip()
    v.text("payer_id", payer_id, max_len=36, required=False)
    description = " ".join((description or "").split())
    v.text("description", description, max_len=200)
    if amount == 0:
        v.add("amount", "required")
    else:
        v.in_range("amount", amount, 1, MAX_FEE_RUPIAH)
    due = _due_date(v, due_date, billing.local_date(now))
    v.raise_if_invalid()
    if principal.role == "officer":
        principal.require_jurisdiction(region)
    bill = Bill(
        id=str(uuid.uuid4()),
        tax_type="retribusi",
        object_id=None,
        tax_year=None,
        authority_code=region,
        region_code=region,
        owner_id=payer_id or None,
        owner_nik_index=None,
        description=description,
        due_date=due,
        status=billing.UNPAID,
        issued_at=now,
        lines=[BillLine("retribusi", amount, region)],
        caller=caller,
        caller_reference=caller_reference,
        requested_by=requested_by or None,
    )
    with uow:
        existing = uow.bills.by_caller_reference(caller, caller_reference)
        if existing is None:
            try:
                uow.bills.add(bill, created_by=principal.subject)
            except billing.DuplicateBill:  # a concurrent request with this reference won
                existing = uow.bills.by_caller_reference(caller, caller_reference)
            else:
                bill_issued_event(uow, bill)
                uow.commit()
                count_issued(bill)
                return bill, True
    same = (existing.region_code, existing.owner_id, existing.principal) == (region, payer_id or None, amount)
    # Another instance's reference is not this one's, even when the strings agree.
    if existing.requested_by and requested_by and existing.requested_by != requested_by:
        same = False
    if not same:
        raise AlreadyExists("fee_reference_conflict", caller_reference=caller_reference)
    if principal.role == "officer":
        principal.require_jurisdiction(existing.authority_code)
    return existing, False
