"""Importing destinations from a JSON document: the whole file or nothing.

The shipped starting set (data/destinations.json) has this shape; an office's own file too:
{"destinations": [{"key": "...", "name": "...", "kind": "pantai", "region_code": "75.03",
  "latitude": 0.4, "longitude": 123.1, "coordinates_approximate": true,
  "description": {"id": "...", "en": "..."}, "source": "...", ...}]}
A record whose key is known updates that place; a new key creates one. Every problem of every record
is reported at once, each named by its place in the file (destinations[3].region_code).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable

from servicekit import jsontext, regions
from servicekit.auth import Principal
from servicekit.errors import FieldViolation, InvalidArgument, PermissionDenied

from ..domain import rules, search
from ..domain.model import Destination, DestinationDraft, localized
from .access import TourismOffices
from .destinations import CREATED, UPDATED, _changed

MAX_RECORDS = 2000
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_TEXT_FIELDS = ("name", "kind", "region_code", "source")
_LOCALIZED_FIELDS = ("description", "accessibility", "safety_notes")


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def draft_from(record: dict, problems: rules.Problems) -> DestinationDraft | None:
    """A record's draft, or None when its shape is wrong (the problems say where)."""
    shaped = True
    for name in _TEXT_FIELDS:
        if name in record and not isinstance(record[name], str):
            problems.add(name, "invalid_type", expected="string")
            shaped = False
    for name in _LOCALIZED_FIELDS:
        value = record.get(name) or {}
        if not isinstance(value, dict) or not all(isinstance(value.get(k, ""), str) for k in ("id", "en")):
            problems.add(name, "invalid_type", expected="{id, en}")
            shaped = False
    latitude, longitude = _number(record.get("latitude")), _number(record.get("longitude"))
    if latitude is None:
        problems.add("latitude", "invalid_type", expected="number")
        shaped = False
    if longitude is None:
        problems.add("longitude", "invalid_type", expected="number")
        shaped = False
    hours = record.get("opening_hours") or []
    if not isinstance(hours, list) or not all(
        isinstance(p, dict) and isinstance(p.get("day_of_week"), int) for p in hours
    ):
        problems.add("opening_hours", "invalid_type", expected="[{day_of_week, opens, closes}]")
        shaped = False
    prices = record.get("prices") or []
    if not isinstance(prices, list) or not all(isinstance(p, dict) for p in prices):
        problems.add("prices", "invalid_type", expected="[{label, amount_idr}]")
        shaped = False
    facilities = record.get("facilities") or []
    if not isinstance(facilities, list) or not all(isinstance(f, str) for f in facilities):
        problems.add("facilities", "invalid_type", expected="[string]")
        shaped = False
    contacts = record.get("contacts") or {}
    if not isinstance(contacts, dict) or not all(isinstance(v, str) for v in contacts.values()):
        problems.add("contacts", "invalid_type", expected="{phone, email, website}")
        shaped = False
    if not shaped:
        return None
    return DestinationDraft(
        name=record.get("name", "").strip(),
        kind=record.get("kind", "").strip(),
        region_code=record.get("region_code", "").strip(),
        latitude=latitude,
        longitude=longitude,
        coordinates_approximate=bool(record.get("coordinates_approximate", False)),
        description=localized(record.get("description")),
        opening_hours=[(p["day_of_week"], str(p.get("opens", "")), str(p.get("closes", ""))) for p in hours],
        prices=[{"label": localized(p.get("label")), "amount_idr": p.get("amount_idr")} for p in prices],
        facilities=[f.strip() for f in facilities],
        accessibility=localized(record.get("accessibility")),
        safety_notes=localized(record.get("safety_notes")),
        contacts={k: contacts.get(k, "").strip() for k in ("phone", "email", "website") if contacts.get(k)},
        source=record.get("source", "").strip(),
    )


