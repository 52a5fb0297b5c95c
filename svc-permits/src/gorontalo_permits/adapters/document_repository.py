"""Document rows, and which applications refer to which documents."""

from __future__ import annotations

import sqlalchemy as sa

from servicekit import regions

from ..domain.documents import Document
from .tables import application_documents, applications, documents


def _document(row) -> Document:
    return Document(
        id=row.id,
        owner_id=row.owner_id,
        document_type=row.document_type,
        media_type=row.media_type,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        uploaded_at=row.uploaded_at,
        file_name=row.file_name,
    )


class DocumentRepository:
    def __init__(self, session):
        self.session = session

    def add(self, document: Document) -> None:
        self.session.execute(
            documents.insert().values(
                id=document.id,
                owner_id=document.owner_id,
                document_type=document.document_type,
                media_type=document.media_type,
                size_bytes=document.size_bytes,
                sha256=document.sha256,
                file_name=document.file_name,
                uploaded_at=document.uploaded_at,
            )
        )

    def get(self, document_id: str) -> Document | None:
        row = self.session.execute(sa.select(documents).where(documents.c.id == document_id)).first()
        return _document(row) if row else None

    def get_many(self, ids) -> dict[str, Document]:
        ids = list(ids)
        if not ids:
            return {}
        rows = self.session.execute(sa.select(documents).where(documents.c.id.in_(ids))).all()
        return {row.id: _document(row) for row in rows}

    def referenced_within(self, document_id: str, jurisdiction) -> bool:
        """Whether an application inside `jurisdiction` refers to the document."""
        rows = (
            self.session.execute(
                sa.select(applications.c.region_code)
                .join(application_documents, application_documents.c.application_id == applications.c.id)
                .where(application_documents.c.document_id == document_id)
            )
            .scalars()
            .all()
        )
        return any(regions.within(code, jurisdiction) for code in rows)
