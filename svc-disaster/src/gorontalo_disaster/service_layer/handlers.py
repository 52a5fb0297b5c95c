"""Event handlers: Siaga picks up flood and landslide complaints filed in Go-Gorontalo.

Only a person's word makes a complaint a disaster report: the filer's own category, or a dispatcher's
(complaint.category_confirmed). A category the suggestion model set alone (`category_source`
"classifier") is ignored: routine clogged drains it labelled `banjir` formed a "flood incident" in Kota
Gorontalo. An event without `category_source` (published before complaints said who chose) is not a
confirmation either.
"""
from __future__ import annotations

import datetime as dt
import math
import uuid

from prometheus_client import Counter

from ..domain import geo, model
from ..metrics import REPORTS
from .services import REPORT_SUBMITTED, Clock

COMPLAINT_FILED = "gorontalo.complaints.complaint.filed"
COMPLAINT_CATEGORY_CONFIRMED = "gorontalo.complaints.complaint.category_confirmed"
CONFIRMED_SOURCES = ("filer", "dispatcher")

# outcome: created, already_reported, ignored_category, ignored_unconfirmed, ignored_location.
COMPLAINT_EVENTS = Counter("gorontalo_disaster_complaint_events_total",
                           "Go-Gorontalo complaint events handled by Siaga, by outcome.", ["outcome"])


class MalformedEvent(ValueError):
    """The event cannot be handled however often it is retried; the bus dead-letters it."""


def _coordinate(data: dict, key: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MalformedEvent(f"{key} is not a number")
    value = float(value)
    return value if math.isfinite(value) else None


def _event_time(envelope: dict) -> dt.datetime | None:
    raw = envelope.get("time")
    if not isinstance(raw, str):
        return None
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _report_for_complaint(uow, clock: Clock, envelope: dict) -> tuple[str, model.Report | None]:
    data = envelope.get("data")
    if not isinstance(data, dict):
        raise MalformedEvent("the event has no data object")
    hazard = model.hazard_for_complaint(data.get("category"))
    if hazard is None:
        return "ignored_category", None
    if data.get("category_source") not in CONFIRMED_SOURCES:
        return "ignored_unconfirmed", None
    complaint_id = data.get("complaint_id")
    if not isinstance(complaint_id, str) or not complaint_id.strip():
        raise MalformedEvent("complaint_id is missing")
    complaint_id = complaint_id.strip()
    latitude, longitude = _coordinate(data, "latitude"), _coordinate(data, "longitude")
    if latitude is None or longitude is None or not model.coordinates_inside(latitude, longitude):
        return "ignored_location", None  # e.g. a complaint located by region code only
    if uow.reports.by_source_ref(model.SOURCE_GO_GORONTALO, complaint_id):
        return "already_reported", None  # the same complaint published again under a new event id
    now = clock()
    report = model.Report(
        id=str(uuid.uuid4()), hazard=hazard, latitude=latitude, longitude=longitude,
        description=model.description_from_complaint(data.get("title"), data.get("privacy")),
        source=model.SOURCE_GO_GORONTALO, verified_reporter=True, source_ref=complaint_id,
        observed_at=model.observed_at_from_event(_event_time(envelope), now), received_at=now,
        region_code=geo.nearest_district(latitude, longitude), code=model.new_report_code(),
    )
    uow.reports.add(report)
    uow.add_event(REPORT_SUBMITTED, report.event_data(), subject=report.id)
    return "created", report


def complaint_filed(uow, clock: Clock, envelope: dict) -> model.Report | None:
    """Handle gorontalo.complaints.complaint.filed or .category_confirmed inside the consumer's transaction.

    Both carry the same fields; a complaint already reported (the filer said banjir, then a
    dispatcher confirmed it) stays one report.

    Returns the new report, or None when the complaint is not Siaga's (still
    acknowledged). Raises MalformedEvent for events that can never succeed.
    """
    outcome, report = _report_for_complaint(uow, clock, envelope)
    uow.after_commit(lambda: COMPLAINT_EVENTS.labels(outcome).inc())
    if report is not None:
        uow.after_commit(lambda: REPORTS.labels(report.hazard, report.source, report.regency_code or "none").inc())
    return report
