"""Opaque page tokens (AIP-158 style) and page-size bounds."""

from __future__ import annotations

import base64
import json

from .errors import FieldViolation, InvalidArgument

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def page_size(requested: int) -> int:
    if requested < 0:
        raise InvalidArgument(
            violations=[FieldViolation("page_size", "out_of_range", {"min": 0, "max": MAX_PAGE_SIZE})]
        )
    return min(requested or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def encode(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def decode(token: str) -> int:
    if not token:
        return 0
    try:
        padded = token + "=" * (-len(token) % 4)
        offset = int(json.loads(base64.urlsafe_b64decode(padded))["o"])
        if offset < 0:
            raise ValueError
        return offset
    except (ValueError, KeyError, TypeError, OverflowError):
        raise InvalidArgument(violations=[FieldViolation("page_token", "invalid_page_token")]) from None


def next_token(offset: int, returned: int, limit: int) -> str:
    return encode(offset + returned) if returned == limit else ""


def window(requested_size: int, token: str) -> tuple[int, int]:
    """(offset, limit) of a list request; a bad size and a bad token are reported together."""
    violations: list[FieldViolation] = []
    offset = limit = 0
    try:
        limit = page_size(requested_size)
    except InvalidArgument as error:
        violations += error.violations
    try:
        offset = decode(token)
    except InvalidArgument as error:
        violations += error.violations
    if violations:
        raise InvalidArgument(violations=violations)
    return offset, limit
