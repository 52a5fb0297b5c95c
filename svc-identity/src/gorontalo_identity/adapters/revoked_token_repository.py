"""Access tokens revoked before their expiry: the table, kept until they expire, and this process's
list of them (servicekit.revocation.RevocationList), which identity's verifier reads on every call.

The list learns a revocation three ways: from this repository when the transaction that recorded it
commits (the replica that revoked refuses the token at once); from the table at start-up
(sessions.load_revocations: nothing revoked is forgotten by a restart); and from the
`gorontalo.identity.token.revoked` events every service follows (servicekit.revocation.RevocationFeed),
which is how another identity replica learns it: within a second or two, the lag every other service
of the platform accepts.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from servicekit.revocation import RevocationList

from .tables import revoked_tokens

_PENDING = "gorontalo_revoked_pending"  # session.info: (token id, expiry) recorded, not yet committed


class RevokedTokenRepository:
    def __init__(self, session, memory: RevocationList):
        self.session = session
        self.memory = memory

    def add(self, token_id: str, expires_at: dt.datetime, now: dt.datetime) -> bool:
        """Record one revoked access token; False if it was already recorded. Either way this process's
        list holds it once the transaction commits (a row another replica wrote may not have reached
        this one's list yet)."""
        self._remember_at_commit(token_id, expires_at)
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

    def live(self, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
        """Every token revoked and not yet expired: (token id, expiry)."""
        rows = self.session.execute(
            sa.select(revoked_tokens.c.token_id, revoked_tokens.c.expires_at).where(revoked_tokens.c.expires_at > now)
        )
        return [(row.token_id, row.expires_at) for row in rows]

    def _remember_at_commit(self, token_id: str, expires_at: dt.datetime) -> None:
        """Into the list after COMMIT only: a rolled-back logout revoked nothing."""
        pending = self.session.info.get(_PENDING)
        if pending is None:
            pending = self.session.info[_PENDING] = []
            memory = self.memory

            def committed(session):
                for token, expiry in session.info.pop(_PENDING, ()):
                    memory.add(token, expiry.timestamp())

            def rolled_back(session):
                session.info.pop(_PENDING, None)

            sa.event.listen(self.session, "after_commit", committed, once=True)
            sa.event.listen(self.session, "after_rollback", rolled_back, once=True)
        pending.append((token_id, expires_at))
