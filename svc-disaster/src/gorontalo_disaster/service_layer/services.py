"""Siaga Gorontalo use cases: reports submitted through the API, read by anyone."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Callable

from prometheus_client import Counter
from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument, NotFound, Validator

from ..domain import model

# Label values are bounded: 11 hazards x 3 sources.
REPORTS = Counter("disaster_reports_total", "Disaster reports received, by hazard and source.", ["hazard", "source"])

REPORT_SUBMITTED = "gorontalo.disaster.report.submitted"

Clock = Callable[[], dt.datetime]


def check_coordinates(v: Validator, latitude: float, longitude: float) -> None:
    if model.coordinates_missing(latitude, longitude):
        v.add("latitude", "required")
        v.add("longitude", "required")
    elif not model.coordinates_inside(latitude, longitude):
        # The pair is wrong rather than one number: both inputs are flagged.
        v.add("latitude", "coordinates_outside_gorontalo")
        v.add("longitude", "coordinates_outside_gorontalo")


def submit_report(uow, clock: Clock, principal: Principal | None, *, hazard: str, latitude: float,
                  longitude: float, description: str = "", observed_at: dt.datetime | None = None) -> model.Report:
    """Anyone may report; a signed-in reporter is remembered (never shown) and marked verified."""
    now = clock()
    hazard = model.normalise_hazard(hazard)
    v = Validator()
    if v.require("hazard", hazard):
        v.one_of("hazard", hazard, model.HAZARDS)
    check_coordinates(v, latitude, longitude)
    v.text("description", description, max_len=model.MAX_DESCRIPTION, required=False)
    if observed_at is not None:
        problem = model.observed_at_problem(observed_at, now)
        if problem:
            v.add("observed_at", problem[0], **problem[1])
    v.raise_if_invalid()

    report = model.Report(
        id=str(uuid.uuid4()), hazard=hazard, latitude=latitude, longitude=longitude,
        description=(description or "").strip(), source=model.SOURCE_API,
        verified_reporter=principal is not None, reporter_id=principal.subject if principal else None,
        observed_at=observed_at or now, received_at=now,
    )
    with uow:
        uow.reports.add(report)
        uow.add_event(REPORT_SUBMITTED, report.event_data(), subject=report.id)
        uow.commit()
    REPORTS.labels(report.hazard, report.source).inc()
    return report


def get_report(uow, report_id: str) -> model.Report:
    v = Validator()
    v.require("id", report_id)
    v.raise_if_invalid()
    with uow:
        report = uow.reports.get(report_id.strip())
    if report is None:
        raise NotFound("report_not_found")
    return report


def list_reports(uow, *, hazard: str = "", page_size: int = 0, page_token: str = "") -> tuple[list[model.Report], str]:
    """Newest first, optionally of one hazard; returns the page and the next page's token."""
    hazard = model.normalise_hazard(hazard)
    v = Validator()
    if hazard:
        v.one_of("hazard", hazard, model.HAZARDS)
    limit = offset = 0
    try:
        limit = paging.page_size(page_size)
    except InvalidArgument as error:
        v.violations.extend(error.violations)
    try:
        offset = paging.decode(page_token)
    except InvalidArgument as error:
        v.violations.extend(error.violations)
    v.raise_if_invalid()
    with uow:
        # One row more than the page tells whether another page exists: no empty last page.
        reports = uow.reports.list(hazard=hazard or None, offset=offset, limit=limit + 1)
    if len(reports) > limit:
        return reports[:limit], paging.encode(offset + limit)
    return reports, ""
