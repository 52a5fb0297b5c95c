"""Helpers of the billing tests: CSV master data as Bapenda would send it."""

from gorontalo_tax.service_layer.imports import COLUMNS

from .conftest import citizen, officer  # noqa: F401 - the principals, defined once for every test

NIK_A = "7571014107900001"
NIK_B = "7502015508850002"


def vehicle_row(
    plate, nik=NIK_A, vehicle_type="sepeda_motor", model_year="2022", value="18000000", regency="75.71"
) -> dict:
    return {
        "kind": "vehicle",
        "owner_nik": nik,
        "plate_number": plate,
        "vehicle_type": vehicle_type,
        "model_year": model_year,
        "taxable_value": value,
        "regency_code": regency,
    }


def property_row(nop, nik=NIK_B, land="200", building="90", njop_land="300000000", njop_building="212000000") -> dict:
    return {
        "kind": "property",
        "owner_nik": nik,
        "nop": nop,
        "land_area_m2": land,
        "building_area_m2": building,
        "njop_land": njop_land,
        "njop_building": njop_building,
    }


def csv_text(*rows: dict) -> str:
    lines = [",".join(COLUMNS)]
    for row in rows:
        lines.append(",".join(str(row.get(column, "")) for column in COLUMNS))
    return "\n".join(lines) + "\n"
