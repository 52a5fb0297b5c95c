"""Destinations: search, nearby, detail; officers add, edit and merge them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from gorontalo.tourism.v1 import events_pb2
from servicekit import paging, regions
from servicekit.auth import Principal
from servicekit.errors import AlreadyExists, FailedPrecondition, FieldViolation, InvalidArgument, NotFound

from ..domain import rules, search
from ..domain.model import KINDS, Destination, DestinationDraft
from .access import TourismOffices

Clock = Callable[[], dt.datetime]
CREATED = "gorontalo.tourism.destination.created"
UPDATED = "gorontalo.tourism.destination.updated"
MERGED = "gorontalo.tourism.destination.merged"


def _changed(uow, destination: Destination, type_: str) -> None:
    uow.add_event(
        events_pb2.DestinationChanged(
            destination_id=destination.id,
            kind=destination.kind,
            region_code=destination.region_code,
            merged_into=destination.merged_into,
        ),
        subject=destination.id,
        type_=type_,
    )


def _region_filter(region: str, field: str = "region") -> str:
    if not (region or "").strip():
        return ""
    code = regions.normalise(region)
    if code is None or not (regions.in_gorontalo(code) or code == regions.GORONTALO):
        raise InvalidArgument(violations=[FieldViolation(field, "region_unknown")])
    return code


def search_destinations(
    uow,
    *,
    q: str = "",
    kind: str = "",
    region: str = "",
    latitude: float = 0.0,
    longitude: float = 0.0,
    radius_km: float = 0.0,
    page_size: int = 0,
    page_token: str = "",
) -> tuple[list[Destination], str]:
    """Words, kind and region; around a point (nearest first, with distance_km) when one is given."""
    problems = rules.Problems()
    if kind and kind not in KINDS:
        problems.add("kind", "not_one_of", allowed=", ".join(KINDS))
    near = bool(latitude or longitude)
    if near:
        rules.check_point(problems, latitude, longitude)
    if radius_km and not 0 < radius_km <= search.MAX_RADIUS_KM:
        problems.add("radius_km", "out_of_range", min=0, max=search.MAX_RADIUS_KM)
    if len(q or "") > 100:
        problems.add("q", "too_long", max=100)
    try:
        code = _region_filter(region)
    except InvalidArgument as error:
        problems.violations += error.violations
    try:
        offset, limit = paging.window(page_size, page_token)
    except InvalidArgument as error:
        problems.violations += error.violations
    if problems.violations:
        raise InvalidArgument(violations=problems.violations)
    with uow:
        found = [d for d in uow.destinations.listed(kind=kind, region=code) if search.matches(d, q)]
    if near:
        radius = radius_km or search.DEFAULT_RADIUS_KM
        for destination in found:
            destination.distance_km = round(search.distance_km(destination, latitude, longitude), 2)
        found = sorted((d for d in found if d.distance_km <= radius), key=lambda d: (d.distance_km, d.name))
    page = found[offset : offset + limit]
    return page, paging.next_token(offset, len(page), limit) if offset + limit < len(found) else ""


def get(uow, destination_id: str) -> Destination:
    with uow:
        destination = uow.destinations.get((destination_id or "").strip())
    if destination is None:
        raise NotFound("destination_not_found")
    return destination


def _duplicate_of(uow, draft: DestinationDraft, *, except_id: str = "") -> Destination | None:
    for other in uow.destinations.listed():
        if other.id != except_id and search.same_place(draft.name, draft.latitude, draft.longitude, other):
            return other
    return None


def _valid(draft: DestinationDraft, prefix: str) -> None:
    problems = rules.destination_problems(draft, prefix)
    if problems:
        raise InvalidArgument(violations=problems)


def create(
    uow, clock: Clock, principal: Principal, draft: DestinationDraft, *, not_a_duplicate: bool, offices: TourismOffices
) -> Destination:
    offices.require_officer(principal)
    _valid(draft, "destination.")
    offices.require_officer(principal, draft.region_code)
    now = clock()
    with uow:
        duplicate = _duplicate_of(uow, draft)
        if duplicate is not None and not not_a_duplicate:
            raise AlreadyExists(
                "destination_possible_duplicate",
                violations=[FieldViolation("destination.name", "destination_possible_duplicate", {"id": duplicate.id})],
                id=duplicate.id,
                name=duplicate.name,
            )
        destination = Destination(id=str(uuid.uuid4()), name="", kind="", region_code="", latitude=0, longitude=0)
        destination.apply(draft)
        destination.created_at = destination.updated_at = now
        uow.destinations.add(destination, created_by=principal.subject)
        _changed(uow, destination, CREATED)
        uow.commit()
    return destination


def update(
    uow, clock: Clock, principal: Principal, destination_id: str, draft: DestinationDraft, *, offices: TourismOffices
) -> Destination:
    offices.require_officer(principal)
    _valid(draft, "destination.")
    with uow:
        destination = uow.destinations.get(destination_id)
        if destination is None:
            raise NotFound("destination_not_found")
        offices.require_officer(principal, destination.region_code)
        offices.require_officer(principal, draft.region_code)
        if destination.merged_into:
            raise FailedPrecondition("destination_merged", into=destination.merged_into)
        destination.apply(draft)
        destination.updated_at = clock()
        uow.destinations.update(destination)
        _changed(uow, destination, UPDATED)
        uow.commit()
        return uow.destinations.get(destination.id)


def merge(
    uow, clock: Clock, principal: Principal, duplicate_id: str, into_id: str, *, offices: TourismOffices
) -> Destination:
    """Fold a duplicate into the place it duplicates; a person's second review of that place is dropped."""
    offices.require_officer(principal)
    if not (into_id or "").strip() or into_id == duplicate_id:
        raise InvalidArgument(violations=[FieldViolation("into_id", "merge_target_invalid")])
    with uow:
        duplicate, target = uow.destinations.get(duplicate_id), uow.destinations.get(into_id)
        if duplicate is None:
            raise NotFound("destination_not_found")
        if target is None:
            raise InvalidArgument(violations=[FieldViolation("into_id", "destination_not_found")])
        offices.require_officer(principal, duplicate.region_code)
        offices.require_officer(principal, target.region_code)
        if duplicate.merged_into or target.merged_into:
            raise FailedPrecondition("destination_merged", into=duplicate.merged_into or target.merged_into)
        uow.destinations.move_photos(duplicate.id, target.id)
        uow.events.move_destination(duplicate.id, target.id)
        for review in uow.reviews.of_place(duplicate.id):
            if uow.reviews.by_author(target.id, review.author_id) is None:
                uow.reviews.move(review, target.id)
            else:
                uow.reviews.delete(review.id)
        duplicate.merged_into = target.id
        duplicate.updated_at = clock()
        uow.destinations.update(duplicate)
        _changed(uow, duplicate, MERGED)
        uow.commit()
        return uow.destinations.get(duplicate.id)
