"""The population register (data kependudukan) as a Disdukcapil hands it over."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from servicekit import regions
from servicekit.errors import FieldViolation

from .dates import parse_date
from .model import normalise_name
from .nik import validate_nik

CSV_COLUMNS = ("nik", "kk_number", "full_name", "birth_place", "birth_date", "sex", "address", "village_code")
SEXES = {"L": "M", "P": "F"}  # laki-laki, perempuan -> the NIK's encoding


@dataclass
class Resident:
    nik: str
    kk_number: str
    full_name: str
    birth_place: str
    birth_date: dt.date
    sex: str  # L or P
    address: str
    village_code: str
    district_code: str
    regency_code: str
    id: str = ""

    def fingerprint(self) -> str:
        """Changes whenever any field changes; lets a re-import skip unchanged rows."""
        text = "|".join(
            [
                self.nik,
                self.kk_number,
                self.full_name,
                self.birth_place,
                self.birth_date.isoformat(),
                self.sex,
                self.address,
                self.village_code,
            ]
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def matches(self, full_name: str, birth_date: dt.date) -> bool:
        return normalise_name(self.full_name) == normalise_name(full_name) and self.birth_date == birth_date


def parse_row(row: dict[str, str], today: dt.date) -> tuple[Resident | None, list[FieldViolation]]:
    """One CSV row -> a Resident, or every reason it is rejected."""
    problems: list[FieldViolation] = []
    get = lambda key: (row.get(key) or "").strip()  # noqa: E731
    full_name = " ".join(get("full_name").split())
    if not 2 <= len(full_name) <= 100:
        problems.append(FieldViolation("full_name", "too_long" if full_name else "required", {"max": 100}))
    birth_place = get("birth_place")
    if not birth_place or len(birth_place) > 100:
        problems.append(FieldViolation("birth_place", "required" if not birth_place else "too_long", {"max": 100}))
    address = get("address")
    if not address or len(address) > 300:
        problems.append(FieldViolation("address", "required" if not address else "too_long", {"max": 300}))
    sex = get("sex").upper()
    if sex not in SEXES:
        problems.append(FieldViolation("sex", "not_one_of", {"allowed": "L, P"}))
    birth_date, problem = parse_date("birth_date", get("birth_date"))
    if problem:
        problems.append(problem)
    elif birth_date > today:
        problems.append(FieldViolation("birth_date", "birth_date_future"))
        birth_date = None
    nik = get("nik")
    check = validate_nik(nik, birth_date, SEXES.get(sex))
    if not check.valid:
        problems.append(FieldViolation("nik", check.reason))
    kk_number = get("kk_number")
    if len(kk_number) != 16 or not kk_number.isdigit() or regions.lookup(kk_number[:2]) is None:
        problems.append(FieldViolation("kk_number", "kk_invalid"))
    village = regions.lookup(get("village_code"))
    if village is None or village.level != "village" or not village.code.startswith(regions.GORONTALO + "."):
        problems.append(FieldViolation("village_code", "region_unknown"))
    if problems:
        return None, problems
    return Resident(
        nik=nik,
        kk_number=kk_number,
        full_name=full_name,
        birth_place=birth_place,
        birth_date=birth_date,
        sex=sex,
        address=address,
        village_code=village.code,
        district_code=village.parent_code,
        regency_code=village.code[:5],
    ), []
