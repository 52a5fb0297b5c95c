"""CAP 1.2 alerts and the rules the CAP schema cannot check (shared/schemas/SOURCES.md)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from servicekit import regions

from .model import HAZARDS

WITA = dt.timezone(dt.timedelta(hours=8), "WITA")
SENDER = "bpbd@gorontaloprov.go.id"
SENDER_NAME = {"id": "BPBD Provinsi Gorontalo", "en": "Gorontalo Provincial Disaster Management Agency"}

STATUSES = ("Actual", "Exercise", "Test")
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")
RESPONSE_TYPES = ("Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None")
MSG_ALERT, MSG_UPDATE, MSG_CANCEL = "Alert", "Update", "Cancel"
SOURCE_BPBD, SOURCE_BMKG = "bpbd", "bmkg"

MAX_HEADLINE = 160  # CAP: "should be less than 160 characters"
MAX_TEXT = 4000
MAX_VALIDITY = dt.timedelta(days=30)
MAX_RADIUS_KM = 1000.0
MAX_AREAS = 20
MAX_POLYGON_POINTS = 500
# An imported alert concerns Gorontalo when an area is in the province or this close to its box (coast, sea).
NEAR_GORONTALO_KM = 50.0
# A Cancel stays in the Atom feed at least this long (and while what it cancelled would still be in effect),
# so that a poller learns of it.
CANCEL_IN_FEED_FOR = dt.timedelta(hours=24)

CATEGORY = {
    "banjir": "Met",
    "banjir_bandang": "Met",
    "tanah_longsor": "Geo",
    "gempa_bumi": "Geo",
    "tsunami": "Geo",
    "kebakaran_hutan_lahan": "Fire",
    "kebakaran_permukiman": "Fire",
    "angin_puting_beliung": "Met",
    "gelombang_pasang_abrasi": "Met",
    "kekeringan": "Env",
    "erupsi": "Geo",
}
EVENT = {
    "banjir": ("Banjir", "Flood"),
    "banjir_bandang": ("Banjir Bandang", "Flash Flood"),
    "tanah_longsor": ("Tanah Longsor", "Landslide"),
    "gempa_bumi": ("Gempa Bumi", "Earthquake"),
    "tsunami": ("Tsunami", "Tsunami"),
    "kebakaran_hutan_lahan": ("Kebakaran Hutan dan Lahan", "Forest and Land Fire"),
    "kebakaran_permukiman": ("Kebakaran Permukiman", "Residential Fire"),
    "angin_puting_beliung": ("Angin Puting Beliung", "Whirlwind"),
    "gelombang_pasang_abrasi": ("Gelombang Pasang dan Abrasi", "High Waves and Coastal Erosion"),
    "kekeringan": ("Kekeringan", "Drought"),
    "erupsi": ("Erupsi Gunung Api", "Volcanic Eruption"),
}
# Imported alerts name their event in words: the first keyword found decides the hazard.
EVENT_KEYWORDS = (
    ("bandang", "banjir_bandang"),
    ("banjir", "banjir"),
    ("hujan", "banjir"),
    ("longsor", "tanah_longsor"),
    ("gempa", "gempa_bumi"),
    ("tsunami", "tsunami"),
    ("karhutla", "kebakaran_hutan_lahan"),
    ("kebakaran", "kebakaran_hutan_lahan"),
    ("angin", "angin_puting_beliung"),
    ("gelombang", "gelombang_pasang_abrasi"),
    ("abrasi", "gelombang_pasang_abrasi"),
    ("kekeringan", "kekeringan"),
    ("erupsi", "erupsi"),
    ("gunung", "erupsi"),
)
CATEGORY_FALLBACK = {"Met": "banjir", "Geo": "gempa_bumi", "Fire": "kebakaran_hutan_lahan", "Env": "kekeringan"}

_FORBIDDEN_ID_CHARS = re.compile(r"[\s,<&]")


@dataclass
class Area:
    description: str
    polygons: list[list[tuple[float, float]]] = field(default_factory=list)
    circles: list[tuple[float, float, float]] = field(default_factory=list)  # lat, lon, radius km
    region_codes: list[str] = field(default_factory=list)

    def covers(self, latitude: float, longitude: float) -> bool:
        """Whether the point lies in the area: inside a polygon or circle when the area is drawn; an
        area given by region codes alone covers its regions, the point's region being its nearest
        kecamatan (the platform has no boundary polygons)."""
        if self.polygons or self.circles:
            return any(_inside_polygon(latitude, longitude, p) for p in self.polygons) or any(
                regions.distance_km(latitude, longitude, lat, lon) <= radius for lat, lon, radius in self.circles
            )
        return region_matches(self.region_codes, regions.nearest_district(latitude, longitude))


def _inside_polygon(latitude: float, longitude: float, polygon: list[tuple[float, float]]) -> bool:
    """Ray casting on (lat, lon) as plane coordinates: exact enough for areas of a few hundred km."""
    inside = False
    for (lat1, lon1), (lat2, lon2) in zip(polygon, polygon[1:], strict=False):
        if (lat1 > latitude) != (lat2 > latitude):
            crossing = lon1 + (latitude - lat1) * (lon2 - lon1) / (lat2 - lat1)
            if longitude < crossing:
                inside = not inside
    return inside


@dataclass
class Alert:
    id: str
    identifier: str
    sender: str
    sent: dt.datetime
    sent_text: str  # exactly as in the document: references quote it
    status: str
    msg_type: str
    source: str
    hazard: str
    event: dict[str, str]
    urgency: str
    severity: str
    certainty: str
    response_type: str
    headline: dict[str, str]
    description: dict[str, str]
    instruction: dict[str, str]
    areas: list[Area]
    effective: dt.datetime | None
    expires: dt.datetime | None
    references: list[str] = field(default_factory=list)
    incident_id: str | None = None
    superseded_by: str | None = None
    cap_xml: str = ""
    created_by: str = ""

    @property
    def region_codes(self) -> list[str]:
        codes: list[str] = []
        for area in self.areas:
            codes += [c for c in area.region_codes if c not in codes]
        return codes

    def covers(self, latitude: float, longitude: float) -> bool:
        return any(area.covers(latitude, longitude) for area in self.areas)

    @property
    def reference(self) -> str:
        return f"{self.sender},{self.identifier},{self.sent_text}"

    def is_active(self, now: dt.datetime) -> bool:
        return (
            self.msg_type in (MSG_ALERT, MSG_UPDATE)
            and self.superseded_by is None
            and (self.expires is None or self.expires > now)
        )

    @property
    def cap_url(self) -> str:
        return f"/v1/disaster/alerts/{self.id}.cap.xml"


def cap_time(value: dt.datetime) -> str:
    """CAP wants an explicit offset and no 'Z'; the province lives in WITA."""
    return value.astimezone(WITA).replace(microsecond=0).isoformat()


def region_matches(codes, region: str) -> bool:
    """The stream's rule: the alert area is, contains, or lies inside the region."""
    for code in codes:
        if code == region or code.startswith(region + ".") or region.startswith(code + "."):
            return True
    return False


