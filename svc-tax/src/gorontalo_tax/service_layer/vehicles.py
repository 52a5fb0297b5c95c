"""Vehicle use cases: register a vehicle as a PKB object, and read vehicles under the access rules."""

from __future__ import annotations

import uuid

from prometheus_client import Counter

from gorontalo.tax.v1 import events_pb2
from servicekit import paging, regions
from servicekit.auth import Principal
from servicekit.errors import Aborted, AlreadyExists, NotFound, PermissionDenied, Validator

from ..domain import model
from ..domain.dates import Clock
from ..domain.pkb import RateTable
from .access import DEFAULT_OFFICES, STAFF_SEEING_ALL, TaxOffices, listing_scope

VEHICLES_REGISTERED = Counter(
    "gorontalo_tax_vehicles_registered_total", "Vehicles registered as PKB objects.", ["vehicle_type"]
)
PKB_ASSESSED = Counter(
    "gorontalo_tax_pkb_assessed_rupiah_total", "Annual PKB assessed at registration, in rupiah.", ["vehicle_type"]
)
ACCESS_REFUSED = Counter(
    "gorontalo_tax_vehicle_access_refused_total", "Reads of a vehicle refused, by reason.", ["reason"]
)


# A concurrent registration of the same owner can take the ownership order we counted; recount and retry.
_REGISTER_ATTEMPTS = 3


def _regency_code(v: Validator, field: str, raw: str) -> str | None:
    """A regency/city of Gorontalo, normalised ('7571' -> '75.71')."""
    if not v.require(field, raw):
        return None
    code = regions.normalise(raw)
    if code is None:
        v.add(field, "region_unknown")
        return None
    if code.split(".")[0] != regions.GORONTALO:
        v.add(field, "region_outside_gorontalo")
        return None
    region = regions.lookup(code)
    if region is None:
        v.add(field, "region_unknown")
        return None
    if region.level != "regency":
        v.add(field, "regency_level_required")
        return None
    return code


def _positive(v: Validator, field: str, value: int, low: int, high: int) -> None:
    # proto3 sends 0 for a field left out: say "required" rather than "out of range".
    if value == 0:
        v.add(field, "required")
    else:
        v.in_range(field, value, low, high)


def register_vehicle(
    uow,
    rates: RateTable,
    clock: Clock,
    principal: Principal,
    *,
    plate_number: str,
    vehicle_type: str,
    model_year: int,
    taxable_value: int,
    regency_code: str,
) -> model.Vehicle:
    principal.require_role("citizen")
    now = clock()
    v = Validator()
    plate = model.check_plate(plate_number)
    if not plate.valid:
        v.add("plate_number", plate.reason)
    vehicle_type = (vehicle_type or "").strip().lower()
    if v.require("vehicle_type", vehicle_type):
        v.one_of("vehicle_type", vehicle_type, set(model.VEHICLE_TYPES))
    _positive(v, "model_year", model_year, model.EARLIEST_MODEL_YEAR, model.latest_model_year(now))
    _positive(v, "taxable_value", taxable_value, model.MIN_TAXABLE_VALUE, model.MAX_TAXABLE_VALUE)
    regency = _regency_code(v, "regency_code", regency_code)
    v.raise_if_invalid()

    vehicle_id = str(uuid.uuid4())
    for attempt in range(1, _REGISTER_ATTEMPTS + 1):
        with uow:
            if uow.vehicles.by_plate(plate.plate) is not None:
                raise AlreadyExists("vehicle_plate_exists", plate_number=plate.plate)
            order = uow.vehicles.count_for_owner(principal.subject) + 1
            assessment = rates.assess(vehicle_type, taxable_value, order)
            vehicle = model.Vehicle(
                id=vehicle_id,
                owner_id=principal.subject,
                plate_number=plate.plate,
                vehicle_type=vehicle_type,
                model_year=model_year,
                taxable_value=taxable_value,
                regency_code=regency,
                ownership_order=order,
                weight_permille=assessment.weight_permille,
                rate_basis_points=assessment.rate_basis_points,
                opsen_basis_points=assessment.opsen_basis_points,
                annual_pkb=assessment.annual_pkb,
                annual_opsen_pkb=assessment.annual_opsen_pkb,
                registered_at=now,
            )
            try:
                uow.vehicles.add(vehicle)
            except model.PlateTaken:
                raise AlreadyExists("vehicle_plate_exists", plate_number=plate.plate) from None
            except model.OwnershipOrderTaken:
                if attempt == _REGISTER_ATTEMPTS:
                    raise Aborted("registration_conflict") from None
                continue
            uow.add_event(vehicle_registered(vehicle), subject=vehicle.id)
            uow.commit()
            break
    VEHICLES_REGISTERED.labels(vehicle.vehicle_type).inc()
    PKB_ASSESSED.labels(vehicle.vehicle_type).inc(vehicle.annual_pkb)
    return vehicle


def vehicle_registered(vehicle: model.Vehicle) -> events_pb2.VehicleRegistered:
    """The event of a new PKB object; an imported vehicle has no owner account (owner_id "")."""
    return events_pb2.VehicleRegistered(
        vehicle_id=vehicle.id,
        owner_id=vehicle.owner_id or "",
        regency_code=vehicle.regency_code,
        vehicle_type=vehicle.vehicle_type,
        annual_pkb=vehicle.annual_pkb,
    )


def list_vehicles(
    uow, principal: Principal, *, page_size: int, page_token: str, offices: TaxOffices = DEFAULT_OFFICES
) -> tuple[list[model.Vehicle], str]:
    """A citizen's own vehicles; an officer's within their jurisdiction; operators and admins see all."""
    offices.admit(principal)
    limit = paging.page_size(page_size)
    offset = paging.decode(page_token)
    with uow:
        scope = listing_scope(uow, principal, "within")
        # One row more than asked tells whether another page exists, without an empty last page.
        found = uow.vehicles.list(offset=offset, limit=limit + 1, **scope)
    page = found[:limit]
    return page, paging.next_token(offset, limit, limit) if len(found) > limit else ""


def get_vehicle(uow, principal: Principal, vehicle_id: str, *, offices: TaxOffices = DEFAULT_OFFICES) -> model.Vehicle:
    offices.admit(principal)
    vehicle_id = (vehicle_id or "").strip()
    if not vehicle_id:
        v = Validator()
        v.require("id", vehicle_id)
        v.raise_if_invalid()
    with uow:
        vehicle = uow.vehicles.get(vehicle_id) if len(vehicle_id) <= 36 else None
        claimed = (
            uow.claims.index_for(principal.subject)
            if vehicle is not None and vehicle.owner_nik_index and principal.role == "citizen"
            else None
        )
    if vehicle is None:
        raise NotFound()
    if principal.role == "citizen":
        if vehicle.owner_id != principal.subject and (claimed is None or claimed != vehicle.owner_nik_index):
            # Same answer as a missing id: ids are no oracle for other people's vehicles.
            ACCESS_REFUSED.labels("not_owner").inc()
            raise NotFound()
    elif principal.role == "officer":
        if not principal.covers(vehicle.regency_code):
            ACCESS_REFUSED.labels("outside_jurisdiction").inc()
        principal.require_jurisdiction(vehicle.regency_code)
    elif principal.role not in STAFF_SEEING_ALL:
        raise PermissionDenied()
    return vehicle
