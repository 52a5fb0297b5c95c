"""Pre-check reports in the database: declared persons, readings and flags, personal data encrypted.

The NIK and name an application declares, the fields read off each document and what each flag read
are encrypted with the service's PII key (servicekit.pii), each with its own context so a value cannot
be moved to another column. The OCR text itself is never stored.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import sqlalchemy as sa

from ..domain.document_reading import Reading
from ..domain.precheck import DeclaredPerson, Flag
from .tables import declared_persons, precheck_documents, precheck_flags, precheck_reports

PENDING, COMPLETE = "pending", "complete"


@dataclass
class DocumentReading:
    document_id: str
    document_type: str
    reading: Reading | None  # None until read
    read_at: dt.datetime | None = None


@dataclass
class Report:
    application_id: str
    status: str
    register_check: str
    requested_at: dt.datetime
    completed_at: dt.datetime | None
    documents: list[DocumentReading] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def flag(self, flag_id: str) -> Flag | None:
        return next((f for f in self.flags if f.id == flag_id), None)

    @property
    def unread(self) -> list[DocumentReading]:
        return [d for d in self.documents if d.reading is None]


class PrecheckRepository:
    def __init__(self, session, cipher):
        self.session = session
        self.cipher = cipher

    # -- encryption: one context per column, so a value cannot be moved to another -----------------
    def _seal(self, value: dict | str, context: str) -> str:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        return self.cipher.encrypt(text, f"permits.{context}")

    def _open(self, token: str, context: str) -> str:
        return self.cipher.decrypt(token, f"permits.{context}") if token else ""

    # -- the declared person -----------------------------------------------------------------------
    def declare_person(self, application_id: str, person: DeclaredPerson) -> None:
        self.session.execute(
            declared_persons.insert().values(
                application_id=application_id,
                nik_encrypted=self._seal(person.nik, "declared_nik"),
                name_encrypted=self._seal(person.name, "declared_name"),
            )
        )

    def declared_person(self, application_id: str) -> DeclaredPerson | None:
        row = self.session.execute(
            sa.select(declared_persons).where(declared_persons.c.application_id == application_id)
        ).first()
        if row is None:
            return None
        return DeclaredPerson(
            self._open(row.nik_encrypted, "declared_nik"), self._open(row.name_encrypted, "declared_name")
        )

    # -- reports -----------------------------------------------------------------------------------
    def request(self, application_id: str, documents: list[tuple[str, str]], at: dt.datetime) -> None:
        """A fresh pending report for these (document id, catalog type) pairs; an older one is replaced."""
        for table in (precheck_flags, precheck_documents, precheck_reports):
            self.session.execute(table.delete().where(table.c.application_id == application_id))
        self.session.execute(
            precheck_reports.insert().values(
                application_id=application_id, status=PENDING, register_check="not_asked", requested_at=at
            )
        )
        if documents:
            self.session.execute(
                precheck_documents.insert(),
                [
                    {"application_id": application_id, "document_id": d, "position": i, "document_type": t}
                    for i, (d, t) in enumerate(documents)
                ],
            )

    def get(self, application_id: str) -> Report | None:
        row = self.session.execute(
            sa.select(precheck_reports).where(precheck_reports.c.application_id == application_id)
        ).first()
        if row is None:
            return None
        documents = self.session.execute(
            sa.select(precheck_documents)
            .where(precheck_documents.c.application_id == application_id)
            .order_by(precheck_documents.c.position)
        ).all()
        flags = self.session.execute(
            sa.select(precheck_flags)
            .where(precheck_flags.c.application_id == application_id)
            .order_by(precheck_flags.c.position)
        ).all()
        return Report(
            application_id=application_id,
            status=row.status,
            register_check=row.register_check,
            requested_at=row.requested_at,
            completed_at=row.completed_at,
            documents=[self._document(d) for d in documents],
            flags=[self._flag(f) for f in flags],
        )

    def _document(self, row) -> DocumentReading:
        reading = None
        if row.read_as:
            stored = json.loads(self._open(row.fields_encrypted, "precheck_fields") or "{}")
            reading = Reading(row.read_as, stored.get("fields", {}), row.confidence, tuple(stored.get("markers", ())))
        return DocumentReading(row.document_id, row.document_type, reading, row.read_at)

    def _flag(self, row) -> Flag:
        return Flag(
            kind=row.kind,
            document_id=row.document_id,
            read=json.loads(self._open(row.read_encrypted, "precheck_flag_read") or "{}"),
            confidence=row.confidence,
            detail=row.detail,
            id=row.id,
            dismissed_at=row.dismissed_at,
            dismissed_by=row.dismissed_by,
            dismissal_reason=row.dismissal_reason,
        )

    def record_reading(self, application_id: str, document_id: str, reading: Reading, at: dt.datetime) -> None:
        stored = {"fields": reading.fields, "markers": list(reading.markers)}
        self.session.execute(
            precheck_documents.update()
            .where(
                precheck_documents.c.application_id == application_id, precheck_documents.c.document_id == document_id
            )
            .values(
                read_as=reading.kind,
                confidence=reading.confidence,
                fields_encrypted=self._seal(stored, "precheck_fields"),
                read_at=at,
            )
        )

    def complete(self, application_id: str, flags: list[Flag], register_check: str, at: dt.datetime) -> None:
        self.session.execute(precheck_flags.delete().where(precheck_flags.c.application_id == application_id))
        if flags:
            self.session.execute(
                precheck_flags.insert(),
                [
                    {
                        "id": f.id,
                        "application_id": application_id,
                        "position": i,
                        "kind": f.kind,
                        "detail": f.detail[:300],
                        "document_id": f.document_id,
                        "read_encrypted": self._seal(f.read, "precheck_flag_read"),
                        "confidence": f.confidence,
                        "raised_at": at,
                    }
                    for i, f in enumerate(flags)
                ],
            )
        self.session.execute(
            precheck_reports.update()
            .where(precheck_reports.c.application_id == application_id)
            .values(status=COMPLETE, register_check=register_check, completed_at=at)
        )

    def save_dismissal(self, application_id: str, flag: Flag) -> None:
        self.session.execute(
            precheck_flags.update()
            .where(precheck_flags.c.application_id == application_id, precheck_flags.c.id == flag.id)
            .values(
                dismissed_at=flag.dismissed_at, dismissed_by=flag.dismissed_by, dismissal_reason=flag.dismissal_reason
            )
        )

    def pending(self, limit: int = 10) -> list[str]:
        """Applications whose report still waits for documents to be read, oldest request first."""
        rows = self.session.execute(
            sa.select(precheck_reports.c.application_id)
            .where(precheck_reports.c.status == PENDING)
            .order_by(precheck_reports.c.requested_at)
            .limit(limit)
        ).all()
        return [r.application_id for r in rows]

    def flag_counts(self, since: dt.datetime | None = None) -> dict[str, tuple[int, int]]:
        """Per flag kind: (raised, dismissed by an officer as wrong): the field figure for precision."""
        query = sa.select(
            precheck_flags.c.kind,
            sa.func.count(),
            sa.func.count(precheck_flags.c.dismissed_at),
        ).group_by(precheck_flags.c.kind)
        if since is not None:
            query = query.where(precheck_flags.c.raised_at >= since)
        return {kind: (int(raised), int(dismissed)) for kind, raised, dismissed in self.session.execute(query).all()}
