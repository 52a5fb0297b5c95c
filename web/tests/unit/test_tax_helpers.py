"""The tax pages' own small rules: numbers as residents type them, properties from PBB-P2 bills."""

from gorontalo_web import regions_picker
from gorontalo_web.blueprints import tax


def test_whole_numbers_as_typed():
    assert tax._whole_number("18.000.000") == 18_000_000
    assert tax._whole_number("Rp 18 000 000") == 18_000_000
    assert tax._whole_number("2022") == 2022
    assert tax._whole_number("18,5") is None
    assert tax._whole_number("dua") is None
    assert tax._whole_number("") is None


def test_properties_are_the_objects_of_pbb_bills_once_each():
    bills = [
        {"tax_type": "pbb", "object_id": "p1", "description": "PBB-P2 2025 NOP 75.71.010.001.001-0001.0"},
        {"tax_type": "pbb", "object_id": "p1", "description": "PBB-P2 2026 NOP 75.71.010.001.001-0001.0"},
        {"tax_type": "pkb", "object_id": "v1", "description": "PKB 2026 DM 1 AB"},
        {"tax_type": "retribusi", "object_id": "", "description": "Retribusi izin"},
    ]
    assert tax._properties(bills) == [{"nop": "75.71.010.001.001-0001.0", "region_code": ""}]


def test_ids_in_paths():
    assert tax.BILL_ID.match("0b7e8a52-2c1e-4a51-9d1f-3f0a1c2b4d5e")
    assert not tax.BILL_ID.match("x:checkout") and not tax.BILL_ID.match("../vehicles")
    assert tax.RECEIPT_NUMBER.match("75-2026-00000012-0") and tax.RECEIPT_NUMBER.match("7571-2026-00000003-0")
    assert not tax.RECEIPT_NUMBER.match("75-2026-12-0")


def test_regency_choices_are_gorontalos_six():
    codes = [code for code, _ in regions_picker.regency_choices()]
    assert codes == ["75.01", "75.02", "75.03", "75.04", "75.05", "75.71"]
