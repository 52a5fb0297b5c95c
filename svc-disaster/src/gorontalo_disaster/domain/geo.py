"""Where a report is: inside the province, its nearest district (kecamatan), its region levels."""

from __future__ import annotations

from servicekit import regions

# Distances and district seats live in servicekit.regions, shared with complaints.
distance_km = regions.distance_km
nearest_district = regions.nearest_district
centroid_of = regions.centroid_of


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
