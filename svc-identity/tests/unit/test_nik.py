import datetime as dt

import pytest

from gorontalo_identity.domain.nik import mask_nik, validate_nik


@pytest.mark.parametrize(
    "nik,birth,sex,reason",
    [
        ("757101410190000", None, None, "nik_not_16_digits"),
        ("75710141019000a3", None, None, "nik_not_16_digits"),
        ("9971014101900003", None, None, "nik_province_unknown"),
        ("7599014101900003", None, None, "nik_regency_unknown"),
        ("7571994101900003", None, None, "nik_district_unknown"),
        ("7571017213900003", None, None, "nik_birth_date_invalid"),
        ("7571013102910003", dt.date(1991, 2, 28), None, "nik_birth_date_invalid"),
        ("7571014101900003", dt.date(1990, 1, 2), None, "nik_birth_date_mismatch"),
        ("7571014101900003", dt.date(1991, 1, 1), None, "nik_birth_date_mismatch"),
        ("7571014101900003", dt.date(1990, 1, 1), "M", "nik_sex_mismatch"),
        ("7571010101900000", dt.date(1990, 1, 1), "M", "nik_serial_zero"),
    ],
)
def test_each_failure_has_its_reason(nik, birth, sex, reason):
    check = validate_nik(nik, birth, sex)
    assert not check.valid
    assert check.reason == reason


def test_valid_gorontalo_nik_for_a_woman():
    assert validate_nik("7571014101900003", dt.date(1990, 1, 1), "F").valid


def test_other_provinces_are_checked_at_province_level_only():
    # Papua's pre-2022 regency codes no longer exist in the current table but NIKs keep them.
    assert validate_nik("9199011508850001", dt.date(1985, 8, 15), "M").valid


def test_leap_day_is_real_only_in_leap_years():
    assert validate_nik("7571012902000001", dt.date(2000, 2, 29)).valid


def test_mask_keeps_regency_and_last_two_digits():
    assert mask_nik("7571014101900003") == "7571**********03"
