"""Staff authenticator secrets in the database, encrypted with the PII key (bound to the account)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from servicekit.pii import PiiCipher

from ..domain.totp import TotpEnrolment
from .tables import staff_totp


def _context(account_id: str) -> str:
    return f"totp:{account_id}"


class TotpRepository:
    def __init__(self, session, cipher: PiiCipher):
        self.session = session
        self.cipher = cipher

    def get(self, account_id: str) -> TotpEnrolment | None:
        row = self.session.execute(sa.select(staff_totp).where(staff_totp.c.account_id == account_id)).first()
        if row is None:
            return None
        return TotpEnrolment(
            account_id=row.account_id,
            secret=self.cipher.decrypt(row.secret_encrypted, _context(row.account_id)),
            created_at=row.created_at,
            confirmed_at=row.confirmed_at,
            last_used_step=row.last_used_step,
        )

    def replace_pending(self, enrolment: TotpEnrolment) -> None:
        """A new secret for an account whose app is not confirmed (any unconfirmed one is dropped)."""
        self.session.execute(
            staff_totp.delete().where(
                staff_totp.c.account_id == enrolment.account_id, staff_totp.c.confirmed_at.is_(None)
            )
        )
        self.session.execute(
            staff_totp.insert().values(
                account_id=enrolment.account_id,
                secret_encrypted=self.cipher.encrypt(enrolment.secret, _context(enrolment.account_id)),
                created_at=enrolment.created_at,
                confirmed_at=None,
                last_used_step=None,
            )
        )

    def confirm(self, account_id: str, now: dt.datetime, step: int) -> bool:
        return self._advance(account_id, step, confirmed_at=now, pending=True)

    def use_step(self, account_id: str, step: int) -> bool:
        """Mark a confirmed app's code of `step` used; False when that step (or a later one) already was,
        e.g. by a concurrent log-in with the same code: the database decides, not the reader."""
        return self._advance(account_id, step, pending=False)

    def _advance(self, account_id: str, step: int, *, pending: bool, **values) -> bool:
        confirmed = staff_totp.c.confirmed_at.is_(None) if pending else staff_totp.c.confirmed_at.is_not(None)
        result = self.session.execute(
            staff_totp.update()
            .where(
                staff_totp.c.account_id == account_id,
                confirmed,
                sa.or_(staff_totp.c.last_used_step.is_(None), staff_totp.c.last_used_step < step),
            )
            .values(last_used_step=step, **values)
        )
        return result.rowcount == 1

    def delete(self, account_id: str) -> bool:
        return self.session.execute(staff_totp.delete().where(staff_totp.c.account_id == account_id)).rowcount > 0
