"""The admins' edits of the routing table in the database."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..domain.routing import Agency, RoutingEntry
from .tables import routing_entries


class RoutingRepository:
    """The admins' edits; they win over the packaged table."""

    def __init__(self, session):
        self.session = session

    def get(self, category: str, regency_code: str) -> Agency | None:
        row = self.session.execute(
            sa.select(routing_entries).where(
                routing_entries.c.category == category, routing_entries.c.regency_code == regency_code
            )
        ).first()
        return Agency(row.agency_code, row.agency_name) if row else None

    def put(self, entry: RoutingEntry, *, updated_by: str, now: dt.datetime) -> None:
        values = dict(
            agency_code=entry.agency.code, agency_name=entry.agency.name, updated_by=updated_by, updated_at=now
        )
        updated = self.session.execute(
            routing_entries.update()
            .where(
                routing_entries.c.category == entry.category,
                routing_entries.c.regency_code == entry.regency_code,
            )
            .values(**values)
        )
        if updated.rowcount == 0:
            self.session.execute(
                routing_entries.insert().values(category=entry.category, regency_code=entry.regency_code, **values)
            )

    def all(self) -> list[RoutingEntry]:
        rows = self.session.execute(sa.select(routing_entries)).all()
        return [RoutingEntry(r.category, r.regency_code, Agency(r.agency_code, r.agency_name), "edited") for r in rows]
