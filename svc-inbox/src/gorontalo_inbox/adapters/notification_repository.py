"""Notifications and their read marks."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..domain.model import Notification, Text
from .tables import notification_reads, notifications


def _notification(row) -> Notification:
    m = row._mapping
    return Notification(
        id=m["id"],
        resident_id=m["resident_id"],
        kind=m["kind"],
        title=Text(m["title_id"], m["title_en"]),
        body=Text(m["body_id"], m["body_en"]),
        ref_kind=m["ref_kind"],
        ref_id=m["ref_id"],
        created_at=m["created_at"],
        urgent=m["urgent"],
        read=m["read_at"] is not None,
    )


# The consumers' statements, built once (issue 20, as timeline_repository's): values are bound per call.
_EXISTS = sa.select(notifications.c.id).where(notifications.c.id == sa.bindparam("b_id"))
_INSERT = notifications.insert()


class NotificationRepository:
    def __init__(self, session):
        self.session = session

    def exists(self, notification_id: str) -> bool:
        return self.session.execute(_EXISTS, {"b_id": notification_id}).first() is not None

    def add(self, notification: Notification) -> None:
        self.session.execute(
            _INSERT,
            {
                "id": notification.id,
                "resident_id": notification.resident_id,
                "kind": notification.kind,
                "title_id": notification.title.id,
                "title_en": notification.title.en,
                "body_id": notification.body.id,
                "body_en": notification.body.en,
                "ref_kind": notification.ref_kind,
                "ref_id": notification.ref_id,
                "urgent": notification.urgent,
                "created_at": notification.created_at,
            },
        )

    def _with_reads(self):
        return sa.select(notifications, notification_reads.c.read_at).join(
            notification_reads, notification_reads.c.notification_id == notifications.c.id, isouter=True
        )

    def of_resident(self, resident_id: str, *, unread_only: bool, offset: int, limit: int) -> list[Notification]:
        c = notifications.c
        query = self._with_reads().where(c.resident_id == resident_id)
        if unread_only:
            query = query.where(notification_reads.c.read_at.is_(None))
        rows = self.session.execute(query.order_by(c.created_at.desc(), c.id.desc()).offset(offset).limit(limit))
        return [_notification(row) for row in rows.all()]

    def _unread_ids(self, resident_id: str, ids=None) -> list[str]:
        query = (
            sa.select(notifications.c.id)
            .join(notification_reads, notification_reads.c.notification_id == notifications.c.id, isouter=True)
            .where(notifications.c.resident_id == resident_id, notification_reads.c.read_at.is_(None))
        )
        if ids is not None:
            query = query.where(notifications.c.id.in_(list(ids)))
        return list(self.session.execute(query).scalars())

    def unread_count(self, resident_id: str) -> int:
        return self.session.execute(
            sa.select(sa.func.count())
            .select_from(notifications)
            .join(notification_reads, notification_reads.c.notification_id == notifications.c.id, isouter=True)
            .where(notifications.c.resident_id == resident_id, notification_reads.c.read_at.is_(None))
        ).scalar_one()

    def mark_read(self, resident_id: str, ids, now: dt.datetime) -> int:
        """Mark the resident's unread notifications among `ids` (None: all of them); others are ignored."""
        unread = self._unread_ids(resident_id, ids)
        if not unread:
            return 0
        # Two requests marking the same notification at once: the second one's insert is a no-op.
        dialect = self.session.get_bind().dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(notification_reads)
        result = self.session.execute(
            insert.on_conflict_do_nothing(index_elements=["notification_id"]),
            [{"notification_id": i, "resident_id": resident_id, "read_at": now} for i in unread],
        )
        return result.rowcount if result.rowcount >= 0 else len(unread)