def parse(document: bytes) -> list[tuple[str, DestinationDraft]]:
    """(key, draft) of every record, or InvalidArgument with every problem of the file."""
    try:
        parsed = jsontext.loads(document)
    except (ValueError, UnicodeDecodeError):
        raise InvalidArgument(violations=[FieldViolation("document", "import_not_json")]) from None
    records = parsed.get("destinations") if isinstance(parsed, dict) else None
    if not isinstance(records, list) or not records:
        raise InvalidArgument(violations=[FieldViolation("destinations", "required")])
    if len(records) > MAX_RECORDS:
        raise InvalidArgument(violations=[FieldViolation("destinations", "too_many", {"max": MAX_RECORDS})])
    violations: list[FieldViolation] = []
    drafts: list[tuple[str, DestinationDraft]] = []
    seen: dict[str, int] = {}
    for i, record in enumerate(records):
        problems = rules.Problems(f"destinations[{i}].")
        if not isinstance(record, dict):
            problems.add("", "invalid_type", expected="object")
            violations += problems.violations
            continue
        key = record.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            problems.add("key", "import_key_invalid")
        elif key in seen:
            problems.add("key", "import_key_repeated", first=seen[key])
        else:
            seen[key] = i
        if not (isinstance(record.get("source"), str) and record["source"].strip()):
            problems.add("source", "required")  # every imported fact says where it comes from
        draft = draft_from(record, problems)
        if draft is not None:
            problems.violations += rules.destination_problems(draft, problems.prefix)
            drafts.append((key, draft))
        violations += problems.violations
    if violations:
        raise InvalidArgument(violations=violations)
    return drafts


def import_destinations(
    uow, clock: Callable[[], dt.datetime], principal: Principal | None, document: bytes, *, offices: TourismOffices
) -> tuple[int, int]:
    """(created, updated). `principal` None: the operator's command line on the server itself."""
    if principal is not None:
        offices.require_officer(principal)
    created, updated, _unchanged = _write(uow, clock, principal, parse(document), keep_known=False)
    return created, updated


def import_starting_set(
    uow, clock: Callable[[], dt.datetime], principal: Principal, document: bytes, *, offices: TourismOffices
) -> tuple[int, int]:
    """(created, unchanged): the shipped starting set, by the provincial office or an admin. Only new keys
    are written: a place imported before may carry the office's edits, and importing again changes nothing."""
    if principal.role != "admin":
        try:
            offices.require_officer(principal, regions.GORONTALO)
        except PermissionDenied:
            raise PermissionDenied("starting_set_province_only") from None
    created, _updated, unchanged = _write(uow, clock, principal, parse(document), keep_known=True)
    return created, unchanged


def _write(uow, clock, principal: Principal | None, drafts, *, keep_known: bool) -> tuple[int, int, int]:
    """(created, updated, unchanged), in one transaction; a known key is updated unless `keep_known`."""
    if principal is not None and principal.role != "admin":
        outside = [
            FieldViolation(f"destinations[{i}].region_code", "outside_jurisdiction")
            for i, (_key, draft) in enumerate(drafts)
            if not principal.covers(draft.region_code)
        ]
        if outside:
            raise InvalidArgument(violations=outside)
    now = clock()
    created = updated = unchanged = 0
    with uow:
        known = uow.destinations.by_keys([key for key, _ in drafts])
        others = [d for d in uow.destinations.listed() if d.key not in known]
        violations = []
        for i, (key, draft) in enumerate(drafts):
            duplicate = next(
                (o for o in others if search.same_place(draft.name, draft.latitude, draft.longitude, o)), None
            )
            if key not in known and duplicate is not None:
                violations.append(
                    FieldViolation(f"destinations[{i}].name", "destination_possible_duplicate", {"id": duplicate.id})
                )
        if violations:
            raise InvalidArgument(violations=violations)
        for key, draft in drafts:
            destination = known.get(key)
            if destination is None:
                destination = Destination(
                    id=str(uuid.uuid4()), name="", kind="", region_code="", latitude=0, longitude=0, key=key
                )
                destination.apply(draft)
                destination.created_at = destination.updated_at = now
                uow.destinations.add(destination, created_by=principal.subject if principal else "import")
                _changed(uow, destination, CREATED)
                created += 1
            elif keep_known:
                unchanged += 1
            else:
                destination.apply(draft)
                destination.updated_at = now
                uow.destinations.update(destination)
                _changed(uow, destination, UPDATED)
                updated += 1
        uow.commit()
    return created, updated, unchanged
