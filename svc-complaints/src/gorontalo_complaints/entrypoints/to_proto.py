"""Domain views as the proto messages the gRPC servicer answers with."""

from __future__ import annotations

import datetime as dt

from gorontalo.complaints.v1 import complaints_pb2

from ..domain.model import ComplaintView
from ..domain.routing import RoutingEntry


def set_time(message, field: str, value: dt.datetime | None) -> None:
    if value is not None:
        getattr(message, field).FromDatetime(value.astimezone(dt.UTC).replace(tzinfo=None))


def photo_message(view) -> complaints_pb2.Photo:
    message = complaints_pb2.Photo(
        id=view.id,
        kind=view.kind,
        content_type=view.content_type,
        width=view.width,
        height=view.height,
        size_bytes=view.size_bytes,
    )
    set_time(message, "created_at", view.created_at)
    return message


def complaint_message(view: ComplaintView) -> complaints_pb2.Complaint:
    message = complaints_pb2.Complaint(
        id=view.id,
        tracking_code=view.tracking_code,
        category=view.category,
        title=view.title,
        description=view.description,
        latitude=view.latitude,
        longitude=view.longitude,
        region_code=view.region_code,
        privacy=view.privacy,
        channel=view.channel,
        status=view.status,
        agency_code=view.agency_code,
        agency_name=view.agency_name,
        needs_dispatch=view.needs_dispatch,
        suggested_category=view.suggested_category,
        suggestion_confidence=view.suggestion_confidence,
        rejection_reason=view.rejection_reason,
        rating=view.rating,
        rating_comment=view.rating_comment,
        breached_deadlines=list(view.breached_deadlines),
        support_count=view.support_count,
        photos=[photo_message(p) for p in view.photos],
        escalated=view.escalated,
        reporter_key=view.reporter_key,
    )
    for field in (
        "filed_at",
        "dispositioned_at",
        "first_response_at",
        "resolved_at",
        "disposition_due_at",
        "first_response_due_at",
    ):
        set_time(message, field, getattr(view, field))
    return message


def complaints_page(page) -> complaints_pb2.ListComplaintsResponse:
    return complaints_pb2.ListComplaintsResponse(
        complaints=[complaint_message(v) for v in page.complaints], next_page_token=page.next_page_token
    )


def update_message(row: dict) -> complaints_pb2.ComplaintUpdate:
    message = complaints_pb2.ComplaintUpdate(
        id=row["id"],
        note=row["note"],
        internal=row["internal"],
        status=row["status"],
        agency_code=row["agency_code"],
        kind=row.get("kind") or "update",
    )
    set_time(message, "created_at", row["created_at"])
    return message


def entry_message(entry: RoutingEntry) -> complaints_pb2.RoutingEntry:
    return complaints_pb2.RoutingEntry(
        category=entry.category,
        regency_code=entry.regency_code,
        agency_code=entry.agency.code,
        agency_name=entry.agency.name,
        source=entry.source,
    )


def stats_row(row) -> complaints_pb2.StatsRow:
    return complaints_pb2.StatsRow(**vars(row))
