"""Maps without anyone else's tiles (issue 15: privacy, and villages that are often offline).

With no tile server configured (`MAP_TILES_URL` empty, the default) a map is drawn on the server as a
plain SVG: Gorontalo projected equirectangularly (at this latitude, 0.3 to 1.1 degrees north, the
distortion is far below what a phone screen shows), the six district seats (ibu kota kabupaten/kota)
labelled, and the points on top. No boundary polygons exist on the platform, so there is no outline.

With `MAP_TILES_URL` set, the same points go to Leaflet (vendored in static/, loaded only on pages that
show a map) over the operator's own tiles; the SVG stays in the page for readers without JavaScript.
"""

from __future__ import annotations

import dataclasses
import math

from servicekit import regions

# The seat of each regency and the kecamatan it lies in. Coordinates are servicekit's packaged,
# approximate kecamatan seats (servicekit/data/district_centroids.csv, 1-3 km off, see its SOURCES.md),
# so the map and the platform's "nearest district" agree on where a seat is.
# Seats: Limboto, Tilamuta, Suwawa, Marisa, Kwandang as the regencies' capitals (UU 38/2000, UU 6/2003);
# Kota Gorontalo's offices stand in Kota Selatan.
SEATS: tuple[tuple[str, str, str], ...] = (
    ("75.01", "Limboto", "75.01.01"),
    ("75.02", "Tilamuta", "75.02.04"),
    ("75.03", "Suwawa", "75.03.03"),
    ("75.04", "Marisa", "75.04.04"),
    ("75.05", "Kwandang", "75.05.02"),
    ("75.71", "Kota Gorontalo", "75.71.02"),
)
# Where each label sits from its mark (dx, dy, text-anchor): Limboto, Kota Gorontalo and Suwawa lie
# within 20 km of each other, so their labels go above-left, below and right.
LABELS = {
    "75.01": (-10, -10, "end"),
    "75.02": (0, 26, "middle"),
    "75.03": (10, 7, "start"),
    "75.04": (0, 26, "middle"),
    "75.05": (0, -12, "middle"),
    "75.71": (0, 28, "middle"),
}

# What the plain map shows: the province's land and near waters with a margin.
SOUTH, NORTH, WEST, EAST = 0.30, 1.10, 121.15, 123.55
WIDTH = 640
_SCALE_X = math.cos(math.radians((SOUTH + NORTH) / 2))
HEIGHT = round(WIDTH * (NORTH - SOUTH) / ((EAST - WEST) * _SCALE_X))


@dataclasses.dataclass(frozen=True)
class Seat:
    regency_code: str
    regency_name: str
    name: str
    latitude: float
    longitude: float


@dataclasses.dataclass(frozen=True)
class Point:
    x: float
    y: float
    latitude: float
    longitude: float
    label: str
    code: str
    status: str


def seats() -> list[Seat]:
    centroids = regions.district_centroids()
    found = []
    for regency_code, name, district_code in SEATS:
        position = centroids.get(district_code)
        regency = regions.lookup(regency_code)
        if position is None or regency is None:
            continue
        found.append(Seat(regency_code, regency.name, name, position[0], position[1]))
    return found


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """(x, y) in the plain map's drawing units, north up; points outside land on the edge."""
    lat = min(max(latitude, SOUTH), NORTH)
    lon = min(max(longitude, WEST), EAST)
    x = (lon - WEST) / (EAST - WEST) * WIDTH
    y = (NORTH - lat) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


def points_of(geojson: dict) -> list[Point]:
    """The Point features of a GeoJSON FeatureCollection (RFC 7946: [longitude, latitude])."""
    points = []
    for feature in (geojson or {}).get("features") or []:
        geometry = feature.get("geometry") or {}
        coordinates = geometry.get("coordinates") or []
        if geometry.get("type") != "Point" or len(coordinates) < 2:
            continue
        try:
            lon, lat = float(coordinates[0]), float(coordinates[1])
        except (TypeError, ValueError):
            continue
        if not (SOUTH <= lat <= NORTH and WEST <= lon <= EAST):
            continue
        properties = feature.get("properties") or {}
        x, y = project(lat, lon)
        points.append(
            Point(
                x=x,
                y=y,
                latitude=lat,
                longitude=lon,
                label=str(properties.get("title") or properties.get("category") or ""),
                code=str(properties.get("tracking_code") or feature.get("id") or ""),
                status=str(properties.get("status") or ""),
            )
        )
    return points


def plain_map(points: list[Point]) -> dict:
    """What templates/_map.html draws: the frame, the labelled seats and the points."""
    drawn_seats = []
    for seat in seats():
        x, y = project(seat.latitude, seat.longitude)
        dx, dy, anchor = LABELS.get(seat.regency_code, (10, 7, "start"))
        drawn_seats.append(
            {"seat": seat, "x": x, "y": y, "label_x": round(x + dx, 1), "label_y": round(y + dy, 1), "anchor": anchor}
        )
    return {"width": WIDTH, "height": HEIGHT, "seats": drawn_seats, "points": points}
