"""GORINDO's things: destinations, calendar events, tourism businesses and visitors' reviews.

Plain Python: no database, no gRPC. Texts are plain text, stored exactly as typed: a description
holding `<script>` is shown as those characters wherever it is rendered, never as markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The kinds the issue names (pantai, bawah laut/selam, danau, air terjun, budaya/sejarah, religi,
# kuliner, alam), as codes.
KINDS = ("pantai", "bawah_laut", "danau", "air_terjun", "budaya_sejarah", "religi", "kuliner", "alam")
BUSINESS_KINDS = (
    "homestay",
    "hotel",
    "restoran",
    "operator_selam",
    "pemandu_wisata",
    "agen_perjalanan",
    "sewa_kendaraan",
)
LODGING_KINDS = ("homestay", "hotel")

# A business's permit, as svc-permits and the office decided it.
PERMIT_NONE = "none"
PERMIT_LICENSED = "licensed"
PERMIT_AWAITING = "awaiting_confirmation"
PERMIT_REFUSED = "refused"
PERMIT_REVOKED = "revoked"

REVIEW_VISIBLE = "visible"
REVIEW_HIDDEN = "hidden"  # reported, waiting for the office
REVIEW_REMOVED = "removed"


def localized(value: dict | None = None) -> dict[str, str]:
    value = value or {}
    return {"id": (value.get("id") or "").strip(), "en": (value.get("en") or "").strip()}


@dataclass
class Destination:
    id: str
    name: str
    kind: str
    region_code: str
    latitude: float
    longitude: float
    coordinates_approximate: bool = False
    description: dict[str, str] = field(default_factory=localized)
    # (ISO day of week 1..7, "HH:MM" opens, "HH:MM" closes), WITA.
    opening_hours: list[tuple[int, str, str]] = field(default_factory=list)
    # [{"label": {"id": ..., "en": ...}, "amount_idr": int}]
    prices: list[dict] = field(default_factory=list)
    facilities: list[str] = field(default_factory=list)
    accessibility: dict[str, str] = field(default_factory=localized)
    safety_notes: dict[str, str] = field(default_factory=localized)
    contacts: dict[str, str] = field(default_factory=dict)
    source: str = ""
    key: str = ""
    merged_into: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    photo_ids: list[str] = field(default_factory=list)
    rating_average: float = 0.0
    review_count: int = 0
    # Kilometres from the point of a nearby search; 0 otherwise.
    distance_km: float = 0.0

    def apply(self, draft: DestinationDraft) -> None:
        for name in DestinationDraft.__dataclass_fields__:
            setattr(self, name, getattr(draft, name))


@dataclass
class DestinationDraft:
    """What an officer (or an import) gives: every editable field of a destination."""

    name: str
    kind: str
    region_code: str
    latitude: float
    longitude: float
    coordinates_approximate: bool = False
    description: dict[str, str] = field(default_factory=localized)
    opening_hours: list[tuple[int, str, str]] = field(default_factory=list)
    prices: list[dict] = field(default_factory=list)
    facilities: list[str] = field(default_factory=list)
    accessibility: dict[str, str] = field(default_factory=localized)
    safety_notes: dict[str, str] = field(default_factory=localized)
    contacts: dict[str, str] = field(default_factory=dict)
    source: str = ""


@dataclass
class Event:
    id: str
    name: dict[str, str]
    description: dict[str, str]
    start_date: dt.date
    end_date: dt.date
    region_code: str
    destination_id: str = ""
    place_name: str = ""
    latitude: float = 0.0
    longitude: float = 0.0
    created_by: str = ""
    updated_at: dt.datetime | None = None


@dataclass
class Business:
    id: str
    owner_id: str  # opaque account id of who listed it; never shown
    name: str
    kind: str
    region_code: str
    latitude: float = 0.0
    longitude: float = 0.0
    description: dict[str, str] = field(default_factory=localized)
    contacts: dict[str, str] = field(default_factory=dict)
    address: str = ""
    permit_number: str = ""
    permit_status: str = PERMIT_NONE
    permit_checked_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    rating_average: float = 0.0
    review_count: int = 0

    @property
    def licensed(self) -> bool:
        """The "berizin" badge."""
        return self.permit_status == PERMIT_LICENSED

    @property
    def lodging(self) -> bool:
        return self.kind in LODGING_KINDS


@dataclass
class Review:
    id: str
    place_id: str
    region_code: str  # the place's, for the office's jurisdiction
    author_id: str  # opaque account id; never shown, only the display name is
    display_name: str
    rating: int
    text: str
    status: str = REVIEW_VISIBLE
    report_count: int = 0
    created_at: dt.datetime | None = None
    moderated_by: str = ""
