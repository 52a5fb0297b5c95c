"""The tourism office's destination form (a flat HTML form) and svc-tourism's DestinationDraft, both ways;
the API's field names (destination.prices[0].amount_idr) mapped to the form's inputs; who is a tourism
officer.

Opening hours are typed one period a line, "6 08:00-17:00" (ISO day 1 Monday .. 7 Sunday, WITA); ticket
prices one a line, "Dewasa | Adult | 15000". What does not parse is told at its input before anything is
sent; the API checks the rest (ranges, region codes, the province's bounding box) and names the field.
"""

from __future__ import annotations

import re
import uuid

# Tourism offices are identity agencies coded dispar-* (svc-tourism's TOURISM_AGENCY_PREFIXES); the
# session holds the agency as /v1/me gives it. The API decides in the end (403 tourism_office_only).
AGENCY_WORDS = ("dispar", "pariwisata")

TEXT_FIELDS = (
    "name",
    "kind",
    "region_code",
    "latitude",
    "longitude",
    "description_id",
    "description_en",
    "hours",
    "prices",
    "facilities",
    "accessibility_id",
    "accessibility_en",
    "safety_id",
    "safety_en",
    "contact_phone",
    "contact_email",
    "contact_website",
    "source",
)
HOURS_LINE = re.compile(r"^([1-7])\s+(\d{2}:\d{2})\s*[-–]\s*(\d{2}:\d{2})$")
UUID_IN_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def is_tourism_officer(who: dict) -> bool:
    agency = (who.get("agency") or "").lower()
    return who.get("role") == "officer" and any(word in agency for word in AGENCY_WORDS)


def _number(value: str) -> float | None:
    try:
        return float(value.strip().replace(",", "."))
    except ValueError:
        return None


def _localized(form: dict, name: str) -> dict:
    return {"id": form.get(f"{name}_id", ""), "en": form.get(f"{name}_en", "")}


def draft_from_form(form: dict) -> tuple[dict, dict[str, str]]:
    """(the DestinationDraft, the inputs that did not parse: their problem key in texts/staff_tourism)."""
    problems: dict[str, str] = {}
    draft: dict = {
        "name": form.get("name", ""),
        "kind": form.get("kind", ""),
        "region_code": form.get("region_code", ""),
        "coordinates_approximate": bool(form.get("coordinates_approximate")),
        "description": _localized(form, "description"),
        "accessibility": _localized(form, "accessibility"),
        "safety_notes": _localized(form, "safety"),
        "contacts": {
            "phone": form.get("contact_phone", ""),
            "email": form.get("contact_email", ""),
            "website": form.get("contact_website", ""),
        },
        "source": form.get("source", ""),
        "facilities": [item.strip() for item in form.get("facilities", "").split(",") if item.strip()],
    }
    for axis in ("latitude", "longitude"):
        value = _number(form.get(axis, ""))
        if value is None:
            problems[axis] = "staff_tourism_number_needed"
        else:
            draft[axis] = value
    hours = []
    for line in filter(None, (line.strip() for line in form.get("hours", "").splitlines())):
        match = HOURS_LINE.match(line)
        if not match:
            problems["hours"] = "staff_tourism_hours_invalid"
            break
        hours.append({"day_of_week": int(match[1]), "opens": match[2], "closes": match[3]})
    draft["opening_hours"] = hours
    prices = []
    for line in filter(None, (line.strip() for line in form.get("prices", "").splitlines())):
        parts = [part.strip() for part in line.split("|")]
        amount = parts[-1].replace(".", "").replace(" ", "") if parts else ""
        if len(parts) not in (2, 3) or not amount.lstrip("-").isdigit():
            problems["prices"] = "staff_tourism_prices_invalid"
            break
        label = {"id": parts[0], "en": parts[1] if len(parts) == 3 else ""}
        prices.append({"label": label, "amount_idr": int(amount)})
    draft["prices"] = prices
    return draft, problems


def form_from_destination(place: dict) -> dict[str, str]:
    """A destination as the form shows it for editing."""

    def localized(name: str, suffix: str) -> str:
        return (place.get(name) or {}).get(suffix, "")

    contacts = place.get("contacts") or {}
    return {
        "name": place.get("name", ""),
        "kind": place.get("kind", ""),
        "region_code": place.get("region_code", ""),
        "latitude": str(place.get("latitude", "")),
        "longitude": str(place.get("longitude", "")),
        "coordinates_approximate": "1" if place.get("coordinates_approximate") else "",
        "description_id": localized("description", "id"),
        "description_en": localized("description", "en"),
        "hours": "\n".join(
            f"{p.get('day_of_week')} {p.get('opens')}-{p.get('closes')}" for p in place.get("opening_hours") or []
        ),
        "prices": "\n".join(
            f"{(p.get('label') or {}).get('id', '')} | {(p.get('label') or {}).get('en', '')} | {p.get('amount_idr', 0)}"
            for p in place.get("prices") or []
        ),
        "facilities": ", ".join(place.get("facilities") or []),
        "accessibility_id": localized("accessibility", "id"),
        "accessibility_en": localized("accessibility", "en"),
        "safety_id": localized("safety_notes", "id"),
        "safety_en": localized("safety_notes", "en"),
        "contact_phone": contacts.get("phone", ""),
        "contact_email": contacts.get("email", ""),
        "contact_website": contacts.get("website", ""),
        "source": place.get("source", ""),
    }


def form_field(api_field: str) -> str:
    """The form input an API field name points at: destination.prices[0].amount_idr -> prices."""
    name = api_field.removeprefix("destination.")
    head = re.split(r"[.\[]", name, maxsplit=1)[0]
    if head in ("description", "accessibility", "safety_notes"):
        suffix = name.split(".")[-1] if "." in name else "id"
        return f"{'safety' if head == 'safety_notes' else head}_{suffix if suffix in ('id', 'en') else 'id'}"
    if head == "contacts":
        return "contact_" + (name.split(".")[-1] if "." in name else "phone")
    return {"opening_hours": "hours"}.get(head, head)


def duplicate_named(detail: str) -> str:
    """The id of the place a 409 destination_possible_duplicate names in its words, "" when none."""
    found = UUID_IN_TEXT.search(detail or "")
    return found.group(0) if found else ""


def new_key() -> str:
    return str(uuid.uuid4())
