"""Digital ID credentials issued to citizens."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..domain.credentials import Credential
from .tables import credentials


class CredentialRepository:
    def __init__(self, session):
        self.session = session

    @staticmethod
    def _from_row(row) -> Credential:
        return Credential(
            id=row.id,
            account_id=row.account_id,
            token=row.token,
            issued_at=row.issued_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )

    def add(self, credential: Credential) -> None:
        self.session.execute(credentials.insert().values(**vars(credential)))

    def get(self, credential_id: str) -> Credential | None:
        row = self.session.execute(sa.select(credentials).where(credentials.c.id == credential_id)).first()
        return self._from_row(row) if row else None

    def for_account(self, account_id: str) -> list[Credential]:
        rows = self.session.execute(
            sa.select(credentials).where(credentials.c.account_id == account_id).order_by(credentials.c.issued_at)
        )
        return [self._from_row(row) for row in rows]

    def revoke(self, credential_id: str, now: dt.datetime) -> None:
        self.session.execute(
            credentials.update()
            .where(credentials.c.id == credential_id, credentials.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
