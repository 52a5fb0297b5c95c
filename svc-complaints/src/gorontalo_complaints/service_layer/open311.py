"""Open311 GeoReport v2 use cases: services, create a request (api_key), list and read requests.

Results are plain dicts in the standard's field names; the entrypoint renders
them as JSON or XML and turns a ServiceError into the standard's error list.
A request is a complaint filed on channel `open311` by the client holding the
key; its `service_request_id` is the tracking code. Confidential complaints do
not exist here; the reporter is never shown; positions are rounded as in the
public listing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import urllib.parse
import uuid

from servicekit import regions
from servicekit.errors import FieldViolation, InvalidArgument, NotFound, PermissionDenied, Validator

from ..domain import dates, lifecycle, model, open311, tracking
from ..domain.links import Links
from ..domain.masking import mask_personal_numbers
from . import anonymous, public, services

MAX_RESULTS = 200
DEFAULT_DAYS = 90
FORM_TYPES = ("application/x-www-form-urlencoded", "")
_ATTRIBUTE = re.compile(r"^attribute\[([a-z0-9_]{1,40})\]$")


def key_hash(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


def create_key(uow, clock, *, name: str) -> tuple[str, str]:
    """(key id, the key): the key is shown once; only its hash is kept."""
    name = " ".join((name or "").split())
    if not 3 <= len(name) <= 200:
        raise InvalidArgument(violations=[FieldViolation("name", "too_short", {"min": 3})])
    api_key = secrets.token_urlsafe(32)
    key_id = str(uuid.uuid4())
    with uow:
        uow.open311_keys.add(key_id=key_id, name=name, key_hash=key_hash(api_key), now=clock())
        uow.commit()
    return key_id, api_key


def services_list() -> list[dict]:
    return [
        {
            "service_code": s.code,
            "service_name": s.name,
            "description": s.description,
            "metadata": s.metadata,
            "type": "realtime",
            "keywords": ", ".join(s.keywords),
            "group": s.group,
        }
        for s in open311.SERVICES
    ]


def service_definition(service_code: str) -> dict:
    service = open311.BY_CODE.get(service_code)
    if service is None:
        raise NotFound("open311_service_not_found")
    attributes = []
    for order, a in enumerate(service.attributes, start=1):
        attributes.append(
            {
                "variable": True,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": a.datatype_description,
                "order": order,
                "description": a.description,
                "values": [{"key": k, "name": n} for k, n in a.values],
            }
        )
    return {"service_code": service.code, "attributes": attributes}


def _float(form: dict, name: str, violations: list) -> float | None:
    raw = form.get(name, [""])[-1].strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        violations.append(FieldViolation(name, "expected_number"))
        return None


def _region_from_address(address: str) -> str:
    """A Gorontalo district named in the address string (the longest matching name wins), or ''."""
    text = f" {' '.join(re.split(r'[,;./]+', address.lower()))} "
    text = " ".join(text.split())
    matches = [
        r
        for r in regions.all_regions()
        if r.level == "district" and r.code.startswith("75.") and f" {r.name.lower()} " in f" {text} "
    ]
    return max(matches, key=lambda r: len(r.name)).code if matches else ""


def parse_form(form_bytes: bytes, content_type: str) -> dict[str, list[str]]:
    if (content_type or "").split(";")[0].strip().lower() not in FORM_TYPES:
        raise InvalidArgument("open311_form_expected")
    try:
        return urllib.parse.parse_qs(
            form_bytes.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=100
        )
    except (UnicodeDecodeError, ValueError):
        raise InvalidArgument("open311_form_expected") from None


def authorised_client(uow, form: dict[str, list[str]]) -> dict:
    """The client holding the form's api_key; PermissionDenied (403, checked first) otherwise."""
    api_key = form.get("api_key", [""])[-1]
    with uow:
        client = uow.open311_keys.find(key_hash(api_key)) if api_key else None
    if client is None:
        raise PermissionDenied("open311_api_key_invalid")
    return client


def dedupe_key(form: dict[str, list[str]]) -> str:
    """What makes two posts of one client the same request: the same fields and values, in any order.

    Open311 clients send no Idempotency-Key; a client that retries a post whose answer it lost sends
    the same body again, and gets the first service_request_id back (servicekit.idempotency).
    """
    fields = sorted((name, value) for name, values in form.items() for value in values)
    return hashlib.sha256(urllib.parse.urlencode(fields).encode()).hexdigest()


