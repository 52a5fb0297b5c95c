"""The PKB arithmetic, the rate table's guards and plate rules: plain Python, no I/O."""

import datetime as dt

import pytest

from gorontalo_tax.adapters import rate_table
from gorontalo_tax.domain.model import VEHICLE_TYPES, check_plate, latest_model_year
from gorontalo_tax.domain.pkb import RateTable, RateTableError


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("dm1234ab", "DM 1234 AB"),
        ("DM 1234 AB", "DM 1234 AB"),
        ("  dm 1 a ", "DM 1 A"),
        ("Dm\t9999\nXyz", "DM 9999 XYZ"),
        ("D M 12 AB", "DM 12 AB"),
    ],
)
def test_plates_are_normalised(raw, expected):
    check = check_plate(raw)
    assert check.valid and check.plate == expected


@pytest.mark.parametrize(
    "raw,reason",
    [
        ("", "required"),
        ("   ", "required"),
        ("DM 12345 AB", "plate_invalid"),
        ("DM 1234 ABCD", "plate_invalid"),
        ("DM 0123 AB", "plate_invalid"),
        ("DM ABC", "plate_invalid"),
        ("DM 1234", "plate_invalid"),
        ("DM-1234-AB", "plate_invalid"),
        ("B 1234 XYZ", "plate_not_gorontalo"),
        ("DB 1234 AB", "plate_not_gorontalo"),
    ],
)
def test_bad_plates_have_a_reason(raw, reason):
    check = check_plate(raw)
    assert not check.valid and check.reason == reason


def test_latest_model_year_uses_gorontalo_local_time():
    # 17:00 UTC on 31 December is already 1 January in WITA (UTC+8).
    assert latest_model_year(dt.datetime(2025, 12, 31, 15, 59, tzinfo=dt.UTC)) == 2026
    assert latest_model_year(dt.datetime(2025, 12, 31, 16, 0, tzinfo=dt.UTC)) == 2027


@pytest.mark.parametrize(
    "vehicle_type,njkb,order,pkb,opsen",
    [
        ("sepeda_motor", 20_000_000, 1, 200_000, 132_000),
        ("mobil_penumpang", 200_000_000, 1, 2_100_000, 1_386_000),
        ("mobil_penumpang", 200_000_000, 2, 3_150_000, 2_079_000),
        ("mobil_barang", 300_000_000, 3, 7_800_000, 5_148_000),
        ("bus", 500_000_000, 4, 15_000_000, 9_900_000),
        ("sepeda_motor", 10_000_000, 5, 300_000, 198_000),
        ("sepeda_motor", 10_000_000, 9, 300_000, 198_000),  # 5th and later pay the same top rate
    ],
)
def test_annual_pkb_and_opsen(rates, vehicle_type, njkb, order, pkb, opsen):
    assessment = rates.assess(vehicle_type, njkb, order)
    assert (assessment.annual_pkb, assessment.annual_opsen_pkb) == (pkb, opsen)


def test_rounding_is_down_to_whole_rupiah(rates):
    # 12_345_679 x 1.05 x 1% = 129_629.6295 -> 129_629; its opsen 85_555.14 -> 85_555.
    assessment = rates.assess("mobil_penumpang", 12_345_679, 1)
    assert assessment.annual_pkb == 129_629
    assert assessment.annual_opsen_pkb == 85_555
    # Below one rupiah of tax there is no tax.
    assert rates.assess("sepeda_motor", 99, 1).annual_pkb == 0


def test_largest_value_is_exact_where_floats_are_not(rates):
    assessment = rates.assess("mobil_barang", 10**12 - 1, 5)
    assert assessment.annual_pkb == (10**12 - 1) * 1300 * 300 // 10_000_000
    assert assessment.annual_pkb == 38_999_999_999


def test_property_pkb_is_a_non_negative_int_and_never_falls_with_ownership_order(rates):
    """Exhaustive over a spread of values, no hypothesis: non-negative ints, monotone in the order."""
    values = [0, 1, 7, 99, 1_000, 12_345, 999_999, 10**6 + 1, 33_333_333, 123_456_789, 10**9 + 7, 10**12]
    values += [3**k for k in range(26)]
    for vehicle_type in VEHICLE_TYPES:
        for value in values:
            previous_pkb = previous_rate = -1
            for order in range(1, 12):
                assessment = rates.assess(vehicle_type, value, order)
                for amount in (assessment.annual_pkb, assessment.annual_opsen_pkb, assessment.rate_basis_points):
                    assert isinstance(amount, int) and not isinstance(amount, bool)
                    assert amount >= 0
                assert assessment.rate_basis_points >= previous_rate
                assert assessment.annual_pkb >= previous_pkb
                assert assessment.annual_opsen_pkb <= assessment.annual_pkb
                previous_pkb, previous_rate = assessment.annual_pkb, assessment.rate_basis_points


def test_progressive_rates_are_the_bapenda_table(rates):
    assert [rates.rate_bp(order) for order in range(1, 7)] == [100, 150, 200, 250, 300, 300]


def test_ownership_order_starts_at_one(rates):
    with pytest.raises(ValueError):
        rates.rate_bp(0)


def _table(**changes) -> dict:
    document = rate_table.load().to_dict()
    document.update(changes)
    return document


@pytest.mark.parametrize(
    "changes,fragment",
    [
        ({"progressive_rates_bp": [130, 150]}, "first-vehicle rate"),
        ({"progressive_rates_bp": [100, 700]}, "1..600"),
        ({"progressive_rates_bp": [100, 200, 150]}, "may not decrease"),
        ({"progressive_rates_bp": []}, "at least one rate"),
        ({"progressive_rates_bp": [100, True]}, "integer"),
        ({"opsen_bp": 7000}, "opsen_bp"),
        ({"weight_permille": {"sepeda_motor": 1000}}, "needs exactly"),
        ({"weight_permille": {t: 0 for t in VEHICLE_TYPES}}, "weight_permille."),
        ({"surprise": 1}, "needs exactly the keys"),
    ],
)
def test_rate_table_refuses_what_the_law_or_arithmetic_forbids(changes, fragment):
    with pytest.raises(RateTableError, match=fragment.replace(".", r"\.")):
        RateTable.from_dict(_table(**changes))


def test_rate_table_json_with_floats_is_refused():
    with pytest.raises(RateTableError, match="integers"):
        rate_table.parse('{"weight_permille": {}, "progressive_rates_bp": [1.0], "opsen_bp": 6600}')


def test_rate_table_comments_are_ignored_and_round_trip():
    document = _table(_note="anything")
    assert RateTable.from_dict(document).to_dict() == rate_table.load().to_dict()
