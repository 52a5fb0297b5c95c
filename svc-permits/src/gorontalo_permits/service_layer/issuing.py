"""Giving an issued application its permit: number, record, event. Inside the caller's transaction."""
from __future__ import annotations

from ..domain import model
from ..domain.permit import Permit, issue_year, permit_number

EVENT_ISSUED = "gorontalo.permits.application.issued"


def number_permit(uow, application: model.Application) -> Permit:
    """Number the permit of a just-issued application (before the application row is written)."""
    at = application.updated_at
    year = issue_year(at)
    number = permit_number(application.regency_code, year, uow.permits.next_sequence(application.regency_code, year))
    application.assign_permit_number(number)
    permit = Permit(
        permit_number=number, application_id=application.id, owner_id=application.applicant_id,
        nib=application.nib, kbli_code=application.kbli_code, business_name=application.business_name,
        risk_level=application.risk_level, regency_code=application.regency_code, issued_at=at,
    )
    return permit


def record_permit(uow, application: model.Application, permit: Permit, **extra) -> None:
    """Store the permit and its event, after the application row; the caller commits."""
    uow.permits.add(permit)
    uow.add_event(EVENT_ISSUED, {
        "application_id": application.id, "applicant_id": application.applicant_id,
        "kbli_code": application.kbli_code, "region_code": application.region_code,
        "risk_level": application.risk_level, "permit_number": permit.permit_number, **extra,
    }, subject=application.id)
