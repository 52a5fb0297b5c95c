"""Masking personal numbers in free text shown to the public (SiPakai listing, tracking-code view).

Reporters write their NIK, phone number or e-mail address into descriptions
("hubungi saya di 0812..."); the public copy keeps the text readable and hides
those. Deliberately generous: a 16-digit run is masked even when it is not a
valid NIK, and a phone-like run of digits even when it is some other number.
"""

from __future__ import annotations

import re

MASK = "[disamarkan]"

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# NIK/KK: 16 digits, maybe grouped by spaces, dots, dashes or slashes.
_NIK = re.compile(r"(?<!\d)\d(?:[ ./\-]?\d){15}(?!\d)")
# Indonesian phone numbers: 08.., +628.., 628.., (0435) landlines; 9-14 digits with separators.
_PHONE = re.compile(r"(?<![\w+])(?:\+62|62|0)[\s.\-()]*\d(?:[\s.\-()]*\d){7,12}(?!\d)")


def mask_personal_numbers(text: str) -> str:
    if not text:
        return text
    text = _EMAIL.sub(MASK, text)
    text = _NIK.sub(MASK, text)
    return _PHONE.sub(MASK, text)
