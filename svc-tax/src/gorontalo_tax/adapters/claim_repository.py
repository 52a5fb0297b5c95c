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

    def release(self, owner_id: str) -> str | None:
        """End the account's claim; the index it held, None when it held none."""
        nik_index = self.index_for(owner_id)
        if nik_index is not None:
            self.session.execute(owner_claims.delete().where(owner_claims.c.owner_id == owner_id))
        return nik_index

    def owners_of(self, nik_indexes) -> dict[str, str]:
        """The claiming account of each claimed index among `nik_indexes`."""
        wanted = sorted({i for i in nik_indexes if i})
        if not wanted:
            return {}
        rows = self.session.execute(
            sa.select(owner_claims.c.owner_nik_index, owner_claims.c.owner_id).where(
                owner_claims.c.owner_nik_index.in_(wanted)
            )
        ).all()
        return {row.owner_nik_index: row.owner_id for row in rows}

    def lock_objects_of(self, nik_index: str) -> None:
        """Lock the objects imported under the index (PostgreSQL; SQLite writers are serial anyway) until
        commit, so bills being generated for them wait for the claim and name its owner (see hold_objects)."""
        for table in (vehicles, properties):
            self.session.execute(
                sa.select(table.c.id).where(table.c.owner_nik_index == nik_index).order_by(table.c.id).with_for_update()
            ).all()

    def hold_objects(self, vehicle_ids=(), property_ids=()) -> None:
        """Share-lock objects whose bills this transaction issues: a concurrent claim of one of them either
        committed before (its owner is read after this) or waits, and then lists the new bills."""
        for table, ids in ((vehicles, vehicle_ids), (properties, property_ids)):
            if ids:
                self.session.execute(
                    sa.select(table.c.id)
                    .where(table.c.id.in_(list(ids)))
                    .order_by(table.c.id)
                    .with_for_update(read=True)
                ).all()

    def bill_ids(self, nik_index: str) -> list[str]:
        """Every bill of the objects imported under the index, oldest first."""
        return list(
            self.session.execute(
                sa.select(bills.c.id)
                .where(bills.c.owner_nik_index == nik_index)
                .order_by(bills.c.issued_at, bills.c.id)
            ).scalars()
        )

    def counts(self, nik_index: str) -> dict[str, int]:
        def count(table):
            return self.session.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c.owner_nik_index == nik_index)
            ).scalar_one()

        return {"vehicles": count(vehicles), "properties": count(properties), "bills": count(bills)}
