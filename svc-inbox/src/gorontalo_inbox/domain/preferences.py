"""Rules for a resident's delivery preferences (plain Python)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from servicekit.errors import Validator

from .quiet_hours import valid_time

# A dot-atom local part (RFC 5322, ASCII) and a DNS name: no spaces, quotes, control characters or
# angle brackets, so an address can never smuggle a header or a second recipient into a message.
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,63}$"
)
EMAIL_MAX_LENGTH = 254


@dataclass(frozen=True)
class Change:
    """What an UpdatePreferences asked for; None: leave it as it is."""

    sms: bool | None = None
    email: bool | None = None
    email_address: str | None = None
    quiet_start: str | None = None
    quiet_end: str | None = None


def normalise_email(address: str) -> str:
    """Trimmed, domain in lower case (the local part is the mail server's business)."""
    local, at, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if at else address.strip()


def validate(change: Change, *, has_address: bool) -> None:
    """InvalidArgument naming every field at fault. `has_address`: an address is on file already."""
    check = Validator()
    if change.email_address:
        address = change.email_address.strip()
        if len(address) > EMAIL_MAX_LENGTH:
            check.add("email_address", "too_long", max=EMAIL_MAX_LENGTH)
        elif not _EMAIL.match(address):
            check.add("email_address", "email_invalid")
    for name, value in (("quiet_hours_start", change.quiet_start), ("quiet_hours_end", change.quiet_end)):
        if value and not valid_time(value):
            check.add(name, "quiet_hours_invalid")
    if change.email:
        removing = change.email_address is not None and not change.email_address.strip()
        if removing or (change.email_address is None and not has_address):
            check.add("email", "email_address_required")
    check.raise_if_invalid()


def quiet_window(start: str, end: str) -> tuple[str, str]:
    """The window after a change: both bounds or neither, and not empty."""
    check = Validator()
    if bool(start) != bool(end):
        check.add("quiet_hours_end" if start else "quiet_hours_start", "quiet_hours_incomplete")
    elif start and start == end:
        check.add("quiet_hours_end", "quiet_hours_empty")
    check.raise_if_invalid()
    return start, end


def mask_email(address: str) -> str:
    """`budi.s@mail.id` -> `b*****@m***.id`: enough for the owner to recognise it."""
    local, _, domain = address.partition("@")
    host, dot, top = domain.rpartition(".")
    if not dot:
        host, top = domain, ""
    masked_host = (host[:1] + "*" * max(len(host) - 1, 1)) if host else ""
    return f"{local[:1]}{'*' * max(len(local) - 1, 1)}@{masked_host}{dot}{top}"
