"""The events complaints publishes, as their proto messages (gorontalo/complaints/v1/events.proto).

Payloads carry opaque ids, codes and positions only; a `rahasia` complaint's title stays out
(the field is left unset, so it is absent from the JSON as before). `reporter_account_id` lets the
inbox (svc-inbox) tell a reporter with an account; it is "" for filers without one, whom complaints
tells itself (their contact never leaves this service).
"""

from __future__ import annotations

import datetime as dt

from gorontalo.complaints.v1 import events_pb2

from ..domain import lifecycle, model
from ..domain.routing import RoutingEntry


def _title(complaint: model.Complaint) -> dict:
    return {} if complaint.privacy == "rahasia" else {"title": complaint.title}


def filed(complaint: model.Complaint) -> events_pb2.ComplaintFiled:
    """gorontalo.complaints.complaint.filed."""
    return events_pb2.ComplaintFiled(
        complaint_id=complaint.id,
        tracking_code=complaint.tracking_code,
        category=complaint.category,
        region_code=complaint.region_code,
        latitude=complaint.latitude or 0.0,
        longitude=complaint.longitude or 0.0,
        privacy=complaint.privacy,
        category_source=complaint.category_source,
        reporter_account_id=complaint.reporter_account_id,
        **_title(complaint),
    )


def category_confirmed(complaint: model.Complaint) -> events_pb2.CategoryConfirmed:
    """gorontalo.complaints.complaint.category_confirmed: a dispatcher set or confirmed the category;
    the same fields as complaint.filed."""
    return events_pb2.CategoryConfirmed(
        complaint_id=complaint.id,
        tracking_code=complaint.tracking_code,
        category=complaint.category,
        region_code=complaint.region_code,
        latitude=complaint.latitude or 0.0,
        longitude=complaint.longitude or 0.0,
        privacy=complaint.privacy,
        category_source=model.DISPATCHER,
        **_title(complaint),
    )


def dispositioned(
    complaint: model.Complaint, routed_by: str, confidence: float = 0.0
) -> events_pb2.ComplaintDispositioned:
    return events_pb2.ComplaintDispositioned(
        complaint_id=complaint.id,
        tracking_code=complaint.tracking_code,
        category=complaint.category,
        region_code=complaint.region_code,
        agency_code=complaint.agency_code,
        routed_by=routed_by,
        confidence=confidence,
    )


def status_changed(complaint: model.Complaint, before: str) -> events_pb2.ComplaintStatusChanged:
    return events_pb2.ComplaintStatusChanged(
        complaint_id=complaint.id,
        tracking_code=complaint.tracking_code,
        from_status=before,
        to_status=complaint.status,
        agency_code=complaint.agency_code,
        region_code=complaint.region_code,
        reporter_account_id=complaint.reporter_account_id,
        category=complaint.category,
    )


def supported(complaint: model.Complaint) -> events_pb2.ComplaintSupported:
    return events_pb2.ComplaintSupported(
        complaint_id=complaint.id,
        tracking_code=complaint.tracking_code,
        category=complaint.category,
        region_code=complaint.region_code,
    )


def rated(complaint: model.Complaint, rating: int) -> events_pb2.ComplaintRated:
    return events_pb2.ComplaintRated(
        complaint_id=complaint.id,
        tracking_code=complaint.tracking_code,
        rating=rating,
        agency_code=complaint.agency_code,
        region_code=complaint.region_code,
    )


def deadline_breached(
    complaint: model.Complaint, deadline: str, due: dt.datetime
) -> events_pb2.ComplaintDeadlineBreached:
    return events_pb2.ComplaintDeadlineBreached(
        complaint_id=complaint.id,
        tracking_code=complaint.tracking_code,
        deadline=deadline,
        due_at=due.isoformat(),
        agency_code=complaint.agency_code,
        region_code=complaint.region_code,
        escalated_to=list(lifecycle.ESCALATED_TO),
    )


def update_posted(complaint: model.Complaint, update: dict) -> events_pb2.ComplaintUpdatePosted:
    """An update row as written by the update repository (id, internal, kind)."""
    return events_pb2.ComplaintUpdatePosted(
        complaint_id=complaint.id,
        tracking_code=complaint.tracking_code,
        update_id=update["id"],
        internal=update["internal"],
        agency_code=complaint.agency_code,
        kind=update["kind"],
        reporter_account_id=complaint.reporter_account_id,
    )


def routing_updated(entry: RoutingEntry) -> events_pb2.RoutingUpdated:
    return events_pb2.RoutingUpdated(
        category=entry.category, regency_code=entry.regency_code, agency_code=entry.agency.code
    )
