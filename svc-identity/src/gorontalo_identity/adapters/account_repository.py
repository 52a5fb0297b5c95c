"""Accounts in the database, encrypting personal numbers on the way in."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from servicekit.pii import PiiCipher

from ..domain.model import CLOSED_TAKEOVER, PENDING, Account
from .tables import accounts

_MUTABLE = (
    "phone_encrypted",
    "phone_index",
    "status",
    "phone_verified_at",
    "in_person_checked_at",
    "pending_until",
    "full_name",
    "birth_date",
    "password_hash",
    "failed_logins",
    "first_failed_at",
    "locked_until",
    "agency",
    "agency_head",
    "jurisdiction",
    "regency_code",
)


# Built once: SQLAlchemy then finds the compiled SQL by a cache key memoized on the statement; a
# statement built per call is constructed and keyed again each time (~40 us of the profile read).
_BY = {
    column: sa.select(accounts).where(accounts.c[column] == sa.bindparam("value"))
    for column in ("id", "nik_index", "phone_index", "username")
}


class AccountRepository:
    def __init__(self, session, cipher: PiiCipher):
        self.session = session
        self.cipher = cipher

    def _to_row(self, account: Account) -> dict:
        row = {
            "id": account.id,
            "role": account.role,
            "full_name": account.full_name,
            "username": account.username,
            "birth_date": account.birth_date,
            "regency_code": account.regency_code,
            "agency": account.agency,
            "agency_id": account.agency_id,
            "jurisdiction": list(account.jurisdiction),
            "agency_head": account.agency_head,
            "password_hash": account.password_hash,
            "failed_logins": account.failed_logins,
            "first_failed_at": account.first_failed_at,
            "locked_until": account.locked_until,
            "created_at": account.created_at,
            "status": account.status,
            "phone_verified_at": account.phone_verified_at,
            "in_person_checked_at": account.in_person_checked_at,
            "pending_until": account.pending_until,
            "closed_at": account.closed_at,
            "nik_encrypted": None,
            "nik_index": None,
            "phone_encrypted": None,
            "phone_index": None,
        }
        # A closed account keeps its numbers (encrypted, for the audit) but no longer holds them: without
        # an index nobody finds it by them, and the NIK and number are free for their owner.
        holds = account.status != CLOSED_TAKEOVER
        if account.nik:
            row["nik_encrypted"] = self.cipher.encrypt(account.nik, f"nik:{account.id}")
            row["nik_index"] = self.cipher.index(account.nik, "nik") if holds else None
        if account.phone:
            row["phone_encrypted"] = self.cipher.encrypt(account.phone, f"phone:{account.id}")
            row["phone_index"] = self.cipher.index(account.phone, "phone") if holds else None
        return row

    def _from_row(self, row) -> Account:
        return Account(
            id=row.id,
            role=row.role,
            full_name=row.full_name,
            password_hash=row.password_hash,
            created_at=row.created_at,
            nik=self.cipher.decrypt(row.nik_encrypted, f"nik:{row.id}") if row.nik_encrypted else None,
            phone=self.cipher.decrypt(row.phone_encrypted, f"phone:{row.id}") if row.phone_encrypted else None,
            birth_date=row.birth_date,
            username=row.username,
            regency_code=row.regency_code,
            agency=row.agency,
            agency_id=row.agency_id,
            jurisdiction=list(row.jurisdiction or []),
            agency_head=bool(row.agency_head),
            failed_logins=row.failed_logins,
            first_failed_at=row.first_failed_at,
            locked_until=row.locked_until,
            status=row.status,
            phone_verified_at=row.phone_verified_at,
            in_person_checked_at=row.in_person_checked_at,
            pending_until=row.pending_until,
            closed_at=row.closed_at,
        )

    def add(self, account: Account) -> None:
        self.session.execute(accounts.insert().values(**self._to_row(account)))

    def save(self, account: Account) -> None:
        row = self._to_row(account)
        self.session.execute(
            accounts.update().where(accounts.c.id == account.id).values(**{k: row[k] for k in _MUTABLE})
        )

    def _one(self, column: str, value) -> Account | None:
        row = self.session.execute(_BY[column], {"value": value}).first()
        return self._from_row(row) if row else None

    def get(self, account_id: str) -> Account | None:
        return self._one("id", account_id)

    def by_nik(self, nik: str) -> Account | None:
        return self._one("nik_index", self.cipher.index(nik, "nik"))

    def by_phone(self, phone: str) -> Account | None:
        return self._one("phone_index", self.cipher.index(phone, "phone"))

    def by_username(self, username: str) -> Account | None:
        return self._one("username", username)

    def agency_head_of(self, agency_id: str) -> Account | None:
        row = self.session.execute(
            sa.select(accounts).where(accounts.c.agency_id == agency_id, accounts.c.agency_head.is_(True))
        ).first()
        return self._from_row(row) if row else None

    def close(self, account: Account, now: dt.datetime) -> None:
        """Closed after a takeover: the NIK and the number are released (indexes cleared)."""
        account.status, account.closed_at = CLOSED_TAKEOVER, now
        self.session.execute(
            accounts.update()
            .where(accounts.c.id == account.id)
            .values(status=CLOSED_TAKEOVER, closed_at=now, nik_index=None, phone_index=None)
        )

    def delete_pending(self, account_id: str) -> None:
        """A pending sign-up replaced by a new one (it never was an account anyone used)."""
        self.session.execute(accounts.delete().where(accounts.c.id == account_id, accounts.c.status == PENDING))

    def lapsed_pending_ids(self, now: dt.datetime, limit: int = 100) -> list[str]:
        rows = self.session.execute(
            sa.select(accounts.c.id)
            .where(accounts.c.status == PENDING, accounts.c.pending_until < now)
            .order_by(accounts.c.pending_until)
            .limit(limit)
        )
        return [row.id for row in rows]
