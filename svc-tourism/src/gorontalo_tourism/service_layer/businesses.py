"""Tourism businesses and their "berizin" badge, verified against svc-permits.

A business cites its permit; svc-permits says whether it is valid and whose it is. Valid and held by
the account listing it: licensed at once. Valid but another account's: an officer confirms (or
refuses). A revoked permit (gorontalo.permits.permit.revoked) takes the badge away in the consumer's
transaction, with nobody in the loop.

Expiry: svc-permits' permits carry no end date (OSS-RBA permits stand until revoked) and it
publishes no expiry event, so revocation is the one way a permit ends. Should permits gain an
end date, PermitFacts would carry it and `licensed` check it at read time beside the event.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from gorontalo.tourism.v1 import events_pb2
from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound, PermissionDenied

from ..domain import model, rules
from ..domain.model import Business, localized
from .access import TourismOffices
from .destinations import _region_filter
from .metrics import PERMIT_DECISIONS

Clock = Callable[[], dt.datetime]
_PERMIT_NUMBER = re.compile(r"^(\d{4})[/-]DPMPTSP[/-](\d{4})[/-](\d{6})$")


@dataclass(frozen=True)
class PermitFacts:
    permit_number: str
    holder_account_id: str
    validity: str  # valid or revoked
    regency_code: str


class PermitRegistry(Protocol):
    def holder(self, permit_number: str) -> PermitFacts | None:
        """The permit's facts, None when svc-permits knows no such permit; Unavailable when unreachable."""


def normalise_permit_number(value: str) -> str | None:
    match = _PERMIT_NUMBER.match((value or "").strip())
    return "/".join([match.group(1), "DPMPTSP", match.group(2), match.group(3)]) if match else None


def _licence_changed(uow, business: Business) -> None:
    uow.add_event(
        events_pb2.BusinessLicenceChanged(
            business_id=business.id,
            region_code=business.region_code,
            permit_number=business.permit_number,
            permit_status=business.permit_status,
            licensed=business.licensed,
        ),
        subject=business.id,
    )


def _checked_form(
    *, name, kind, region_code, latitude, longitude, description, contacts, permit_number, address
) -> tuple[dict, dict, str]:
    """(description, contacts, the permit number normalised or "") of a valid form, else every problem."""
    description, contacts = localized(description), {k: v.strip() for k, v in (contacts or {}).items() if v}
    problems = rules.business_problems(
        name=name,
        kind=kind,
        region_code=region_code,
        point=(latitude, longitude),
        description=description,
        contacts=contacts,
        address=address,
    )
    number = ""
    if permit_number.strip():
        number = normalise_permit_number(permit_number)
        if number is None:
            problems.append(FieldViolation("permit_number", "permit_number_invalid"))
    if problems:
        raise InvalidArgument(violations=problems)
    return description, contacts, number


def _permit_status(permits: PermitRegistry, number: str, lister_id: str) -> str:
    """svc-permits' word on a cited permit: held by the account listing the business, licensed at once;
    another's, awaiting an officer. Asked before any transaction: a slow svc-permits holds no database
    lock, and when it cannot be reached nothing is written (503)."""
    facts = permits.holder(number)
    if facts is None:
        raise InvalidArgument(violations=[FieldViolation("permit_number", "permit_not_found")])
    if facts.validity != "valid":
        raise InvalidArgument(violations=[FieldViolation("permit_number", "permit_not_valid")])
    return model.PERMIT_LICENSED if facts.holder_account_id == lister_id else model.PERMIT_AWAITING


def create(
    uow,
    clock: Clock,
    principal: Principal,
    permits: PermitRegistry,
    *,
    name: str,
    kind: str,
    region_code: str,
    latitude: float = 0.0,
    longitude: float = 0.0,
    description: dict | None = None,
    contacts: dict | None = None,
    permit_number: str = "",
    address: str = "",
) -> Business:
    description, contacts, number = _checked_form(
        name=name,
        kind=kind,
        region_code=region_code,
        latitude=latitude,
        longitude=longitude,
        description=description,
        contacts=contacts,
        permit_number=permit_number,
        address=address,
    )
    status = _permit_status(permits, number, principal.subject) if number else model.PERMIT_NONE
    now = clock()
    business = Business(
        id=str(uuid.uuid4()),
        owner_id=principal.subject,
        name=name.strip(),
        kind=kind,
        region_code=region_code.strip(),
        latitude=latitude,
        longitude=longitude,
        description=description,
        contacts=contacts,
        address=address.strip(),
        permit_number=number,
        permit_status=status,
        permit_checked_at=now if number else None,
        created_at=now,
    )
    with uow:
        uow.businesses.add(business)
        if number:
            _licence_changed(uow, business)
        uow.commit()
    if number:
        PERMIT_DECISIONS.labels(business.permit_status).inc()
    return business


def _require_editor(principal: Principal, business: Business, offices: TourismOffices) -> None:
    """The account that listed the business, or a tourism officer whose jurisdiction covers it."""
    if principal.role == "officer":
        offices.require_officer(principal, business.region_code)
    elif principal.role != "citizen" or principal.subject != business.owner_id:
        raise PermissionDenied("business_owner_only")


