"""Breached deadlines in the database, and the escalation lists read from them."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from servicekit.db import region_within
from servicekit.errors import Aborted

from .tables import complaints, deadline_breaches


class BreachRepository:
    def __init__(self, session):
        self.session = session

    def add(
        self,
        *,
        complaint_id: str,
        deadline: str,
        due_at: dt.datetime,
        now: dt.datetime,
        agency_code: str,
        region_code: str,
    ) -> None:
        """Aborted when a concurrent sweep recorded this breach first (the primary key says so)."""
        try:
            self.session.execute(
                deadline_breaches.insert().values(
                    complaint_id=complaint_id,
                    deadline=deadline,
                    due_at=due_at,
                    detected_at=now,
                    agency_code=agency_code,
                    region_code=region_code,
                )
            )
        except sa_exc.IntegrityError:
            raise Aborted() from None

    def _escalations(self, *conditions, offset: int, limit: int) -> list[dict]:
        """Breaches with the complaint's tracking code and status, newest first."""
        query = (
            sa.select(deadline_breaches, complaints.c.tracking_code, complaints.c.status)
            .join(complaints, complaints.c.id == deadline_breaches.c.complaint_id)
            .where(*conditions)
            .order_by(
                deadline_breaches.c.detected_at.desc(), deadline_breaches.c.complaint_id, deadline_breaches.c.deadline
            )
            .offset(offset)
            .limit(limit)
        )
        return [dict(row._mapping) for row in self.session.execute(query).all()]

    def for_dispatcher(self, scope, *, offset: int, limit: int) -> list[dict]:
        """Escalations of complaints within `scope`, or not yet located."""
        return self._escalations(
            sa.or_(complaints.c.region_code == "", region_within(complaints.c.region_code, scope)),
            offset=offset,
            limit=limit,
        )

    def for_agency_head(self, agency_code: str, jurisdiction, *, offset: int, limit: int) -> list[dict]:
        """Escalations of the agency's deadlines on complaints within the jurisdiction."""
        return self._escalations(
            deadline_breaches.c.agency_code == agency_code,
            region_within(complaints.c.region_code, jurisdiction),
            offset=offset,
            limit=limit,
        )
