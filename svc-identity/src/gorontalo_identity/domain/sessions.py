"""Refresh tokens: rotate on every use; a reused one revokes its whole chain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

REFRESH_TOKEN_LIFETIME = dt.timedelta(days=30)


@dataclass
class RefreshToken:
    id: str
    family_id: str
    account_id: str
    secret_hash: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    # The access token issued with this one (its jti and expiry): a logout revokes it as well.
    access_token_id: str | None = None
    access_expires_at: dt.datetime | None = None

    def state(self, now: dt.datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.used_at is not None:
            return "reused"  # a rotated-out token presented again: assume it was stolen
        if now >= self.expires_at:
            return "expired"
        return "active"
