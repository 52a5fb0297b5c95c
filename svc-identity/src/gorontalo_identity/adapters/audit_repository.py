"""The staff audit trail in the database: add and read, nothing else (the table refuses changes)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..domain.audit import StaffAction, TrailFilter
from .tables import accounts, staff_actions


class StaffActionRepository:
    def __init__(self, session):
        self.session = session

    def add(self, action: StaffAction, recorded_at: dt.datetime) -> bool:
        """False when the entry is there already (the same event delivered twice)."""
        exists = self.session.execute(sa.select(staff_actions.c.seq).where(staff_actions.c.id == action.id)).first()
        if exists:
            return False
        self.session.execute(
            staff_actions.insert().values(
                id=action.id,
                at=action.at,
                actor_id=action.actor_id,
                actor_username=action.actor_username,
                actor_name=action.actor_name,
                actor_role=action.actor_role,
                agency=action.agency,
                jurisdiction=list(action.jurisdiction),
                service=action.service,
                method=action.method,
                http_route=action.http_route,
                resource=dict(action.resource),
                request_id=action.request_id,
                recorded_at=recorded_at,
            )
        )
        return True

    def actor_names(self, actor_id: str) -> tuple[str, str]:
        """(username, full name) of a staff account, ("", "") when unknown."""
        row = self.session.execute(
            sa.select(accounts.c.username, accounts.c.full_name).where(accounts.c.id == actor_id)
        ).first()
        return (row.username or "", row.full_name or "") if row else ("", "")

    def list(self, trail: TrailFilter, offset: int, limit: int) -> list[StaffAction]:
        query = sa.select(staff_actions)
        if trail.officer:
            query = query.where(
                sa.or_(staff_actions.c.actor_id == trail.officer, staff_actions.c.actor_username == trail.officer)
            )
        if trail.agency:
            query = query.where(staff_actions.c.agency == trail.agency)
        if trail.since is not None:
            query = query.where(staff_actions.c.at >= trail.since)
        if trail.before is not None:
            query = query.where(staff_actions.c.at < trail.before)
        rows = self.session.execute(
            query.order_by(staff_actions.c.at.desc(), staff_actions.c.seq.desc()).offset(offset).limit(limit)
        )
        return [
            StaffAction(
                id=row.id,
                at=row.at,
                actor_id=row.actor_id,
                actor_username=row.actor_username,
                actor_name=row.actor_name,
                actor_role=row.actor_role,
                agency=row.agency,
                jurisdiction=tuple(row.jurisdiction or ()),
                service=row.service,
                method=row.method,
                http_route=row.http_route,
                resource=dict(row.resource or {}),
                request_id=row.request_id,
            )
            for row in rows
        ]
