"""Open data: destinations as GeoJSON (RFC 7946) and CSV, with no personal data (places only)."""

from __future__ import annotations

import csv
import io
import json

from servicekit import regions

from ..domain.model import Destination
from .links import Links

GEOJSON_MEDIA_TYPE = "application/geo+json"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
CSV_COLUMNS = (
    "id",
    "name",
    "kind",
    "region_code",
    "region_name",
    "latitude",
    "longitude",
    "coordinates_approximate",
    "description_id",
    "description_en",
    "source",
    "url",
    "updated_at",
)


def _properties(place: Destination, links: Links) -> dict:
    region = regions.lookup(place.region_code)
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "region_code": place.region_code,
        "region_name": region.name if region else "",
        "latitude": place.latitude,
        "longitude": place.longitude,
        "coordinates_approximate": place.coordinates_approximate,
        "description_id": place.description.get("id", ""),
        "description_en": place.description.get("en", ""),
        "source": place.source,
        "url": links.destination_page(place.id),
        "updated_at": place.updated_at.isoformat() if place.updated_at else "",
    }


def geojson(places: list[Destination], links: Links) -> bytes:
    features = [
        {
            "type": "Feature",
            "id": place.id,
            # GeoJSON orders positions longitude first.
            "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
            "properties": {k: v for k, v in _properties(place, links).items() if k not in ("latitude", "longitude")},
        }
        for place in places
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


def _cell(value) -> str:
    """A spreadsheet opening the file must not run a formula someone typed into a name."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_document(places: list[Destination], links: Links) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for place in places:
        row = _properties(place, links)
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8")
