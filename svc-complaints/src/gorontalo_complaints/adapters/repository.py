"""Complaints in the database."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from ..domain.model import Complaint, TrackingCodeTaken
from .tables import complaints

def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite returns naive datetimes; everything here is stored in UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


def _from_row(row) -> Complaint:
    return Complaint(
        id=row.id, tracking_code=row.tracking_code, reporter_id=row.reporter_id, category=row.category,
        title=row.title, description=row.description, latitude=row.latitude, longitude=row.longitude,
        region_code=row.region_code, privacy=row.privacy, channel=row.channel, status=row.status,
        filed_at=_aware(row.filed_at),
    )


class ComplaintRepository:
    def __init__(self, session):
        self.session = session

    def add(self, complaint: Complaint) -> None:
        """Insert in a savepoint, so a tracking-code collision leaves the transaction usable."""
        row = {
            "id": complaint.id, "tracking_code": complaint.tracking_code, "reporter_id": complaint.reporter_id,
            "category": complaint.category, "title": complaint.title, "description": complaint.description,
            "latitude": complaint.latitude, "longitude": complaint.longitude, "region_code": complaint.region_code,
            "privacy": complaint.privacy, "channel": complaint.channel, "status": complaint.status,
            "filed_at": complaint.filed_at,
        }
        try:
            with self.session.begin_nested():
                self.session.execute(complaints.insert().values(**row))
        except sa_exc.IntegrityError:
            if self.by_tracking_code(complaint.tracking_code) is not None:
                raise TrackingCodeTaken(complaint.tracking_code) from None
            raise

    def by_tracking_code(self, tracking_code: str) -> Complaint | None:
        row = self.session.execute(
            sa.select(complaints).where(complaints.c.tracking_code == tracking_code)).first()
        return _from_row(row) if row else None

    def by_reporter(self, reporter_id: str, *, offset: int, limit: int) -> list[Complaint]:
        """A reporter's complaints, newest first (ties broken by id, so pages never overlap)."""
        rows = self.session.execute(
            sa.select(complaints).where(complaints.c.reporter_id == reporter_id)
            .order_by(complaints.c.filed_at.desc(), complaints.c.id.desc())
            .offset(offset).limit(limit)
        ).all()
        return [_from_row(row) for row in rows]
