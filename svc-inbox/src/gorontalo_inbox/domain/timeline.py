"""What each state of an item means to the resident: its label, and what they must do next.

The owning services name the states; the inbox adds the order in which a state can follow another
(`rank`, to settle two events with the same time) and the next action, which are message keys of the
inbox's catalog (`locale/*/LC_MESSAGES/inbox.po`) with their parameters. Plain Python.
"""

from __future__ import annotations

from .formatting import rupiah, wita_date
from .model import APPLICATION, BILL, COMPLAINT, CREDENTIAL, REPORT, Phrase, TimelineItem

# Permits' statuses (and `revoked`, after permit.revoked), in the order an application moves.
APPLICATION_RANKS = {
    "submitted": 0,
    "in_review": 1,
    "revision_requested": 2,
    "awaiting_payment": 3,
    "paid": 4,
    "approved": 5,
    "issued": 6,
    "rejected": 6,
    "withdrawn": 6,
    "revoked": 7,
}
BILL_RANKS = {"unpaid": 0, "paid": 1, "cancelled": 1}
# Complaints' statuses; `reopened` follows `resolved`.
COMPLAINT_RANKS = {
    "received": 0,
    "verified": 1,
    "dispositioned": 2,
    "in_progress": 3,
    "resolved": 4,
    "reopened": 5,
    "closed": 6,
    "rejected": 6,
}
CREDENTIAL_RANKS = {"active": 0, "revoked": 1}
REPORT_RANKS = {"received": 0}  # BPBD's handling is theirs (incidents); the reporter sees it arrived
RANKS = {
    APPLICATION: APPLICATION_RANKS,
    BILL: BILL_RANKS,
    COMPLAINT: COMPLAINT_RANKS,
    CREDENTIAL: CREDENTIAL_RANKS,
    REPORT: REPORT_RANKS,
}
UNKNOWN_RANK = 0  # a state a newer producer added: ordered by time alone


def rank(kind: str, state: str) -> int:
    return RANKS[kind].get(state, UNKNOWN_RANK)


def title(item: TimelineItem) -> Phrase:
    if item.kind == APPLICATION:
        return Phrase("title_application", {"activity": item.subject or item.reference or "-"})
    if item.kind == BILL:
        if item.tax_type == "retribusi":
            return Phrase("title_bill_fee")
        if item.tax_type in ("pkb", "pbb"):
            return Phrase(f"title_bill_{item.tax_type}", {"year": item.tax_year or ""})
        return Phrase("title_bill")
    if item.kind == COMPLAINT:
        if item.subject:
            return Phrase("title_complaint_subject", {"code": item.reference, "subject": item.subject})
        return Phrase("title_complaint", {"code": item.reference or "-"})
    if item.kind == REPORT:
        return Phrase("title_report", {"hazard": (item.subject or "-").replace("_", " ")})
    return Phrase("title_credential")


def state_label(item: TimelineItem) -> Phrase | None:
    key = f"state_{item.kind}_{item.state}"
    return Phrase(key) if item.state else None


def next_action(item: TimelineItem) -> Phrase | None:
    """What the resident must do now; None when the next step is someone else's (or nothing)."""
    if item.kind == APPLICATION:
        if item.state == "revision_requested":
            return Phrase("next_application_revise")
        if item.state == "awaiting_payment":
            if item.amount:
                return Phrase("next_application_pay_fee", {"amount": rupiah(item.amount)})
            return Phrase("next_application_pay_fee_bill")
        return None
    if item.kind == BILL:
        if item.state == "unpaid":
            if item.due_date:
                return Phrase("next_bill_pay_by", {"amount": rupiah(item.amount), "due_date": wita_date(item.due_date)})
            return Phrase("next_bill_pay", {"amount": rupiah(item.amount)})
        return None
    if item.kind == COMPLAINT:
        if item.awaiting_reply and item.state not in ("closed", "rejected"):
            return Phrase("next_complaint_answer")
        if item.state == "resolved":
            return Phrase("next_complaint_confirm")
        return None
    return None
