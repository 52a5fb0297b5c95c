"""Who read a resident's personal data, when and why, found by the NIK's keyed index."""

from __future__ import annotations

import sqlalchemy as sa

from servicekit.pii import PiiCipher

from ..domain.model import AccessRecord
from .tables import access_log


class AccessLogRepository:
    def __init__(self, session, cipher: PiiCipher):
        self.session = session
        self.cipher = cipher

    def record(self, nik: str, entry: AccessRecord) -> None:
        self.session.execute(access_log.insert().values(subject_nik_index=self.cipher.index(nik, "nik"), **vars(entry)))

    def for_nik(self, nik: str, offset: int = 0, limit: int = 1000) -> list[AccessRecord]:
        rows = self.session.execute(
            sa.select(access_log)
            .where(access_log.c.subject_nik_index == self.cipher.index(nik, "nik"))
            .order_by(access_log.c.at.desc(), access_log.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [
            AccessRecord(
                actor_role=r.actor_role,
                actor_id=r.actor_id,
                actor_name=r.actor_name,
                agency=r.agency,
                purpose=r.purpose,
                at=r.at,
            )
            for r in rows
        ]
