"""Siaga Gorontalo use cases for reports: the API form, the SMS form, photos, reading.

The report path is validate + one transaction (report row + outbox row), then the answer;
clustering and everything else happens later from the report.submitted event.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from servicekit import paging, phones
from servicekit.auth import Principal
from servicekit.errors import FieldViolation, InvalidArgument, NotFound, ResourceExhausted, Validator

from ..domain import geo, model
from ..metrics import REPORTS, SUBMISSIONS
from . import events

PHONE_CONTEXT = "disaster.report.phone"

Clock = Callable[[], dt.datetime]


@dataclass
class Guards:
    """Abuse control of anonymous reports (adapters injected by bootstrap).

    Limits are `limits` rules ("60/minute"; "" = none) counted in servicekit.ratelimit's shared
    storage, so every worker and replica counts together.
    """

    limits: object | None = None  # servicekit.ratelimit.RateLimits
    client_rule: str = ""  # anonymous reports and photos per client address
    phone_rule: str = ""  # reports per phone number (API `phone` and SMS `from`)
    cipher: object | None = None  # servicekit.pii.PiiCipher

    def refused(self, name: str, rule: str, key: str):
        """The Refusal (with retry_after) when `key` has used up `rule`, else None."""
        if self.limits is None or not rule or not key:
            return None
        return self.limits.hit(name, rule, key)

    def would_count(self, principal: Principal | None, phone: str) -> bool:
        """Whether a limit counts this submission (an anonymous client's, or its phone's)."""
        if self.limits is None:
            return False
        return bool((principal is None and self.client_rule) or (phone.strip() and self.phone_rule and self.cipher))

    def client_refused(self, client_address: str):
        return self.refused("disaster.client", self.client_rule, client_address)

    def phone_refused(self, e164: str):
        # Keyed by the HMAC index of the number: neither the number nor a plain hash of it is stored.
        if self.cipher is None:
            return None
        return self.refused("disaster.phone", self.phone_rule, self.cipher.index(e164, PHONE_CONTEXT))


def check_coordinates(v: Validator, latitude: float, longitude: float) -> None:
    if model.coordinates_missing(latitude, longitude):
        v.add("latitude", "required")
        v.add("longitude", "required")
    elif not model.coordinates_inside(latitude, longitude):
        # The pair is wrong rather than one number: both inputs are flagged.
        v.add("latitude", "coordinates_outside_gorontalo")
        v.add("longitude", "coordinates_outside_gorontalo")


def _regency_label(report: model.Report) -> str:
    return report.regency_code or "none"


def _rate_limited(channel: str, reason: str, refusal) -> ResourceExhausted:
    """429 with Retry-After (google.rpc.RetryInfo), the wait also in the message."""
    SUBMISSIONS.labels(channel, "rate_limited").inc()
    error = ResourceExhausted(reason, retry_after=refusal.retry_after)
    return error


def submit_report(uow, clock: Clock, principal: Principal | None, **fields) -> model.Report:
    """Anyone may report; a signed-in reporter is remembered (never shown) and marked verified.

    One report, one transaction of its own (tools and tests). The API's reports go through the intake
    instead (service_layer.intake: many reports per transaction), with the same checks: `fields` are
    accept_report's.
    """
    report = accept_report(clock, principal, **fields)
    with uow:
        check_photos_exist(report, uow.photos.existing)
        _draw_free_code(uow, report)
        uow.reports.add(report)
        uow.add_event(events.report_submitted(report), subject=report.id)
        uow.commit()
    count_accepted(report)
    return report


def accept_report(
    clock: Clock,
    principal: Principal | None,
    *,
    hazard: str,
    latitude: float,
    longitude: float,
    description: str = "",
    observed_at: dt.datetime | None = None,
    casualties: dict[str, int] | None = None,
    phone: str = "",
    photo_ids=(),
    client_address: str = "",
    guards: Guards | None = None,
) -> model.Report:
    """The report an API submission makes, after every check that needs no database: the fields, then
    the rate limits (anonymous client, phone). Retries with an Idempotency-Key are answered before
    this runs: a retry neither files twice nor uses up a rate-limit allowance."""
    guards = guards or Guards()
    now = clock()
    hazard = model.normalise_hazard(hazard)
    casualties = dict(casualties or {})
    photo_ids = [p.strip() for p in photo_ids if p and p.strip()]
    v = Validator()
    if v.require("hazard", hazard):
        v.one_of("hazard", hazard, model.HAZARDS)
    check_coordinates(v, latitude, longitude)
    v.text("description", description, max_len=model.MAX_DESCRIPTION, required=False)
    if observed_at is not None:
        problem = model.observed_at_problem(observed_at, now)
        if problem:
            v.add("observed_at", problem[0], **problem[1])
    for name, reason, params in model.casualty_problems(casualties):
        v.add(name, reason, **params)
    phone_number = None
    if phone and phone.strip():
        try:
            phone_number = phones.to_e164(phone)  # stored, limited and compared as E.164 (+628...)
        except phones.InvalidPhone:
            v.add("phone", "phone_invalid")
    if len(photo_ids) > model.MAX_PHOTOS:
        v.add("photo_ids", "too_many", max=model.MAX_PHOTOS)
    if not v.ok:
        SUBMISSIONS.labels(model.SOURCE_API, "rejected").inc()
    v.raise_if_invalid()
    # Signed-in reporters are accountable; the limits are for anonymous bursts from one place or phone.
    if principal is None and (refusal := guards.client_refused(client_address)):
        raise _rate_limited(model.SOURCE_API, "rate_limited_client", refusal)
    phone_cipher = None
    if phone_number and guards.cipher:
        if refusal := guards.phone_refused(phone_number):
            raise _rate_limited(model.SOURCE_API, "rate_limited_phone", refusal)
        phone_cipher = guards.cipher.encrypt(phone_number, PHONE_CONTEXT)
    return model.Report(
        id=str(uuid.uuid4()),
        hazard=hazard,
        latitude=latitude,
        longitude=longitude,
        description=(description or "").strip(),
        source=model.SOURCE_API,
        verified_reporter=principal is not None,
        reporter_id=principal.subject if principal else None,
        observed_at=observed_at or now,
        received_at=now,
        casualties=casualties,
        region_code=geo.nearest_district(latitude, longitude),
        code=model.new_report_code(),
        phone_cipher=phone_cipher,
        photo_ids=photo_ids,
    )


def check_photos_exist(report: model.Report, existing: Callable[[list[str]], set[str]]) -> None:
    """Every photo a report names was uploaded first (photos are never deleted: a read any time before
    the report's commit sees the same as one inside it)."""
    if not report.photo_ids:
        return
    missing = sorted(set(report.photo_ids) - existing(report.photo_ids))
    if missing:
        SUBMISSIONS.labels(model.SOURCE_API, "rejected").inc()
        raise InvalidArgument(violations=[FieldViolation("photo_ids", "photo_unknown", {"id": missing[0]})])


def count_accepted(report: model.Report) -> None:
    REPORTS.labels(report.hazard, report.source, _regency_label(report)).inc()
    SUBMISSIONS.labels(report.source, "accepted").inc()


def submit_sms_report(
    uow,
    clock: Clock,
    *,
    hazard: str,
    region_code: str,
    text: str,
    casualties: dict[str, int],
    phone: str,
    guards: Guards,
    source_ref: str | None = None,
) -> model.Report:
    """A parsed SMS; the place is the named district's seat (or the village's district)."""
    now = clock()
    latitude, longitude = geo.centroid_of(region_code) or (0.0, 0.0)
    phone_cipher = guards.cipher.encrypt(phone, PHONE_CONTEXT) if guards.cipher and phone else None
    report = model.Report(
        id=str(uuid.uuid4()),
        hazard=hazard,
        latitude=latitude,
        longitude=longitude,
        description=text.strip(),
        source=model.SOURCE_SMS,
        verified_reporter=False,
        observed_at=now,
        received_at=now,
        casualties=casualties,
        region_code=region_code,
        code=model.new_report_code(),
        phone_cipher=phone_cipher,
        source_ref=source_ref,
    )
    with uow:
        _draw_free_code(uow, report)
        uow.reports.add(report)
        uow.add_event(events.report_submitted(report), subject=report.id)
        uow.commit()
    REPORTS.labels(report.hazard, report.source, _regency_label(report)).inc()
    SUBMISSIONS.labels(model.SOURCE_SMS, "accepted").inc()
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


def list_reports(
    uow, *, hazard: str = "", page_size: int = 0, page_token: str = "", incident_id: str = ""
) -> tuple[list[model.Report], str]:
    """Newest first, optionally of one hazard or incident; returns the page and the next page's token."""
    reports, token, _ = list_reports_with_total(
        uow, hazard=hazard, page_size=page_size, page_token=page_token, incident_id=incident_id, with_total=False
    )
    return reports, token


def list_reports_with_total(
    uow, *, hazard: str = "", page_size: int = 0, page_token: str = "", incident_id: str = "", with_total: bool = True
):
    hazard = model.normalise_hazard(hazard)
    v = Validator()
    if hazard:
        v.one_of("hazard", hazard, model.HAZARDS)
    limit = offset = 0
    try:
        offset, limit = paging.window(page_size, page_token)
    except InvalidArgument as error:
        v.violations.extend(error.violations)
    v.raise_if_invalid()
    incident_id = (incident_id or "").strip() or None
    with uow:
        # One row more than the page tells whether another page exists: no empty last page.
        reports = uow.reports.list(hazard=hazard or None, offset=offset, limit=limit + 1, incident_id=incident_id)
        total = uow.reports.count(hazard=hazard or None, incident_id=incident_id) if with_total else 0
    if len(reports) > limit:
        return reports[:limit], paging.encode(offset + limit), total
    return reports, "", total


def _draw_free_code(uow, report: model.Report) -> None:
    """A report code nobody else holds (random from 32^6: a repeat is likely among tens of thousands of
    reports). Looked up in the writing transaction; the API's intake draws again on the constraint."""
    while uow.reports.code_taken(report.code):
        report.code = model.new_report_code()
