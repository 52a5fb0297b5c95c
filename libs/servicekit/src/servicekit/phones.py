"""Indonesian mobile numbers, normalised once: E.164 (+628...) via Google's libphonenumber rules.

Three normalisers disagreed (`08...` vs `+628...`, different length rules), so a number written one
way at sign-up was not found when typed the other way at login. Every service stores and compares
the E.164 form from here.
"""

from __future__ import annotations

import phonenumbers

REGION = "ID"


class InvalidPhone(ValueError):
    pass


def to_e164(raw: str) -> str:
    """'0812-3456-7890', '62812...', '+62 812 ...' -> '+6281234567890'; InvalidPhone if not an Indonesian mobile."""
    text = (raw or "").strip()
    if not text:
        raise InvalidPhone("empty")
    if text.startswith("62") and not text.startswith("+"):
        text = "+" + text  # written without the plus, as SMS gateways often send it
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(str(error)) from None
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise InvalidPhone("not a valid Indonesian number")
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidPhone("not a mobile number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_valid(raw: str) -> bool:
    try:
        to_e164(raw)
    except InvalidPhone:
        return False
    return True


def national(e164: str) -> str:
    """'+6281234567890' -> '081234567890', as residents write it (for display and SMS texts)."""
    number = phonenumbers.parse(e164, REGION)
    return "0" + str(number.national_number)
