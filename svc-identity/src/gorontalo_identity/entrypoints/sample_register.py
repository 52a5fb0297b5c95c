"""Generated population registers for demos and tests: realistic, valid, reproducible with a seed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from servicekit import regions

from ..domain.register import CSV_COLUMNS

_GIVEN_MALE = [
    "Rahmat",
    "Arifin",
    "Fadli",
    "Hamzah",
    "Irfan",
    "Jufri",
    "Karim",
    "Lukman",
    "Moh.",
    "Nasrun",
    "Rizal",
    "Syamsul",
    "Taufik",
    "Wahyu",
    "Yusuf",
    "Zulkifli",
    "Abdul",
    "Budi",
    "Darwis",
    "Ismail",
]
_GIVEN_FEMALE = [
    "Siti",
    "Nur",
    "Fitri",
    "Hasna",
    "Indah",
    "Juliana",
    "Kartini",
    "Lestari",
    "Mardiana",
    "Nurul",
    "Rahmawati",
    "Sri",
    "Wulan",
    "Yuliana",
    "Zahra",
    "Aisyah",
    "Dewi",
    "Fatma",
    "Hadija",
    "Rosdiana",
]
_FAMILY = [
    "Hasan",
    "Mohamad",
    "Ibrahim",
    "Lamatenggo",
    "Katili",
    "Gobel",
    "Habibie",
    "Pakaya",
    "Daud",
    "Polapa",
    "Usman",
    "Lasantu",
    "Bakari",
    "Tangahu",
    "Suleman",
    "Yunus",
    "Dunda",
    "Mooduto",
    "Ali",
    "Hulopi",
]
_STREETS = [
    "Jl. Nani Wartabone",
    "Jl. Sultan Botutihe",
    "Jl. Raja Eyato",
    "Jl. Jend. Sudirman",
    "Jl. Agus Salim",
    "Jl. Trans Sulawesi",
    "Jl. Pangeran Hidayat",
    "Jl. Palma",
    "Jl. Kasuari",
    "Jl. Beringin",
]


def generate(count: int, seed: int = 1, regency: str | None = None) -> list[dict[str, str]]:
    rng = random.Random(seed)
    villages = [
        r
        for r in regions.all_regions()
        if r.level == "village" and (regency is None or r.code.startswith(regions.normalise(regency) + "."))
    ]
    used = set()
    rows = []
    while len(rows) < count:
        village = rng.choice(villages)
        female = rng.random() < 0.5
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 56))
        district = village.parent_code.replace(".", "")
        nik = (
            f"{district}{born.day + (40 if female else 0):02d}{born.month:02d}{born.year % 100:02d}"
            f"{rng.randrange(1, 10000):04d}"
        )
        if nik in used:
            continue
        used.add(nik)
        given = rng.choice(_GIVEN_FEMALE if female else _GIVEN_MALE)
        rows.append(
            {
                "nik": nik,
                "kk_number": f"{district}{rng.randrange(10**9, 10**10)}",
                "full_name": f"{given} {rng.choice(_FAMILY)}",
                "birth_place": rng.choice(["Gorontalo", "Limboto", "Marisa", "Tilamuta", "Kwandang", "Suwawa"]),
                "birth_date": born.isoformat(),
                "sex": "P" if female else "L",
                "address": f"{rng.choice(_STREETS)} No. {rng.randrange(1, 200)}, {village.name}",
                "village_code": village.code,
            }
        )
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
