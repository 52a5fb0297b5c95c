"""Complaints and the rules about them. Plain Python: no framework imports.

Who sees what of a complaint (the reporter's id is stored, never shown):

- The reporter (the caller whose subject filed it) sees the whole complaint.
- Anyone else holding the tracking code, signed in or not, sees the public
  part: tracking code, category, title, description, status, region code and
  filing time. The complaint id, coordinates, privacy and channel stay hidden:
  coordinates could point at the reporter's house, especially when anonymous.
- A `rahasia` (confidential) complaint shows others its status only: tracking
  code and status, with title, description, category, region and time all
  empty, because even the category and village of, say, a `pungli` report can
  point at the reporter.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import Enum

from servicekit import regions
from servicekit.errors import Validator

from .masking import mask_personal_numbers

# adminduk: civil registration (KTP, KK, akta; Disdukcapil); angkutan_umum: public transport (angkot,
# terminals; Dishub). Residents complained about both and found no category for them.
CATEGORIES = (
    "jalan_rusak",
    "lampu_jalan",
    "air_bersih",
    "sampah",
    "fasilitas_kesehatan",
    "pendidikan",
    "pungli",
    "banjir",
    "tanah_longsor",
    "adminduk",
    "angkutan_umum",
    "lainnya",
)
PRIVACY_LEVELS = ("biasa", "anonim", "rahasia")
CHANNELS = ("web", "app", "sms", "open311")
DEFAULT_PRIVACY = "biasa"
DEFAULT_CHANNEL = "web"
STATUS_RECEIVED = "received"

TITLE_LENGTH = (5, 150)
DESCRIPTION_LENGTH = (10, 4000)
LOCATION_LEVELS = ("district", "village")


# Reporters that are no account: filings without one ("anonymous:<hash of the reporter key>"), and
# Open311 clients on their users' behalf ("open311:<key id>").
NO_ACCOUNT_PREFIXES = ("anonymous:", "open311:")


class TrackingCodeTaken(Exception):
    """Another complaint holds this tracking code already; the caller retries with a new one."""


@dataclass
class Complaint:
    id: str
    tracking_code: str
    reporter_id: str
    category: str
    title: str
    description: str
    latitude: float | None
    longitude: float | None
    region_code: str
    privacy: str
    channel: str
    status: str
    filed_at: dt.datetime
    agency_code: str = ""
    agency_name: str = ""
    needs_dispatch: bool = False
    suggested_category: str = ""
    suggestion_confidence: float = 0.0
    rejection_reason: str = ""
    rating: int = 0
    rating_comment: str = ""
    dispositioned_at: dt.datetime | None = None
    first_response_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    breached_deadlines: tuple[str, ...] = ()
    support_count: int = 0
    # A reporter without an account: their phone or e-mail, encrypted (servicekit.pii), and its keyed hash.
    contact_encrypted: str = ""
    contact_index: str = ""
    address: str = ""
    attributes: dict = field(default_factory=dict)
    category_source: str = ""  # FILER, CLASSIFIER, DISPATCHER (below), "" while it has no category

    def is_reported_by(self, subject: str | None) -> bool:
        return bool(subject) and subject == self.reporter_id

    @property
    def reporter_account_id(self) -> str:
        """The reporter's account id when they filed signed in; "" for a filer without an account."""
        return "" if self.reporter_id.startswith(NO_ACCOUNT_PREFIXES) else self.reporter_id


@dataclass(frozen=True)
class Filing:
    """A validated, normalised FileComplaint request."""

    category: str
    title: str
    description: str
    latitude: float | None
    longitude: float | None
    region_code: str
    privacy: str
    channel: str


class Visibility(Enum):
    FULL = "full"
    PUBLIC = "public"
    STATUS_ONLY = "status_only"


@dataclass(frozen=True)
class PhotoView:
    id: str
    kind: str  # report | resolution
    content_type: str
    width: int
    height: int
    size_bytes: int
    created_at: dt.datetime


