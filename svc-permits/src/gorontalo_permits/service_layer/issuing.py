"""Giving an issued application its permit, and the events of status changes. Inside the caller's transaction."""

from __future__ import annotations

from gorontalo.permits.v1 import events_pb2

from ..domain import model
from ..domain.permit import Permit, issue_year, permit_number


def number_permit(uow, application: model.Application) -> Permit:
    """Number the permit of a just-issued application (before the application row is written)."""
    at = application.updated_at
    year = issue_year(at)
    number = permit_number(application.regency_code, year, uow.permits.next_sequence(application.regency_code, year))
    application.assign_permit_number(number)
    return Permit(
        permit_number=number,
        application_id=application.id,
        owner_id=application.applicant_id,
        nib=application.nib,
        kbli_code=application.kbli_code,
        business_name=application.business_name,
        risk_level=application.risk_level,
        regency_code=application.regency_code,
        issued_at=at,
    )


def record_permit(uow, application: model.Application, permit: Permit) -> None:
    """Store the permit and its event, after the application row; the caller commits."""
    uow.permits.add(permit)
    uow.add_event(
        events_pb2.PermitIssued(
            permit_number=permit.permit_number,
            application_id=application.id,
            applicant_id=application.applicant_id,
            kbli_code=application.kbli_code,
            risk_level=application.risk_level,
            region_code=application.region_code,
            regency_code=application.regency_code,
            issued_at=permit.issued_at.isoformat(),
            kbli_title=application.kbli_title,
        ),
        subject=permit.permit_number,
    )


def record_status_changes(uow, application: model.Application, old_status: str, entries) -> None:
    """One status_changed event per timeline entry, each with the status it left. Each names the applicant,
    the activity and the fee billed, so a resident's inbox can tell them without asking permits."""
    fee_amount = application.fee_rupiah if application.bill_id else 0
    for entry in entries:
        uow.add_event(
            events_pb2.ApplicationStatusChanged(
                application_id=application.id,
                old_status=old_status,
                new_status=entry.status,
                actor_role=entry.actor_role,
                actor_id=entry.actor_id,
                kbli_code=application.kbli_code,
                region_code=application.region_code,
                regency_code=application.regency_code,
                bill_id=application.bill_id,
                applicant_id=application.applicant_id,
                kbli_title=application.kbli_title,
                fee_amount=fee_amount,
            ),
            subject=application.id,
        )
        old_status = entry.status
