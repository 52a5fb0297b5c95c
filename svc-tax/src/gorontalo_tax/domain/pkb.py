"""PKB (Pajak Kendaraan Bermotor) computation with integers only.

    annual PKB   = NJKB x bobot x rate(ownership order)
    annual opsen = 66% x annual PKB  (opsen PKB for the regency/city, UU 1/2022 art. 83)

Coefficients are exact integers: bobot in permille (1.05 -> 1050), rates and
the opsen share in basis points (1.5% -> 150, 66% -> 6600).

Rounding: one floor division at the end of each product, i.e. down to whole
rupiah, in the taxpayer's favour and never above the statutory amount. The
opsen is computed on the PKB as assessed (already whole rupiah), because the
law levies it on the tax owed, not on an intermediate fraction.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import VEHICLE_TYPES

PERMILLE = 1_000
BASIS_POINTS = 10_000

# UU 1/2022 art. 7: at most 1.2% for the first vehicle and 6% for progressive ownership.
MAX_FIRST_RATE_BP = 120
MAX_PROGRESSIVE_RATE_BP = 600
# UU 1/2022 art. 83: opsen PKB is 66% of the PKB owed.
MAX_OPSEN_BP = 6_600
MAX_WEIGHT_PERMILLE = 10_000


class RateTableError(ValueError):
    """The configured rate table is malformed or exceeds a statutory ceiling."""


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class Assessment:
    weight_permille: int
    rate_basis_points: int
    opsen_basis_points: int
    annual_pkb: int
    annual_opsen_pkb: int


@dataclass(frozen=True)
class RateTable:
    weight_permille: dict[str, int]
    # Index 0 is the first vehicle; the last entry applies to that order and every later one.
    progressive_rates_bp: tuple[int, ...]
    opsen_bp: int

    def __post_init__(self):
        problems = []
        missing = [t for t in VEHICLE_TYPES if t not in self.weight_permille]
        unknown = [t for t in self.weight_permille if t not in VEHICLE_TYPES]
        if missing or unknown:
            problems.append(f"weight_permille needs exactly {', '.join(VEHICLE_TYPES)}")
        for name, weight in self.weight_permille.items():
            if not _is_int(weight) or not 1 <= weight <= MAX_WEIGHT_PERMILLE:
                problems.append(f"weight_permille.{name} must be an integer 1..{MAX_WEIGHT_PERMILLE}")
        rates = self.progressive_rates_bp
        if not rates:
            problems.append("progressive_rates_bp needs at least one rate")
        elif not all(_is_int(r) and 1 <= r <= MAX_PROGRESSIVE_RATE_BP for r in rates):
            problems.append(f"every progressive rate must be an integer 1..{MAX_PROGRESSIVE_RATE_BP} basis points")
        else:
            if rates[0] > MAX_FIRST_RATE_BP:
                problems.append(f"the first-vehicle rate may not exceed {MAX_FIRST_RATE_BP} basis points")
            if any(later < earlier for earlier, later in zip(rates, rates[1:], strict=False)):
                problems.append("progressive rates may not decrease with the ownership order")
        if not _is_int(self.opsen_bp) or not 0 <= self.opsen_bp <= MAX_OPSEN_BP:
            problems.append(f"opsen_bp must be an integer 0..{MAX_OPSEN_BP}")
        if problems:
            raise RateTableError("; ".join(problems))

    @classmethod
    def from_dict(cls, document: dict) -> RateTable:
        """From the JSON document; keys starting with '_' are comments."""
        if not isinstance(document, dict):
            raise RateTableError("the rate table must be a JSON object")
        known = {"weight_permille", "progressive_rates_bp", "opsen_bp"}
        unknown = sorted(k for k in document if k not in known and not str(k).startswith("_"))
        if unknown or known - document.keys():
            raise RateTableError(f"the rate table needs exactly the keys {', '.join(sorted(known))}")
        weights, rates = document["weight_permille"], document["progressive_rates_bp"]
        if not isinstance(weights, dict) or not isinstance(rates, list):
            raise RateTableError("weight_permille must be an object and progressive_rates_bp a list")
        return cls(dict(weights), tuple(rates), document["opsen_bp"])

    def to_dict(self) -> dict:
        return {
            "weight_permille": dict(self.weight_permille),
            "progressive_rates_bp": list(self.progressive_rates_bp),
            "opsen_bp": self.opsen_bp,
        }

    def rate_bp(self, ownership_order: int) -> int:
        if not _is_int(ownership_order) or ownership_order < 1:
            raise ValueError("ownership_order starts at 1")
        return self.progressive_rates_bp[min(ownership_order, len(self.progressive_rates_bp)) - 1]

    def assess(self, vehicle_type: str, taxable_value: int, ownership_order: int) -> Assessment:
        if vehicle_type not in self.weight_permille:
            raise ValueError(f"unknown vehicle type {vehicle_type!r}")
        if not _is_int(taxable_value) or taxable_value < 0:
            raise ValueError("taxable_value must be a non-negative integer of rupiah")
        weight = self.weight_permille[vehicle_type]
        rate = self.rate_bp(ownership_order)
        pkb = taxable_value * weight * rate // (PERMILLE * BASIS_POINTS)
        opsen = pkb * self.opsen_bp // BASIS_POINTS
        return Assessment(
            weight_permille=weight,
            rate_basis_points=rate,
            opsen_basis_points=self.opsen_bp,
            annual_pkb=pkb,
            annual_opsen_pkb=opsen,
        )
