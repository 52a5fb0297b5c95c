"""Complaint updates in the database: the agency's updates, notes and questions, the reporter's answers."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from .tables import complaint_updates


class UpdateRepository:
    def __init__(self, session):
        self.session = session

    def add(
        self,
        *,
        complaint_id: str,
        author_id: str,
        agency_code: str,
        note: str,
        internal: bool,
        status: str,
        now: dt.datetime,
        kind: str = "update",
    ) -> dict:
        row = dict(
            id=str(uuid.uuid4()),
            complaint_id=complaint_id,
            author_id=author_id,
            agency_code=agency_code,
            note=note,
            internal=internal,
            status=status,
            created_at=now,
            kind=kind,
        )
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
        return self.session.execute(
            sa.select(sa.func.count())
            .select_from(complaint_updates)
            .where(complaint_updates.c.complaint_id == complaint_id, complaint_updates.c.kind == "question")
        ).scalar_one()
