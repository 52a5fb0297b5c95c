"""Claims: which account holds the objects imported under an owner NIK index, in the database."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..domain.billing import ClaimTaken
from .tables import bills, owner_claims, properties, vehicles


class ClaimRepository:
    def __init__(self, session):
        self.session = session

    def index_for(self, owner_id: str) -> str | None:
        return self.session.execute(
            sa.select(owner_claims.c.owner_nik_index).where(owner_claims.c.owner_id == owner_id)
        ).scalar_one_or_none()

    def owner_of(self, nik_index: str) -> str | None:
        return self.session.execute(
            sa.select(owner_claims.c.owner_id).where(owner_claims.c.owner_nik_index == nik_index)
        ).scalar_one_or_none()

    def add(self, nik_index: str, owner_id: str, now: dt.datetime) -> None:
        try:
            with self.session.begin_nested():
                self.session.execute(
                    owner_claims.insert().values(owner_nik_index=nik_index, owner_id=owner_id, claimed_at=now)
                )
        except IntegrityError:
            raise ClaimTaken(owner_id) from None

    def counts(self, nik_index: str) -> dict[str, int]:
        def count(table):
            return self.session.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c.owner_nik_index == nik_index)
            ).scalar_one()

        return {"vehicles": count(vehicles), "properties": count(properties), "bills": count(bills)}
