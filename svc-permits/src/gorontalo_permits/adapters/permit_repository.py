"""Issued permits and their per-regency numbering."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..domain.permit import Permit
from .tables import permit_counters, permits


def _permit(row) -> Permit:
    return Permit(
        permit_number=row.permit_number,
        application_id=row.application_id,
        owner_id=row.owner_id,
        nib=row.nib,
        kbli_code=row.kbli_code,
        business_name=row.business_name,
        risk_level=row.risk_level,
        regency_code=row.regency_code,
        issued_at=row.issued_at,
        status=row.status,
        revoked_at=row.revoked_at,
        revoked_by=row.revoked_by,
        revocation_reason=row.revocation_reason,
    )


class PermitRepository:
    def __init__(self, session):
        self.session = session

    def next_sequence(self, regency_code: str, year: int) -> int:
        """The next number of a regency/year, taken inside the caller's transaction.

        The UPDATE locks the counter row (PostgreSQL) or the database (SQLite) until commit, so two
        issuing transactions never get the same number; the first of a year inserts the row, and a
        concurrent first insert that loses the primary key race falls back to the UPDATE.
        """
        key = (permit_counters.c.regency_code == regency_code, permit_counters.c.year == year)
        for _ in range(3):
            bumped = self.session.execute(
                permit_counters.update().where(*key).values(last_sequence=permit_counters.c.last_sequence + 1)
            )
            if bumped.rowcount == 1:
                return self.session.execute(sa.select(permit_counters.c.last_sequence).where(*key)).scalar_one()
            try:
                with self.session.begin_nested():
                    self.session.execute(
                        permit_counters.insert().values(regency_code=regency_code, year=year, last_sequence=1)
                    )
                return 1
            except IntegrityError:
                continue  # someone inserted the year's row first: bump it instead
        raise RuntimeError("could not allocate a permit number")

    def add(self, permit: Permit) -> None:
        self.session.execute(
            permits.insert().values(
                permit_number=permit.permit_number,
                application_id=permit.application_id,
                owner_id=permit.owner_id,
                nib=permit.nib,
                kbli_code=permit.kbli_code,
                business_name=permit.business_name,
                risk_level=permit.risk_level,
                regency_code=permit.regency_code,
                issued_at=permit.issued_at,
                status=permit.status,
                revoked_at=permit.revoked_at,
                revoked_by=permit.revoked_by,
                revocation_reason=permit.revocation_reason,
            )
        )

    def get(self, permit_number: str) -> Permit | None:
        row = self.session.execute(sa.select(permits).where(permits.c.permit_number == permit_number)).first()
        return _permit(row) if row else None

    def save_revocation(self, permit: Permit) -> bool:
        """False when the permit was revoked by someone else in the meantime."""
        result = self.session.execute(
            permits.update()
            .where(permits.c.permit_number == permit.permit_number, permits.c.status == "valid")
            .values(
                status=permit.status,
                revoked_at=permit.revoked_at,
                revoked_by=permit.revoked_by,
                revocation_reason=permit.revocation_reason,
            )
        )
        return result.rowcount == 1