@dataclass(frozen=True)
class ComplaintView:
    """What one caller may see of a complaint; hidden fields are empty."""

    tracking_code: str
    status: str
    id: str = ""
    category: str = ""
    title: str = ""
    description: str = ""
    latitude: float = 0.0
    longitude: float = 0.0
    region_code: str = ""
    privacy: str = ""
    channel: str = ""
    filed_at: dt.datetime | None = None
    agency_code: str = ""
    agency_name: str = ""
    needs_dispatch: bool = False
    suggested_category: str = ""
    suggestion_confidence: float = 0.0
    rejection_reason: str = ""
    rating: int = 0
    rating_comment: str = ""
    dispositioned_at: dt.datetime | None = None
    first_response_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    breached_deadlines: tuple[str, ...] = ()
    support_count: int = 0
    photos: tuple[PhotoView, ...] = ()
    escalated: bool = False
    reporter_key: str = ""  # only in the answer to an anonymous filing
    disposition_due_at: dt.datetime | None = None
    first_response_due_at: dt.datetime | None = None


def visibility(complaint: Complaint, viewer_subject: str | None) -> Visibility:
    if complaint.is_reported_by(viewer_subject):
        return Visibility.FULL
    if complaint.privacy == "rahasia":
        return Visibility.STATUS_ONLY
    return Visibility.PUBLIC


def _deadlines(complaint: Complaint) -> dict:
    """The disposition and first-response deadlines (lifecycle's rules) for the views."""
    from . import lifecycle  # lifecycle imports this module

    if complaint.filed_at is None:
        return {}
    return {
        "disposition_due_at": lifecycle.disposition_due(complaint),
        "first_response_due_at": lifecycle.first_response_due(complaint),
    }


def view_of(
    complaint: Complaint, viewer_subject: str | None, *, staff: bool = False, photos: tuple[PhotoView, ...] = ()
) -> ComplaintView:
    """`staff`: an officer of the complaint's agency or a dispatcher, already checked by the caller.

    Staff see the whole complaint except the reporter (never in a view, so an
    `anonim` reporter stays unknown to the agency); the public sees the agency
    and the follow-up dates, with NIKs, phone numbers and e-mail addresses in
    the title and description masked; the suggestion is for the reporter and
    staff only.
    """
    seen = Visibility.FULL if staff else visibility(complaint, viewer_subject)
    if seen is Visibility.STATUS_ONLY:
        return ComplaintView(tracking_code=complaint.tracking_code, status=complaint.status)
    masked = seen is Visibility.PUBLIC
    title = mask_personal_numbers(complaint.title) if masked else complaint.title
    description = mask_personal_numbers(complaint.description) if masked else complaint.description
    public = dict(
        tracking_code=complaint.tracking_code,
        status=complaint.status,
        category=complaint.category,
        title=title,
        description=description,
        region_code=complaint.region_code,
        filed_at=complaint.filed_at,
        agency_code=complaint.agency_code,
        agency_name=complaint.agency_name,
        needs_dispatch=complaint.needs_dispatch,
        rejection_reason=complaint.rejection_reason,
        rating=complaint.rating,
        rating_comment=complaint.rating_comment,
        dispositioned_at=complaint.dispositioned_at,
        first_response_at=complaint.first_response_at,
        resolved_at=complaint.resolved_at,
        breached_deadlines=tuple(complaint.breached_deadlines),
        support_count=complaint.support_count,
        photos=tuple(photos),
        escalated=bool(complaint.breached_deadlines),
        **_deadlines(complaint),
    )
    if seen is Visibility.PUBLIC:
        return ComplaintView(**public)
    return ComplaintView(
        **public,
        id=complaint.id,
        latitude=complaint.latitude or 0.0,
        longitude=complaint.longitude or 0.0,
        privacy=complaint.privacy,
        channel=complaint.channel,
        suggested_category=complaint.suggested_category,
        suggestion_confidence=complaint.suggestion_confidence,
    )


