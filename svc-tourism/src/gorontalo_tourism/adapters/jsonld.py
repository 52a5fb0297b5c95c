"""schema.org JSON-LD of destinations (TouristAttraction), events (Event) and businesses
(LodgingBusiness, LocalBusiness otherwise).

The document is also embedded in HTML pages inside <script type="application/ld+json">, so `<`, `>`
and `&` are written as \\u escapes: a description holding "</script><script>..." stays text in the
JSON and can never close the element it sits in.
"""

from __future__ import annotations

import json

from servicekit import regions

from ..domain.model import Business, Destination, Event
from .links import Links

MEDIA_TYPE = "application/ld+json"
DAYS = {1: "Monday", 2: "Tuesday", 3: "Wednesday", 4: "Thursday", 5: "Friday", 6: "Saturday", 7: "Sunday"}


def dumps(document: dict) -> bytes:
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def _address(region_code: str) -> dict:
    """The region as a PostalAddress: locality the finest level known, region the kabupaten/kota."""
    region = regions.lookup(region_code)
    regency = regions.lookup(regions.regency_of(region_code) or "")
    return {
        "@type": "PostalAddress",
        "addressLocality": region.name if region else "",
        "addressRegion": f"{regency.name}, Gorontalo" if regency else "Gorontalo",
        "addressCountry": "ID",
    }


def _geo(latitude: float, longitude: float) -> dict:
    return {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}


def _texts(value: dict) -> list[dict]:
    return [{"@language": language, "@value": value[language]} for language in ("id", "en") if value.get(language)]


def destination(place: Destination, links: Links) -> bytes:
    document = {
        "@context": "https://schema.org",
        "@type": "TouristAttraction",
        "@id": links.destination_page(place.id),
        "url": links.destination_page(place.id),
        "name": place.name,
        "description": _texts(place.description),
        "address": _address(place.region_code),
        "geo": _geo(place.latitude, place.longitude),
        "touristType": place.kind,
        "isAccessibleForFree": bool(place.prices) and all(p["amount_idr"] == 0 for p in place.prices),
        "image": [links.photo(photo) for photo in place.photo_ids],
        "openingHoursSpecification": [
            {"@type": "OpeningHoursSpecification", "dayOfWeek": DAYS[day], "opens": opens, "closes": closes}
            for day, opens, closes in place.opening_hours
        ],
        "amenityFeature": [
            {"@type": "LocationFeatureSpecification", "name": facility, "value": True} for facility in place.facilities
        ],
    }
    if place.review_count:
        document["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": place.rating_average,
            "reviewCount": place.review_count,
        }
    if place.contacts.get("phone"):
        document["telephone"] = place.contacts["phone"]
    if not place.prices:
        document.pop("isAccessibleForFree")
    return dumps(document)


def event(item: Event, links: Links, place: Destination | None = None) -> bytes:
    location = {
        "@type": "Place",
        "name": (place.name if place else "") or item.place_name,
        "address": _address(item.region_code),
    }
    if item.latitude or item.longitude:
        location["geo"] = _geo(item.latitude, item.longitude)
    return dumps(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "@id": links.event_page(item.id),
            "url": links.event_page(item.id),
            "name": _texts(item.name),
            "description": _texts(item.description),
            "startDate": item.start_date.isoformat(),
            "endDate": item.end_date.isoformat(),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
            "location": location,
        }
    )


def business(item: Business, links: Links) -> bytes:
    document = {
        "@context": "https://schema.org",
        "@type": "LodgingBusiness" if item.lodging else "LocalBusiness",
        "@id": links.business_page(item.id),
        "url": links.business_page(item.id),
        "name": item.name,
        "description": _texts(item.description),
        "address": _address(item.region_code),
    }
    if item.latitude or item.longitude:
        document["geo"] = _geo(item.latitude, item.longitude)
    if item.contacts.get("phone"):
        document["telephone"] = item.contacts["phone"]
    if item.licensed:
        # The permit svc-permits verified: anyone may check it at /v1/permits/verify/{number}.
        document["hasCredential"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "license",
            "name": f"Perizinan berusaha {item.permit_number}",
        }
    if item.review_count:
        document["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": item.rating_average,
            "reviewCount": item.review_count,
        }
    return dumps(document)