def _km_to_province_box(lat: float, lon: float) -> float:
    lat_min, lat_max, lon_min, lon_max = regions.GORONTALO_BBOX
    return regions.distance_km(lat, lon, min(max(lat, lat_min), lat_max), min(max(lon, lon_min), lon_max))


def _names_gorontalo(description: str) -> bool:
    words = description.lower()
    names = ["gorontalo"] + [
        r.name.lower().removeprefix("kabupaten ").removeprefix("kota ") for r in regions.regencies()
    ]
    return any(name in words for name in names)


def area_concerns_gorontalo(area: Area) -> bool:
    """Whether an area (of another agency's alert) is in or near the province.

    Region codes decide first, then geometry (a polygon's bounding box, a circle) against the province box
    widened by NEAR_GORONTALO_KM; an area with neither is judged by its description naming the province or
    one of its regencies.
    """
    if any(regions.normalise(c) == regions.GORONTALO or regions.in_gorontalo(c) for c in area.region_codes):
        return True
    margin_deg = NEAR_GORONTALO_KM / 111.0
    lat_min, lat_max, lon_min, lon_max = regions.GORONTALO_BBOX
    for polygon in area.polygons:
        lats, lons = [p[0] for p in polygon], [p[1] for p in polygon]
        if (
            lats
            and min(lats) <= lat_max + margin_deg
            and max(lats) >= lat_min - margin_deg
            and min(lons) <= lon_max + margin_deg
            and max(lons) >= lon_min - margin_deg
        ):
            return True
    for lat, lon, radius in area.circles:
        if _km_to_province_box(lat, lon) <= radius + NEAR_GORONTALO_KM:
            return True
    if area.region_codes or area.polygons or area.circles:
        return False
    return _names_gorontalo(area.description)


def identifier_problem(value: str) -> bool:
    return not value or bool(_FORBIDDEN_ID_CHARS.search(value))


