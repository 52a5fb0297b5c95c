"""Messages <-> domain objects, nothing more."""

from __future__ import annotations

import datetime as dt

from google.protobuf import timestamp_pb2

from gorontalo.tourism.v1 import tourism_pb2 as pb
from servicekit import regions

from ..domain.model import Business, Destination, DestinationDraft, Event, Review, localized


def timestamp(value: dt.datetime | None) -> timestamp_pb2.Timestamp | None:
    if value is None:
        return None
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def texts(message: pb.LocalizedText) -> dict[str, str]:
    return localized({"id": message.id, "en": message.en})


def text_message(value: dict) -> pb.LocalizedText:
    return pb.LocalizedText(id=value.get("id", ""), en=value.get("en", ""))


def _region_name(code: str) -> str:
    region = regions.lookup(code)
    return region.name if region else ""


def draft_from(message: pb.DestinationDraft) -> DestinationDraft:
    return DestinationDraft(
        name=message.name.strip(),
        kind=message.kind.strip(),
        region_code=message.region_code.strip(),
        latitude=message.latitude,
        longitude=message.longitude,
        coordinates_approximate=message.coordinates_approximate,
        description=texts(message.description),
        opening_hours=[(p.day_of_week, p.opens, p.closes) for p in message.opening_hours],
        prices=[{"label": texts(p.label), "amount_idr": p.amount_idr} for p in message.prices],
        facilities=[f.strip() for f in message.facilities],
        accessibility=texts(message.accessibility),
        safety_notes=texts(message.safety_notes),
        contacts=contacts_from(message.contacts),
        source=message.source.strip(),
    )


def contacts_from(message: pb.Contacts) -> dict[str, str]:
    return {
        k: v.strip()
        for k, v in (("phone", message.phone), ("email", message.email), ("website", message.website))
        if v.strip()
    }


def destination_message(place: Destination) -> pb.Destination:
    return pb.Destination(
        id=place.id,
        name=place.name,
        kind=place.kind,
        region_code=place.region_code,
        region_name=_region_name(place.region_code),
        latitude=place.latitude,
        longitude=place.longitude,
        coordinates_approximate=place.coordinates_approximate,
        description=text_message(place.description),
        opening_hours=[pb.OpeningPeriod(day_of_week=d, opens=o, closes=c) for d, o, c in place.opening_hours],
        prices=[pb.TicketPrice(label=text_message(p["label"]), amount_idr=p["amount_idr"]) for p in place.prices],
        facilities=place.facilities,
        accessibility=text_message(place.accessibility),
        safety_notes=text_message(place.safety_notes),
        contacts=pb.Contacts(**place.contacts),
        photo_ids=place.photo_ids,
        source=place.source,
        merged_into=place.merged_into,
        updated_at=timestamp(place.updated_at),
        rating_average=place.rating_average,
        review_count=place.review_count,
        key=place.key,
        distance_km=place.distance_km,
    )


def event_message(item: Event) -> pb.Event:
    return pb.Event(
        id=item.id,
        name=text_message(item.name),
        description=text_message(item.description),
        start_date=item.start_date.isoformat(),
        end_date=item.end_date.isoformat(),
        destination_id=item.destination_id,
        place_name=item.place_name,
        region_code=item.region_code,
        latitude=item.latitude,
        longitude=item.longitude,
        updated_at=timestamp(item.updated_at),
    )


def business_message(item: Business) -> pb.Business:
    return pb.Business(
        id=item.id,
        name=item.name,
        kind=item.kind,
        region_code=item.region_code,
        region_name=_region_name(item.region_code),
        latitude=item.latitude,
        longitude=item.longitude,
        description=text_message(item.description),
        contacts=pb.Contacts(**item.contacts),
        address=item.address,
        permit_number=item.permit_number,
        permit_status=item.permit_status,
        licensed=item.licensed,
        permit_checked_at=timestamp(item.permit_checked_at),
        created_at=timestamp(item.created_at),
        rating_average=item.rating_average,
        review_count=item.review_count,
    )


def review_message(item: Review) -> pb.Review:
    """The display name and nothing else of the person: never the account id."""
    return pb.Review(
        id=item.id,
        place_id=item.place_id,
        rating=item.rating,
        text=item.text,
        display_name=item.display_name,
        status=item.status,
        created_at=timestamp(item.created_at),
        report_count=item.report_count,
    )


def alert_message(alert) -> pb.DestinationAlert:
    """A disaster_pb2.Alert as the destination page shows it."""
    return pb.DestinationAlert(
        alert_id=alert.id,
        hazard=alert.hazard,
        severity=alert.severity,
        urgency=alert.urgency,
        headline=pb.LocalizedText(id=alert.headline.id, en=alert.headline.en),
        instruction=pb.LocalizedText(id=alert.instruction.id, en=alert.instruction.en),
        expires=alert.expires if alert.HasField("expires") else None,
        cap_url=alert.cap_url,
    )
