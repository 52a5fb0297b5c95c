"""Bapenda's master data: import vehicles and properties from CSV, generate a tax year's bills.

Import is all or nothing: every row is checked first and any problem (reported per row) writes
nothing. It is idempotent: an object already held with the same data is left unchanged; one held
with other data is a row error (master data corrections are a later feature, not a silent overwrite).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from prometheus_client import Counter

from gorontalo.tax.v1 import events_pb2
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied, Validator

from ..domain import billing, model
from ..domain.billing import Bill, BillLine
from ..domain.dates import Clock
from ..domain.pkb import RateTable
from ..domain.property import MAX_AREA_M2, MAX_NJOP, PbbRate, Property, check_nop, format_nop, nik_shape_ok
from .access import DEFAULT_OFFICES, TaxOffices
from .billing import bill_issued_event, count_issued
from .vehicles import _regency_code, vehicle_registered

OBJECTS_IMPORTED = Counter("gorontalo_tax_objects_imported_total", "Tax objects created by import, by kind.", ["kind"])

COLUMNS = (
    "kind",
    "owner_nik",
    "plate_number",
    "vehicle_type",
    "model_year",
    "taxable_value",
    "regency_code",
    "nop",
    "land_area_m2",
    "building_area_m2",
    "njop_land",
    "njop_building",
)
KINDS = ("vehicle", "property")
_BATCH = 500


@dataclass
class RowError:
    line: int
    field: str
    reason: str
    params: dict = field(default_factory=dict)


@dataclass
class ImportReport:
    created: dict = field(default_factory=lambda: {"vehicle": 0, "property": 0})
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def _int(row: dict, name: str, low: int, high: int, problems: list) -> int | None:
    raw = (row.get(name) or "").strip()
    if not raw.isdigit() or not low <= int(raw) <= high:
        problems.append((name, "required", {}) if not raw else (name, "out_of_range", {"min": low, "max": high}))
        return None
    return int(raw)


def _vehicle(row, now, problems) -> dict:
    plate = model.check_plate(row.get("plate_number", ""))
    if not plate.valid:
        problems.append(("plate_number", plate.reason, {}))
    vehicle_type = (row.get("vehicle_type") or "").strip().lower()
    if vehicle_type not in model.VEHICLE_TYPES:
        problems.append(("vehicle_type", "not_one_of", {"allowed": ", ".join(model.VEHICLE_TYPES)}))
    year = _int(row, "model_year", model.EARLIEST_MODEL_YEAR, model.latest_model_year(now), problems)
    value = _int(row, "taxable_value", model.MIN_TAXABLE_VALUE, model.MAX_TAXABLE_VALUE, problems)
    v = Validator()
    regency = _regency_code(v, "regency_code", row.get("regency_code", ""))
    problems.extend((x.field, x.reason, x.params) for x in v.violations)
    return {
        "plate": plate.plate,
        "vehicle_type": vehicle_type,
        "model_year": year,
        "taxable_value": value,
        "regency_code": regency,
    }


def _property(row, problems) -> dict:
    nop = check_nop(row.get("nop", ""))
    if nop.reason:
        problems.append(("nop", nop.reason, {}))
    return {
        "nop": nop.nop,
        "regency_code": nop.regency_code,
        "land_area_m2": _int(row, "land_area_m2", 0, MAX_AREA_M2, problems),
        "building_area_m2": _int(row, "building_area_m2", 0, MAX_AREA_M2, problems),
        "njop_land": _int(row, "njop_land", 0, MAX_NJOP, problems),
        "njop_building": _int(row, "njop_building", 0, MAX_NJOP, problems),
    }


def import_objects(
    uow, rates: RateTable, cipher, clock: Clock, text: str, covers: Callable[[str], bool] | None = None
) -> ImportReport:
    """`covers`: when given, a row whose levying authority ("75" for a vehicle's PKB, the regency for a
    property's PBB-P2) it does not cover is a row error (outside_jurisdiction): an officer's upload."""
    now = clock()
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        report.errors.append(RowError(1, ",".join(missing), "columns_missing"))
        return report
    seen: set[str] = set()
    planned = []
    new_orders: dict[str, int] = {}
    with uow:
        for line, row in enumerate(reader, start=2):
            problems: list[tuple[str, str, dict]] = []
            kind = (row.get("kind") or "").strip().lower()
            nik = (row.get("owner_nik") or "").strip()
            if kind not in KINDS:
                report.errors.append(RowError(line, "kind", "not_one_of", {"allowed": ", ".join(KINDS)}))
                continue
            if not nik_shape_ok(nik):
                problems.append(("owner_nik", "nik_invalid", {}))
            fields = _vehicle(row, now, problems) if kind == "vehicle" else _property(row, problems)
            key = fields.get("plate") or fields.get("nop")
            if key and key in seen:
                problems.append(("plate_number" if kind == "vehicle" else "nop", "duplicate_in_file", {}))
            seen.add(key)
            authority = billing.PROVINCE_CODE if kind == "vehicle" else fields.get("regency_code")
            if covers is not None and authority and not covers(authority):
                problems.append(("plate_number" if kind == "vehicle" else "nop", "outside_jurisdiction", {}))
            if problems:
                report.errors.extend(RowError(line, f, r, params) for f, r, params in problems)
                continue
            nik_index = cipher.index(nik)
            if kind == "vehicle":
                held = uow.vehicles.by_plate(fields["plate"])
                if held is not None:
                    same = (
                        held.owner_nik_index,
                        held.vehicle_type,
                        held.model_year,
                        held.taxable_value,
                        held.regency_code,
                    ) == (
                        nik_index,
                        fields["vehicle_type"],
                        fields["model_year"],
                        fields["taxable_value"],
                        fields["regency_code"],
                    )
                    if same:
                        report.unchanged += 1
                    else:
                        report.errors.append(RowError(line, "plate_number", "object_exists_differs"))
                    continue
                if nik_index not in new_orders:
                    new_orders[nik_index] = uow.vehicles.count_for_nik_index(nik_index)
                new_orders[nik_index] += 1
                assessment = rates.assess(fields["vehicle_type"], fields["taxable_value"], new_orders[nik_index])
                vehicle = model.Vehicle(
                    id=str(uuid.uuid4()),
                    owner_id=None,
                    plate_number=fields["plate"],
                    vehicle_type=fields["vehicle_type"],
                    model_year=fields["model_year"],
                    taxable_value=fields["taxable_value"],
                    regency_code=fields["regency_code"],
                    ownership_order=new_orders[nik_index],
                    weight_permille=assessment.weight_permille,
                    rate_basis_points=assessment.rate_basis_points,
                    opsen_basis_points=assessment.opsen_basis_points,
                    annual_pkb=assessment.annual_pkb,
                    annual_opsen_pkb=assessment.annual_opsen_pkb,
                    registered_at=now,
                    owner_nik_index=nik_index,
                )
                planned.append(("vehicle", vehicle, cipher.encrypt(nik)))
            else:
                held = uow.properties.by_nop(fields["nop"])
                if held is not None:
                    same = (
                        held.owner_nik_index,
                        held.land_area_m2,
                        held.building_area_m2,
                        held.njop_land,
                        held.njop_building,
                    ) == (
                        nik_index,
                        fields["land_area_m2"],
                        fields["building_area_m2"],
                        fields["njop_land"],
                        fields["njop_building"],
                    )
                    if same:
                        report.unchanged += 1
                    else:
                        report.errors.append(RowError(line, "nop", "object_exists_differs"))
                    continue
                prop = Property(
                    id=str(uuid.uuid4()),
                    nop=fields["nop"],
                    regency_code=fields["regency_code"],
                    owner_id=None,
                    owner_nik_index=nik_index,
                    land_area_m2=fields["land_area_m2"],
                    building_area_m2=fields["building_area_m2"],
                    njop_land=fields["njop_land"],
                    njop_building=fields["njop_building"],
                    registered_at=now,
                )
                planned.append(("property", prop, cipher.encrypt(nik)))
        if report.errors:
            return report  # all or nothing: leaving the unit of work rolls back
        for kind, obj, nik_encrypted in planned:
            if kind == "vehicle":
                uow.vehicles.add(obj, owner_nik_encrypted=nik_encrypted)
                uow.add_event(vehicle_registered(obj), subject=obj.id)
            else:
                uow.properties.add(obj, owner_nik_encrypted=nik_encrypted)
                uow.add_event(
                    events_pb2.PropertyRegistered(property_id=obj.id, regency_code=obj.regency_code), subject=obj.id
                )
            report.created[kind] += 1
        uow.commit()
    for kind, count in report.created.items():
        OBJECTS_IMPORTED.labels(kind).inc(count)
    return report


@dataclass
class GenerationReport:
    issued: dict = field(default_factory=lambda: {"pkb": 0, "pbb": 0})
    existing: int = 0
    nothing_owed: int = 0


def default_due_date(tax_type: str, year: int) -> dt.date:
    # Province and regencies set these by regulation; overridable with --due-date.
    return dt.date(year, 6, 30) if tax_type == "pkb" else dt.date(year, 8, 31)


def _pkb_bill(vehicle: model.Vehicle, year: int, due: dt.date, now: dt.datetime) -> Bill:
    return Bill(
        id=str(uuid.uuid4()),
        tax_type="pkb",
        object_id=vehicle.id,
        tax_year=year,
        authority_code=billing.PROVINCE_CODE,
        region_code=vehicle.regency_code,
        owner_id=vehicle.owner_id,
        owner_nik_index=vehicle.owner_nik_index,
        description=f"PKB {year} {vehicle.plate_number}",
        due_date=due,
        status=billing.UNPAID,
        issued_at=now,
        lines=[
            BillLine("pkb", vehicle.annual_pkb, billing.PROVINCE_CODE),
            BillLine("opsen_pkb", vehicle.annual_opsen_pkb, vehicle.regency_code),
        ],
    )


def _pbb_bill(prop: Property, amount: int, year: int, due: dt.date, now: dt.datetime) -> Bill:
    return Bill(
        id=str(uuid.uuid4()),
        tax_type="pbb",
        object_id=prop.id,
        tax_year=year,
        authority_code=prop.regency_code,
        region_code=prop.regency_code,
        owner_id=prop.owner_id,
        owner_nik_index=prop.owner_nik_index,
        description=f"PBB-P2 {year} NOP {format_nop(prop.nop)}",
        due_date=due,
        status=billing.UNPAID,
        issued_at=now,
        lines=[BillLine("pbb", amount, prop.regency_code)],
    )


def generate_bills(
    uow_factory, pbb_rates: dict[str, PbbRate], clock: Clock, year: int, due_date: dt.date | None = None
) -> GenerationReport:
    """One bill per object and tax year; running it again issues nothing twice."""
    now = clock()
    report = GenerationReport()
    with uow_factory() as uow:
        vehicles = uow.vehicles.all_ids()
        props = uow.properties.all_ids()
    for start in range(0, max(len(vehicles), len(props)), _BATCH):
        with uow_factory() as uow:
            issued = []
            for vehicle_id in vehicles[start : start + _BATCH]:
                if uow.bills.exists_for(vehicle_id, year):
                    report.existing += 1
                    continue
                issued.append(
                    _pkb_bill(uow.vehicles.get(vehicle_id), year, due_date or default_due_date("pkb", year), now)
                )
            for prop in uow.properties.all_by_ids(props[start : start + _BATCH]):
                if uow.bills.exists_for(prop.id, year):
                    report.existing += 1
                    continue
                amount = pbb_rates[prop.regency_code].annual_pbb(prop.njop)
                if amount == 0:
                    report.nothing_owed += 1
                    continue
                issued.append(_pbb_bill(prop, amount, year, due_date or default_due_date("pbb", year), now))
            # Bills of imported objects name the account that claimed their owner's NIK (claims.py): held
            # objects make a concurrent claim wait for this batch, or this batch read the claim it made.
            uow.claims.hold_objects(
                [b.object_id for b in issued if b.tax_type == "pkb"],
                [b.object_id for b in issued if b.tax_type == "pbb"],
            )
            claimed_by = uow.claims.owners_of(b.owner_nik_index for b in issued if not b.owner_id)
            added = []
            for bill in issued:
                try:
                    uow.bills.add(bill)
                except billing.DuplicateBill:  # a concurrent run issued it first
                    report.existing += 1
                    continue
                bill_issued_event(uow, bill, bill.owner_id or claimed_by.get(bill.owner_nik_index, ""))
                added.append(bill)
            uow.commit()
        for bill in added:
            report.issued[bill.tax_type] += 1
            count_issued(bill)
    return report


UPLOAD_ROLES = ("officer", "admin")


def import_upload(
    uow,
    rates: RateTable,
    cipher,
    clock: Clock,
    principal: Principal,
    data: bytes,
    *,
    offices: TaxOffices = DEFAULT_OFFICES,
) -> tuple[ImportReport, int]:
    """POST /v1/tax/objects:import: the uploaded CSV through import_objects (all rows or none), an
    officer only for what their jurisdiction levies. Returns the report and the number of data rows."""
    offices.admit(principal)
    if principal.role not in UPLOAD_ROLES:
        raise PermissionDenied()
    v = Validator()
    try:
        text = (data or b"").decode("utf-8-sig")
    except UnicodeDecodeError:
        v.add("file", "csv_not_utf8")
        text = ""
    if not v.violations:
        v.require("file", text.strip())
    v.raise_if_invalid()
    try:  # the csv module refuses fields over its limit (128 KiB): not a CSV this import can read
        rows = sum(1 for _ in csv.DictReader(io.StringIO(text)))
    except csv.Error:
        v.add("file", "csv_invalid")
        v.raise_if_invalid()
    covers = principal.covers if principal.role == "officer" else None
    return import_objects(uow, rates, cipher, clock, text, covers), rows
