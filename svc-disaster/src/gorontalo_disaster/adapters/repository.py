"""Disaster reports in the database."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..domain.model import Report
from .tables import reports


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite returns naive datetimes; everything here is stored in UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


class ReportRepository:
    def __init__(self, session):
        self.session = session

    @staticmethod
    def _to_row(report: Report) -> dict:
        return {
            "id": report.id, "hazard": report.hazard, "latitude": report.latitude,
            "longitude": report.longitude, "description": report.description, "source": report.source,
            "source_ref": report.source_ref, "verified_reporter": report.verified_reporter,
            "reporter_id": report.reporter_id, "observed_at": report.observed_at,
            "received_at": report.received_at,
        }

    @staticmethod
    def _from_row(row) -> Report:
        return Report(
            id=row.id, hazard=row.hazard, latitude=row.latitude, longitude=row.longitude,
            description=row.description, source=row.source, verified_reporter=bool(row.verified_reporter),
            observed_at=_aware(row.observed_at), received_at=_aware(row.received_at),
            reporter_id=row.reporter_id, source_ref=row.source_ref,
        )

    def add(self, report: Report) -> None:
        self.session.execute(reports.insert().values(**self._to_row(report)))

    def get(self, report_id: str) -> Report | None:
        row = self.session.execute(sa.select(reports).where(reports.c.id == report_id)).first()
        return self._from_row(row) if row else None

    def by_source_ref(self, source: str, source_ref: str) -> Report | None:
        row = self.session.execute(
            sa.select(reports).where(reports.c.source == source, reports.c.source_ref == source_ref)
        ).first()
        return self._from_row(row) if row else None

    def list(self, *, hazard: str | None, offset: int, limit: int) -> list[Report]:
        """Newest first; the id breaks ties so pages neither repeat nor skip."""
        query = sa.select(reports).order_by(reports.c.received_at.desc(), reports.c.id.desc())
        if hazard:
            query = query.where(reports.c.hazard == hazard)
        rows = self.session.execute(query.offset(offset).limit(limit)).all()
        return [self._from_row(row) for row in rows]