def update(
    uow,
    clock: Clock,
    principal: Principal,
    permits: PermitRegistry,
    business_id: str,
    *,
    offices: TourismOffices,
    name: str,
    kind: str,
    region_code: str,
    latitude: float = 0.0,
    longitude: float = 0.0,
    description: dict | None = None,
    contacts: dict | None = None,
    permit_number: str = "",
    address: str = "",
) -> Business:
    """Replace the editable fields. A newly cited permit is checked against the account that listed the
    business, whoever edits; the same permit keeps the status it has (revoked stays revoked)."""
    before = get(uow, business_id)
    _require_editor(principal, before, offices)
    description, contacts, number = _checked_form(
        name=name,
        kind=kind,
        region_code=region_code,
        latitude=latitude,
        longitude=longitude,
        description=description,
        contacts=contacts,
        permit_number=permit_number,
        address=address,
    )
    if principal.role == "officer":
        offices.require_officer(principal, region_code.strip())  # not moved out of the officer's reach
    new_permit = number != before.permit_number
    status = before.permit_status
    if new_permit:
        status = _permit_status(permits, number, before.owner_id) if number else model.PERMIT_NONE
    now = clock()
    with uow:
        current = uow.businesses.get(before.id)
        if current.permit_number != before.permit_number:  # edited by someone else meanwhile
            raise FailedPrecondition("business_changed_meanwhile")
        current.name, current.kind, current.region_code = name.strip(), kind, region_code.strip()
        current.latitude, current.longitude = latitude, longitude
        current.description, current.contacts, current.address = description, contacts, address.strip()
        if new_permit:
            # else the status stays as it is now: a revocation that landed meanwhile is kept
            current.permit_number, current.permit_status = number, status
            current.permit_checked_at = now if number else None
        uow.businesses.update(current)
        if new_permit:
            _licence_changed(uow, current)
        uow.commit()
    if new_permit and number:
        PERMIT_DECISIONS.labels(current.permit_status).inc()
    return current


def mine(uow, principal: Principal, *, page_size=0, page_token="") -> tuple[list[Business], str]:
    """The businesses the caller's account listed, by name, whatever their permit's status."""
    offset, limit = paging.window(page_size, page_token)
    with uow:
        found = uow.businesses.listed(owner_id=principal.subject)
    page = found[offset : offset + limit]
    return page, paging.next_token(offset, len(page), limit) if offset + limit < len(found) else ""


def confirm_permit(
    uow,
    clock: Clock,
    principal: Principal,
    permits: PermitRegistry,
    business_id: str,
    *,
    confirm: bool,
    offices: TourismOffices,
) -> Business:
    """An officer decides a permit held by another account; a valid permit is checked again first."""
    offices.require_officer(principal)
    business = get(uow, business_id)
    offices.require_officer(principal, business.region_code)
    if business.permit_status != model.PERMIT_AWAITING:
        raise FailedPrecondition("business_not_awaiting_confirmation", status=business.permit_status)
    if confirm:
        facts = permits.holder(business.permit_number)
        if facts is None or facts.validity != "valid":
            raise FailedPrecondition("permit_not_valid")
    with uow:
        current = uow.businesses.get(business.id)
        if current.permit_status != model.PERMIT_AWAITING:  # revoked meanwhile
            raise FailedPrecondition("business_not_awaiting_confirmation", status=current.permit_status)
        current.permit_status = model.PERMIT_LICENSED if confirm else model.PERMIT_REFUSED
        current.permit_checked_at = clock()
        uow.businesses.update_permit(current)
        _licence_changed(uow, current)
        uow.commit()
    PERMIT_DECISIONS.labels(current.permit_status).inc()
    return current


def permit_revoked(uow, clock: Clock, permit_number: str) -> int:
    """Consumer of gorontalo.permits.permit.revoked: every business citing it loses its badge (in the
    bus's transaction). Returns how many changed."""
    number = normalise_permit_number(permit_number)
    if number is None:
        return 0
    changed = 0
    for business in uow.businesses.with_permit(number):
        if business.permit_status == model.PERMIT_REVOKED:
            continue
        business.permit_status = model.PERMIT_REVOKED
        business.permit_checked_at = clock()
        uow.businesses.update_permit(business)
        _licence_changed(uow, business)
        changed += 1
    if changed:
        uow.after_commit(lambda: PERMIT_DECISIONS.labels(model.PERMIT_REVOKED).inc(changed))
    return changed


def get(uow, business_id: str) -> Business:
    with uow:
        business = uow.businesses.get((business_id or "").strip())
    if business is None:
        raise NotFound("business_not_found")
    return business


def search_businesses(
    uow, *, q: str = "", kind: str = "", region: str = "", licensed_only=False, page_size=0, page_token=""
) -> tuple[list[Business], str]:
    problems = []
    if kind and kind not in model.BUSINESS_KINDS:
        problems.append(FieldViolation("kind", "not_one_of", {"allowed": ", ".join(model.BUSINESS_KINDS)}))
    if problems:
        raise InvalidArgument(violations=problems)
    code = _region_filter(region)
    offset, limit = paging.window(page_size, page_token)
    statuses = (model.PERMIT_LICENSED,) if licensed_only else ()
    with uow:
        found = uow.businesses.listed(kind=kind, region=code, statuses=statuses)
    wanted = rules.words(q)
    found = [b for b in found if all(w in rules.words(b.name + " " + " ".join(b.description.values())) for w in wanted)]
    page = found[offset : offset + limit]
    return page, paging.next_token(offset, len(page), limit) if offset + limit < len(found) else ""


def pending(uow, principal: Principal, *, offices: TourismOffices, page_size=0, page_token="") -> tuple[list, str]:
    offices.require_officer(principal)
    offset, limit = paging.window(page_size, page_token)
    with uow:
        found = uow.businesses.listed(statuses=(model.PERMIT_AWAITING,), jurisdiction=principal.jurisdiction)
    page = found[offset : offset + limit]
    return page, paging.next_token(offset, len(page), limit) if offset + limit < len(found) else ""
