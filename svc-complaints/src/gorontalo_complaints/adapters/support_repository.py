"""Citizens' support of complaints in the database: once per citizen and complaint."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exc as sa_exc

from .tables import complaint_supports


class SupportRepository:
    def __init__(self, session):
        self.session = session

    def add(self, complaint_id: str, supporter_id: str, now: dt.datetime) -> bool:
        """False when this citizen supported it already (the primary key says so)."""
        try:
            with self.session.begin_nested():
                self.session.execute(
                    complaint_supports.insert().values(
                        complaint_id=complaint_id, supporter_id=supporter_id, created_at=now
                    )
                )
        except sa_exc.IntegrityError:
            return False
        return True
