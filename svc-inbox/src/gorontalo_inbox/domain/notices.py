"""What a resident is told, and when: one Notice per thing worth a message (plain Python).

A Notice names catalog keys and parameters (the texts, Indonesian and English, are in
`locale/*/LC_MESSAGES/inbox.po`). Texts carry what the resident can read in their own timeline
anyway (an activity, an amount, a tracking or receipt number), never another person's data or an
officer's free text. Each is built from one event's own fields, so it reads the same whichever
order the consumers happened to apply the events in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .formatting import rupiah, wita_date
from .model import ALERT, APPLICATION, BILL, COMPLAINT, Phrase, Text
from .quiet_hours import overrides_quiet_hours

BRAND = "Gorontalo Satu"
# A message about an event older than this is kept in the app only: a consumer catching up on a
# backlog (a first start on an old stream) must not text residents about last year.
DELIVERY_HORIZON = dt.timedelta(hours=24)
# Complaint statuses the reporter hears of (as complaints told them before the inbox).
COMPLAINT_STATUSES_TOLD = ("dispositioned", "in_progress", "resolved", "closed", "rejected")
# Refusals of a payment that an authenticated channel made: the payer must act. Forged or unreadable
# notifications are not the payer's business, and telling them would let anyone text a resident.
PAYMENT_REFUSALS_TOLD = ("amount_mismatch", "billing_code_expired", "bill_cancelled", "bill_already_paid")


@dataclass(frozen=True)
class Notice:
    kind: str
    title_key: str
    body_key: str
    ref_kind: str
    ref_id: str
    params: dict = field(default_factory=dict)
    urgent: bool = False
    # False: in the app only (another notice already texted the same news).
    sent: bool = True


def _tax_label(tax_type: str, caller: str = "") -> Phrase:
    """The kind of bill inside a sentence (catalog keys what_fee, what_pkb, what_pbb, what_bill)."""
    if tax_type == "retribusi" or caller == "permits":
        return Phrase("what_fee")
    return Phrase(f"what_{tax_type}" if tax_type in ("pkb", "pbb") else "what_bill")


def application_status(application_id: str, old: str, new: str, activity: str, fee: int) -> Notice | None:
    """Revision requested, approved (with the fee due or not), rejected. Issued is told by permit.issued."""
    params = {"activity": activity or "-"}
    if new == "revision_requested":
        return Notice(
            "permit_revision_requested",
            "notice_revision_title",
            "notice_revision_body",
            APPLICATION,
            application_id,
            params,
        )
    if new == "awaiting_payment":
        if not fee:  # a producer that did not say the amount: the bill in the timeline does
            return Notice(
                "permit_approved",
                "notice_approved_title",
                "notice_approved_bill_body",
                APPLICATION,
                application_id,
                params,
            )
        return Notice(
            "permit_approved",
            "notice_approved_title",
            "notice_approved_fee_body",
            APPLICATION,
            application_id,
            {**params, "amount": rupiah(fee)},
        )
    if new == "approved" and old == "in_review":  # approved without a fee (after a payment: bill_paid told it)
        return Notice(
            "permit_approved", "notice_approved_title", "notice_approved_body", APPLICATION, application_id, params
        )
    if new == "rejected":
        return Notice(
            "permit_rejected", "notice_rejected_title", "notice_rejected_body", APPLICATION, application_id, params
        )
    return None


def permit_issued(application_id: str, permit_number: str, activity: str) -> Notice:
    return Notice(
        "permit_issued",
        "notice_issued_title",
        "notice_issued_body",
        APPLICATION,
        application_id,
        {"activity": activity or "-", "number": permit_number},
    )


def permit_revoked(application_id: str, permit_number: str) -> Notice:
    return Notice(
        "permit_revoked",
        "notice_revoked_title",
        "notice_revoked_body",
        APPLICATION,
        application_id,
        {"number": permit_number},
    )


def bill_issued(bill_id: str, tax_type: str, caller: str, amount: int, due_date: str) -> Notice:
    """A new bill. A permit's fee bill stays in the app: the approval's SMS asked for the fee already."""
    return Notice(
        "bill_issued",
        "notice_bill_title",
        "notice_bill_body",
        BILL,
        bill_id,
        {"what": _tax_label(tax_type, caller), "amount": rupiah(amount), "due_date": wita_date(due_date)},
        sent=caller != "permits",
    )


def bill_due_soon(bill_id: str, tax_type: str, amount: int, due_date: str) -> Notice:
    return Notice(
        "bill_due_soon",
        "notice_due_soon_title",
        "notice_due_soon_body",
        BILL,
        bill_id,
        {"what": _tax_label(tax_type), "amount": rupiah(amount), "due_date": wita_date(due_date)},
    )


def bill_paid(bill_id: str, tax_type: str, caller: str, amount: int, receipt_number: str) -> Notice:
    return Notice(
        "bill_paid",
        "notice_paid_title",
        "notice_paid_body",
        BILL,
        bill_id,
        {"what": _tax_label(tax_type, caller), "amount": rupiah(amount), "receipt": receipt_number},
    )


def payment_refused(bill_id: str, reason: str) -> Notice | None:
    if reason not in PAYMENT_REFUSALS_TOLD:
        return None
    return Notice("payment_refused", "notice_refused_title", f"notice_refused_{reason}", BILL, bill_id)


def complaint_status(complaint_id: str, tracking_code: str, status: str) -> Notice | None:
    if status not in COMPLAINT_STATUSES_TOLD:
        return None
    return Notice(
        "complaint_status",
        "notice_complaint_title",
        f"notice_complaint_{status}",
        COMPLAINT,
        complaint_id,
        {"code": tracking_code},
    )


def complaint_update(complaint_id: str, tracking_code: str, kind: str, internal: bool) -> Notice | None:
    """The agency's public update or its question to the reporter (not internal notes, not answers)."""
    if internal or kind not in ("update", "question"):
        return None
    return Notice(
        f"complaint_{kind}",
        "notice_complaint_title",
        f"notice_complaint_{kind}",
        COMPLAINT,
        complaint_id,
        {"code": tracking_code},
    )


def alert(alert_id: str, msg_type: str, event: str, headline: Text, severity: str, urgency: str) -> Notice:
    """An alert issued or updated (urgent ones pass quiet hours), or a cancellation."""
    what = Text(event or headline.id or "-", event or headline.en or headline.id or "-")
    said = Text(headline.id or headline.en or event, headline.en or headline.id or event)
    if msg_type == "Cancel":
        return Notice(
            "alert_cancelled", "notice_alert_cancel_title", "notice_alert_cancel_body", ALERT, alert_id, {"event": what}
        )
    return Notice(
        "alert",
        "notice_alert_title",
        "notice_alert_body",
        ALERT,
        alert_id,
        {"event": what, "headline": said},
        urgent=overrides_quiet_hours(severity, urgency),
    )


def sms_text(body: Text) -> str:
    """The SMS: Indonesian only (one language keeps it to one or two parts), named as the platform."""
    return f"{BRAND}: {body.id}"


def email_text(title: Text, body: Text, link: str) -> tuple[str, str]:
    """(subject, message): Indonesian first, English below it."""
    message = f"{body.id}\n\n{body.en}\n\n{link}\n"
    return f"{BRAND}: {title.id}", message


def deliverable(event_time: dt.datetime, now: dt.datetime) -> bool:
    return now - event_time <= DELIVERY_HORIZON
