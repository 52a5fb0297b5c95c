"""What a destination, event, business or review must be: every problem named by its field at once."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from servicekit import regions
from servicekit.errors import FieldViolation

from .model import BUSINESS_KINDS, KINDS, DestinationDraft

# The province has no boundary polygon on the platform, so "inside Gorontalo" is its bounding box
# with a margin (servicekit.regions.GORONTALO_BBOX: 0.15..1.20 N, 121.10..123.60 E), which holds the
# land, the Tomini Bay coast and the islands (Saronde, Pulau Cinta); a point in the sea or just over
# the border in Sulawesi Utara or Tengah within the margin is accepted, as the box cannot tell.
BBOX = regions.GORONTALO_BBOX
# A ticket above ten million rupiah is a typo (an extra zero or two), not a price.
MAX_PRICE_IDR = 10_000_000
MAX_NAME = 120
MAX_DESCRIPTION = 4000
MAX_NOTE = 1000
MAX_FACILITIES = 30
MAX_FACILITY = 60
MAX_PRICES = 20
MAX_SOURCE = 300
MAX_EVENT_DAYS = 366
MAX_REVIEW_TEXT = 2000
MAX_DISPLAY_NAME = 40
MAX_ADDRESS = 300
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEBSITE = re.compile(r"^https?://[^\s<>\"']+$")
# C0/C1 controls other than tab and newlines: nothing a person types, and trouble in every format.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Problems:
    """Field problems under a prefix ("destination." or "destinations[3].")."""

    def __init__(self, prefix: str = ""):
        self.prefix = prefix
        self.violations: list[FieldViolation] = []

    def add(self, name: str, reason: str, **params) -> None:
        self.violations.append(FieldViolation(self.prefix + name, reason, params))

    def text(self, name: str, value: str, *, max_len: int, required: bool = False) -> None:
        value = value or ""
        if not value.strip():
            if required:
                self.add(name, "required")
            return
        if len(value.strip()) > max_len:
            self.add(name, "too_long", max=max_len)
        if _CONTROL.search(value):
            self.add(name, "control_characters")

    def localized(self, name: str, value: dict, *, max_len: int, required: bool = False) -> None:
        if required and not (value.get("id") or value.get("en")):
            self.add(f"{name}.id", "required")
        for language in ("id", "en"):
            self.text(f"{name}.{language}", value.get(language, ""), max_len=max_len)


def inside_province(latitude: float, longitude: float) -> bool:
    lat_min, lat_max, lon_min, lon_max = BBOX
    return lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max


def check_region(problems: Problems, name: str, code: str) -> None:
    if not (code or "").strip():
        problems.add(name, "required")
    elif not regions.in_gorontalo(code):
        problems.add(name, "region_unknown")


def check_point(problems: Problems, latitude: float, longitude: float, *, required: bool = True) -> None:
    if not latitude and not longitude:
        if required:
            problems.add("latitude", "required")
            problems.add("longitude", "required")
        return
    if not inside_province(latitude, longitude):
        problems.add("latitude", "coordinates_outside_gorontalo")


def check_contacts(problems: Problems, contacts: dict) -> None:
    phone, email, website = (contacts.get(k, "").strip() for k in ("phone", "email", "website"))
    if phone and not _PHONE.match(phone):
        problems.add("contacts.phone", "contact_invalid")
    if email and (len(email) > 200 or not _EMAIL.match(email)):
        problems.add("contacts.email", "contact_invalid")
    if website and (len(website) > 300 or not _WEBSITE.match(website)):
        problems.add("contacts.website", "contact_invalid")


def destination_problems(draft: DestinationDraft, prefix: str = "") -> list[FieldViolation]:
    problems = Problems(prefix)
    problems.text("name", draft.name, max_len=MAX_NAME, required=True)
    if draft.kind not in KINDS:
        problems.add("kind", "not_one_of", allowed=", ".join(KINDS))
    check_region(problems, "region_code", draft.region_code)
    check_point(problems, draft.latitude, draft.longitude)
    problems.localized("description", draft.description, max_len=MAX_DESCRIPTION)
    problems.localized("accessibility", draft.accessibility, max_len=MAX_NOTE)
    problems.localized("safety_notes", draft.safety_notes, max_len=MAX_NOTE)
    for i, (day, opens, closes) in enumerate(draft.opening_hours):
        where = f"opening_hours[{i}]"
        if not 1 <= day <= 7:
            problems.add(f"{where}.day_of_week", "out_of_range", min=1, max=7)
        if not _TIME.match(opens or ""):
            problems.add(f"{where}.opens", "time_invalid")
        if not (_TIME.match(closes or "") or closes == "24:00"):
            problems.add(f"{where}.closes", "time_invalid")
        elif _TIME.match(opens or "") and closes <= opens:
            problems.add(f"{where}.closes", "closes_before_opens")
    if len(draft.prices) > MAX_PRICES:
        problems.add("prices", "too_many", max=MAX_PRICES)
    for i, price in enumerate(draft.prices[:MAX_PRICES]):
        amount = price.get("amount_idr")
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 <= amount <= MAX_PRICE_IDR:
            problems.add(f"prices[{i}].amount_idr", "price_out_of_range", max=MAX_PRICE_IDR)
        label = price.get("label") or {}
        problems.localized(f"prices[{i}].label", label, max_len=80, required=True)
    if len(draft.facilities) > MAX_FACILITIES:
        problems.add("facilities", "too_many", max=MAX_FACILITIES)
    for i, facility in enumerate(draft.facilities[:MAX_FACILITIES]):
        problems.text(f"facilities[{i}]", facility, max_len=MAX_FACILITY, required=True)
    check_contacts(problems, draft.contacts)
    problems.text("source", draft.source, max_len=MAX_SOURCE)
    return problems.violations


def event_problems(
    *, name: dict, description: dict, start: dt.date | None, end: dt.date | None, region_code: str, point
) -> list[FieldViolation]:
    problems = Problems()
    problems.localized("name", name, max_len=MAX_NAME, required=True)
    problems.localized("description", description, max_len=MAX_DESCRIPTION)
    if start is None:
        problems.add("start_date", "invalid_date")
    if end is None:
        problems.add("end_date", "invalid_date")
    if start and end:
        if end < start:
            problems.add("end_date", "end_before_start")
        elif (end - start).days >= MAX_EVENT_DAYS:
            problems.add("end_date", "out_of_range", min=start.isoformat(), max=MAX_EVENT_DAYS)
    check_region(problems, "region_code", region_code)
    check_point(problems, *point, required=False)
    return problems.violations


def business_problems(
    *, name: str, kind: str, region_code: str, point, description: dict, contacts: dict, address: str = ""
) -> list[FieldViolation]:
    problems = Problems()
    problems.text("name", name, max_len=MAX_NAME, required=True)
    problems.text("address", address, max_len=MAX_ADDRESS)
    if kind not in BUSINESS_KINDS:
        problems.add("kind", "not_one_of", allowed=", ".join(BUSINESS_KINDS))
    check_region(problems, "region_code", region_code)
    check_point(problems, *point, required=False)
    problems.localized("description", description, max_len=MAX_DESCRIPTION)
    check_contacts(problems, contacts)
    return problems.violations


def review_problems(*, rating: int, text: str, display_name: str) -> list[FieldViolation]:
    problems = Problems()
    if not 1 <= rating <= 5:
        problems.add("rating", "out_of_range", min=1, max=5)
    problems.text("text", text, max_len=MAX_REVIEW_TEXT)
    problems.text("display_name", display_name, max_len=MAX_DISPLAY_NAME, required=True)
    return problems.violations


def fold(text: str) -> str:
    """Lower case without accents, for matching words a visitor types."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))
