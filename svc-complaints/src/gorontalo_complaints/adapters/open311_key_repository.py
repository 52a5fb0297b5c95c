"""Open311 clients' api_keys in the database (only their hashes)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .tables import open311_keys


class Open311KeyRepository:
    def __init__(self, session):
        self.session = session

    def add(self, *, key_id: str, name: str, key_hash: str, now: dt.datetime) -> None:
        self.session.execute(open311_keys.insert().values(id=key_id, name=name, key_hash=key_hash, created_at=now))

    def find(self, key_hash: str):
        row = self.session.execute(
            sa.select(open311_keys).where(open311_keys.c.key_hash == key_hash, open311_keys.c.revoked_at.is_(None))
        ).first()
        return row._mapping if row else None

    def revoke(self, key_id: str, now: dt.datetime) -> bool:
        result = self.session.execute(
            open311_keys.update()
            .where(open311_keys.c.id == key_id, open311_keys.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return result.rowcount == 1

    def all(self) -> list:
        return [r._mapping for r in self.session.execute(sa.select(open311_keys).order_by(open311_keys.c.created_at))]
