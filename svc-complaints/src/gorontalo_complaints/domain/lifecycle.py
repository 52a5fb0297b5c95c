"""States of a complaint, who moves it, and its deadlines (plain Python).

    received -> verified -> dispositioned -> in_progress -> resolved -> closed
    received | verified | dispositioned -> rejected (with a reason)
    resolved -> reopened (by the reporter, before the auto-close deadline) -> in_progress | resolved

Filing with a known category (given, or suggested with enough confidence)
dispositions at once: received -> dispositioned in the same transaction.

Deadlines, in working days (see workdays): disposition within 3 of receipt;
the agency's first response (a public update, starting work or resolving)
within 5 of disposition; closed automatically 10 after resolution unless the
reporter rates (confirms) or reopens it first.
"""

from __future__ import annotations

import datetime as dt

from servicekit.errors import FailedPrecondition, Validator

from . import workdays
from .model import CLASSIFIER, Complaint

RECEIVED, VERIFIED, DISPOSITIONED = "received", "verified", "dispositioned"
IN_PROGRESS, RESOLVED, CLOSED = "in_progress", "resolved", "closed"
REJECTED, REOPENED = "rejected", "reopened"
STATUSES = (RECEIVED, VERIFIED, DISPOSITIONED, IN_PROGRESS, RESOLVED, CLOSED, REJECTED, REOPENED)
OPEN_STATUSES = (RECEIVED, VERIFIED, DISPOSITIONED, IN_PROGRESS, REOPENED)

DISPOSITION_DAYS = 3
FIRST_RESPONSE_DAYS = 5
AUTO_CLOSE_DAYS = 10
DISPOSITION, FIRST_RESPONSE = "disposition", "first_response"
ESCALATED_TO = ("agency_head", "province_dispatcher")
NOTE_LENGTH = (3, 2000)

TRANSITIONS = {
    RECEIVED: {VERIFIED, DISPOSITIONED, REJECTED},
    VERIFIED: {DISPOSITIONED, REJECTED},
    DISPOSITIONED: {IN_PROGRESS, RESOLVED, REJECTED},
    IN_PROGRESS: {RESOLVED},
    RESOLVED: {CLOSED, REOPENED},
    REOPENED: {IN_PROGRESS, RESOLVED},
    CLOSED: set(),
    REJECTED: set(),
}


def move(complaint: Complaint, to_status: str) -> str:
    """Change the status (FailedPrecondition when not allowed); returns the previous one."""
    before = complaint.status
    if to_status not in TRANSITIONS.get(before, set()):
        raise FailedPrecondition("status_transition_invalid", from_status=before, to_status=to_status)
    complaint.status = to_status
    return before


def check_note(note: str, *, field: str = "note", required: bool = True) -> str:
    v = Validator()
    v.text(field, note, min_len=NOTE_LENGTH[0], max_len=NOTE_LENGTH[1], required=required)
    v.raise_if_invalid()
    return (note or "").strip()


def disposition(complaint: Complaint, *, category: str, agency_code: str, agency_name: str, now: dt.datetime) -> str:
    before = move(complaint, DISPOSITIONED)
    complaint.category = category
    complaint.agency_code, complaint.agency_name = agency_code, agency_name
    complaint.needs_dispatch = False
    complaint.dispositioned_at = now
    return before


def routed_by_model_alone(complaint: Complaint) -> bool:
    """Dispositioned at filing on the suggestion model's word, and the agency has not answered yet."""
    return (
        complaint.status == DISPOSITIONED
        and complaint.category_source == CLASSIFIER
        and complaint.first_response_at is None
    )


def review_disposition(
    complaint: Complaint, *, category: str, agency_code: str, agency_name: str, now: dt.datetime
) -> str:
    """A dispatcher confirms or corrects what the model routed; the status stays `dispositioned`.

    Another agency's deadline starts now; the same agency keeps its clock.
    """
    if not routed_by_model_alone(complaint):
        raise FailedPrecondition("already_dispositioned")
    if agency_code != complaint.agency_code:
        complaint.dispositioned_at = now
    complaint.category = category
    complaint.agency_code, complaint.agency_name = agency_code, agency_name
    return complaint.status


def mark_first_response(complaint: Complaint, now: dt.datetime) -> None:
    if complaint.first_response_at is None:
        complaint.first_response_at = now


def resolve(complaint: Complaint, now: dt.datetime) -> str:
    before = move(complaint, RESOLVED)
    mark_first_response(complaint, now)
    complaint.resolved_at = now
    return before


def rate(complaint: Complaint, rating: int, comment: str, now: dt.datetime) -> str:
    v = Validator()
    v.in_range("rating", rating, 1, 5)
    v.text("comment", comment, max_len=1000, required=False)
    v.raise_if_invalid()
    if complaint.status != RESOLVED:
        raise FailedPrecondition("rating_needs_resolution")
    complaint.rating, complaint.rating_comment = rating, (comment or "").strip()
    before = move(complaint, CLOSED)
    complaint.closed_at = now
    return before


def reopen(complaint: Complaint, now: dt.datetime) -> str:
    if complaint.status == RESOLVED and now >= auto_close_due(complaint):
        raise FailedPrecondition("reopen_window_over", days=AUTO_CLOSE_DAYS)
    before = move(complaint, REOPENED)
    complaint.resolved_at = None
    return before


def disposition_due(complaint: Complaint) -> dt.datetime:
    return workdays.add_working_days(complaint.filed_at, DISPOSITION_DAYS)


def first_response_due(complaint: Complaint) -> dt.datetime | None:
    if complaint.dispositioned_at is None:
        return None
    return workdays.add_working_days(complaint.dispositioned_at, FIRST_RESPONSE_DAYS)


def auto_close_due(complaint: Complaint) -> dt.datetime | None:
    if complaint.resolved_at is None:
        return None
    return workdays.add_working_days(complaint.resolved_at, AUTO_CLOSE_DAYS)


def breaches_due(complaint: Complaint, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """Deadlines passed at `now` and not yet recorded on the complaint: (name, due instant)."""
    found = []
    if DISPOSITION not in complaint.breached_deadlines:
        due = disposition_due(complaint)
        done = complaint.dispositioned_at is not None and complaint.dispositioned_at <= due
        if not done and complaint.status != REJECTED and now >= due:
            found.append((DISPOSITION, due))
    due = first_response_due(complaint)
    if due is not None and FIRST_RESPONSE not in complaint.breached_deadlines:
        done = complaint.first_response_at is not None and complaint.first_response_at <= due
        if not done and complaint.status != REJECTED and now >= due:
            found.append((FIRST_RESPONSE, due))
    return found


def within_deadline(complaint: Complaint) -> bool:
    return not complaint.breached_deadlines
