"""Admin use cases: agencies (OPD), officers within an agency's region, API clients."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid

from gorontalo.identity.v1 import events_pb2 as events
from servicekit import regions
from servicekit.errors import AlreadyExists, FieldViolation, InvalidArgument, NotFound, Validator

from ..domain.model import Agency, ApiClient
from . import services

_AGENCY_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")


def create_agency(uow, clock, *, code: str, name: str, region_code: str) -> Agency:
    v = Validator()
    code = (code or "").strip().lower()
    if not _AGENCY_CODE.match(code):
        v.add("code", "agency_code_invalid")
    v.text("name", name, max_len=200, min_len=3)
    region = regions.normalise(region_code)
    if not region or (region != regions.GORONTALO and not regions.in_gorontalo(region)):
        v.add("region_code", "region_outside_gorontalo")
    v.raise_if_invalid()
    agency = Agency(
        id=str(uuid.uuid4()), code=code, name=" ".join(name.split()), region_code=region, created_at=clock()
    )
    with uow:
        if uow.agencies.by_code(code):
            raise AlreadyExists("agency_exists")
        uow.agencies.add(agency)
        uow.commit()
    return agency


def list_agencies(uow, offset: int, limit: int) -> list[Agency]:
    with uow:
        return uow.agencies.page(offset, limit)


def create_officer(
    uow,
    passwords,
    clock,
    *,
    agency_id: str,
    username: str,
    full_name: str,
    password: str,
    jurisdiction: list[str],
    agency_head: bool = False,
):
    with uow:
        agency = uow.agencies.get(agency_id) if agency_id else None
    if agency is None:
        raise InvalidArgument(violations=[FieldViolation("agency_id", "agency_unknown")])
    outside = [code for code in jurisdiction if not regions.within(code, [agency.region_code])]
    if outside:
        raise InvalidArgument(
            violations=[FieldViolation("jurisdiction", "jurisdiction_outside_agency", {"region": agency.region_code})]
        )
    return services.create_staff(
        uow,
        passwords,
        clock,
        role="officer",
        username=username,
        full_name=full_name,
        password=password,
        agency=agency.name,
        jurisdiction=jurisdiction,
        agency_id=agency.id,
        agency_head=agency_head,
    )


def set_agency_head(uow, clock, *, officer_id: str, agency_head: bool):
    """Appoint (replacing the agency's head, if any, in the same transaction) or relieve a head."""
    with uow:
        officer = uow.accounts.get(officer_id) if officer_id else None
        if officer is None or officer.role != "officer":
            raise NotFound("officer_not_found")
        if not officer.agency_id:
            raise InvalidArgument(violations=[FieldViolation("officer_id", "agency_head_needs_agency")])
        if officer.agency_head == agency_head:
            return officer
        previous = uow.accounts.agency_head_of(officer.agency_id) if agency_head else None
        if previous is not None:
            previous.agency_head = False  # stepped down first: the index allows one head per agency
            uow.accounts.save(previous)
        officer.agency_head = agency_head
        uow.accounts.save(officer)
        uow.add_event(
            events.OfficerAgencyHeadChanged(
                officer_id=officer.id,
                agency_id=officer.agency_id,
                agency_head=agency_head,
                previous_head_id=previous.id if previous else "",
            ),
            subject=officer.id,
        )
        uow.commit()
    return officer


def hash_client_secret(secret: str) -> str:
    # Client secrets are 256-bit random strings: a fast hash is enough and keeps checks cheap.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_client(uow, clock, *, name: str, rate_limit_per_minute: int) -> tuple[ApiClient, str]:
    v = Validator()
    v.text("name", name, max_len=200, min_len=3)
    rate = rate_limit_per_minute or 60
    v.in_range("rate_limit_per_minute", rate, 1, 6000)
    v.raise_if_invalid()
    secret = secrets.token_urlsafe(32)
    client = ApiClient(
        id="rp_" + secrets.token_hex(8),
        name=name.strip(),
        secret_hash=hash_client_secret(secret),
        rate_limit_per_minute=rate,
        created_at=clock(),
    )
    with uow:
        uow.api_clients.add(client)
        uow.commit()
    return client, secret