def hazard_for_event(event: str, category: str) -> str | None:
    words = (event or "").lower()
    for keyword, hazard in EVENT_KEYWORDS:
        if keyword in words:
            return hazard
    return CATEGORY_FALLBACK.get(category)


@dataclass
class AlertDraft:
    """What an officer sends; checked before any CAP is produced."""

    hazard: str
    status: str
    urgency: str
    severity: str
    certainty: str
    response_type: str
    headline: dict[str, str]
    description: dict[str, str]
    instruction: dict[str, str]
    areas: list[Area]
    effective: dt.datetime | None
    expires: dt.datetime | None


def _has_control_characters(text: str) -> bool:
    """Characters XML 1.0 cannot carry (C0 controls other than tab and newlines)."""
    return any(ord(c) < 0x20 and c not in "\t\n\r" for c in text)


def draft_problems(draft: AlertDraft, now: dt.datetime) -> list[tuple[str, str, dict]]:
    """(field, reason, params) for everything that would make invalid or misleading CAP."""
    problems: list[tuple[str, str, dict]] = []

    def add(name, reason, **params):
        problems.append((name, reason, params))

    if draft.hazard not in HAZARDS:
        add("hazard", "not_one_of", allowed=", ".join(HAZARDS))
    for name, value, allowed in (
        ("status", draft.status, STATUSES),
        ("urgency", draft.urgency, URGENCIES),
        ("severity", draft.severity, SEVERITIES),
        ("certainty", draft.certainty, CERTAINTIES),
        ("response_type", draft.response_type, RESPONSE_TYPES),
    ):
        if value not in allowed:
            add(name, "not_one_of", allowed=", ".join(allowed))
    for name, text, limit, required in (
        ("headline", draft.headline, MAX_HEADLINE, True),
        ("description", draft.description, MAX_TEXT, True),
        ("instruction", draft.instruction, MAX_TEXT, False),
    ):
        for language in ("id", "en"):
            value = (text.get(language) or "").strip()
            if not value and required:
                add(f"{name}.{language}", "required")
            elif len(value) > limit:
                add(f"{name}.{language}", "too_long", max=limit)
            elif _has_control_characters(value):
                add(f"{name}.{language}", "control_characters")
    if not draft.areas:
        add("areas", "alert_area_required")
    if len(draft.areas) > MAX_AREAS:
        add("areas", "too_many", max=MAX_AREAS)
    for i, area in enumerate(draft.areas[:MAX_AREAS]):
        prefix = f"areas[{i}]"
        if _has_control_characters(area.description):
            add(f"{prefix}.description", "control_characters")
        if not area.description.strip():
            add(f"{prefix}.description", "required")
        if not (area.polygons or area.circles or area.region_codes):
            add(prefix, "alert_area_empty")
        for j, polygon in enumerate(area.polygons):
            where = f"{prefix}.polygons[{j}]"
            if len(polygon) < 4:
                add(where, "polygon_too_few_points", min=4)
            elif polygon[0] != polygon[-1]:
                add(where, "polygon_not_closed")
            elif len(polygon) > MAX_POLYGON_POINTS:
                add(where, "too_many", max=MAX_POLYGON_POINTS)
            if any(not (-90 <= lat <= 90 and -180 <= lon <= 180) for lat, lon in polygon):
                add(where, "coordinates_invalid")
        for j, (lat, lon, radius) in enumerate(area.circles):
            where = f"{prefix}.circles[{j}]"
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                add(where, "coordinates_invalid")
            if not 0 < radius <= MAX_RADIUS_KM:
                add(f"{where}.radius_km", "out_of_range", min=0, max=MAX_RADIUS_KM)
        for code in area.region_codes:
            if not regions.in_gorontalo(code) and regions.normalise(code) != regions.GORONTALO:
                add(f"{prefix}.region_codes", "region_unknown")
    if not any(area.region_codes for area in draft.areas) and draft.areas:
        add("areas", "alert_region_required")
    effective = draft.effective or now
    if abs(effective - now) > MAX_VALIDITY:
        # Year 1 or 9999 is a client's bug, not a plan; beyond this an alert could never be in effect anyway.
        add("effective", "alert_effective_out_of_range", days=MAX_VALIDITY.days)
        effective = now
    if draft.expires is None:
        add("expires", "required")
    else:
        if draft.expires <= now:
            add("expires", "alert_expires_past")
        elif draft.expires <= effective:
            add("expires", "alert_expires_before_effective")
        elif draft.expires > now + MAX_VALIDITY:
            add("expires", "alert_validity_too_long", days=MAX_VALIDITY.days)
    return problems
