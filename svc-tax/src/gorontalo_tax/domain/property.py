"""PBB-P2 tax objects (land and buildings) and owners' NIKs. Plain Python.

NOP (Nomor Objek Pajak), 18 digits: PP.DD.KKK.DDD.BBB-UUUU.J
province (2), regency (2), district (3), village (3), block (3), serial (4), object kind (1).
The area segments follow Statistics Indonesia (BPS) numbering, not the Kemendagri codes used
everywhere else on the platform (see ../shared/data/SOURCES.md): BPS 7501 is Boalemo while
Kemendagri 75.01 is Kabupaten Gorontalo. The mapping below converts BPS regency -> Kemendagri.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

BPS_TO_KEMENDAGRI_REGENCY = {
    "7501": "75.02",  # Kabupaten Boalemo
    "7502": "75.01",  # Kabupaten Gorontalo
    "7503": "75.04",  # Kabupaten Pohuwato
    "7504": "75.03",  # Kabupaten Bone Bolango
    "7505": "75.05",  # Kabupaten Gorontalo Utara
    "7571": "75.71",  # Kota Gorontalo
}
NOP_LENGTH = 18
MAX_AREA_M2 = 10**9
MAX_NJOP = 10**14

_NIK = re.compile(r"^[0-9]{16}$")


@dataclass(frozen=True)
class NopCheck:
    nop: str | None  # 18 digits
    regency_code: str | None  # Kemendagri code of the regency levying it
    reason: str | None


def check_nop(raw: str) -> NopCheck:
    """'75.71.010.001.001-0001.0' or 18 plain digits; the regency from its BPS segment."""
    digits = re.sub(r"[.\-\s]", "", raw or "")
    if not digits:
        return NopCheck(None, None, "required")
    if not digits.isdigit() or len(digits) != NOP_LENGTH:
        return NopCheck(None, None, "nop_invalid")
    regency = BPS_TO_KEMENDAGRI_REGENCY.get(digits[:4])
    if regency is None:
        return NopCheck(None, None, "nop_not_gorontalo")
    if digits[4:7] == "000" or digits[7:10] == "000" or digits[13:17] == "0000":
        return NopCheck(None, None, "nop_invalid")
    return NopCheck(digits, regency, None)


def format_nop(nop: str) -> str:
    return f"{nop[0:2]}.{nop[2:4]}.{nop[4:7]}.{nop[7:10]}.{nop[10:13]}-{nop[13:17]}.{nop[17]}"


def nik_shape_ok(nik: str) -> bool:
    """16 digits with a plausible birth date segment (day 1-31 or 41-71 for women, month 1-12)."""
    if not _NIK.match(nik or ""):
        return False
    day, month = int(nik[6:8]), int(nik[8:10])
    return (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12 and nik[:2] != "00"


@dataclass
class Property:
    id: str
    nop: str
    regency_code: str
    owner_id: str | None
    owner_nik_index: str | None
    land_area_m2: int
    building_area_m2: int
    njop_land: int  # whole rupiah, total value of the land
    njop_building: int
    registered_at: dt.datetime

    @property
    def njop(self) -> int:
        return self.njop_land + self.njop_building


# PBB-P2 (UU 1/2022 art. 40-41): at most 0.5%, on NJOP less the non-taxable NJOPTKP (at least Rp10 juta).
MAX_PBB_RATE_BP = 50
MIN_NJOPTKP = 10_000_000


class PbbRateError(ValueError):
    """A regency's PBB rate or NJOPTKP is outside the law."""


@dataclass(frozen=True)
class PbbRate:
    rate_bp: int
    njoptkp: int

    def __post_init__(self):
        if not isinstance(self.rate_bp, int) or not 1 <= self.rate_bp <= MAX_PBB_RATE_BP:
            raise PbbRateError(f"PBB rate must be 1..{MAX_PBB_RATE_BP} basis points")
        if not isinstance(self.njoptkp, int) or self.njoptkp < MIN_NJOPTKP:
            raise PbbRateError(f"NJOPTKP must be at least {MIN_NJOPTKP} rupiah")

    def annual_pbb(self, njop: int) -> int:
        return max(0, njop - self.njoptkp) * self.rate_bp // 10_000
