"""The officer's and the applicant's actions on an application, each one transaction with its event.

Officers act only on applications of their jurisdiction; applicants only on their own.
Every action writes a timeline entry (who, when, note) and one event
gorontalo.permits.application.<action> carrying the old and the new status.
"""
from __future__ import annotations

from servicekit.auth import Principal
from servicekit.errors import NotFound, Validator

from ..domain import model
from . import metrics
from .issuing import number_permit, record_permit
from .services import Clock, _application_id

EVENT_PREFIX = "gorontalo.permits.application."


def _clean_note(note: str, *, required: bool) -> str:
    note = (note or "").strip()
    v = Validator()
    if required:
        v.text("note", note, min_len=model.REASON_MIN, max_len=model.NOTE_MAX)
    else:
        v.text("note", note, max_len=model.NOTE_MAX, required=False)
    v.raise_if_invalid()
    return note


def _act(uow, clock: Clock, principal: Principal, application_id: str, *, event: str,
         step, note: str, note_required: bool = False, officer: bool = True) -> model.Application:
    """Load, authorise, apply `step(application, actor_id, at, note)`, save with its event, commit."""
    principal.require_role("officer" if officer else "citizen")
    note = _clean_note(note, required=note_required)
    application_id = _application_id(application_id)
    with uow:
        application = uow.applications.get(application_id)
        if application is None:
            raise NotFound()
        if officer:
            principal.require_jurisdiction(application.region_code)
        elif application.applicant_id != principal.subject:
            raise NotFound()  # another citizen's application is not theirs to see
        at = clock()
        breached = officer and application.sla_breached(at)
        old_status = application.status
        entry = step(application, principal.subject, at, note)
        permit = number_permit(uow, application) if application.status == model.ISSUED else None
        uow.applications.save(application)
        change = {"actor_id": principal.subject, "actor_role": principal.role, "old_status": old_status,
                  "new_status": application.status}
        if permit is not None:  # issuing: the one event is ...application.issued, with the permit number
            record_permit(uow, application, permit, **change)
        else:
            uow.add_event(EVENT_PREFIX + event, {
                "application_id": application.id, **change, "region_code": application.region_code,
                "fee_rupiah": application.fee_rupiah,
                "bill_needed": application.payment_status == model.BILL_NEEDED,
            }, subject=application.id)
        uow.commit()
    metrics.count_entries(application, [entry])
    if breached:
        metrics.SLA_BREACHES.labels(application.regency_code).inc()
    if permit is not None:
        metrics.count_issued(application)
    return application


def request_revision(uow, clock: Clock, principal: Principal, *, application_id: str,
                     note: str) -> model.Application:
    return _act(uow, clock, principal, application_id, event="revision_requested",
                note=note, note_required=True,
                step=lambda a, who, at, n: a.request_revision(officer_id=who, at=at, note=n))


def resubmit(uow, clock: Clock, principal: Principal, *, application_id: str, note: str = "") -> model.Application:
    return _act(uow, clock, principal, application_id, event="resubmitted", note=note,
                officer=False, step=lambda a, who, at, n: a.resubmit(applicant_id=who, at=at, note=n))


def approve(uow, clock: Clock, principal: Principal, *, application_id: str, note: str = "") -> model.Application:
    # TODO(tax issue): with a fee due, svc-tax is to be asked for a bill here and the
    # gorontalo.tax.payment.received event is to move the application on; today it stays
    # awaiting_payment with payment_status "bill_needed".
    return _act(uow, clock, principal, application_id, event="approved", note=note,
                step=lambda a, who, at, n: a.approve(officer_id=who, at=at, note=n))


def reject(uow, clock: Clock, principal: Principal, *, application_id: str, note: str) -> model.Application:
    return _act(uow, clock, principal, application_id, event="rejected", note=note,
                note_required=True, step=lambda a, who, at, n: a.reject(officer_id=who, at=at, reason=n))


def withdraw(uow, clock: Clock, principal: Principal, *, application_id: str, note: str = "") -> model.Application:
    return _act(uow, clock, principal, application_id, event="withdrawn", note=note,
                officer=False, step=lambda a, who, at, n: a.withdraw(applicant_id=who, at=at, note=n))


def issue(uow, clock: Clock, principal: Principal, *, application_id: str, note: str = "") -> model.Application:
    """Issue an approved application: it gets its permit number (event ...application.issued)."""
    return _act(uow, clock, principal, application_id, event="issued", note=note,
                step=lambda a, who, at, n: a.issue(officer_id=who, at=at, note=n))
