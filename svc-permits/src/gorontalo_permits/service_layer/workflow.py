"""The officer's and the applicant's actions on an application, each one transaction with its events.

Officers of a licensing office act only on applications of their jurisdiction; applicants only on
their own (access.py).
Every action writes a timeline entry (who, when, note) and one
gorontalo.permits.application.status_changed event per status it moved through.
"""

from __future__ import annotations

from servicekit.auth import Principal
from servicekit.errors import NotFound, ServiceError, Validator

from ..domain import model
from ..domain.permit import is_nib
from . import metrics
from .access import DEFAULT_OFFICES, LicensingOffices
from .applications import Clock, _application_id, _owner_nib, attach_documents
from .issuing import number_permit, record_permit, record_status_changes

FEE_DESCRIPTION_MAX = 200


def _clean_note(note: str, *, required: bool) -> str:
    note = (note or "").strip()
    v = Validator()
    if required:
        v.text("note", note, min_len=model.REASON_MIN, max_len=model.NOTE_MAX)
    else:
        v.text("note", note, max_len=model.NOTE_MAX, required=False)
    v.raise_if_invalid()
    return note


def _load(uow, principal: Principal, application_id: str, *, officer: bool) -> model.Application:
    application = uow.applications.get(application_id)
    if application is None:
        raise NotFound()
    if officer:
        principal.require_jurisdiction(application.region_code)
    elif application.applicant_id != principal.subject:
        raise NotFound()  # another citizen's application is not theirs to see
    return application


