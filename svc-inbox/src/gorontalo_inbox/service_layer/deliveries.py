"""Where a delivery goes (resolved when it leaves), and the SMS gateway's report of what became of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from servicekit import notify as transports
from servicekit.notify import callbacks
from servicekit.pii import PiiCipher

from .preferences import EMAIL_CONTEXT

SENDER = "inbox"


def destination_resolver(phone_of: Callable[[str], str | None], cipher: PiiCipher) -> Callable[[dict], str | None]:
    """SMS: the recipient's verified phone, asked of identity now (None: none, or the account is closed).
    E-mail: the address the row carries as ciphertext."""

    def resolve(row: dict) -> str | None:
        if row["channel"] == transports.EMAIL:
            encrypted = row.get("destination_encrypted") or ""
            return cipher.decrypt(encrypted, EMAIL_CONTEXT) if encrypted else None
        if row["channel"] == transports.SMS and row.get("recipient_id"):
            return phone_of(row["recipient_id"])
        return None

    return resolve


def report_sms_delivery(
    new_uow: Callable[[], object], clock: Callable[[], dt.datetime], *, body: bytes, signature: str, secret: str
) -> bool:
    """The gateway's signed report (401 when the signature is wrong); True when a delivery changed."""
    return callbacks.report_delivery(new_uow, clock, body=body, signature=signature, secret=secret, sender=SENDER)
