"""Deliveries that have not left yet, withdrawn when their recipient may no longer be told anything."""

from __future__ import annotations

import sqlalchemy as sa

from servicekit.notify import FAILED, PENDING


class PendingDeliveryRepository:
    def __init__(self, session, table: sa.Table):
        self.session = session
        self.table = table

    def withdraw(self, recipient_id: str, reason: str) -> int:
        """Every pending delivery to `recipient_id` ends as failed with `reason` (nothing is sent)."""
        c = self.table.c
        result = self.session.execute(
            self.table.update()
            .where(c.recipient_id == recipient_id, c.status == PENDING)
            .values(status=FAILED, next_attempt_at=None, claimed_until=None, last_error=reason[:500])
        )
        return result.rowcount
