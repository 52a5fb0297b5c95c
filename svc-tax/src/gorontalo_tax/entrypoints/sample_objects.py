"""Generated Bapenda master data for demos and tests: vehicles and properties of given owners' NIKs."""

from __future__ import annotations

import csv
import io
import random

from ..domain.model import VEHICLE_TYPES
from ..domain.property import BPS_TO_KEMENDAGRI_REGENCY
from ..service_layer.imports import COLUMNS

_KEMENDAGRI_TO_BPS = {kemendagri: bps for bps, kemendagri in BPS_TO_KEMENDAGRI_REGENCY.items()}
_NJKB = {
    "sepeda_motor": (12_000_000, 35_000_000),
    "mobil_penumpang": (120_000_000, 450_000_000),
    "mobil_barang": (150_000_000, 400_000_000),
    "bus": (400_000_000, 900_000_000),
}
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def niks_from_register(text: str) -> list[str]:
    """The `nik` column of a population register CSV (gorontalo-identity generate-register)."""
    return [row["nik"] for row in csv.DictReader(io.StringIO(text)) if row.get("nik")]


def generate(niks: list[str], seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    rows, plates, nops = [], set(), set()
    for nik in niks:
        regency = f"{nik[:2]}.{nik[2:4]}"
        if regency not in _KEMENDAGRI_TO_BPS:
            regency = rng.choice(sorted(_KEMENDAGRI_TO_BPS))
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            while True:
                plate = f"DM {rng.randrange(1, 10000)} {''.join(rng.choice(_LETTERS) for _ in range(2))}"
                if plate not in plates:
                    plates.add(plate)
                    break
            vehicle_type = rng.choices(VEHICLE_TYPES, weights=(70, 22, 6, 2))[0]
            low, high = _NJKB[vehicle_type]
            rows.append(
                {
                    "kind": "vehicle",
                    "owner_nik": nik,
                    "plate_number": plate,
                    "vehicle_type": vehicle_type,
                    "model_year": rng.randrange(2008, 2026),
                    "taxable_value": rng.randrange(low, high, 100_000),
                    "regency_code": regency,
                }
            )
        if rng.random() < 0.6:
            while True:
                nop = (
                    f"{_KEMENDAGRI_TO_BPS[regency]}{rng.randrange(10, 120):03d}{rng.randrange(1, 20):03d}"
                    f"{rng.randrange(1, 50):03d}{rng.randrange(1, 10000):04d}0"
                )
                if nop not in nops:
                    nops.add(nop)
                    break
            land = rng.randrange(100, 1000)
            building = rng.choice((0, rng.randrange(36, 300)))
            rows.append(
                {
                    "kind": "property",
                    "owner_nik": nik,
                    "nop": nop,
                    "land_area_m2": land,
                    "building_area_m2": building,
                    "njop_land": land * rng.randrange(100_000, 2_000_000, 1000),
                    "njop_building": building * rng.randrange(1_000_000, 4_000_000, 1000),
                }
            )
    return rows


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
