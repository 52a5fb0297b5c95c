"""Notifications in the database: the contact messages of filers without an account, and the in-app
entries account holders had before svc-inbox.

The table is also complaints' servicekit.notify delivery queue (the unit of work's `deliveries`, a
notify.DeliveryRepository over it with `state` as its status column): the generic sender claims,
sends and marks its rows. This repository writes them with the complaint they belong to, and reads
them as complaints shows them.
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from servicekit import notify

from ..domain import notifications as n
from .tables import notifications


def _row(row) -> dict:
    return dict(row._mapping)


def delivery_queue(session) -> notify.DeliveryRepository:
    """The same table as servicekit.notify's queue, for the sender and the delivery reports."""
    return notify.DeliveryRepository(session, notifications, status_column="state")


class NotificationRepository:
    def __init__(self, session):
        self.session = session

    def add(
        self,
        *,
        complaint_id: str,
        tracking_code: str,
        recipient_id: str,
        destination_encrypted: str,
        kind: str,
        status: str,
        message: str,
        now: dt.datetime,
    ) -> dict:
        """A message to a filer's contact (ciphertext), due now; sms or email is known once decrypted."""
        row = dict(
            id=str(uuid.uuid4()),
            complaint_id=complaint_id,
            tracking_code=tracking_code,
            recipient_id=recipient_id,
            channel=n.CONTACT,
            destination_encrypted=destination_encrypted,
            subject=n.EMAIL_SUBJECT,
            kind=kind,
            status=status,
            message=message,
            state=notify.PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        self.session.execute(notifications.insert().values(**row))
        return row

    def inbox(self, recipient_id: str, *, offset: int, limit: int) -> list[dict]:
        """One account holder's in-app entries, newest first (ties by id, so pages never overlap)."""
        rows = self.session.execute(
            sa.select(notifications)
            .where(notifications.c.recipient_id == recipient_id, notifications.c.channel == n.INAPP)
            .order_by(notifications.c.created_at.desc(), notifications.c.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        return [_row(r) for r in rows]

    def of_complaint(self, complaint_id: str) -> list[dict]:
        rows = self.session.execute(
            sa.select(notifications)
            .where(notifications.c.complaint_id == complaint_id)
            .order_by(notifications.c.created_at, notifications.c.id)
        ).all()
        return [_row(r) for r in rows]

    def latest(self, *, tracking_code: str = "", limit: int = 50) -> list[dict]:
        query = sa.select(notifications).where(notifications.c.channel != n.INAPP)
        if tracking_code:
            query = query.where(notifications.c.tracking_code == tracking_code)
        rows = self.session.execute(
            query.order_by(notifications.c.created_at.desc(), notifications.c.id.desc()).limit(limit)
        ).all()
        return [_row(r) for r in rows]
