"""Where a report is: inside the province, and its nearest district (kecamatan).

The district points come from data/district_centroids.csv: approximate seats of the
77 kecamatan (about 1-3 km accurate), written by hand for this service because the
region table has no coordinates. They only name the nearest district; replace the
file with BIG/BPS centroids when the province has them.
"""
from __future__ import annotations

import csv
import functools
import importlib.resources
import math

from servicekit import regions

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@functools.cache
def district_centroids() -> dict[str, tuple[float, float]]:
    text = importlib.resources.files("gorontalo_disaster.data").joinpath("district_centroids.csv").read_text()
    return {row["code"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(text.splitlines())}


def nearest_district(latitude: float, longitude: float) -> str:
    return min(district_centroids().items(), key=lambda item: distance_km(latitude, longitude, *item[1]))[0]


def centroid_of(code: str) -> tuple[float, float] | None:
    """A point for a district or village (its district's seat) or a regency (mean of its districts)."""
    normalised = regions.normalise(code)
    if not normalised:
        return None
    points = district_centroids()
    if len(normalised) >= 8:
        return points.get(normalised[:8])
    members = [p for c, p in points.items() if c.startswith(normalised + ".")]
    if not members:
        return None
    return (sum(p[0] for p in members) / len(members), sum(p[1] for p in members) / len(members))


def region_levels(code: str) -> dict[str, str]:
    """{'village': ..., 'district': ..., 'regency': ...} for the levels a code has."""
    normalised = regions.normalise(code) or ""
    levels = {}
    if len(normalised) >= 5:
        levels["regency"] = normalised[:5]
    if len(normalised) >= 8:
        levels["district"] = normalised[:8]
    if len(normalised) == 13:
        levels["village"] = normalised
    return levels
