"""Which reports belong to one incident: same hazard, near in space and time.

H3 is the spatial index. Each hazard has a resolution and a ring size k; a report joins
an open incident of its hazard when one of the incident's cells lies within k rings of
the report's cell (single linkage, so a flood spreading along a river stays one incident)
and the incident had a report within the hazard's time window. Region-wide hazards
(an earthquake is felt across the province) ignore the distance.

Approximate reach = k x 1.7 x the mean hexagon edge (res 10: 66 m, 9: 174 m, 8: 461 m,
7: 1.22 km, 6: 3.23 km, 5: 8.54 km).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import h3


@dataclass(frozen=True)
class ClusterRule:
    resolution: int
    rings: int
    window: dt.timedelta
    region_wide: bool = False
    # Smallest radius of the incident's circle, in km.
    min_radius_km: float = 0.2


H = dt.timedelta(hours=1)
RULES = {
    "banjir": ClusterRule(7, 1, 48 * H, min_radius_km=1.0),  # ~2 km
    "banjir_bandang": ClusterRule(7, 2, 24 * H, min_radius_km=1.0),  # ~4 km along a valley
    "tanah_longsor": ClusterRule(8, 1, 48 * H, min_radius_km=0.5),  # ~800 m
    "gempa_bumi": ClusterRule(5, 0, 12 * H, region_wide=True, min_radius_km=10.0),
    "tsunami": ClusterRule(5, 0, 12 * H, region_wide=True, min_radius_km=10.0),
    "kebakaran_hutan_lahan": ClusterRule(6, 1, 72 * H, min_radius_km=2.0),  # ~5 km
    "kebakaran_permukiman": ClusterRule(10, 2, 6 * H, min_radius_km=0.2),  # ~200 m
    "angin_puting_beliung": ClusterRule(7, 1, 12 * H, min_radius_km=1.0),
    "gelombang_pasang_abrasi": ClusterRule(6, 1, 48 * H, min_radius_km=2.0),
    "kekeringan": ClusterRule(5, 1, 14 * 24 * H, min_radius_km=5.0),  # ~15 km, slow onset
    "erupsi": ClusterRule(5, 0, 72 * H, region_wide=True, min_radius_km=10.0),
}


def cell_of(hazard: str, latitude: float, longitude: float) -> str:
    return h3.latlng_to_cell(latitude, longitude, RULES[hazard].resolution)


def neighbourhood(hazard: str, cell: str) -> set[str]:
    """The cells whose incidents a report in `cell` may join."""
    return set(h3.grid_disk(cell, RULES[hazard].rings))
