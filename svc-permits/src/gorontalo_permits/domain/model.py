"""Permit applications. Plain Python: no framework imports.

An Application is its data (below) and three halves kept in their own modules: the life cycle and
timeline (lifecycle.py: every status change goes through `transition`), the SLA clock (sla.py) and
the fee (fees.py). This module holds what an applicant and an officer do with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from servicekit.errors import FailedPrecondition, FieldViolation, InvalidArgument, ServiceError

from . import sla
from .documents import AttachedDocument
from .fees import BILLED, FEE_CANCELLED, PAYMENT_PAID, TAX_PAYMENT_ACTOR, FeePayment  # noqa: F401 - re-exported
from .lifecycle import (  # noqa: F401
    APPROVED,
    AWAITING_PAYMENT,
    FINAL_STATUSES,
    IN_REVIEW,
    ISSUED,
    NEXT_STEPS,
    PAID,
    REJECTED,
    REVISION_REQUESTED,
    STATUSES,
    SUBMITTED,
    SYSTEM_ROLE,
    TRANSITIONS,
    WITHDRAWN,
    IllegalTransition,
    LifeCycle,
    TimelineEntry,
    can_transition,
)

# OSS-RBA risk levels (PP 5/2021), lowest first.
RENDAH = "rendah"
MENENGAH_RENDAH = "menengah_rendah"
MENENGAH_TINGGI = "menengah_tinggi"
TINGGI = "tinggi"
RISK_LEVELS = (RENDAH, MENENGAH_RENDAH, MENENGAH_TINGGI, TINGGI)

AUTO_ISSUE_NOTE = "Risiko rendah: NIB berlaku sebagai perizinan berusaha."
SELF_DECLARATION_NOTE = "Risiko menengah rendah: sertifikat standar berdasarkan pernyataan mandiri."
NIB_ISSUE_NOTE = "NIB tersedia: izin diterbitkan."

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


class ConcurrentUpdate(ServiceError):
    """Someone else changed the application between our read and our write."""

    status = "ABORTED"
    default_reason = "concurrent_update"


@dataclass
class Application(LifeCycle, sla.SlaClock, FeePayment):
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
    # The activity's title as the catalog named it at submission (snapshot, like the fee): events
    # carry it so a resident's timeline reads "Restoran", not 56101.
    kbli_title: str = ""

    @classmethod
    def submit(
        cls,
        *,
        id: str,
        applicant_id: str,
        permit_type,
        kbli_code: str,
        business_name: str,
        business_address: str,
        region_code: str,
        regency_code: str,
        latitude: float,
        longitude: float,
        investment_rupiah: int,
        workforce: int,
        now: dt.datetime,
        nib: str = "",
        self_declaration: bool = False,
        documents=(),
    ) -> Application:
        """A new application; a low-risk one is issued at once (NIB as permit), and so is a
        menengah_rendah one with the applicant's self-declaration. The caller then assigns
        the permit number (`assign_permit_number`) when `status == ISSUED`."""
        application = cls(
            id=id,
            applicant_id=applicant_id,
            kbli_code=kbli_code,
            business_name=business_name,
            business_address=business_address,
            region_code=region_code,
            regency_code=regency_code,
            latitude=latitude,
            longitude=longitude,
            investment_rupiah=investment_rupiah,
            workforce=workforce,
            risk_level=permit_type.risk_level,
            fee_rupiah=permit_type.fee_rupiah,
            sla_working_days=permit_type.sla_working_days,
            status=SUBMITTED,
            submitted_at=now,
            updated_at=now,
            timeline=[TimelineEntry(SUBMITTED, "citizen", now, actor_id=applicant_id)],
            nib=nib,
            self_declaration=self_declaration,
            documents=list(documents),
            sla_due_date=sla.due_date(now, permit_type.sla_working_days),
            kbli_title=permit_type.title,
        )
        if application._may_skip_review and not nib:
            # Issued at once means the NIB is the permit: without one there is nothing to issue.
            raise InvalidArgument(violations=[FieldViolation("nib", "nib_required_for_issue")])
        if application.risk_level == RENDAH:
            application.transition(ISSUED, actor_role=SYSTEM_ROLE, at=now, note=AUTO_ISSUE_NOTE)
        elif application.risk_level == MENENGAH_RENDAH and self_declaration:
            application.transition(ISSUED, actor_role=SYSTEM_ROLE, at=now, note=SELF_DECLARATION_NOTE)
        return application

    @property
    def _may_skip_review(self) -> bool:
        return self.risk_level == RENDAH or (self.risk_level == MENENGAH_RENDAH and self.self_declaration)

    def start_review(self, *, officer_id: str, at: dt.datetime, note: str = "") -> TimelineEntry:
        """An officer takes a submitted application into review."""
        if self.status != SUBMITTED:
            raise FailedPrecondition("review_requires_submitted", status=self.status)
        return self.transition(IN_REVIEW, actor_role="officer", actor_id=officer_id, at=at, note=note)

    def request_revision(self, *, officer_id: str, at: dt.datetime, note: str) -> TimelineEntry:
        """Back to the applicant; the SLA clock stops until they resubmit."""
        entry = self._act(
            "request_revision",
            {IN_REVIEW},
            REVISION_REQUESTED,
            actor_role="officer",
            actor_id=officer_id,
            at=at,
            note=note,
        )
        self._pause_sla(at)
        return entry

    def resubmit(self, *, applicant_id: str, at: dt.datetime, note: str = "") -> TimelineEntry:
        """The revised application is back in the queue; the paused working days move the due date."""
        entry = self._act(
            "resubmit", {REVISION_REQUESTED}, SUBMITTED, actor_role="citizen", actor_id=applicant_id, at=at, note=note
        )
        self._resume_sla(at)
        return entry

    def check_may_approve(self) -> None:
        """Raises what `approve` would, before anyone is asked for a bill."""
        if self.status != IN_REVIEW:
            raise FailedPrecondition("action_not_allowed", action="approve", status=self.status)

    def approve(self, *, officer_id: str, at: dt.datetime, note: str = "", bill_id: str = "") -> TimelineEntry:
        """Approved subject to the fee: awaiting_payment on the given svc-tax bill when one is due."""
        self.check_may_approve()
        if self.needs_fee_bill:
            if not bill_id:
                raise ValueError("a fee-bearing approval needs the bill id")
            entry = self._act(
                "approve", {IN_REVIEW}, AWAITING_PAYMENT, actor_role="officer", actor_id=officer_id, at=at, note=note
            )
            self._billed(bill_id)
            return entry
        return self._act("approve", {IN_REVIEW}, APPROVED, actor_role="officer", actor_id=officer_id, at=at, note=note)

    @property
    def ready_to_issue(self) -> bool:
        """Approved, with nothing left to pay and the NIB known: the system issues it."""
        return self.status == APPROVED and self.paid_up and bool(self.nib)

    def issue_automatically(self, *, at: dt.datetime, note: str, actor_id: str = "") -> TimelineEntry:
        if not self.ready_to_issue:
            raise FailedPrecondition("action_not_allowed", action="issue", status=self.status)
        return self.transition(ISSUED, actor_role=SYSTEM_ROLE, actor_id=actor_id, at=at, note=note)

    def provide_nib(self, nib: str) -> None:
        if self.is_final:
            raise FailedPrecondition("action_not_allowed", action="provide_nib", status=self.status)
        self.nib = nib

    def reject(self, *, officer_id: str, at: dt.datetime, reason: str) -> TimelineEntry:
        return self._act("reject", {IN_REVIEW}, REJECTED, actor_role="officer", actor_id=officer_id, at=at, note=reason)

    def check_may_withdraw(self) -> None:
        """Raises what `withdraw` would for the state alone, before svc-tax is asked to cancel anything."""
        if self.payment_status == PAYMENT_PAID:  # the fee is spent on this permit: it is issued, not withdrawn
            raise FailedPrecondition("action_not_allowed", action="withdraw", status=self.status)
        self.check_may("withdraw", WITHDRAWABLE)

    def withdraw(
        self, *, applicant_id: str, at: dt.datetime, note: str = "", cancelled_bill_id: str = ""
    ) -> TimelineEntry:
        """The applicant gives up. Awaiting payment, only with `cancelled_bill_id`: svc-tax's confirmation that
        this application's bill is cancelled, so no money can arrive for a withdrawn application."""
        self.check_may_withdraw()
        owed = self.fee_bill_to_cancel
        if owed and cancelled_bill_id != owed:
            # Billed since the caller looked (an approval in between): it must cancel that bill first.
            raise FailedPrecondition("fee_bill_not_cancelled", status=self.status)
        entry = self._act(
            "withdraw", WITHDRAWABLE, WITHDRAWN, actor_role="citizen", actor_id=applicant_id, at=at, note=note
        )
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