def _check_coordinates(v: Validator, latitude: float, longitude: float) -> None:
    if all(math.isfinite(x) for x in (latitude, longitude)) and regions.coordinates_in_gorontalo(latitude, longitude):
        return
    lat_min, lat_max, lon_min, lon_max = regions.GORONTALO_BBOX
    off_latitude = not (math.isfinite(latitude) and lat_min <= latitude <= lat_max)
    off_longitude = not (math.isfinite(longitude) and lon_min <= longitude <= lon_max)
    if off_latitude or not off_longitude:
        v.add("latitude", "coordinates_outside_gorontalo")
    if off_longitude or not off_latitude:
        v.add("longitude", "coordinates_outside_gorontalo")


def _check_region(v: Validator, raw: str) -> str:
    code = regions.normalise(raw)
    if code is None:
        v.add("region_code", "region_unknown")
        return ""
    if code != regions.GORONTALO and not regions.in_gorontalo(code):
        # Shaped like a code: outside the province if it does not start with 75, else not a real one.
        v.add(
            "region_code", "region_unknown" if code.startswith(regions.GORONTALO + ".") else "region_outside_gorontalo"
        )
        return ""
    if regions.lookup(code).level not in LOCATION_LEVELS:
        v.add("region_code", "region_not_district_or_village")
        return ""
    return code


def validate_filing(
    *,
    category: str,
    title: str,
    description: str,
    latitude: float,
    longitude: float,
    region_code: str,
    privacy: str,
    channel: str,
) -> Filing:
    """Every field problem at once (InvalidArgument), or the normalised filing.

    The location is the coordinates (0, 0 meaning none), a Gorontalo district
    or village code, or both; with neither, `region_code` is required. Coordinates
    alone give the region of the nearest district.
    """
    v = Validator()
    if category:  # empty: the suggestion model proposes one
        v.one_of("category", category, set(CATEGORIES))
    v.text("title", title, min_len=TITLE_LENGTH[0], max_len=TITLE_LENGTH[1])
    v.text("description", description, min_len=DESCRIPTION_LENGTH[0], max_len=DESCRIPTION_LENGTH[1])
    privacy = privacy or DEFAULT_PRIVACY
    channel = channel or DEFAULT_CHANNEL
    v.one_of("privacy", privacy, set(PRIVACY_LEVELS))
    v.one_of("channel", channel, set(CHANNELS))

    has_coordinates = latitude != 0 or longitude != 0
    region_code = (region_code or "").strip()
    if not has_coordinates and not region_code:
        v.add("region_code", "required")
    if has_coordinates:
        _check_coordinates(v, latitude, longitude)
    normalised_region = _check_region(v, region_code) if region_code else ""
    v.raise_if_invalid()
    if has_coordinates and not normalised_region:
        # Routing needs a regency: the nearest district seat names one (approximate near borders).
        normalised_region = regions.nearest_district(latitude, longitude)
    return Filing(
        category=category,
        title=" ".join(title.split()),
        description=description.strip(),
        latitude=latitude if has_coordinates else None,
        longitude=longitude if has_coordinates else None,
        region_code=normalised_region,
        privacy=privacy,
        channel=channel,
    )


# Who said what a complaint is about (the `category_source` of complaint.filed and
# complaint.category_confirmed): the filer choosing a category, the suggestion model routing it on
# its own, or a dispatcher setting or confirming it. Consumers that act on a category in the world
# (Siaga turning a flood into a disaster report) trust a person's word only.
FILER, CLASSIFIER, DISPATCHER = "filer", "classifier", "dispatcher"
CONFIRMED_SOURCES = (FILER, DISPATCHER)


def category_source_at_filing(filing: Filing, complaint: Complaint) -> str:
    """filer when the filer chose the category; classifier when the model set it; "" while it has none."""
    if filing.category:
        return FILER
    return CLASSIFIER if complaint.category else ""
