"""Complaints use cases. Each takes a unit of work and the caller's Principal."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from prometheus_client import Counter

from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import FieldViolation, InvalidArgument, NotFound, ServiceError, Validator

from ..domain import lifecycle, model, tracking
from . import events, notifications, routing

FILED = Counter(
    "gorontalo_complaints_filed_total", "Complaints filed, by category and channel.", ["category", "channel"]
)
LOOKUPS = Counter("gorontalo_complaints_lookups_total", "Complaint lookups by tracking code, by outcome.", ["outcome"])

# 32^5 codes: a second collision in a row already means the space is filling up.
MAX_CODE_ATTEMPTS = 5
Clock = Callable[[], dt.datetime]
CodeGenerator = Callable[[], str]


@dataclass(frozen=True)
class Page:
    complaints: list[model.ComplaintView]
    next_page_token: str


MAX_PHOTOS = 5


@dataclass(frozen=True)
class Reporter:
    """Who files: a signed-in citizen's subject, or (no account) an id plus an encrypted contact."""

    id: str
    contact_encrypted: str = ""
    contact_index: str = ""


def _check_photo_ids(uow, photo_ids, owner_id: str) -> list[str]:
    ids = list(dict.fromkeys(photo_ids or ()))
    if not ids:
        return []
    if len(ids) > MAX_PHOTOS:
        raise InvalidArgument(violations=[FieldViolation("photo_ids", "too_many_photos", {"max": MAX_PHOTOS})])
    for photo_id in ids:
        row = uow.photos.get(photo_id)
        if row is None or row["owner_id"] != owner_id or row["complaint_id"] is not None:
            raise InvalidArgument(violations=[FieldViolation("photo_ids", "photo_not_yours", {"id": photo_id})])
    return ids


def create_complaint(
    uow,
    clock: Clock,
    new_code: CodeGenerator,
    reporter: Reporter,
    filing: model.Filing,
    *,
    router: routing.Router | None,
    photo_ids=(),
    address: str = "",
    attributes: dict | None = None,
) -> model.Complaint:
    """File, then route at once when the category is known (given, or suggested confidently).

    Without a router (or a matching routing entry) the complaint stays `received` for a dispatcher.
    Everything (complaint, photos, events) is written in one transaction or not at all.
    """
    complaint = model.Complaint(
        id=str(uuid.uuid4()),
        tracking_code=new_code(),
        reporter_id=reporter.id,
        category=filing.category,
        title=filing.title,
        description=filing.description,
        latitude=filing.latitude,
        longitude=filing.longitude,
        region_code=filing.region_code,
        privacy=filing.privacy,
        channel=filing.channel,
        status=model.STATUS_RECEIVED,
        filed_at=clock(),
        contact_encrypted=reporter.contact_encrypted,
        contact_index=reporter.contact_index,
        address=address,
        attributes=dict(attributes or {}),
    )
    with uow:
        photos = _check_photo_ids(uow, photo_ids, reporter.id)
        decision = (
            router.decide(
                uow,
                category=filing.category,
                region_code=filing.region_code,
                title=filing.title,
                description=filing.description,
            )
            if router
            else None
        )
        if decision is not None:
            complaint.suggested_category = decision.suggested_category
            complaint.suggestion_confidence = decision.confidence
            if decision.agency is not None:
                lifecycle.disposition(
                    complaint,
                    category=decision.category,
                    agency_code=decision.agency.code,
                    agency_name=decision.agency.name,
                    now=complaint.filed_at,
                )
        complaint.needs_dispatch = complaint.status == model.STATUS_RECEIVED
        complaint.category_source = model.category_source_at_filing(filing, complaint)
        for _ in range(MAX_CODE_ATTEMPTS):
            try:
                uow.complaints.add(complaint)
                break
            except model.TrackingCodeTaken:
                complaint.tracking_code = new_code()
        else:
            raise ServiceError("tracking_code_exhausted")
        for photo_id in photos:
            if not uow.photos.attach(photo_id, complaint.id):
                raise InvalidArgument(violations=[FieldViolation("photo_ids", "photo_not_yours", {"id": photo_id})])
        uow.add_event(events.filed(complaint), subject=complaint.id)
        if complaint.status == lifecycle.DISPOSITIONED:
            uow.add_event(
                events.dispositioned(complaint, decision.routed_by, decision.confidence), subject=complaint.id
            )
            uow.add_event(events.status_changed(complaint, lifecycle.RECEIVED), subject=complaint.id)
            # Routed at filing: for a filer without an account this is the receipt with the tracking code.
            notifications.record_status(uow, complaint, complaint.filed_at)
        uow.commit()
    FILED.labels(complaint.category or "uncategorised", complaint.channel).inc()
    if complaint.status == lifecycle.DISPOSITIONED:
        routing.ROUTED.labels(decision.routed_by).inc()
    return complaint


def file_complaint(
    uow,
    clock: Clock,
    new_code: CodeGenerator,
    principal: Principal,
    *,
    category: str,
    title: str,
    description: str,
    latitude: float,
    longitude: float,
    region_code: str,
    privacy: str,
    channel: str,
    router: routing.Router | None = None,
    photo_ids=(),
) -> model.ComplaintView:
    principal.require_role("citizen")
    filing = model.validate_filing(
        category=category,
        title=title,
        description=description,
        latitude=latitude,
        longitude=longitude,
        region_code=region_code,
        privacy=privacy,
        channel=channel,
    )
    complaint = create_complaint(
        uow, clock, new_code, Reporter(principal.subject), filing, router=router, photo_ids=photo_ids
    )
    with uow:
        photos = tuple(uow.photos.of(complaint.id)) if photo_ids else ()
    return model.view_of(complaint, principal.subject, photos=photos)


def get_complaint(
    uow, principal: Principal | None, tracking_code: str, *, limiter=None, client_address: str = ""
) -> model.ComplaintView:
    """Public by tracking code; what is shown depends on who asks (see domain.model).

    Counted against the look-up limits (service_layer.limits) so that codes cannot be enumerated.
    """
    if limiter is not None:
        limiter.lookup(principal, client_address)
    v = Validator()
    code = None
    if v.require("tracking_code", tracking_code):
        code = tracking.parse(tracking_code)
        if code is None:
            v.add("tracking_code", "tracking_code_invalid")
    if not v.ok:
        LOOKUPS.labels("invalid_code").inc()
        v.raise_if_invalid()
    with uow:
        complaint = uow.complaints.by_tracking_code(code)
        photos = tuple(uow.photos.of(complaint.id)) if complaint is not None else ()
    if complaint is None:
        LOOKUPS.labels("not_found").inc()
        raise NotFound("complaint_not_found")
    LOOKUPS.labels("found").inc()
    return model.view_of(complaint, principal.subject if principal else None, photos=photos)


def list_my_complaints(uow, principal: Principal, *, page_size: int, page_token: str) -> Page:
    """The caller's own complaints, newest first. Only ever filtered by the caller's subject."""
    principal.require_role("citizen")
    offset, limit = paging.window(page_size, page_token)
    with uow:
        found = uow.complaints.by_reporter(principal.subject, offset=offset, limit=limit)
    return Page(
        complaints=[model.view_of(c, principal.subject) for c in found],
        next_page_token=paging.next_token(offset, len(found), limit),
    )
