"""Kemendagri region codes (kode wilayah) of Gorontalo and Indonesia's provinces."""

from __future__ import annotations

import csv
import functools
import importlib.resources
import math
import re
from dataclasses import dataclass

GORONTALO = "75"
# Province, regencies and sea area: generous bounds for a first, cheap check.
GORONTALO_BBOX = (0.15, 1.20, 121.10, 123.60)  # lat_min, lat_max, lon_min, lon_max

_LEVEL_BY_LENGTH = {2: "province", 4: "regency", 6: "district", 10: "village"}


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent_code: str


def normalise(code: str) -> str | None:
    """'7571', '75.71', ' 75.71 ' -> '75.71'; None when not code-shaped."""
    digits = re.sub(r"[.\s]", "", code or "")
    if not digits.isdigit() or len(digits) not in _LEVEL_BY_LENGTH:
        return None
    parts = [digits[:2], digits[2:4], digits[4:6], digits[6:]]
    return ".".join(p for p in parts if p)


@functools.cache
def _table() -> dict[str, Region]:
    regions = {}
    for filename in ("indonesia_provinces_regencies.csv", "gorontalo_regions.csv"):
        text = importlib.resources.files("servicekit.data").joinpath(filename).read_text(encoding="utf-8")
        for row in csv.DictReader(text.splitlines()):
            regions[row["code"]] = Region(row["code"], row["name"], row["level"], row["parent_code"])
    return regions


def lookup(code: str) -> Region | None:
    normalised = normalise(code)
    return _table().get(normalised) if normalised else None


def in_gorontalo(code: str) -> bool:
    normalised = normalise(code)
    return bool(normalised) and normalised.startswith(GORONTALO + ".") and normalised in _table()


def regency_of(code: str) -> str | None:
    normalised = normalise(code)
    return normalised[:5] if normalised and len(normalised) >= 5 else None


def within(code: str, jurisdiction) -> bool:
    """True when `code` lies inside any region of `jurisdiction` (codes, any form)."""
    normalised = normalise(code)
    if not normalised:
        return False
    for scope in jurisdiction:
        scope_code = normalise(scope)
        if scope_code and (normalised == scope_code or normalised.startswith(scope_code + ".")):
            return True
    return False


EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@functools.cache
def district_centroids() -> dict[str, tuple[float, float]]:
    """Approximate seats of Gorontalo's kecamatan (see data/SOURCES.md for how good they are)."""
    text = importlib.resources.files("servicekit.data").joinpath("district_centroids.csv").read_text()
    return {row["code"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(text.splitlines())}


@functools.cache
def _district_seats_in_radians() -> tuple[tuple[str, float, float, float], ...]:
    """(code, latitude, longitude, cos(latitude)) of each seat, in radians, in district_centroids' order."""
    return tuple(
        (code, math.radians(lat), math.radians(lon), math.cos(math.radians(lat)))
        for code, (lat, lon) in district_centroids().items()
    )


def nearest_district(latitude: float, longitude: float) -> str:
    """The kecamatan whose seat is nearest: a stand-in for boundary polygons the platform lacks.

    Every report pays for this (issue 20: 77 full haversines were ~0.15 ms of a report's CPU). The
    nearest seat is the one with the smallest haversine term `a` (the distance grows with it), so the
    loop compares that, from seats converted once, and ties go to the first seat as min() gave them.
    """
    p1, l1 = math.radians(latitude), math.radians(longitude)
    c1, sin = math.cos(p1), math.sin
    nearest, smallest = "", math.inf
    for code, p2, l2, c2 in _district_seats_in_radians():
        a = sin((p2 - p1) / 2) ** 2 + c1 * c2 * sin((l2 - l1) / 2) ** 2
        if a < smallest:
            nearest, smallest = code, a
    return nearest


def centroid_of(code: str) -> tuple[float, float] | None:
    """A point for a district or village (its district's seat) or a regency (mean of its districts)."""
    normalised = normalise(code)
    if not normalised:
        return None
    points = district_centroids()
    if len(normalised) >= 8:
        return points.get(normalised[:8])
    members = [p for c, p in points.items() if c.startswith(normalised + ".")]
    if not members:
        return None
    return (sum(p[0] for p in members) / len(members), sum(p[1] for p in members) / len(members))


def coordinates_in_gorontalo(latitude: float, longitude: float) -> bool:
    lat_min, lat_max, lon_min, lon_max = GORONTALO_BBOX
    return lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max


def all_regions() -> list[Region]:
    return list(_table().values())


def regencies() -> list[Region]:
    return [r for r in _table().values() if r.level == "regency" and r.parent_code == GORONTALO]
