"""Tracking codes: short, random, readable over a phone, with a check character.

Shape: ``GTO-XXXX-XC``: the fixed prefix ``GTO``, five random symbols and one
check symbol ``C``, grouped 4 + 2 by dashes. Symbols come from Crockford's
base32 alphabet ``0123456789ABCDEFGHJKMNPQRSTVWXYZ`` (no I, L, O or U), so a
code read aloud or copied by hand has no look-alike letters. 32^5 (about 33.5
million) codes exist; uniqueness is the database's job (a unique constraint,
with a retry on collision in the use case).

Check symbol: for the five random symbols d1..d5 with values v1..v5 (their
positions in the alphabet, 0..31), the check value is

    c = (1*v1 + 2*v2 + 3*v3 + 4*v4 + 5*v5) mod 31

written as ALPHABET[c]. Example: body 7K3Q9 has values 7, 19, 3, 23, 9;
1*7 + 2*19 + 3*3 + 4*23 + 5*9 = 191; 191 mod 31 = 5; the code is GTO-7K3Q-95.
Only 31 of the 32 symbols can be a check symbol (never Z). Because 31 is prime and the weights 1..5 are distinct
and non-zero mod 31, every single-symbol substitution and every transposition
of two symbols changes c, except where the two values differ by exactly 31
(0 <-> Z). A wrong check symbol itself is always caught. A mistyped code is
therefore refused as malformed before the database is asked.

Reading a code back is lenient the way Crockford intends: case-insensitive,
dashes and spaces optional, the ``GTO`` prefix optional, and the look-alikes
O -> 0 and I, L -> 1 are read as the digits.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "GTO"
RANDOM_LENGTH = 5
CHECK_MODULUS = 31

_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-]")


def check_symbol(body: str) -> str:
    """The check symbol over the random symbols of a code (see the module docstring)."""
    total = sum(weight * _VALUES[symbol] for weight, symbol in enumerate(body, start=1))
    return ALPHABET[total % CHECK_MODULUS]


def format_code(body: str) -> str:
    """'7K3Q9' -> 'GTO-7K3Q-9M' (the body's check symbol appended)."""
    symbols = body + check_symbol(body)
    return f"{PREFIX}-{symbols[:4]}-{symbols[4:]}"


def generate(choice=secrets.choice) -> str:
    """A new random code; `choice` is injectable only so tests can force collisions."""
    return format_code("".join(choice(ALPHABET) for _ in range(RANDOM_LENGTH)))


def parse(raw: str) -> str | None:
    """The canonical 'GTO-XXXX-XC' form of what a person typed, or None when it is not a valid code."""
    text = _SEPARATORS.sub("", raw or "").upper()
    if len(text) == len(PREFIX) + RANDOM_LENGTH + 1 and text[: len(PREFIX)] in (PREFIX, "GT0"):
        text = text[len(PREFIX) :]
    text = text.translate(_LOOK_ALIKES)
    if len(text) != RANDOM_LENGTH + 1 or any(symbol not in _VALUES for symbol in text):
        return None
    body, check = text[:-1], text[-1]
    if check_symbol(body) != check:
        return None
    return format_code(body)
