"""The permit type catalog: KBLI activities with their OSS-RBA risk, SLA and fee.

The province edits the catalog as data; these rules decide whether an edit is
acceptable, so a bad file is refused at start instead of half-working.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import RISK_LEVELS

_KBLI = re.compile(r"^\d{5}$")
MAX_SLA_WORKING_DAYS = 365
MAX_FEE_RUPIAH = 10**12


class CatalogError(ValueError):
    """The catalog data is unusable; the message lists every problem."""


@dataclass(frozen=True)
class PermitType:
    kbli_code: str
    title: str
    risk_level: str
    sla_working_days: int
    fee_rupiah: int
    required_documents: tuple[str, ...] = ()


def is_kbli_code(value: str) -> bool:
    return bool(_KBLI.match(value or ""))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_permit_type(raw: dict, where: str) -> tuple[PermitType | None, list[str]]:
    """One catalog entry from plain data; (None, problems) when it is not valid."""
    if not isinstance(raw, dict):
        return None, [f"{where}: must be an object"]
    problems = []
    code = raw.get("kbli_code")
    if not isinstance(code, str) or not is_kbli_code(code):
        problems.append(f"{where}: kbli_code must be a string of 5 digits")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 300:
        problems.append(f"{where}: title must be a non-empty string of at most 300 characters")
    if raw.get("risk_level") not in RISK_LEVELS:
        problems.append(f"{where}: risk_level must be one of {', '.join(RISK_LEVELS)}")
    sla = raw.get("sla_working_days")
    if not _is_int(sla) or not 0 <= sla <= MAX_SLA_WORKING_DAYS:
        problems.append(f"{where}: sla_working_days must be an integer from 0 to {MAX_SLA_WORKING_DAYS}")
    fee = raw.get("fee_rupiah")
    if not _is_int(fee) or not 0 <= fee <= MAX_FEE_RUPIAH:
        problems.append(f"{where}: fee_rupiah must be a whole number of rupiah from 0 to {MAX_FEE_RUPIAH}")
    documents = raw.get("required_documents", [])
    if not isinstance(documents, list) or not all(isinstance(d, str) and d.strip() for d in documents):
        problems.append(f"{where}: required_documents must be a list of non-empty strings")
    if problems:
        return None, problems
    return PermitType(
        code, " ".join(title.split()), raw["risk_level"], sla, fee, tuple(" ".join(d.split()) for d in documents)
    ), []


class PermitCatalog:
    """Permit types by KBLI code, in code order."""

    def __init__(self, permit_types: Iterable[PermitType]):
        self._by_code: dict[str, PermitType] = {}
        duplicates = []
        for permit_type in permit_types:
            if permit_type.kbli_code in self._by_code:
                duplicates.append(permit_type.kbli_code)
            self._by_code[permit_type.kbli_code] = permit_type
        if duplicates:
            raise CatalogError(f"duplicate kbli_code: {', '.join(sorted(set(duplicates)))}")
        if not self._by_code:
            raise CatalogError("the catalog has no permit types")

    @classmethod
    def from_data(cls, entries) -> PermitCatalog:
        if not isinstance(entries, list):
            raise CatalogError("permit_types must be a list")
        parsed, problems = [], []
        for index, raw in enumerate(entries):
            where = f"permit_types[{index}]"
            if isinstance(raw, dict) and isinstance(raw.get("kbli_code"), str):
                where += f" ({raw['kbli_code']})"
            permit_type, errors = parse_permit_type(raw, where)
            problems += errors
            if permit_type:
                parsed.append(permit_type)
        if problems:
            raise CatalogError("; ".join(problems))
        return cls(parsed)

    def get(self, kbli_code: str) -> PermitType | None:
        return self._by_code.get(kbli_code)

    def all(self) -> list[PermitType]:
        return [self._by_code[code] for code in sorted(self._by_code)]

    def __len__(self) -> int:
        return len(self._by_code)