def _act(
    uow,
    clock: Clock,
    principal: Principal,
    application_id: str,
    *,
    step,
    note: str,
    note_required: bool = False,
    officer: bool = True,
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> model.Application:
    """Load, authorise, apply `step(uow, application, actor_id, at, note)` -> entries, save with events, commit."""
    offices.admit(principal)
    principal.require_role("officer" if officer else "citizen")
    note = _clean_note(note, required=note_required)
    application_id = _application_id(application_id)
    with uow:
        application = _load(uow, principal, application_id, officer=officer)
        at = clock()
        breached = officer and application.sla_breached(at)
        old_status = application.status
        entries = step(uow, application, principal.subject, at, note)
        permit = number_permit(uow, application) if application.status == model.ISSUED else None
        uow.applications.save(application)
        record_status_changes(uow, application, old_status, entries)
        if permit is not None:
            record_permit(uow, application, permit)
        uow.commit()
    metrics.count_entries(application, entries)
    if breached:
        metrics.SLA_BREACHES.labels(application.regency_code).inc()
    if permit is not None:
        metrics.count_issued(application)
    return application


def request_revision(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    application_id: str,
    note: str,
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> model.Application:
    return _act(
        uow,
        clock,
        principal,
        application_id,
        note=note,
        note_required=True,
        offices=offices,
        step=lambda u, a, who, at, n: [a.request_revision(officer_id=who, at=at, note=n)],
    )


def resubmit(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    application_id: str,
    note: str = "",
    document_ids=(),
    catalog=None,
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> model.Application:
    """The revised application back to the office; a new document set replaces the old one when given."""
    document_ids = list(document_ids)

    def step(u, application, who, at, n):
        if document_ids:
            if application.status != model.REVISION_REQUESTED:  # documents change only with a revision
                application.check_may("resubmit", {model.REVISION_REQUESTED})
            permit_type = catalog.get(application.kbli_code) if catalog is not None else None
            required = permit_type.required_documents if permit_type else ()
            application.documents = attach_documents(u, who, _Required(required), document_ids)
        return [application.resubmit(applicant_id=who, at=at, note=n)]

    return _act(uow, clock, principal, application_id, note=note, officer=False, step=step, offices=offices)


class _Required:
    """The part of a permit type attach_documents reads (the type may have left the catalog since)."""

    def __init__(self, required_documents):
        self.required_documents = tuple(required_documents)


def _fee_description(application: model.Application) -> str:
    text = f"Retribusi perizinan berusaha KBLI {application.kbli_code} - {application.business_name}"
    return text[:FEE_DESCRIPTION_MAX]


def approve(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    application_id: str,
    note: str = "",
    fee_bills=None,
    authorization: str = "",
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> model.Application:
    """Approve; with a fee due, svc-tax first issues the bill (with the officer's own token).

    The bill is asked for before anything is written: if svc-tax cannot be reached the approval
    fails as a whole (503). svc-tax knows the bill by the application id, so asking again after a
    failed write returns the same bill instead of a second one.
    """
    offices.admit(principal)
    principal.require_role("officer")
    _clean_note(note, required=False)
    checked_id = _application_id(application_id)
    with uow:
        application = _load(uow, principal, checked_id, officer=True)
        application.check_may_approve()
    bill_id = ""
    if application.needs_fee_bill:
        try:
            bill_id = fee_bills.create_fee_bill(
                authorization=authorization,
                caller_reference=application.id,
                region_code=application.regency_code,
                payer_id=application.applicant_id,
                description=_fee_description(application),
                amount=application.fee_rupiah,
            )
        except ServiceError as error:
            metrics.FEE_BILLS.labels("unavailable" if error.status == "UNAVAILABLE" else "refused").inc()
            raise
        metrics.FEE_BILLS.labels("billed").inc()
    return _act(
        uow,
        clock,
        principal,
        checked_id,
        note=note,
        offices=offices,
        step=lambda u, a, who, at, n: [a.approve(officer_id=who, at=at, note=n, bill_id=bill_id)],
    )


def reject(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    application_id: str,
    note: str,
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> model.Application:
    return _act(
        uow,
        clock,
        principal,
        application_id,
        note=note,
        note_required=True,
        offices=offices,
        step=lambda u, a, who, at, n: [a.reject(officer_id=who, at=at, reason=n)],
    )


def withdraw(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    application_id: str,
    note: str = "",
    fee_bills=None,
    authorization: str = "",
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> model.Application:
    """The applicant withdraws; while the fee is unpaid, svc-tax cancels the bill first (with the
    applicant's own token: they are its payer).

    Nothing is written until svc-tax has confirmed the cancellation: unreachable, the withdrawal fails
    whole (503); the bill paid meanwhile, it is refused and the permit goes on. CancelBill is idempotent,
    so a retry after a failed write here simply finishes the withdrawal.
    """
    principal.require_role("citizen")
    _clean_note(note, required=False)
    checked_id = _application_id(application_id)
    with uow:
        application = _load(uow, principal, checked_id, officer=False)
        application.check_may_withdraw()
    bill_id = application.fee_bill_to_cancel
    if bill_id:
        _cancel_fee_bill(fee_bills, authorization, application)
    return _act(
        uow,
        clock,
        principal,
        checked_id,
        note=note,
        officer=False,
        offices=offices,
        step=lambda u, a, who, at, n: [a.withdraw(applicant_id=who, at=at, note=n, cancelled_bill_id=bill_id)],
    )


def _cancel_fee_bill(fee_bills, authorization: str, application: model.Application) -> None:
    try:
        fee_bills.cancel_fee_bill(
            authorization=authorization, bill_id=application.bill_id, caller_reference=application.id
        )
    except ServiceError as error:
        outcome = {"UNAVAILABLE": "unavailable", "FAILED_PRECONDITION": "paid"}.get(error.status, "refused")
        metrics.FEE_BILL_CANCELLATIONS.labels(outcome).inc()
        raise
    metrics.FEE_BILL_CANCELLATIONS.labels("cancelled").inc()


def issue(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    application_id: str,
    note: str = "",
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> model.Application:
    """An officer issues an approved application: it gets its permit number (event permit.issued)."""
    return _act(
        uow,
        clock,
        principal,
        application_id,
        note=note,
        offices=offices,
        step=lambda u, a, who, at, n: [a.issue(officer_id=who, at=at, note=n)],
    )


def provide_nib(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    application_id: str,
    nib: str,
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> model.Application:
    """The applicant's NIB for this application (kept once per owner); an approved, paid-up
    application that waited only for it is issued now."""
    nib = (nib or "").strip()
    v = Validator()
    if v.require("nib", nib) and not is_nib(nib):
        v.add("nib", "nib_invalid")
    v.raise_if_invalid()

    def step(u, application, who, at, n):
        application.provide_nib(_owner_nib(u, who, nib, at))
        if application.ready_to_issue:
            return [application.issue_automatically(at=at, note=model.NIB_ISSUE_NOTE, actor_id=who)]
        return []

    return _act(uow, clock, principal, application_id, note="", officer=False, step=step, offices=offices)
