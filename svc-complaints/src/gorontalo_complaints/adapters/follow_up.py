"""Routing edits, dispatcher corrections, complaint updates and deadline breaches in the database."""
from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from ..domain.routing import Agency, RoutingEntry
from .tables import complaint_updates, complaints, deadline_breaches, dispatch_corrections, routing_entries


class RoutingRepository:
    """The admins' edits; they win over the packaged table."""

    def __init__(self, session):
        self.session = session

    def get(self, category: str, regency_code: str) -> Agency | None:
        row = self.session.execute(sa.select(routing_entries).where(
            routing_entries.c.category == category, routing_entries.c.regency_code == regency_code)).first()
        return Agency(row.agency_code, row.agency_name) if row else None

    def put(self, entry: RoutingEntry, *, updated_by: str, now: dt.datetime) -> None:
        values = dict(agency_code=entry.agency.code, agency_name=entry.agency.name, updated_by=updated_by,
                      updated_at=now)
        updated = self.session.execute(routing_entries.update().where(
            routing_entries.c.category == entry.category, routing_entries.c.regency_code == entry.regency_code,
        ).values(**values))
        if updated.rowcount == 0:
            self.session.execute(routing_entries.insert().values(
                category=entry.category, regency_code=entry.regency_code, **values))

    def all(self) -> list[RoutingEntry]:
        rows = self.session.execute(sa.select(routing_entries)).all()
        return [RoutingEntry(r.category, r.regency_code, Agency(r.agency_code, r.agency_name), "edited")
                for r in rows]


class CorrectionRepository:
    def __init__(self, session):
        self.session = session

    def add(self, *, complaint_id: str, text: str, suggested: str, confidence: float, chosen: str,
            dispatcher_id: str, now: dt.datetime) -> None:
        self.session.execute(dispatch_corrections.insert().values(
            id=str(uuid.uuid4()), complaint_id=complaint_id, text=text, suggested_category=suggested,
            suggestion_confidence=confidence, chosen_category=chosen, dispatcher_id=dispatcher_id, created_at=now))

    def examples(self) -> list[tuple[str, str]]:
        rows = self.session.execute(sa.select(dispatch_corrections.c.text, dispatch_corrections.c.chosen_category)
                                    .order_by(dispatch_corrections.c.created_at)).all()
        return [(row.text, row.chosen_category) for row in rows]


class UpdateRepository:
    def __init__(self, session):
        self.session = session

    def add(self, *, complaint_id: str, author_id: str, agency_code: str, note: str, internal: bool,
            status: str, now: dt.datetime, kind: str = "update") -> dict:
        row = dict(id=str(uuid.uuid4()), complaint_id=complaint_id, author_id=author_id, agency_code=agency_code,
                   note=note, internal=internal, status=status, created_at=now, kind=kind)
        self.session.execute(complaint_updates.insert().values(**row))
        return row

    def of(self, complaint_id: str, *, include_internal: bool, include_dialogue: bool = False) -> list[dict]:
        """Public updates; internal notes when `include_internal`; the agency's questions and the
        reporter's answers when `include_dialogue` (the reporter and the agency only)."""
        query = sa.select(complaint_updates).where(complaint_updates.c.complaint_id == complaint_id)
        if not include_internal:
            query = query.where(complaint_updates.c.internal == sa.false())
        if not include_dialogue:
            query = query.where(complaint_updates.c.kind == "update")
        rows = self.session.execute(query.order_by(complaint_updates.c.created_at, complaint_updates.c.id)).all()
        return [dict(row._mapping) for row in rows]

    def questions_of(self, complaint_id: str) -> int:
        return self.session.execute(sa.select(sa.func.count()).select_from(complaint_updates).where(
            complaint_updates.c.complaint_id == complaint_id, complaint_updates.c.kind == "question")).scalar_one()


class BreachRepository:
    def __init__(self, session):
        self.session = session

    def add(self, *, complaint_id: str, deadline: str, due_at: dt.datetime, now: dt.datetime, agency_code: str,
            region_code: str) -> None:
        self.session.execute(deadline_breaches.insert().values(
            complaint_id=complaint_id, deadline=deadline, due_at=due_at, detected_at=now, agency_code=agency_code,
            region_code=region_code))

    def escalations(self, *conditions, offset: int, limit: int) -> list[dict]:
        """Breaches with the complaint's tracking code and status, newest first."""
        query = (sa.select(deadline_breaches, complaints.c.tracking_code, complaints.c.status)
                 .join(complaints, complaints.c.id == deadline_breaches.c.complaint_id)
                 .where(*conditions)
                 .order_by(deadline_breaches.c.detected_at.desc(), deadline_breaches.c.complaint_id,
                           deadline_breaches.c.deadline)
                 .offset(offset).limit(limit))
        return [dict(row._mapping) for row in self.session.execute(query).all()]
