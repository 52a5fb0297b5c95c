"""Event handlers: Siaga picks up flood and landslide complaints filed in Go-Gorontalo.

Only a person's word makes a complaint a disaster report: the filer's own category, or a dispatcher's
(complaint.category_confirmed). A category the suggestion model set alone (`category_source`
"classifier") is ignored: routine clogged drains it labelled `banjir` formed a "flood incident" in Kota
Gorontalo. An event without `category_source` (published before complaints said who chose) is not a
confirmation either.
"""

from __future__ import annotations

import math
import uuid

from prometheus_client import Counter

from gorontalo.complaints.v1 import events_pb2 as complaint_events
from servicekit.event_messages import MalformedEvent
from servicekit.messaging import event_time

from ..domain import geo, model
from ..metrics import REPORTS
from . import events
from .services import Clock

# complaint.filed and complaint.category_confirmed: the same fields (the bus parses the payload).
ComplaintEvent = complaint_events.ComplaintFiled | complaint_events.CategoryConfirmed
CONFIRMED_SOURCES = ("filer", "dispatcher")

# outcome: created, already_reported, ignored_category, ignored_unconfirmed, ignored_location.
COMPLAINT_EVENTS = Counter(
    "gorontalo_disaster_complaint_events_total",
    "Go-Gorontalo complaint events handled by Siaga, by outcome.",
    ["outcome"],
)


def _coordinate(value: float) -> float | None:
    return value if math.isfinite(value) else None  # proto3 JSON lets "NaN" through


def _report_for_complaint(uow, clock: Clock, event: ComplaintEvent, envelope: dict) -> tuple[str, model.Report | None]:
    hazard = model.hazard_for_complaint(event.category)
    if hazard is None:
        return "ignored_category", None
    if event.category_source not in CONFIRMED_SOURCES:
        return "ignored_unconfirmed", None
    complaint_id = event.complaint_id.strip()
    if not complaint_id:
        raise MalformedEvent("complaint_id is missing")
    latitude, longitude = _coordinate(event.latitude), _coordinate(event.longitude)
    if latitude is None or longitude is None or not model.coordinates_inside(latitude, longitude):
        return "ignored_location", None  # e.g. a complaint located by region code only
    if uow.reports.by_source_ref(model.SOURCE_GO_GORONTALO, complaint_id):
        return "already_reported", None  # the same complaint published again under a new event id
    now = clock()
    report = model.Report(
        id=str(uuid.uuid4()),
        hazard=hazard,
        latitude=latitude,
        longitude=longitude,
        description=model.description_from_complaint(event.title, event.privacy),
        source=model.SOURCE_GO_GORONTALO,
        verified_reporter=True,
        source_ref=complaint_id,
        observed_at=model.observed_at_from_event(event_time(envelope.get("time")), now),
        received_at=now,
        region_code=geo.nearest_district(latitude, longitude),
        code=model.new_report_code(),
    )
    uow.reports.add(report)
    uow.add_event(events.report_submitted(report), subject=report.id)
    return "created", report


def complaint_filed(uow, clock: Clock, event: ComplaintEvent, envelope: dict) -> model.Report | None:
    """Handle gorontalo.complaints.complaint.filed or .category_confirmed inside the consumer's transaction.

    Both carry the same fields; a complaint already reported (the filer said banjir, then a
    dispatcher confirmed it) stays one report.

    Returns the new report, or None when the complaint is not Siaga's (still
    acknowledged). Raises MalformedEvent for events that can never succeed (the bus has already
    refused a payload that is not the message).
    """
    outcome, report = _report_for_complaint(uow, clock, event, envelope)
    uow.after_commit(lambda: COMPLAINT_EVENTS.labels(outcome).inc())
    if report is not None:
        uow.after_commit(lambda: REPORTS.labels(report.hazard, report.source, report.regency_code or "none").inc())
    return report
