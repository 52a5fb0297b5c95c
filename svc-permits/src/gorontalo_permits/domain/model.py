"""Permit applications and their life cycle. Plain Python: no framework imports.

The state machine is the whole of it: every status change goes through
`Application.transition`, which refuses what the table below does not allow
and writes the timeline entry, so no caller can skip either.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from servicekit.errors import FailedPrecondition, FieldViolation, InvalidArgument, ServiceError

from . import sla

# OSS-RBA risk levels (PP 5/2021), lowest first.
RENDAH = "rendah"
MENENGAH_RENDAH = "menengah_rendah"
MENENGAH_TINGGI = "menengah_tinggi"
TINGGI = "tinggi"
RISK_LEVELS = (RENDAH, MENENGAH_RENDAH, MENENGAH_TINGGI, TINGGI)

SUBMITTED = "submitted"
IN_REVIEW = "in_review"
REVISION_REQUESTED = "revision_requested"
AWAITING_PAYMENT = "awaiting_payment"
PAID = "paid"
APPROVED = "approved"
ISSUED = "issued"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

# Allowed moves. `submitted -> issued` is reserved for low-risk activities,
# whose NIB is itself the business permit, and self-declared menengah_rendah
# ones (see `Application.submit`). The officer actions below are narrower than
# this table: an officer issues only an approved application.
TRANSITIONS: dict[str, frozenset[str]] = {
    SUBMITTED: frozenset({IN_REVIEW, ISSUED, WITHDRAWN}),
    IN_REVIEW: frozenset({REVISION_REQUESTED, AWAITING_PAYMENT, APPROVED, REJECTED, WITHDRAWN}),
    REVISION_REQUESTED: frozenset({SUBMITTED, WITHDRAWN}),
    # Once paid there is no way back: the fee is spent on this permit. Withdrawing while the fee is
    # unpaid needs svc-tax to cancel the bill first (see Application.withdraw).
    AWAITING_PAYMENT: frozenset({PAID, WITHDRAWN}),
    PAID: frozenset({APPROVED}),
    APPROVED: frozenset({ISSUED, WITHDRAWN}),
    ISSUED: frozenset(),
    REJECTED: frozenset(),
    WITHDRAWN: frozenset(),
}
STATUSES = tuple(TRANSITIONS)
FINAL_STATUSES = frozenset(s for s, targets in TRANSITIONS.items() if not targets)

SYSTEM_ROLE = "system"
TAX_PAYMENT_ACTOR = "tax-payment"  # actor id of the steps the fee payment (svc-tax event) makes
AUTO_ISSUE_NOTE = "Risiko rendah: NIB berlaku sebagai perizinan berusaha."
SELF_DECLARATION_NOTE = "Risiko menengah rendah: sertifikat standar berdasarkan pernyataan mandiri."
PAID_APPROVAL_NOTE = "Retribusi lunas: persetujuan berlaku."
NIB_ISSUE_NOTE = "NIB tersedia: izin diterbitkan."
BILLED = "billed"  # svc-tax issued the fee bill (bill_id); waiting for the payment event
PAYMENT_PAID = "paid"
FEE_CANCELLED = "cancelled"  # svc-tax cancelled the bill because the applicant withdrew

# What the applicant should expect next, by status.
NEXT_STEPS = {
    SUBMITTED: "officer_review", IN_REVIEW: "officer_decision", REVISION_REQUESTED: "applicant_revision",
    AWAITING_PAYMENT: "payment", PAID: "permit_issuance", APPROVED: "permit_issuance", ISSUED: "none",
    REJECTED: "none", WITHDRAWN: "none",
}
# awaiting_payment only once svc-tax has cancelled the bill (see Application.withdraw): a bill left
# payable for a withdrawn application would take money for nothing.
WITHDRAWABLE = frozenset({SUBMITTED, IN_REVIEW, REVISION_REQUESTED, AWAITING_PAYMENT, APPROVED})

# Field limits, shared by validation and the tables.
BUSINESS_NAME_MIN, BUSINESS_NAME_MAX = 3, 150
BUSINESS_ADDRESS_MIN, BUSINESS_ADDRESS_MAX = 5, 300
NOTE_MAX = 1000
REASON_MIN = 5  # a rejection or revision request says why
MAX_INVESTMENT_RUPIAH = 10**15
MAX_WORKFORCE = 100_000


class IllegalTransition(FailedPrecondition):
    """A status change the life cycle does not allow."""

    def __init__(self, current: str, target: str):
        super().__init__("illegal_transition", current=current, target=target)
        self.current = current
        self.target = target


class ConcurrentUpdate(ServiceError):
    """Someone else changed the application between our read and our write."""

    status = "ABORTED"
    default_reason = "concurrent_update"


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


@dataclass(frozen=True)
class TimelineEntry:
    status: str
    actor_role: str
    at: dt.datetime
    note: str = ""
    actor_id: str = ""  # opaque account id; kept for audit, not exposed in the API


@dataclass(frozen=True)
class AttachedDocument:
    """A document the application refers to (the file itself lives in document storage)."""
    document_id: str
    document_type: str
    media_type: str = ""
    size_bytes: int = 0


@dataclass
class Application:
    id: str
    applicant_id: str
    kbli_code: str
    business_name: str
    business_address: str
    region_code: str
    regency_code: str
    latitude: float
    longitude: float
    investment_rupiah: int
    workforce: int
    risk_level: str
    # Snapshot of the catalog entry at submission: later catalog edits do not
    # change what an applicant was told they would pay or wait.
    fee_rupiah: int
    sla_working_days: int
    status: str
    submitted_at: dt.datetime
    updated_at: dt.datetime
    timeline: list[TimelineEntry] = field(default_factory=list)
    version: int = 0
    nib: str = ""
    self_declaration: bool = False
    sla_due_date: dt.date | None = None
    sla_paused_since: dt.datetime | None = None  # set while revision_requested
    sla_paused_days: int = 0  # working days spent in revision, added to the due date
    payment_status: str = ""
    permit_number: str = ""
    bill_id: str = ""
    documents: list[AttachedDocument] = field(default_factory=list)

    @classmethod
    def submit(cls, *, id: str, applicant_id: str, permit_type, kbli_code: str, business_name: str,
               business_address: str, region_code: str, regency_code: str, latitude: float, longitude: float,
               investment_rupiah: int, workforce: int, now: dt.datetime, nib: str = "",
               self_declaration: bool = False, documents=()) -> "Application":
        """A new application; a low-risk one is issued at once (NIB as permit), and so is a
        menengah_rendah one with the applicant's self-declaration. The caller then assigns
        the permit number (`assign_permit_number`) when `status == ISSUED`."""
        application = cls(
            id=id, applicant_id=applicant_id, kbli_code=kbli_code, business_name=business_name,
            business_address=business_address, region_code=region_code, regency_code=regency_code,
            latitude=latitude, longitude=longitude, investment_rupiah=investment_rupiah, workforce=workforce,
            risk_level=permit_type.risk_level, fee_rupiah=permit_type.fee_rupiah,
            sla_working_days=permit_type.sla_working_days, status=SUBMITTED, submitted_at=now, updated_at=now,
            timeline=[TimelineEntry(SUBMITTED, "citizen", now, actor_id=applicant_id)],
            nib=nib, self_declaration=self_declaration, documents=list(documents),
            sla_due_date=sla.due_date(now, permit_type.sla_working_days),
        )
        if application._may_skip_review and not nib:
            # Issued at once means the NIB is the permit: without one there is nothing to issue.
            raise InvalidArgument(violations=[FieldViolation("nib", "nib_required_for_issue")])
        if application.risk_level == RENDAH:
            application.transition(ISSUED, actor_role=SYSTEM_ROLE, at=now, note=AUTO_ISSUE_NOTE)
        elif application.risk_level == MENENGAH_RENDAH and self_declaration:
            application.transition(ISSUED, actor_role=SYSTEM_ROLE, at=now, note=SELF_DECLARATION_NOTE)
        return application

    def transition(self, target: str, *, actor_role: str, at: dt.datetime, note: str = "",
                   actor_id: str = "") -> TimelineEntry:
        if not can_transition(self.status, target):
            raise IllegalTransition(self.status, target)
        if self.status == SUBMITTED and target == ISSUED and not self._may_skip_review:
            raise IllegalTransition(self.status, target)  # only low risk skips the review
        entry = TimelineEntry(target, actor_role, at, note, actor_id)
        self.status = target
        self.updated_at = at
        self.timeline.append(entry)
        return entry

    def start_review(self, *, officer_id: str, at: dt.datetime, note: str = "") -> TimelineEntry:
        """An officer takes a submitted application into review."""
        if self.status != SUBMITTED:
            raise FailedPrecondition("review_requires_submitted", status=self.status)
        return self.transition(IN_REVIEW, actor_role="officer", actor_id=officer_id, at=at, note=note)

    @property
    def _may_skip_review(self) -> bool:
        return self.risk_level == RENDAH or (self.risk_level == MENENGAH_RENDAH and self.self_declaration)

    def check_may(self, action: str, allowed_from) -> None:
        if self.status not in allowed_from:
            raise FailedPrecondition("action_not_allowed", action=action, status=self.status)

    def _act(self, action: str, allowed_from, target: str, *, actor_role: str, actor_id: str,
             at: dt.datetime, note: str) -> TimelineEntry:
        self.check_may(action, allowed_from)
        return self.transition(target, actor_role=actor_role, actor_id=actor_id, at=at, note=note)

    def request_revision(self, *, officer_id: str, at: dt.datetime, note: str) -> TimelineEntry:
        """Back to the applicant; the SLA clock stops until they resubmit."""
        entry = self._act("request_revision", {IN_REVIEW}, REVISION_REQUESTED, actor_role="officer",
                          actor_id=officer_id, at=at, note=note)
        self.sla_paused_since = at
        return entry

    def resubmit(self, *, applicant_id: str, at: dt.datetime, note: str = "") -> TimelineEntry:
        """The revised application is back in the queue; the paused working days move the due date."""
        entry = self._act("resubmit", {REVISION_REQUESTED}, SUBMITTED, actor_role="citizen",
                          actor_id=applicant_id, at=at, note=note)
        if self.sla_paused_since is not None:
            self.sla_paused_days += sla.working_days_between(sla.local_date(self.sla_paused_since),
                                                             sla.local_date(at))
            self.sla_paused_since = None
        self.sla_due_date = sla.due_date(self.submitted_at, self.sla_working_days, self.sla_paused_days)
        return entry

    def check_may_approve(self) -> None:
        """Raises what `approve` would, before anyone is asked for a bill."""
        if self.status != IN_REVIEW:
            raise FailedPrecondition("action_not_allowed", action="approve", status=self.status)

    @property
    def needs_fee_bill(self) -> bool:
        return self.fee_rupiah > 0

    def approve(self, *, officer_id: str, at: dt.datetime, note: str = "", bill_id: str = "") -> TimelineEntry:
        """Approved subject to the fee: awaiting_payment on the given svc-tax bill when one is due."""
        self.check_may_approve()
        if self.needs_fee_bill:
            if not bill_id:
                raise ValueError("a fee-bearing approval needs the bill id")
            entry = self._act("approve", {IN_REVIEW}, AWAITING_PAYMENT, actor_role="officer",
                              actor_id=officer_id, at=at, note=note)
            self.payment_status = BILLED
            self.bill_id = bill_id
            return entry
        return self._act("approve", {IN_REVIEW}, APPROVED, actor_role="officer", actor_id=officer_id,
                         at=at, note=note)

    def is_awaiting_bill(self, bill_id: str) -> bool:
        return self.status == AWAITING_PAYMENT and bool(bill_id) and self.bill_id == bill_id

    def record_payment(self, *, bill_id: str, at: dt.datetime, note: str) -> list[TimelineEntry]:
        """The fee bill was paid: paid, then approved (the approval was subject to this payment)."""
        if not self.is_awaiting_bill(bill_id):
            raise FailedPrecondition("action_not_allowed", action="record_payment", status=self.status)
        entries = [self.transition(PAID, actor_role=SYSTEM_ROLE, actor_id=TAX_PAYMENT_ACTOR, at=at, note=note)]
        self.payment_status = PAYMENT_PAID
        entries.append(self.transition(APPROVED, actor_role=SYSTEM_ROLE, actor_id=TAX_PAYMENT_ACTOR, at=at,
                                       note=PAID_APPROVAL_NOTE))
        return entries

    @property
    def ready_to_issue(self) -> bool:
        """Approved, with nothing left to pay and the NIB known: the system issues it."""
        paid_up = not self.needs_fee_bill or self.payment_status == PAYMENT_PAID
        return self.status == APPROVED and paid_up and bool(self.nib)

    def issue_automatically(self, *, at: dt.datetime, note: str, actor_id: str = "") -> TimelineEntry:
        if not self.ready_to_issue:
            raise FailedPrecondition("action_not_allowed", action="issue", status=self.status)
        return self.transition(ISSUED, actor_role=SYSTEM_ROLE, actor_id=actor_id, at=at, note=note)

    def provide_nib(self, nib: str) -> None:
        if self.is_final:
            raise FailedPrecondition("action_not_allowed", action="provide_nib", status=self.status)
        self.nib = nib

    def reject(self, *, officer_id: str, at: dt.datetime, reason: str) -> TimelineEntry:
        return self._act("reject", {IN_REVIEW}, REJECTED, actor_role="officer", actor_id=officer_id,
                         at=at, note=reason)

    def check_may_withdraw(self) -> None:
        """Raises what `withdraw` would for the state alone, before svc-tax is asked to cancel anything."""
        if self.payment_status == PAYMENT_PAID:  # the fee is spent on this permit: it is issued, not withdrawn
            raise FailedPrecondition("action_not_allowed", action="withdraw", status=self.status)
        self.check_may("withdraw", WITHDRAWABLE)

    @property
    def fee_bill_to_cancel(self) -> str:
        """The svc-tax bill that must be cancelled before this application may be withdrawn ("" if none)."""
        return self.bill_id if self.status == AWAITING_PAYMENT and self.payment_status == BILLED else ""

    def withdraw(self, *, applicant_id: str, at: dt.datetime, note: str = "",
                 cancelled_bill_id: str = "") -> TimelineEntry:
        """The applicant gives up. Awaiting payment, only with `cancelled_bill_id`: svc-tax's confirmation that
        this application's bill is cancelled, so no money can arrive for a withdrawn application."""
        self.check_may_withdraw()
        owed = self.fee_bill_to_cancel
        if owed and cancelled_bill_id != owed:
            # Billed since the caller looked (an approval in between): it must cancel that bill first.
            raise FailedPrecondition("fee_bill_not_cancelled", status=self.status)
        entry = self._act("withdraw", WITHDRAWABLE, WITHDRAWN, actor_role="citizen", actor_id=applicant_id,
                          at=at, note=note)
        if owed:
            self.payment_status = FEE_CANCELLED
        return entry

    def issue(self, *, officer_id: str, at: dt.datetime, note: str = "") -> TimelineEntry:
        """An officer issues an approved application; the caller assigns the permit number."""
        if self.status == APPROVED and not self.nib:
            raise FailedPrecondition("nib_required", status=self.status)
        return self._act("issue", {APPROVED}, ISSUED, actor_role="officer", actor_id=officer_id, at=at, note=note)

    def assign_permit_number(self, number: str) -> None:
        if self.status != ISSUED or self.permit_number:
            raise FailedPrecondition("action_not_allowed", action="assign_permit_number", status=self.status)
        self.permit_number = number

    @property
    def sla_paused(self) -> bool:
        return self.status == REVISION_REQUESTED

    @property
    def next_step(self) -> str:
        if self.status in (PAID, APPROVED) and not self.nib:
            return "applicant_nib"
        return NEXT_STEPS.get(self.status, "none")

    def sla_breached(self, at: dt.datetime) -> bool:
        """Past the due date (in WITA) while still waiting on the office."""
        return (not self.is_final and not self.sla_paused and self.sla_due_date is not None
                and sla.local_date(at) > self.sla_due_date)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES
