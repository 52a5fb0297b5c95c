"""NIK (Nomor Induk Kependudukan): 16 digits, each part with a precise reason when wrong.

Layout: PP KK CC DDMMYY SSSS: province, regency/city, district of first
registration; birth date with 40 added to the day for women; serial.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from servicekit import regions


@dataclass(frozen=True)
class NikCheck:
    valid: bool
    reason: str = ""  # a message key


def validate_nik(nik: str, birth_date: dt.date | None = None, sex: str | None = None) -> NikCheck:
    if not nik or len(nik) != 16 or not nik.isdigit():
        return NikCheck(False, "nik_not_16_digits")
    province = nik[:2]
    if regions.lookup(province) is None:
        return NikCheck(False, "nik_province_unknown")
    if province == regions.GORONTALO:
        if regions.lookup(nik[:4]) is None:
            return NikCheck(False, "nik_regency_unknown")
        if regions.lookup(nik[:6]) is None:
            return NikCheck(False, "nik_district_unknown")
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    encoded_sex = "F" if day > 40 else "M"
    plain_day = day - 40 if day > 40 else day
    if not (1 <= month <= 12 and 1 <= plain_day <= 31):
        return NikCheck(False, "nik_birth_date_invalid")
    if birth_date is not None:
        # The two-digit year is read against the stated birth date, not guessed.
        if yy != birth_date.year % 100:
            return NikCheck(False, "nik_birth_date_mismatch")
        try:
            encoded = dt.date(birth_date.year, month, plain_day)
        except ValueError:
            return NikCheck(False, "nik_birth_date_invalid")
        if encoded != birth_date:
            return NikCheck(False, "nik_birth_date_mismatch")
        if sex and sex != encoded_sex:
            return NikCheck(False, "nik_sex_mismatch")
    if nik[12:] == "0000":
        return NikCheck(False, "nik_serial_zero")
    return NikCheck(True)


def mask_nik(nik: str) -> str:
    """7571010101900003 -> 7571**********03"""
    return nik[:4] + "*" * 10 + nik[-2:] if len(nik) == 16 else "*" * len(nik)
