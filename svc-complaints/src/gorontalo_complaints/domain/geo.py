"""Distances on the Earth's surface, for 'open complaints of this category near here'."""

from __future__ import annotations

import math

from servicekit.regions import EARTH_RADIUS_KM, distance_km

EARTH_RADIUS_M = EARTH_RADIUS_KM * 1000
NEARBY_RADIUS_M = 250.0


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return distance_km(lat1, lon1, lat2, lon2) * 1000


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) enclosing the circle: a cheap index-friendly prefilter."""
    d_lat = math.degrees(radius_m / EARTH_RADIUS_M)
    # Gorontalo lies near the equator, so cos(lat) is never near zero here.
    d_lon = math.degrees(radius_m / (EARTH_RADIUS_M * max(0.01, math.cos(math.radians(lat)))))
    return lat - d_lat, lat + d_lat, lon - d_lon, lon + d_lon
