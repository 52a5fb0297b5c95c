"""Residents as identity's events describe them: regency (for alerts), level, open or closed."""

from __future__ import annotations

import sqlalchemy as sa

from ..domain.model import ACTIVE, Resident
from .tables import residents


class ResidentRepository:
    def __init__(self, session):
        self.session = session

    def get(self, citizen_id: str, *, for_update: bool = False) -> Resident | None:
        query = sa.select(residents).where(residents.c.citizen_id == citizen_id)
        if for_update:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return Resident(**row._mapping) if row else None

    def save(self, resident: Resident, *, new: bool) -> None:
        values = {
            "regency_code": resident.regency_code,
            "acr": resident.acr,
            "status": resident.status,
            "updated_at": resident.updated_at,
        }
        if new:
            self.session.execute(residents.insert().values(citizen_id=resident.citizen_id, **values))
        else:
            self.session.execute(
                residents.update().where(residents.c.citizen_id == resident.citizen_id).values(**values)
            )

    def active_in(self, regency_codes) -> list[Resident]:
        """Open accounts registered in any of these regencies (75.xx), in a stable order."""
        codes = sorted(set(regency_codes))
        if not codes:
            return []
        rows = self.session.execute(
            sa.select(residents)
            .where(residents.c.regency_code.in_(codes), residents.c.status == ACTIVE)
            .order_by(residents.c.citizen_id)
        ).all()
        return [Resident(**row._mapping) for row in rows]
