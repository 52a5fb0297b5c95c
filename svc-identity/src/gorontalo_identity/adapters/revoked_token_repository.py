"""Access tokens revoked before their expiry, kept until they expire."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .tables import revoked_tokens


class RevokedTokenRepository:
    def __init__(self, session):
        self.session = session

    def add(self, token_id: str, expires_at: dt.datetime, now: dt.datetime) -> bool:
        """Record one revoked access token; False if it was already recorded."""
        self.session.execute(revoked_tokens.delete().where(revoked_tokens.c.expires_at <= now))  # keep it small
        if self.is_revoked(token_id, now):
            return False
        self.session.execute(revoked_tokens.insert().values(token_id=token_id, expires_at=expires_at))
        return True

    def is_revoked(self, token_id: str, now: dt.datetime) -> bool:
        return (
            self.session.execute(
                sa.select(revoked_tokens.c.token_id).where(
                    revoked_tokens.c.token_id == token_id, revoked_tokens.c.expires_at > now
                )
            ).first()
            is not None
        )
