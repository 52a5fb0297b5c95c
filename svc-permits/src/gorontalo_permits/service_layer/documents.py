"""Uploading a document, and reading its file back: owner, officers of a referring application, staff."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from servicekit.auth import Principal
from servicekit.errors import NotFound, PermissionDenied, ServiceError, Validator

from ..adapters.document_storage import DocumentStorage, StoredFileMissing
from ..domain.catalog import PermitCatalog
from ..domain.documents import MAX_DOCUMENT_BYTES, Document, check_upload, default_name, document_types, safe_file_name
from . import metrics
from .access import DEFAULT_OFFICES, STAFF_READERS, LicensingOffices
from .applications import Clock

log = logging.getLogger(__name__)


def upload_document(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    catalog: PermitCatalog,
    storage: DocumentStorage,
    inspect: Callable[[bytes], str | None],
    document_type: str,
    file_name: str,
    content_type: str,
    content: bytes,
) -> Document:
    principal.require_role("citizen")
    size = len(content)
    detected = inspect(content) if 0 < size <= MAX_DOCUMENT_BYTES else None
    v = Validator()
    canonical = check_upload(
        v,
        known_types=document_types(t.required_documents for t in catalog.all()),
        document_type=document_type,
        file_name=file_name,
        declared_type=content_type,
        size=size,
        detected=detected,
    )
    if not v.ok:
        for violation in v.violations:
            metrics.DOCUMENTS_REFUSED.labels(violation.reason).inc()
        v.raise_if_invalid()
    # The bytes first: content-addressed, so a failed row write leaves only an unreachable file.
    key = storage.put(content)
    # Only a safe base name is kept: a name with nothing safe left gets the default, none given stays ''.
    kept = safe_file_name(file_name) or (default_name(detected) if (file_name or "").strip() else "")
    document = Document(
        id=str(uuid.uuid4()),
        owner_id=principal.subject,
        document_type=canonical,
        media_type=detected,
        size_bytes=size,
        sha256=key,
        uploaded_at=clock(),
        file_name=kept,
    )
    with uow:
        uow.documents.add(document)
        uow.commit()
    metrics.DOCUMENTS_UPLOADED.labels(detected).inc()
    return document


def document_content(
    uow,
    storage: DocumentStorage,
    principal: Principal,
    document_id: str,
    *,
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> tuple[Document, bytes]:
    offices.admit(principal)
    try:
        document_id = str(uuid.UUID((document_id or "").strip()))
    except ValueError:
        raise NotFound() from None
    with uow:
        document = uow.documents.get(document_id)
        if document is None:
            raise NotFound()
        if principal.role == "citizen":
            if document.owner_id != principal.subject:
                raise NotFound()
        elif principal.role == "officer":
            if not uow.documents.referenced_within(document.id, principal.jurisdiction):
                raise PermissionDenied("outside_jurisdiction")
        elif principal.role not in STAFF_READERS:
            raise PermissionDenied()
    try:
        return document, storage.get(document.sha256)
    except StoredFileMissing:
        log.error("the file of document %s is missing or damaged in storage", document.id)
        raise ServiceError("document_unavailable") from None
