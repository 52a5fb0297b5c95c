"""Vehicles registered as PKB tax objects, and the rules about them. Plain Python: no framework imports."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

VEHICLE_TYPES = ("sepeda_motor", "mobil_penumpang", "mobil_barang", "bus")

# Gorontalo's registration area code (kode wilayah registrasi) on number plates.
GORONTALO_PLATE_PREFIX = "DM"
# After spaces are removed: area letters, a number 1-9999 (plates never start with 0), 1-3 suffix letters.
_PLATE = re.compile(r"^([A-Z]{1,2})([1-9][0-9]{0,3})([A-Z]{1,3})$")

EARLIEST_MODEL_YEAR = 1950
MIN_TAXABLE_VALUE = 1
MAX_TAXABLE_VALUE = 10**12

# Gorontalo keeps WITA (UTC+8) all year; "this year" for model years is the local year.
WITA = dt.timezone(dt.timedelta(hours=8), "WITA")


class PlateTaken(Exception):
    """The plate is registered already (raised by a repository on a unique-key race)."""


class OwnershipOrderTaken(Exception):
    """Another registration of the same owner took this ownership order concurrently; retry."""


@dataclass(frozen=True)
class PlateCheck:
    plate: str | None
    reason: str | None

    @property
    def valid(self) -> bool:
        return self.plate is not None


def check_plate(raw: str) -> PlateCheck:
    """'dm1234ab', ' DM 1234 ab ' -> 'DM 1234 AB'; a reason when it is not a Gorontalo plate."""
    compact = "".join((raw or "").split()).upper()
    if not compact:
        return PlateCheck(None, "required")
    match = _PLATE.match(compact)
    if not match:
        return PlateCheck(None, "plate_invalid")
    area, number, suffix = match.groups()
    if area != GORONTALO_PLATE_PREFIX:
        return PlateCheck(None, "plate_not_gorontalo")
    return PlateCheck(f"{area} {number} {suffix}", None)


def latest_model_year(now: dt.datetime) -> int:
    """Next year's models are sold from the middle of this year."""
    return now.astimezone(WITA).year + 1


@dataclass
class Vehicle:
    id: str
    owner_id: str | None  # the account that registered it; None for imported vehicles until claimed
    plate_number: str
    vehicle_type: str
    model_year: int
    taxable_value: int  # NJKB, whole rupiah
    regency_code: str
    ownership_order: int
    # The coefficients applied, kept so an assessment stays explainable after the table changes.
    weight_permille: int
    rate_basis_points: int
    opsen_basis_points: int
    annual_pkb: int
    annual_opsen_pkb: int
    registered_at: dt.datetime
    # Keyed hash (HMAC) of the owner's NIK for imported vehicles; the NIK itself is stored encrypted.
    owner_nik_index: str | None = None

    @property
    def annual_total(self) -> int:
        return self.annual_pkb + self.annual_opsen_pkb
