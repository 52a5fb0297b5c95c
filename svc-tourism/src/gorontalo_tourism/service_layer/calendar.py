"""The events calendar: festivals and cultural events with dates, place and description."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from gorontalo.tourism.v1 import events_pb2
from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import FieldViolation, InvalidArgument, NotFound

from ..domain import rules
from ..domain.model import Event, localized
from .access import TourismOffices
from .destinations import _region_filter

WITA = dt.timezone(dt.timedelta(hours=8), "WITA")
Clock = Callable[[], dt.datetime]


def parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def today(clock: Clock) -> dt.date:
    return clock().astimezone(WITA).date()


def create(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    name: dict,
    description: dict,
    start_date: str,
    end_date: str,
    destination_id: str = "",
    place_name: str = "",
    region_code: str = "",
    latitude: float = 0.0,
    longitude: float = 0.0,
    offices: TourismOffices,
) -> Event:
    offices.require_officer(principal)
    start = parse_date(start_date)
    end = parse_date(end_date) if end_date else start
    with uow:
        destination = uow.destinations.get(destination_id) if destination_id else None
        problems = []
        if destination_id and destination is None:
            problems.append(FieldViolation("destination_id", "destination_not_found"))
        if destination is not None:
            region_code = region_code or destination.region_code
            if not (latitude or longitude):
                latitude, longitude = destination.latitude, destination.longitude
        problems += rules.event_problems(
            name=localized(name),
            description=localized(description),
            start=start,
            end=end,
            region_code=region_code,
            point=(latitude, longitude),
        )
        if len((place_name or "").strip()) > rules.MAX_NAME:
            problems.append(FieldViolation("place_name", "too_long", {"max": rules.MAX_NAME}))
        if problems:
            raise InvalidArgument(violations=problems)
        offices.require_officer(principal, region_code)
        event = Event(
            id=str(uuid.uuid4()),
            name=localized(name),
            description=localized(description),
            start_date=start,
            end_date=end,
            region_code=region_code,
            destination_id=destination.id if destination else "",
            place_name=(place_name or "").strip(),
            latitude=latitude,
            longitude=longitude,
            created_by=principal.subject,
            updated_at=clock(),
        )
        uow.events.add(event)
        uow.add_event(
            events_pb2.EventScheduled(
                event_id=event.id,
                region_code=event.region_code,
                start_date=event.start_date.isoformat(),
                end_date=event.end_date.isoformat(),
            ),
            subject=event.id,
        )
        uow.commit()
    return event


def window(clock: Clock, from_date: str, to_date: str) -> tuple[dt.date, dt.date | None]:
    problems = []
    start = parse_date(from_date) if from_date else today(clock)
    end = parse_date(to_date) if to_date else None
    if start is None:
        problems.append(FieldViolation("from_date", "invalid_date"))
    if to_date and end is None:
        problems.append(FieldViolation("to_date", "invalid_date"))
    if start and end and end < start:
        problems.append(FieldViolation("to_date", "end_before_start"))
    if problems:
        raise InvalidArgument(violations=problems)
    return start, end


def list_events(
    uow, clock: Clock, *, from_date: str = "", to_date: str = "", region: str = "", page_size=0, page_token=""
) -> tuple[list[Event], str]:
    start, end = window(clock, from_date, to_date)
    code = _region_filter(region)
    offset, limit = paging.window(page_size, page_token)
    with uow:
        found = uow.events.between(start, end, region=code, offset=offset, limit=limit)
    return found, paging.next_token(offset, len(found), limit)


def all_events(uow, clock: Clock, *, from_date: str = "", to_date: str = "", region: str = "") -> list[Event]:
    """Every event of the window (the iCalendar export), at most a few thousand."""
    start, end = window(clock, from_date, to_date)
    code = _region_filter(region)
    with uow:
        return uow.events.between(start, end, region=code, limit=5000)


def get(uow, event_id: str) -> Event:
    with uow:
        event = uow.events.get((event_id or "").strip())
    if event is None:
        raise NotFound("event_not_found")
    return event
