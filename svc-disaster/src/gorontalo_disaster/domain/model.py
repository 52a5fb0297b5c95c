"""Disaster reports and the rules about them. Plain Python: no framework imports."""

from __future__ import annotations

import datetime as dt
import math
import secrets
from dataclasses import dataclass, field

from servicekit import regions

# The BNPB hazard types the BPBD Gorontalo works with.
HAZARDS = (
    "banjir",
    "banjir_bandang",
    "tanah_longsor",
    "gempa_bumi",
    "tsunami",
    "kebakaran_hutan_lahan",
    "kebakaran_permukiman",
    "angin_puting_beliung",
    "gelombang_pasang_abrasi",
    "kekeringan",
    "erupsi",
)

SOURCE_API = "api"
SOURCE_SMS = "sms"
SOURCE_GO_GORONTALO = "go_gorontalo"
SOURCES = (SOURCE_API, SOURCE_SMS, SOURCE_GO_GORONTALO)

MAX_DESCRIPTION = 2000
MAX_CLOCK_SKEW = dt.timedelta(minutes=5)
MAX_REPORT_AGE = dt.timedelta(days=7)

# Per report, far above anything one person can see in Gorontalo (1.2 million people):
# a larger figure is a typo or abuse, not an observation.
CASUALTY_FIELDS = ("dead", "missing", "injured", "displaced", "houses_damaged")
CASUALTY_LIMITS = {"dead": 5_000, "missing": 5_000, "injured": 50_000, "displaced": 500_000, "houses_damaged": 200_000}
MAX_PHOTOS = 5

# Go-Gorontalo complaint categories Siaga takes over, and the hazard each becomes.
COMPLAINT_CATEGORY_HAZARDS = {"banjir": "banjir", "tanah_longsor": "tanah_longsor"}
# A `rahasia` complaint's title is for the complainant only; disaster reports are public.
CONFIDENTIAL_PRIVACY = "rahasia"


@dataclass
class Report:
    id: str
    hazard: str
    latitude: float
    longitude: float
    description: str
    source: str
    verified_reporter: bool
    observed_at: dt.datetime
    received_at: dt.datetime
    # Opaque account id of a signed-in reporter: stored for follow-up, never shown.
    reporter_id: str | None = None
    # Id of the record this report came from in its source (the complaint id for go_gorontalo).
    source_ref: str | None = None
    casualties: dict[str, int] = field(default_factory=dict)
    region_code: str = ""
    code: str = ""
    # Encrypted phone number (servicekit.pii), never in events or answers.
    phone_cipher: str | None = None
    photo_ids: list[str] = field(default_factory=list)
    incident_id: str | None = None

    @property
    def regency_code(self) -> str:
        return self.region_code[:5] if len(self.region_code) >= 5 else ""


def normalise_hazard(raw: str | None) -> str:
    return (raw or "").strip().lower()


def coordinates_missing(latitude: float, longitude: float) -> bool:
    """Both zero is what an omitted proto3 double looks like; (0, 0) is in the Gulf of Guinea anyway."""
    return latitude == 0 and longitude == 0


def coordinates_inside(latitude: float, longitude: float) -> bool:
    return (
        math.isfinite(latitude) and math.isfinite(longitude) and regions.coordinates_in_gorontalo(latitude, longitude)
    )


def observed_at_problem(observed_at: dt.datetime, now: dt.datetime) -> tuple[str, dict] | None:
    """The message key and parameters when an observation time is not believable, else None."""
    if observed_at > now + MAX_CLOCK_SKEW:
        return "observed_at_future", {"minutes": int(MAX_CLOCK_SKEW.total_seconds() // 60)}
    if observed_at < now - MAX_REPORT_AGE:
        return "observed_at_too_old", {"days": MAX_REPORT_AGE.days}
    return None


def hazard_for_complaint(category: str | None) -> str | None:
    return COMPLAINT_CATEGORY_HAZARDS.get((category or "").strip().lower())


def description_from_complaint(title: str | None, privacy: str | None) -> str:
    if (privacy or "").strip().lower() == CONFIDENTIAL_PRIVACY or not isinstance(title, str):
        return ""
    return title.strip()[:MAX_DESCRIPTION]


def observed_at_from_event(event_time: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """When the complaint was filed is the best observation time we have; never later than now."""
    if event_time is None or event_time > now:
        return now
    return event_time


_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud over a bad line


class ReportCodeTaken(Exception):
    """The random report code drawn is already another report's (32^6 codes: among tens of thousands of
    reports a repeat is likely, the birthday bound); the report is filed again under a new code."""


def new_report_code() -> str:
    return "SGT-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


def casualty_problems(casualties: dict[str, int]) -> list[tuple[str, str, dict]]:
    """(field, reason, params) for every count that is negative or beyond belief."""
    problems = []
    for name, value in casualties.items():
        if value < 0:
            problems.append((f"casualties.{name}", "count_negative", {}))
        elif value > CASUALTY_LIMITS[name]:
            problems.append((f"casualties.{name}", "count_absurd", {"max": CASUALTY_LIMITS[name]}))
    return problems
