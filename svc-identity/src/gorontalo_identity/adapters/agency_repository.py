"""Agencies (OPD) in the database."""

from __future__ import annotations

import sqlalchemy as sa

from ..domain.model import Agency
from .tables import agencies


class AgencyRepository:
    def __init__(self, session):
        self.session = session

    def add(self, agency: Agency) -> None:
        self.session.execute(agencies.insert().values(**vars(agency)))

    def get(self, agency_id: str) -> Agency | None:
        row = self.session.execute(sa.select(agencies).where(agencies.c.id == agency_id)).first()
        return Agency(**row._mapping) if row else None

    def by_code(self, code: str) -> Agency | None:
        row = self.session.execute(sa.select(agencies).where(agencies.c.code == code)).first()
        return Agency(**row._mapping) if row else None

    def page(self, offset: int, limit: int) -> list[Agency]:
        rows = self.session.execute(sa.select(agencies).order_by(agencies.c.code).offset(offset).limit(limit))
        return [Agency(**row._mapping) for row in rows]
