"""Permit applications and their life cycle. Plain Python: no framework imports.

The state machine is the whole of it: every status change goes through
`Application.transition`, which refuses what the table below does not allow
and writes the timeline entry, so no caller can skip either.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from servicekit.errors import FailedPrecondition, ServiceError

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
ISSUED = "issued"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

# Allowed moves. `submitted -> issued` is reserved for low-risk activities,
# whose NIB is itself the business permit (see `Application.submit`).
TRANSITIONS: dict[str, frozenset[str]] = {
    SUBMITTED: frozenset({IN_REVIEW, ISSUED, WITHDRAWN}),
    IN_REVIEW: frozenset({REVISION_REQUESTED, AWAITING_PAYMENT, ISSUED, REJECTED}),
    REVISION_REQUESTED: frozenset({SUBMITTED, WITHDRAWN}),
    AWAITING_PAYMENT: frozenset({ISSUED, WITHDRAWN}),
    ISSUED: frozenset(),
    REJECTED: frozenset(),
    WITHDRAWN: frozenset(),
}
STATUSES = tuple(TRANSITIONS)
FINAL_STATUSES = frozenset(s for s, targets in TRANSITIONS.items() if not targets)

SYSTEM_ROLE = "system"
AUTO_ISSUE_NOTE = "Risiko rendah: NIB berlaku sebagai perizinan berusaha."

# Field limits, shared by validation and the tables.
BUSINESS_NAME_MIN, BUSINESS_NAME_MAX = 3, 150
BUSINESS_ADDRESS_MIN, BUSINESS_ADDRESS_MAX = 5, 300
NOTE_MAX = 1000
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

    @classmethod
    def submit(cls, *, id: str, applicant_id: str, permit_type, kbli_code: str, business_name: str,
               business_address: str, region_code: str, regency_code: str, latitude: float, longitude: float,
               investment_rupiah: int, workforce: int, now: dt.datetime) -> "Application":
        """A new application; a low-risk one is issued at once (NIB as permit)."""
        application = cls(
            id=id, applicant_id=applicant_id, kbli_code=kbli_code, business_name=business_name,
            business_address=business_address, region_code=region_code, regency_code=regency_code,
            latitude=latitude, longitude=longitude, investment_rupiah=investment_rupiah, workforce=workforce,
            risk_level=permit_type.risk_level, fee_rupiah=permit_type.fee_rupiah,
            sla_working_days=permit_type.sla_working_days, status=SUBMITTED, submitted_at=now, updated_at=now,
            timeline=[TimelineEntry(SUBMITTED, "citizen", now, actor_id=applicant_id)],
        )
        if application.risk_level == RENDAH:
            application.transition(ISSUED, actor_role=SYSTEM_ROLE, at=now, note=AUTO_ISSUE_NOTE)
        return application

    def transition(self, target: str, *, actor_role: str, at: dt.datetime, note: str = "",
                   actor_id: str = "") -> TimelineEntry:
        if not can_transition(self.status, target):
            raise IllegalTransition(self.status, target)
        if self.status == SUBMITTED and target == ISSUED and self.risk_level != RENDAH:
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
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES
