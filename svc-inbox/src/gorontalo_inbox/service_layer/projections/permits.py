"""permits' events: the applicant's application (and permit) in their timeline, and what they must hear."""

from __future__ import annotations

from gorontalo.permits.v1 import events_pb2 as permit_events

from ...domain import notices
from ...domain.model import APPLICATION
from ..events import EventMeta
from ..notifying import Outbound
from . import apply_state, tell


def _activity(event) -> str:
    return event.kbli_title or event.kbli_code


def application_submitted(uow, outbound: Outbound, event: permit_events.ApplicationSubmitted, meta: EventMeta) -> None:
    apply_state(
        uow,
        APPLICATION,
        event.application_id,
        "submitted",
        meta,
        resident_id=event.applicant_id,
        subject=_activity(event),
    )


def application_status_changed(
    uow, outbound: Outbound, event: permit_events.ApplicationStatusChanged, meta: EventMeta
) -> None:
    item = apply_state(
        uow,
        APPLICATION,
        event.application_id,
        event.new_status,
        meta,
        resident_id=event.applicant_id,
        subject=_activity(event),
        amount=int(event.fee_amount),
    )
    notice = notices.application_status(
        event.application_id, event.old_status, event.new_status, _activity(event), int(event.fee_amount)
    )
    tell(uow, outbound, notice, event.applicant_id or item.resident_id, meta)


def permit_issued(uow, outbound: Outbound, event: permit_events.PermitIssued, meta: EventMeta) -> None:
    item = apply_state(
        uow,
        APPLICATION,
        event.application_id,
        "issued",
        meta,
        resident_id=event.applicant_id,
        subject=_activity(event),
        reference=event.permit_number,
    )
    notice = notices.permit_issued(event.application_id, event.permit_number, _activity(event))
    tell(uow, outbound, notice, event.applicant_id or item.resident_id, meta)


def permit_revoked(uow, outbound: Outbound, event: permit_events.PermitRevokedEvent, meta: EventMeta) -> None:
    item = apply_state(
        uow,
        APPLICATION,
        event.application_id,
        "revoked",
        meta,
        resident_id=event.applicant_id,
        reference=event.permit_number,
    )
    notice = notices.permit_revoked(event.application_id, event.permit_number)
    tell(uow, outbound, notice, event.applicant_id or item.resident_id, meta)
