"""What a valid permit application looks like, checked all at once."""

from __future__ import annotations

import math
from dataclasses import dataclass

from servicekit import regions
from servicekit.errors import Validator

from .catalog import PermitCatalog, PermitType, is_kbli_code
from .model import (
    BUSINESS_ADDRESS_MAX,
    BUSINESS_ADDRESS_MIN,
    BUSINESS_NAME_MAX,
    BUSINESS_NAME_MIN,
    MAX_INVESTMENT_RUPIAH,
    MAX_WORKFORCE,
)
from .permit import is_nib

# An establishment sits in a district (kecamatan) or, better, a village (desa/kelurahan).
LOCATION_LEVELS = ("district", "village")


@dataclass(frozen=True)
class Submission:
    permit_type: PermitType
    business_name: str
    business_address: str
    region_code: str  # normalised, e.g. 75.71.01.1001
    regency_code: str
    latitude: float
    longitude: float
    investment_rupiah: int
    workforce: int
    nib: str = ""  # "" when the applicant gave none
    self_declaration: bool = False


def _squash(text: str) -> str:
    return " ".join((text or "").split())


def _check_region(v: Validator, raw: str) -> str | None:
    if not v.require("region_code", raw):
        return None
    region = regions.lookup(raw)
    if region is None:
        v.add("region_code", "region_unknown")
    elif not regions.in_gorontalo(region.code):
        v.add("region_code", "region_outside_gorontalo")
    elif region.level not in LOCATION_LEVELS:
        v.add("region_code", "region_level_invalid")
    else:
        return region.code
    return None


def validate_submission(
    catalog: PermitCatalog,
    *,
    kbli_code: str,
    business_name: str,
    business_address: str,
    region_code: str,
    latitude: float,
    longitude: float,
    investment_rupiah: int,
    workforce: int,
    nib: str = "",
    self_declaration: bool = False,
) -> Submission:
    """A cleaned Submission, or InvalidArgument listing every field problem."""
    v = Validator()
    kbli_code = (kbli_code or "").strip()
    permit_type = None
    if v.require("kbli_code", kbli_code):
        if not is_kbli_code(kbli_code):
            v.add("kbli_code", "kbli_invalid")
        else:
            permit_type = catalog.get(kbli_code)
            if permit_type is None:
                v.add("kbli_code", "kbli_unknown")
    business_name = _squash(business_name)
    business_address = _squash(business_address)
    v.text("business_name", business_name, min_len=BUSINESS_NAME_MIN, max_len=BUSINESS_NAME_MAX)
    v.text("business_address", business_address, min_len=BUSINESS_ADDRESS_MIN, max_len=BUSINESS_ADDRESS_MAX)
    region = _check_region(v, region_code)
    finite = all(isinstance(x, (int, float)) and math.isfinite(x) for x in (latitude, longitude))
    if not finite or not regions.coordinates_in_gorontalo(latitude, longitude):
        v.add("latitude", "coordinates_outside_gorontalo")
        v.add("longitude", "coordinates_outside_gorontalo")
    v.in_range("investment_rupiah", investment_rupiah, 0, MAX_INVESTMENT_RUPIAH)
    v.in_range("workforce", workforce, 0, MAX_WORKFORCE)
    nib = (nib or "").strip()
    if nib and not is_nib(nib):
        v.add("nib", "nib_invalid")
    v.raise_if_invalid()
    return Submission(
        permit_type=permit_type,
        business_name=business_name,
        business_address=business_address,
        region_code=region,
        regency_code=regions.regency_of(region),
        latitude=float(latitude),
        longitude=float(longitude),
        investment_rupiah=int(investment_rupiah),
        workforce=int(workforce),
        nib=nib,
        self_declaration=bool(self_declaration),
    )
