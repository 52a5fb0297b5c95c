"""The life cycle of a permit application: its statuses, the moves between them, and the timeline.

Every status change goes through `LifeCycle.transition`, which refuses what TRANSITIONS does not
allow and writes the timeline entry, so no caller can skip either. Plain Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from servicekit.errors import FailedPrecondition

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
# ones (see `Application.submit`). The officer actions are narrower than
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

# What the applicant should expect next, by status.
NEXT_STEPS = {
    SUBMITTED: "officer_review",
    IN_REVIEW: "officer_decision",
    REVISION_REQUESTED: "applicant_revision",
    AWAITING_PAYMENT: "payment",
    PAID: "permit_issuance",
    APPROVED: "permit_issuance",
    ISSUED: "none",
    REJECTED: "none",
    WITHDRAWN: "none",
}


class IllegalTransition(FailedPrecondition):
    """A status change the life cycle does not allow."""

    def __init__(self, current: str, target: str):
        super().__init__("illegal_transition", current=current, target=target)
        self.current = current
        self.target = target


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


@dataclass(frozen=True)
class TimelineEntry:
    status: str
    actor_role: str
    at: dt.datetime
    note: str = ""
    actor_id: str = ""  # opaque account id; kept for audit, not exposed in the API


class LifeCycle:
    """The status and timeline half of an Application (its fields `status`, `updated_at`, `timeline`,
    `nib`; `_may_skip_review` says whether it may go from submitted straight to issued)."""

    def transition(
        self, target: str, *, actor_role: str, at: dt.datetime, note: str = "", actor_id: str = ""
    ) -> TimelineEntry:
        if not can_transition(self.status, target):
            raise IllegalTransition(self.status, target)
        if self.status == SUBMITTED and target == ISSUED and not self._may_skip_review:
            raise IllegalTransition(self.status, target)  # only low risk skips the review
        entry = TimelineEntry(target, actor_role, at, note, actor_id)
        self.status = target
        self.updated_at = at
        self.timeline.append(entry)
        return entry

    def check_may(self, action: str, allowed_from) -> None:
        if self.status not in allowed_from:
            raise FailedPrecondition("action_not_allowed", action=action, status=self.status)

    def _act(
        self, action: str, allowed_from, target: str, *, actor_role: str, actor_id: str, at: dt.datetime, note: str
    ) -> TimelineEntry:
        self.check_may(action, allowed_from)
        return self.transition(target, actor_role=actor_role, actor_id=actor_id, at=at, note=note)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def next_step(self) -> str:
        if self.status in (PAID, APPROVED) and not self.nib:
            return "applicant_nib"
        return NEXT_STEPS.get(self.status, "none")
