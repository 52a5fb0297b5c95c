"""SiPakai's public listing (JSON and GeoJSON), nearby complaints and support.

Public means: never a `rahasia` complaint, never a reporter (no view has one),
personal numbers masked in titles and descriptions (domain.model.view_of),
and positions rounded to about 100 m (3 decimals), so a pin on the map does
not point at the reporter's house.
"""

from __future__ import annotations

import json
import re

from servicekit import paging, regions
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, Validator

from ..domain import dates, geo, lifecycle, model
from . import events
from .lookup import complaint_by_code
from .queues import _paging
from .services import Page

PUBLIC_DECIMALS = 3
MAX_NEARBY = 50
_AGENCY = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")


def public_criteria(
    *,
    region_code: str = "",
    category: str = "",
    agency_code: str = "",
    status: str = "",
    from_date: str = "",
    to_date: str = "",
) -> dict:
    """The public filters as the repository's criteria (InvalidArgument for every bad one at once)."""
    v = Validator()
    criteria: dict = {"category": category, "agency_code": agency_code, "statuses": (status,) if status else ()}
    if region_code:
        code = regions.normalise(region_code)
        if code is None or not (code == regions.GORONTALO or regions.in_gorontalo(code)):
            v.add("region_code", "region_unknown")
        else:
            criteria["region_code"] = code
    if category:
        v.one_of("category", category, set(model.CATEGORIES))
    if agency_code and not _AGENCY.match(agency_code):
        v.add("agency_code", "agency_code_invalid")
    if status:
        v.one_of("status", status, set(lifecycle.STATUSES))
    start = dates.date_field(v, "from_date", from_date) if from_date else None
    end = dates.date_field(v, "to_date", to_date) if to_date else None
    if start and end and end < start:
        v.add("to_date", "out_of_range", min=start.isoformat(), max="")
    v.raise_if_invalid()
    # Dates are WITA days; timestamps are stored in UTC.
    criteria["filed_from"], criteria["filed_before"] = dates.wita_days(start, end)
    return criteria


def _views(uow, found: list[model.Complaint]) -> list[model.ComplaintView]:
    photos = uow.photos.of_many([c.id for c in found])
    return [model.view_of(c, None, photos=tuple(photos.get(c.id, ()))) for c in found]


def list_public(uow, *, page_size: int = 0, page_token: str = "", **filters) -> Page:
    criteria = public_criteria(**filters)
    offset, limit = _paging(page_size, page_token)
    with uow:
        found = uow.complaints.public(**criteria, offset=offset, limit=limit)
        views = _views(uow, found)
    return Page(views, paging.next_token(offset, len(found), limit))


def public_position(complaint: model.Complaint) -> tuple[float, float] | None:
    if complaint.latitude is None or complaint.longitude is None:
        return None
    return round(complaint.latitude, PUBLIC_DECIMALS), round(complaint.longitude, PUBLIC_DECIMALS)


def geojson(uow, *, page_size: int = 0, page_token: str = "", **filters) -> bytes:
    """A FeatureCollection (RFC 7946) of one page; `next_page_token` is a foreign member for the next."""
    criteria = public_criteria(**filters)
    offset, limit = _paging(page_size, page_token)
    with uow:
        found = uow.complaints.public(**criteria, offset=offset, limit=limit)
        views = _views(uow, found)
    features = []
    for complaint, view in zip(found, views, strict=False):
        position = public_position(complaint)
        if position is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": view.tracking_code,
                "geometry": {"type": "Point", "coordinates": [position[1], position[0]]},
                "properties": {
                    "tracking_code": view.tracking_code,
                    "category": view.category,
                    "title": view.title,
                    "description": view.description,
                    "status": view.status,
                    "region_code": view.region_code,
                    "agency_code": view.agency_code,
                    "agency_name": view.agency_name,
                    "support_count": view.support_count,
                    "filed_at": view.filed_at.isoformat() if view.filed_at else None,
                    "resolved_at": view.resolved_at.isoformat() if view.resolved_at else None,
                    "rating": view.rating or None,
                },
            }
        )
    document = {
        "type": "FeatureCollection",
        "features": features,
        "next_page_token": paging.next_token(offset, len(found), limit),
    }
    return json.dumps(document, ensure_ascii=False).encode()


def nearby(uow, *, lat: float, lon: float, category: str) -> list[tuple[model.ComplaintView, float]]:
    """Open, non-confidential complaints of `category` within 250 m, nearest first (distance to 10 m)."""
    v = Validator()
    if not (lat or lon) or not regions.coordinates_in_gorontalo(lat, lon):
        v.add("lat", "coordinates_outside_gorontalo")
    if v.require("category", category):
        v.one_of("category", category, set(model.CATEGORIES))
    v.raise_if_invalid()
    lat_min, lat_max, lon_min, lon_max = geo.bounding_box(lat, lon, geo.NEARBY_RADIUS_M)
    with uow:
        candidates = uow.complaints.open_public_in_box(
            category, lat_min=lat_min, lat_max=lat_max, lon_min=lon_min, lon_max=lon_max
        )
        close = [(c, geo.haversine_m(lat, lon, c.latitude, c.longitude)) for c in candidates]
        close = sorted(((c, d) for c, d in close if d <= geo.NEARBY_RADIUS_M), key=lambda pair: pair[1])
        close = close[:MAX_NEARBY]
        views = _views(uow, [c for c, _ in close])
    return [(view, round(distance, -1)) for view, (_, distance) in zip(views, close, strict=False)]


def support(uow, clock, principal: Principal, *, tracking_code: str) -> model.ComplaintView:
    """Once per citizen, on an open complaint that is not their own and not confidential."""
    principal.require_role("citizen")
    with uow:
        complaint = complaint_by_code(uow, tracking_code)
        if complaint.privacy == "rahasia":
            raise FailedPrecondition("support_not_possible")
        if complaint.is_reported_by(principal.subject):
            raise FailedPrecondition("support_own_complaint")
        if complaint.status not in lifecycle.OPEN_STATUSES:
            raise FailedPrecondition("support_finished_complaint", status=complaint.status)
        if not uow.supports.add(complaint.id, principal.subject, clock()):
            raise FailedPrecondition("already_supported")
        uow.complaints.add_support(complaint.id)
        uow.add_event(events.supported(complaint), subject=complaint.id)
        uow.commit()
        complaint.support_count += 1
        photos = tuple(uow.photos.of(complaint.id))
    return model.view_of(complaint, principal.subject, photos=photos)
