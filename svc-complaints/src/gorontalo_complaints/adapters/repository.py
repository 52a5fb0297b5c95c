"""Complaints in the database."""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from servicekit.errors import Aborted

from ..domain.model import Complaint, TrackingCodeTaken
from .tables import complaints

# Columns written back by save(): everything that follow-up changes.
_MUTABLE = ("category", "region_code", "status", "agency_code", "agency_name", "needs_dispatch",
            "suggested_category", "suggestion_confidence", "rejection_reason", "rating", "rating_comment",
            "dispositioned_at", "first_response_at", "resolved_at", "closed_at", "category_source")  # support_count: see add_support

def _from_row(row) -> Complaint:
    return Complaint(
        id=row.id, tracking_code=row.tracking_code, reporter_id=row.reporter_id, category=row.category,
        title=row.title, description=row.description, latitude=row.latitude, longitude=row.longitude,
        region_code=row.region_code, privacy=row.privacy, channel=row.channel, status=row.status,
        filed_at=row.filed_at, agency_code=row.agency_code, agency_name=row.agency_name,
        needs_dispatch=bool(row.needs_dispatch), suggested_category=row.suggested_category,
        suggestion_confidence=row.suggestion_confidence, rejection_reason=row.rejection_reason,
        rating=row.rating, rating_comment=row.rating_comment, dispositioned_at=row.dispositioned_at,
        first_response_at=row.first_response_at, resolved_at=row.resolved_at,
        closed_at=row.closed_at, category_source=row.category_source,
        breached_deadlines=tuple(name for name in row.breached_deadlines.split(",") if name),
        support_count=row.support_count, contact_encrypted=row.contact_encrypted,
        contact_index=row.contact_index, address=row.address, attributes=json.loads(row.attributes or "{}"),
    )


def _row_of(complaint: Complaint) -> dict:
    row = {name: getattr(complaint, name) for name in _MUTABLE}
    row["breached_deadlines"] = ",".join(complaint.breached_deadlines)
    return row


class ComplaintRepository:
    def __init__(self, session):
        self.session = session
        self._versions: dict[str, int] = {}  # id -> version as read, for optimistic concurrency

    def add(self, complaint: Complaint) -> None:
        """Insert in a savepoint, so a tracking-code collision leaves the transaction usable."""
        row = {
            "id": complaint.id, "tracking_code": complaint.tracking_code, "reporter_id": complaint.reporter_id,
            "category": complaint.category, "title": complaint.title, "description": complaint.description,
            "latitude": complaint.latitude, "longitude": complaint.longitude, "region_code": complaint.region_code,
            "privacy": complaint.privacy, "channel": complaint.channel, "status": complaint.status,
            "filed_at": complaint.filed_at, **_row_of(complaint), "version": 1,
            "contact_encrypted": complaint.contact_encrypted, "contact_index": complaint.contact_index,
            "address": complaint.address, "attributes": json.dumps(complaint.attributes, ensure_ascii=False),
        }
        try:
            with self.session.begin_nested():
                self.session.execute(complaints.insert().values(**row))
        except sa_exc.IntegrityError:
            if self.by_tracking_code(complaint.tracking_code) is not None:
                raise TrackingCodeTaken(complaint.tracking_code) from None
            raise
        self._versions[complaint.id] = 1

    def save(self, complaint: Complaint) -> None:
        """Write back a complaint read in this unit of work; Aborted when someone changed it meanwhile."""
        version = self._versions[complaint.id]
        result = self.session.execute(
            complaints.update().where(complaints.c.id == complaint.id, complaints.c.version == version)
            .values(**_row_of(complaint), version=version + 1))
        if result.rowcount != 1:
            raise Aborted()
        self._versions[complaint.id] = version + 1

    def _track(self, rows) -> list[Complaint]:
        for row in rows:
            self._versions[row.id] = row.version
        return [_from_row(row) for row in rows]

    def where(self, *conditions, offset: int = 0, limit: int | None = None,
              newest_first: bool = True) -> list[Complaint]:
        order = (complaints.c.filed_at.desc(), complaints.c.id.desc()) if newest_first \
            else (complaints.c.filed_at, complaints.c.id)
        query = sa.select(complaints).where(*conditions).order_by(*order).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return self._track(self.session.execute(query).all())

    def by_tracking_code(self, tracking_code: str) -> Complaint | None:
        row = self.session.execute(
            sa.select(complaints).where(complaints.c.tracking_code == tracking_code)).first()
        return self._track([row])[0] if row else None

    def by_reporter(self, reporter_id: str, *, offset: int, limit: int) -> list[Complaint]:
        """A reporter's complaints, newest first (ties broken by id, so pages never overlap)."""
        rows = self.session.execute(
            sa.select(complaints).where(complaints.c.reporter_id == reporter_id)
            .order_by(complaints.c.filed_at.desc(), complaints.c.id.desc())
            .offset(offset).limit(limit)
        ).all()
        return [_from_row(row) for row in rows]

    def contact_filings_since(self, contact_index: str, since: dt.datetime) -> int:
        return self.session.execute(sa.select(sa.func.count()).select_from(complaints).where(
            complaints.c.contact_index == contact_index, complaints.c.filed_at >= since)).scalar_one()

    def contact_filings_times_since(self, contact_index: str, since: dt.datetime) -> list[dt.datetime]:
        """Filing times of one contact since `since`, oldest first (the limit's count and its Retry-After)."""
        return list(self.session.execute(sa.select(complaints.c.filed_at).where(
            complaints.c.contact_index == contact_index, complaints.c.filed_at >= since)
            .order_by(complaints.c.filed_at)).scalars())

    def add_support(self, complaint_id: str) -> None:
        """Atomic increment: two supporters at once both count, whatever version each read."""
        self.session.execute(complaints.update().where(complaints.c.id == complaint_id)
                             .values(support_count=complaints.c.support_count + 1))