def create_request(uow, clock, new_code, router, cipher, *, form: dict[str, list[str]], client: dict) -> list[dict]:
    violations: list[FieldViolation] = []
    service_code = form.get("service_code", [""])[-1].strip()
    service = open311.BY_CODE.get(service_code)
    if not service_code:
        violations.append(FieldViolation("service_code", "required"))
    elif service is None:
        # GeoReport v2 answers an unknown code with 404 ("service_code or jurisdiction_id was not
        # found"), not as a field problem among others: the client asked for a service that is not here.
        raise NotFound("open311_service_not_found")
    lat, lon = _float(form, "lat", violations), _float(form, "long", violations)
    address = " ".join(form.get("address_string", [""])[-1].split())[:300]
    region = form.get("address_id", [""])[-1].strip()
    if (lat is None) != (lon is None):
        violations.append(FieldViolation("long" if lon is None else "lat", "required"))
    if lat is None and lon is None and not address and not region:
        violations.append(FieldViolation("lat", "open311_location_required"))
    if not region and address:
        region = _region_from_address(address)
        if not region and lat is None:
            violations.append(FieldViolation("address_string", "open311_address_unknown"))
    given = {m.group(1): v for k, v in form.items() if (m := _ATTRIBUTE.match(k))}
    attributes = {}
    if service is not None:
        attributes, problems = open311.check_attributes(service, given)
        violations += [FieldViolation(f, r, p) for f, r, p in problems]
    description = (form.get("description", [""])[-1] or "").strip()
    title_source = address or description
    title = f"{service.name if service else ''}: {title_source}"[:150] if title_source else ""
    filing = None
    try:
        filing = model.validate_filing(
            category=service.code if service else "",
            title=title,
            description=description,
            latitude=lat or 0.0,
            longitude=lon or 0.0,
            region_code=region,
            privacy="biasa",
            channel="open311",
        )
    except InvalidArgument as error:
        violations += error.violations
    contact = ""
    for name, check in (("phone", anonymous.normalise_phone), ("email", lambda e: e.strip().lower() or None)):
        raw = form.get(name, [""])[-1].strip()
        if raw and not contact:
            contact = check(raw) or ""
    if violations:
        raise InvalidArgument(violations=violations)
    reporter = services.Reporter(
        id=f"open311:{client['id']}",
        contact_encrypted=cipher.encrypt(contact, anonymous.CONTACT_CONTEXT) if contact else "",
        contact_index=cipher.index(contact, anonymous.CONTACT_CONTEXT) if contact else "",
    )
    complaint = services.create_complaint(
        uow, clock, new_code, reporter, filing, router=router, address=address, attributes=attributes
    )
    notice = f"Diteruskan ke {complaint.agency_name}" if complaint.agency_name else "Menunggu disposisi"
    return [{"service_request_id": complaint.tracking_code, "service_notice": notice, "account_id": ""}]


def _w3c(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z") if value else ""


def request_of(complaint: model.Complaint, photos, links: Links) -> dict:
    view = model.view_of(complaint, None, photos=tuple(photos))
    service = open311.BY_CODE.get(complaint.category)
    position = public.public_position(complaint)
    updated = max(
        t
        for t in (
            complaint.filed_at,
            complaint.dispositioned_at,
            complaint.first_response_at,
            complaint.resolved_at,
            complaint.closed_at,
        )
        if t is not None
    )
    expected = None
    if complaint.status not in open311.OPEN311_CLOSED:
        expected = lifecycle.first_response_due(complaint) or lifecycle.disposition_due(complaint)
    media = links.photo(complaint.tracking_code, view.photos[0].id) if view.photos else ""
    return {
        "service_request_id": complaint.tracking_code,
        "status": open311.status_of(complaint.status),
        # Free text from people: masked as in the public listing.
        "status_notes": mask_personal_numbers(complaint.rejection_reason or ""),
        "service_name": service.name if service else "",
        "service_code": complaint.category,
        "description": view.description,
        "agency_responsible": complaint.agency_name,
        "service_notice": "",
        "requested_datetime": _w3c(complaint.filed_at),
        "updated_datetime": _w3c(updated),
        "expected_datetime": _w3c(expected),
        "address": mask_personal_numbers(complaint.address or ""),
        "address_id": complaint.region_code,
        "zipcode": "",
        "lat": position[0] if position else None,
        "long": position[1] if position else None,
        "media_url": media,
    }


def list_requests(
    uow,
    clock,
    links: Links,
    *,
    service_request_id: str = "",
    service_code: str = "",
    start_date: str = "",
    end_date: str = "",
    status: str = "",
    limiter=None,
    principal=None,
    client_address: str = "",
) -> list[dict]:
    v = Validator()
    criteria: dict = {}
    if service_request_id:
        requested = service_request_id.split(",")[:MAX_RESULTS]
        if limiter is not None:  # each id is a look-up by tracking code
            limiter.lookup(principal, client_address, count=len(requested))
        codes = [tracking.parse(code) for code in requested]
        criteria["tracking_codes"] = [c for c in codes if c]
    else:
        if service_code:
            if service_code not in open311.BY_CODE:
                v.add("service_code", "open311_service_not_found")
            criteria["category"] = service_code
        if status:
            v.one_of("status", status, {"open", "closed"})
            criteria["statuses"] = open311.statuses_for(status)
        end = dates.moment_field(v, "end_date", end_date) if end_date else clock()
        start = dates.moment_field(v, "start_date", start_date) if start_date else None
        if start is None and end is not None and not start_date:
            start = end - dt.timedelta(days=DEFAULT_DAYS)
        if start and end:
            criteria["filed_from"], criteria["filed_until"] = start, end
    v.raise_if_invalid()
    with uow:
        found = uow.complaints.public(**criteria, limit=MAX_RESULTS)
        photos = uow.photos.of_many([c.id for c in found])
    return [request_of(c, photos.get(c.id, ()), links) for c in found]


def get_request(
    uow, links: Links, *, service_request_id: str, limiter=None, principal=None, client_address: str = ""
) -> list[dict]:
    if limiter is not None:
        limiter.lookup(principal, client_address)
    code = tracking.parse(service_request_id)
    if code is None:
        raise NotFound("complaint_not_found")
    with uow:
        complaint = uow.complaints.by_tracking_code(code)
        if complaint is None or complaint.privacy == "rahasia":
            raise NotFound("complaint_not_found")
        photos = uow.photos.of(complaint.id)
    return [request_of(complaint, photos, links)]
