"""The population register (Disdukcapil) in the database, NIK and KK encrypted, found by their keyed index."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from servicekit.pii import PiiCipher

from ..domain.register import Resident
from .tables import residents


class ResidentRepository:
    def __init__(self, session, cipher: PiiCipher):
        self.session = session
        self.cipher = cipher

    def _from_row(self, row) -> Resident:
        return Resident(
            id=row.id,
            nik=self.cipher.decrypt(row.nik_encrypted, f"nik:{row.id}"),
            kk_number=self.cipher.decrypt(row.kk_encrypted, f"kk:{row.id}"),
            full_name=row.full_name,
            birth_place=row.birth_place,
            birth_date=row.birth_date,
            sex=row.sex,
            address=row.address,
            village_code=row.village_code,
            district_code=row.district_code,
            regency_code=row.regency_code,
        )

    def by_nik(self, nik: str) -> Resident | None:
        row = self.session.execute(
            sa.select(residents).where(residents.c.nik_index == self.cipher.index(nik, "nik"))
        ).first()
        return self._from_row(row) if row else None

    def fingerprint(self, nik: str) -> tuple[str, str] | None:
        row = self.session.execute(
            sa.select(residents.c.id, residents.c.fingerprint).where(
                residents.c.nik_index == self.cipher.index(nik, "nik")
            )
        ).first()
        return (row.id, row.fingerprint) if row else None

    def fingerprint_of(self, resident: Resident) -> str:
        """Keyed, so the stored value cannot confirm a guessed NIK offline."""
        return self.cipher.index(resident.fingerprint(), "fingerprint")

    def upsert(self, resident: Resident, now: dt.datetime, existing_id: str | None) -> str:
        resident_id = existing_id or str(uuid.uuid4())
        values = {
            "nik_encrypted": self.cipher.encrypt(resident.nik, f"nik:{resident_id}"),
            "nik_index": self.cipher.index(resident.nik, "nik"),
            "kk_encrypted": self.cipher.encrypt(resident.kk_number, f"kk:{resident_id}"),
            "kk_index": self.cipher.index(resident.kk_number, "kk"),
            "full_name": resident.full_name,
            "birth_place": resident.birth_place,
            "birth_date": resident.birth_date,
            "sex": resident.sex,
            "address": resident.address,
            "village_code": resident.village_code,
            "district_code": resident.district_code,
            "regency_code": resident.regency_code,
            "fingerprint": self.fingerprint_of(resident),
            "updated_at": now,
        }
        if existing_id:
            self.session.execute(residents.update().where(residents.c.id == existing_id).values(**values))
        else:
            self.session.execute(residents.insert().values(id=resident_id, **values))
        return resident_id

    def count(self) -> int:
        return self.session.execute(sa.select(sa.func.count()).select_from(residents)).scalar_one()
