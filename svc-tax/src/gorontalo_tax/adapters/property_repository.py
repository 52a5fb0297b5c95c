"""Land and building objects (PBB-P2) in the database."""

from __future__ import annotations

import sqlalchemy as sa

from ..domain.property import Property
from .tables import properties

_PROPERTY_COLUMNS = (
    "id",
    "nop",
    "regency_code",
    "owner_id",
    "owner_nik_index",
    "land_area_m2",
    "building_area_m2",
    "njop_land",
    "njop_building",
    "registered_at",
)


class PropertyRepository:
    def __init__(self, session):
        self.session = session

    def add(self, prop: Property, owner_nik_encrypted: str | None = None) -> None:
        self.session.execute(
            properties.insert().values(
                **{n: getattr(prop, n) for n in _PROPERTY_COLUMNS}, owner_nik_encrypted=owner_nik_encrypted
            )
        )

    def by_nop(self, nop: str) -> Property | None:
        row = self.session.execute(sa.select(properties).where(properties.c.nop == nop)).first()
        return self._from_row(row) if row else None

    def all_ids(self) -> list[str]:
        return list(self.session.execute(sa.select(properties.c.id).order_by(properties.c.id)).scalars())

    def all_by_ids(self, ids: list[str]) -> list[Property]:
        if not ids:
            return []
        rows = self.session.execute(sa.select(properties).where(properties.c.id.in_(ids)).order_by(properties.c.id))
        return [self._from_row(row) for row in rows]

    @staticmethod
    def _from_row(row) -> Property:
        return Property(**{n: getattr(row, n) for n in _PROPERTY_COLUMNS})
