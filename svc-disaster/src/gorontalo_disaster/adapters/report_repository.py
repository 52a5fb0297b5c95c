"""Disaster reports in the database."""

from __future__ import annotations

import json

import sqlalchemy as sa

from ..domain.model import Report
from .tables import reports

# Built once: the clustering consumer reads and links every report (issue 20: per-call statements).
_INSERT = reports.insert()
_BY_ID = sa.select(reports).where(reports.c.id == sa.bindparam("b_id"))
_SET_INCIDENT = (
    reports.update().where(reports.c.id == sa.bindparam("b_id")).values(incident_id=sa.bindparam("b_incident_id"))
)


class ReportRepository:
    def __init__(self, session):
        self.session = session

    @staticmethod
    def row(report: Report) -> dict:
        """The report as its table row (also the group-committed intake's, adapters.report_intake)."""
        return {
            "id": report.id,
            "hazard": report.hazard,
            "latitude": report.latitude,
            "longitude": report.longitude,
            "description": report.description,
            "source": report.source,
            "source_ref": report.source_ref,
            "verified_reporter": report.verified_reporter,
            "reporter_id": report.reporter_id,
            "observed_at": report.observed_at,
            "received_at": report.received_at,
            "casualties": json.dumps(report.casualties, sort_keys=True),
            "region_code": report.region_code,
            "code": report.code or None,
            "phone_cipher": report.phone_cipher,
            "photo_ids": json.dumps(report.photo_ids),
            "incident_id": report.incident_id,
        }

    @staticmethod
    def _from_row(row) -> Report:
        return Report(
            id=row.id,
            hazard=row.hazard,
            latitude=row.latitude,
            longitude=row.longitude,
            description=row.description,
            source=row.source,
            verified_reporter=bool(row.verified_reporter),
            observed_at=row.observed_at,
            received_at=row.received_at,
            reporter_id=row.reporter_id,
            source_ref=row.source_ref,
            casualties=json.loads(row.casualties or "{}"),
            region_code=row.region_code or "",
            code=row.code or "",
            phone_cipher=row.phone_cipher,
            photo_ids=json.loads(row.photo_ids or "[]"),
            incident_id=row.incident_id,
        )

    def add(self, report: Report) -> None:
        self.session.execute(_INSERT, self.row(report))

    def code_taken(self, code: str) -> bool:
        return self.session.execute(sa.select(reports.c.id).where(reports.c.code == code).limit(1)).first() is not None

    def get(self, report_id: str) -> Report | None:
        row = self.session.execute(_BY_ID, {"b_id": report_id}).first()
        return self._from_row(row) if row else None

    def by_source_ref(self, source: str, source_ref: str) -> Report | None:
        row = self.session.execute(
            sa.select(reports).where(reports.c.source == source, reports.c.source_ref == source_ref)
        ).first()
        return self._from_row(row) if row else None

    def set_incident(self, report_id: str, incident_id: str) -> None:
        self.session.execute(_SET_INCIDENT, {"b_id": report_id, "b_incident_id": incident_id})

    def _filtered(self, query, hazard: str | None, incident_id: str | None):
        if hazard:
            query = query.where(reports.c.hazard == hazard)
        if incident_id:
            query = query.where(reports.c.incident_id == incident_id)
        return query

    def list(self, *, hazard: str | None, offset: int, limit: int, incident_id: str | None = None) -> list[Report]:
        """Newest first; the id breaks ties so pages neither repeat nor skip."""
        query = sa.select(reports).order_by(reports.c.received_at.desc(), reports.c.id.desc())
        rows = self.session.execute(self._filtered(query, hazard, incident_id).offset(offset).limit(limit)).all()
        return [self._from_row(row) for row in rows]

    def count(self, *, hazard: str | None = None, incident_id: str | None = None) -> int:
        query = self._filtered(sa.select(sa.func.count()).select_from(reports), hazard, incident_id)
        return self.session.execute(query).scalar_one()
