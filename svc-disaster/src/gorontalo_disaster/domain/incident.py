"""Incidents: what the BPBD sees instead of a thousand messages."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from . import geo
from .clustering import RULES
from .model import CASUALTY_FIELDS, Report

REPORTED, VERIFIED, RESPONDING, RECOVERING, CLOSED, DISMISSED = (
    "reported",
    "verified",
    "responding",
    "recovering",
    "closed",
    "dismissed",
)
STATUSES = (REPORTED, VERIFIED, RESPONDING, RECOVERING, CLOSED, DISMISSED)
OPEN_STATUSES = (REPORTED, VERIFIED, RESPONDING, RECOVERING)
# The one way forward; dismissing is only for an incident nobody has verified yet.
NEXT_STATUS = {REPORTED: VERIFIED, VERIFIED: RESPONDING, RESPONDING: RECOVERING, RECOVERING: CLOSED}
SEVERITIES = ("minor", "moderate", "severe", "extreme")
MAX_NOTE = 4000


@dataclass
class SituationNote:
    text: str
    author_agency: str
    author_id: str
    created_at: dt.datetime


@dataclass
class Incident:
    id: str
    hazard: str
    status: str
    severity: str
    latitude: float
    longitude: float
    radius_km: float
    report_count: int
    casualties: dict[str, int]
    village_codes: list[str]
    district_codes: list[str]
    regency_codes: list[str]
    first_reported_at: dt.datetime
    last_reported_at: dt.datetime
    created_at: dt.datetime
    updated_at: dt.datetime
    verified_at: dt.datetime | None = None
    notes: list[SituationNote] = field(default_factory=list)
    # Sum of report coordinates, so the centre is a running mean without reloading reports.
    sum_latitude: float = 0.0
    sum_longitude: float = 0.0

    @classmethod
    def start(cls, incident_id: str, report: Report, now: dt.datetime) -> Incident:
        incident = cls(
            id=incident_id,
            hazard=report.hazard,
            status=REPORTED,
            severity="",
            latitude=report.latitude,
            longitude=report.longitude,
            radius_km=RULES[report.hazard].min_radius_km,
            report_count=0,
            casualties={},
            village_codes=[],
            district_codes=[],
            regency_codes=[],
            first_reported_at=report.observed_at,
            last_reported_at=report.observed_at,
            created_at=now,
            updated_at=now,
        )
        incident.absorb(report, now)
        return incident

    def absorb(self, report: Report, now: dt.datetime) -> None:
        """Take a report in: counts, area, places, times."""
        self.report_count += 1
        self.sum_latitude += report.latitude
        self.sum_longitude += report.longitude
        self.latitude = self.sum_latitude / self.report_count
        self.longitude = self.sum_longitude / self.report_count
        reach = geo.distance_km(self.latitude, self.longitude, report.latitude, report.longitude)
        # The circle only grows: a circle that shrank could drop an earlier report's place.
        self.radius_km = round(max(self.radius_km, reach + 0.1, RULES[self.hazard].min_radius_km), 3)
        # Many people report the same victims: the incident keeps the largest figure any one
        # report gives, never the sum (officers publish official figures in situation notes).
        for name in CASUALTY_FIELDS:
            if name in report.casualties:
                self.casualties[name] = max(self.casualties.get(name, 0), report.casualties[name])
        levels = geo.region_levels(report.region_code)
        for key, codes in (
            ("village", self.village_codes),
            ("district", self.district_codes),
            ("regency", self.regency_codes),
        ):
            if key in levels and levels[key] not in codes:
                codes.append(levels[key])
                codes.sort()
        self.first_reported_at = min(self.first_reported_at, report.observed_at)
        self.last_reported_at = max(self.last_reported_at, report.observed_at)
        self.updated_at = now

    @property
    def region_codes(self) -> list[str]:
        return self.village_codes + self.district_codes + self.regency_codes

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def accepts(self, report: Report) -> bool:
        """Time side of the clustering rule (the H3 side is the repository's query)."""
        window = RULES[self.hazard].window
        return (
            self.is_open
            and report.hazard == self.hazard
            and report.observed_at <= self.last_reported_at + window
            and report.observed_at >= self.first_reported_at - window
        )

    def within_km(self, latitude: float, longitude: float) -> float:
        return max(0.0, geo.distance_km(self.latitude, self.longitude, latitude, longitude) - self.radius_km)


def transition_problem(current: str, target: str) -> str | None:
    """None when current -> target is allowed, else the message key."""
    if target not in STATUSES:
        return "incident_status_unknown"
    if target == DISMISSED:
        return None if current == REPORTED else "incident_not_dismissable"
    if NEXT_STATUS.get(current) != target:
        return "incident_transition_invalid"
    return None


def circle_bounds(latitude: float, longitude: float, radius_km: float) -> tuple[float, float, float, float]:
    """A lat/lon box around a circle, for a cheap first filter in SQL."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(0.01, math.cos(math.radians(latitude))))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon
