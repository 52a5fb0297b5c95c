"""Identity's SMS on servicekit.notify: queued in the transaction that needs them, sent by the sender loop.

A code's SMS is written to identity's own `deliveries` table in the transaction that stores the code
(an outbox: a code exists exactly when its SMS will be sent; nothing is sent inside a request). The
number and the text are encrypted there with the PII key: the text holds the code, which the rest of
the database keeps only hashed. The transport wrapper decrypts the text at the last moment.
"""

from __future__ import annotations

import datetime as dt

from servicekit.notify import SMS, DeliveryRepository, Transport
from servicekit.pii import PiiCipher

DESTINATION_CONTEXT = "sms-destination"
MESSAGE_CONTEXT = "sms-message"


class SmsQueue:
    """Adds encrypted SMS rows to the deliveries queue of the open unit of work."""

    def __init__(self, deliveries: DeliveryRepository, cipher: PiiCipher):
        self.deliveries = deliveries
        self.cipher = cipher

    def enqueue(self, *, phone: str, message: str, kind: str, recipient_id: str, now: dt.datetime) -> str:
        return self.deliveries.add(
            channel=SMS,
            recipient_id=recipient_id,
            destination_encrypted=self.cipher.encrypt(phone, DESTINATION_CONTEXT),
            message=self.cipher.encrypt(message, MESSAGE_CONTEXT),
            kind=kind,
            now=now,
        )


def destination_resolver(cipher: PiiCipher):
    """notify.Sender's resolve_destination: the number, decrypted; None (fails at once) if it cannot be."""

    def resolve(row: dict) -> str | None:
        encrypted = row.get("destination_encrypted") or ""
        if not encrypted:
            return None
        try:
            return cipher.decrypt(encrypted, DESTINATION_CONTEXT)
        except Exception:  # noqa: BLE001 - a lost or rotated-away key: no retry can help
            return None

    return resolve


def read_message(cipher: PiiCipher, stored: str) -> str:
    return cipher.decrypt(stored, MESSAGE_CONTEXT)


class SealedMessages:
    """A notify Transport that decrypts the stored text just before handing it to the real transport."""

    def __init__(self, inner: Transport, cipher: PiiCipher):
        self.inner = inner
        self.cipher = cipher

    def send(self, *, channel: str, destination: str, message: str, reference: str, subject: str = "") -> str:
        return self.inner.send(
            channel=channel,
            destination=destination,
            message=read_message(self.cipher, message),
            reference=reference,
            subject=subject,
        )
