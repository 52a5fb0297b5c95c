"""Applications in the database, with their timelines and optimistic locking."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from servicekit.db import region_within

from ..domain.model import Application, AttachedDocument, ConcurrentUpdate, TimelineEntry
from .tables import application_documents, application_timeline, applications, documents

_TIMELINE = application_timeline


def _row(application: Application) -> dict:
    return {
        "id": application.id,
        "applicant_id": application.applicant_id,
        "kbli_code": application.kbli_code,
        "business_name": application.business_name,
        "business_address": application.business_address,
        "region_code": application.region_code,
        "regency_code": application.regency_code,
        "latitude": application.latitude,
        "longitude": application.longitude,
        "investment_rupiah": application.investment_rupiah,
        "workforce": application.workforce,
        "risk_level": application.risk_level,
        "fee_rupiah": application.fee_rupiah,
        "sla_working_days": application.sla_working_days,
        "status": application.status,
        "submitted_at": application.submitted_at,
        "updated_at": application.updated_at,
        "version": application.version,
        "kbli_title": application.kbli_title,
        **_workflow(application),
    }


def _workflow(application: Application) -> dict:
    """The columns a workflow step may change (besides status and version)."""
    return {
        "nib": application.nib,
        "self_declaration": application.self_declaration,
        "sla_due_date": application.sla_due_date,
        "sla_paused_since": application.sla_paused_since,
        "sla_paused_days": application.sla_paused_days,
        "payment_status": application.payment_status,
        "permit_number": application.permit_number,
        "bill_id": application.bill_id,
    }


def _entry(row) -> TimelineEntry:
    return TimelineEntry(status=row.status, actor_role=row.actor_role, at=row.at, note=row.note, actor_id=row.actor_id)


def _application(row, timeline: list[TimelineEntry], attached: list[AttachedDocument]) -> Application:
    return Application(
        id=row.id,
        applicant_id=row.applicant_id,
        kbli_code=row.kbli_code,
        business_name=row.business_name,
        business_address=row.business_address,
        region_code=row.region_code,
        regency_code=row.regency_code,
        latitude=row.latitude,
        longitude=row.longitude,
        investment_rupiah=int(row.investment_rupiah),
        workforce=row.workforce,
        risk_level=row.risk_level,
        fee_rupiah=int(row.fee_rupiah),
        sla_working_days=row.sla_working_days,
        status=row.status,
        submitted_at=row.submitted_at,
        updated_at=row.updated_at,
        timeline=timeline,
        version=row.version,
        nib=row.nib,
        self_declaration=bool(row.self_declaration),
        sla_due_date=row.sla_due_date,
        sla_paused_since=row.sla_paused_since,
        sla_paused_days=row.sla_paused_days,
        payment_status=row.payment_status,
        permit_number=row.permit_number,
        bill_id=row.bill_id,
        documents=attached,
        kbli_title=row.kbli_title,
    )


class ApplicationRepository:
    def __init__(self, session):
        self.session = session
        self._persisted: dict[str, int] = {}  # id -> timeline entries already stored
        self._documents: dict[str, tuple[str, ...]] = {}  # id -> document ids already stored

    def _insert_timeline(self, application: Application) -> None:
        start = self._persisted.get(application.id, 0)
        new = application.timeline[start:]
        if new:
            self.session.execute(
                _TIMELINE.insert(),
                [
                    {
                        "application_id": application.id,
                        "position": start + offset,
                        "status": e.status,
                        "actor_role": e.actor_role,
                        "actor_id": e.actor_id,
                        "note": e.note,
                        "at": e.at,
                    }
                    for offset, e in enumerate(new, start=1)
                ],
            )
        self._persisted[application.id] = len(application.timeline)

    def _write_documents(self, application: Application) -> None:
        ids = tuple(d.document_id for d in application.documents)
        if ids == self._documents.get(application.id, ()):
            return
        self.session.execute(
            application_documents.delete().where(application_documents.c.application_id == application.id)
        )
        if ids:
            self.session.execute(
                application_documents.insert(),
                [
                    {"application_id": application.id, "document_id": document_id, "position": position}
                    for position, document_id in enumerate(ids)
                ],
            )
        self._documents[application.id] = ids

    def add(self, application: Application) -> None:
        self.session.execute(applications.insert().values(**_row(application)))
        self._insert_timeline(application)
        self._write_documents(application)

    def save(self, application: Application) -> None:
        """Write a changed application; ConcurrentUpdate when someone else wrote it first."""
        result = self.session.execute(
            applications.update()
            .where(applications.c.id == application.id, applications.c.version == application.version)
            .values(
                status=application.status,
                updated_at=application.updated_at,
                version=application.version + 1,
                **_workflow(application),
            )
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate()
        application.version += 1
        self._insert_timeline(application)
        self._write_documents(application)

    def _timelines(self, ids: list[str]) -> dict[str, list[TimelineEntry]]:
        timelines: dict[str, list[TimelineEntry]] = defaultdict(list)
        if ids:
            rows = self.session.execute(
                sa.select(_TIMELINE)
                .where(_TIMELINE.c.application_id.in_(ids))
                .order_by(_TIMELINE.c.application_id, _TIMELINE.c.position)
            ).all()
            for row in rows:
                timelines[row.application_id].append(_entry(row))
        return timelines

    def _attached(self, ids: list[str]) -> dict[str, list[AttachedDocument]]:
        attached: dict[str, list[AttachedDocument]] = defaultdict(list)
        if ids:
            rows = self.session.execute(
                sa.select(
                    application_documents.c.application_id,
                    documents.c.id,
                    documents.c.document_type,
                    documents.c.media_type,
                    documents.c.size_bytes,
                )
                .join(documents, documents.c.id == application_documents.c.document_id)
                .where(application_documents.c.application_id.in_(ids))
                .order_by(application_documents.c.application_id, application_documents.c.position)
            ).all()
            for row in rows:
                attached[row.application_id].append(
                    AttachedDocument(row.id, row.document_type, row.media_type, row.size_bytes)
                )
        return attached

    def _load(self, rows) -> list[Application]:
        ids = [row.id for row in rows]
        timelines, attached = self._timelines(ids), self._attached(ids)
        loaded = [_application(row, timelines[row.id], attached[row.id]) for row in rows]
        for application in loaded:
            self._persisted[application.id] = len(application.timeline)
            self._documents[application.id] = tuple(d.document_id for d in application.documents)
        return loaded

    def get(self, application_id: str) -> Application | None:
        row = self.session.execute(sa.select(applications).where(applications.c.id == application_id)).first()
        return self._load([row])[0] if row else None

    def list(
        self,
        *,
        offset: int,
        limit: int,
        applicant_id: str | None = None,
        jurisdiction=None,
        status: str | None = None,
        newest_first: bool = False,
    ) -> list[Application]:
        """One page. `applicant_id` and `jurisdiction` narrow the rows; None means no narrowing.
        Newest first (a citizen's own), or the queue: soonest SLA due date first, then oldest."""
        query = sa.select(applications)
        if applicant_id is not None:
            query = query.where(applications.c.applicant_id == applicant_id)
        if jurisdiction is not None:
            query = query.where(region_within(applications.c.region_code, jurisdiction))
        if status:
            query = query.where(applications.c.status == status)
        order = (
            (applications.c.submitted_at.desc(), applications.c.id.desc())
            if newest_first
            else (applications.c.sla_due_date.asc().nulls_last(), applications.c.submitted_at, applications.c.id)
        )
        rows = self.session.execute(query.order_by(*order).offset(offset).limit(limit)).all()
        return self._load(rows)
