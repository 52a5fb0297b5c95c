"""Refresh tokens (stored as hashes) and their rotation chains (families)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..domain.sessions import RefreshToken
from .tables import refresh_tokens


class RefreshTokenRepository:
    def __init__(self, session):
        self.session = session

    def add(self, token: RefreshToken) -> None:
        self.session.execute(refresh_tokens.insert().values(**vars(token)))

    def get(self, token_id: str) -> RefreshToken | None:
        row = self.session.execute(sa.select(refresh_tokens).where(refresh_tokens.c.id == token_id)).first()
        if not row:
            return None
        return RefreshToken(**row._mapping)

    def mark_used(self, token_id: str, now: dt.datetime) -> bool:
        """Atomic: only one of two concurrent refreshes with the same token wins."""
        result = self.session.execute(
            refresh_tokens.update()
            .where(
                refresh_tokens.c.id == token_id,
                refresh_tokens.c.used_at.is_(None),
                refresh_tokens.c.revoked_at.is_(None),
            )
            .values(used_at=now)
        )
        return result.rowcount == 1

    def revoke_family(self, family_id: str, now: dt.datetime) -> None:
        self.session.execute(
            refresh_tokens.update()
            .where(refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def family_of_access_token(self, access_token_id: str) -> str | None:
        return self.session.execute(
            sa.select(refresh_tokens.c.family_id).where(refresh_tokens.c.access_token_id == access_token_id)
        ).scalar()

    def live_access_tokens(self, family_id: str, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
        """(jti, expiry) of the family's access tokens that have not expired yet."""
        rows = self.session.execute(
            sa.select(refresh_tokens.c.access_token_id, refresh_tokens.c.access_expires_at).where(
                refresh_tokens.c.family_id == family_id,
                refresh_tokens.c.access_token_id.is_not(None),
                refresh_tokens.c.access_expires_at > now,
            )
        )
        return [(row.access_token_id, row.access_expires_at) for row in rows]

    def families_of_account(self, account_id: str) -> list[str]:
        rows = self.session.execute(
            sa.select(refresh_tokens.c.family_id).where(refresh_tokens.c.account_id == account_id).distinct()
        )
        return [row.family_id for row in rows]
