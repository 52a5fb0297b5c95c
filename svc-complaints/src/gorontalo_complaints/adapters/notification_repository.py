"""Notifications in the database: the contact outbox the sender drains, and the in-app inbox."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from ..domain import notifications as n
from .tables import notifications


def _row(row) -> dict:
    return dict(row._mapping)


class NotificationRepository:
    def __init__(self, session):
        self.session = session

    def add(
        self,
        *,
        complaint_id: str,
        tracking_code: str,
        recipient_id: str,
        channel: str,
        destination_encrypted: str,
        kind: str,
        status: str,
        message: str,
        now: dt.datetime,
    ) -> dict:
        inapp = channel == n.INAPP
        row = dict(
            id=str(uuid.uuid4()),
            complaint_id=complaint_id,
            tracking_code=tracking_code,
            recipient_id=recipient_id,
            channel=channel,
            destination_encrypted=destination_encrypted,
            kind=kind,
            status=status,
            message=message,
            state=n.DELIVERED if inapp else n.PENDING,
            attempts=0,
            next_attempt_at=None if inapp else now,
            created_at=now,
            sent_at=now if inapp else None,
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

    def due_ids(self, now: dt.datetime, limit: int) -> list[str]:
        rows = self.session.execute(
            sa.select(notifications.c.id)
            .where(
                notifications.c.state == n.PENDING,
                notifications.c.next_attempt_at <= now,
                sa.or_(notifications.c.claimed_until.is_(None), notifications.c.claimed_until < now),
            )
            .order_by(notifications.c.next_attempt_at, notifications.c.id)
            .limit(limit)
        ).all()
        return [r.id for r in rows]

    def claim(self, notification_id: str, now: dt.datetime, until: dt.datetime) -> dict | None:
        """Take a due row for one attempt; None when another sender took it first (conditional update)."""
        result = self.session.execute(
            notifications.update()
            .where(
                notifications.c.id == notification_id,
                notifications.c.state == n.PENDING,
                sa.or_(notifications.c.claimed_until.is_(None), notifications.c.claimed_until < now),
            )
            .values(claimed_until=until)
        )
        if result.rowcount != 1:
            return None
        return self.get(notification_id)

    def get(self, notification_id: str) -> dict | None:
        row = self.session.execute(sa.select(notifications).where(notifications.c.id == notification_id)).first()
        return _row(row) if row else None

    def mark_sent(self, notification_id: str, *, now: dt.datetime, channel: str, provider_message_id: str) -> None:
        self.session.execute(
            notifications.update()
            .where(notifications.c.id == notification_id)
            .values(
                state=n.SENT,
                attempts=notifications.c.attempts + 1,
                sent_at=now,
                claimed_until=None,
                channel=channel,
                provider_message_id=provider_message_id[:100],
                last_error="",
            )
        )

    def mark_attempt_failed(
        self, notification_id: str, *, channel: str, error: str, next_attempt_at: dt.datetime | None
    ) -> None:
        """A failed attempt: retried at `next_attempt_at`, or given up (`failed`) when None."""
        values = dict(
            attempts=notifications.c.attempts + 1, claimed_until=None, last_error=error[:500], channel=channel
        )
        if next_attempt_at is None:
            values.update(state=n.FAILED, next_attempt_at=None)
        else:
            values.update(next_attempt_at=next_attempt_at)
        self.session.execute(notifications.update().where(notifications.c.id == notification_id).values(**values))

    def pending_count(self) -> int:
        return self.session.execute(
            sa.select(sa.func.count()).select_from(notifications).where(notifications.c.state == n.PENDING)
        ).scalar_one()

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
