"""Pre-checking applications (issue 22): read each attached document, compare, flag; officers read and dismiss.

The flow: the worker's durable consumers of `application.submitted` and of a resubmission's
`status_changed` turn each into a pending report (`request_precheck`, quick, in the bus's transaction);
the worker loop then reads one document at a time (`read_next`: OCR outside any transaction) and, once
all are read, writes the flags. Nothing here approves or rejects, and nothing read is logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Protocol

from gorontalo.permits.v1 import events_pb2
from servicekit.auth import Principal
from servicekit.errors import NotFound, PermissionDenied, Validator

from ..adapters.document_storage import DocumentStorage, StoredFileMissing
from ..adapters.precheck_repository import COMPLETE, PENDING, Report
from ..domain import precheck
from ..domain.catalog import PermitCatalog
from ..domain.document_reading import UNREADABLE, Reading, is_nik, read_document
from . import metrics
from .access import DEFAULT_OFFICES, STAFF_READERS, LicensingOffices
from .applications import _application_id

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
PURPOSE = "Pra-pemeriksaan izin usaha {application_id}"
NAME_MIN, NAME_MAX = 2, 100
NONE = "none"  # the report status of an application without documents to read


class Ocr(Protocol):
    def read(self, content: bytes, media_type: str): ...  # -> adapters.ocr.OcrResult


class Register(Protocol):
    def match(self, nik: str, declared, *, applicant_id: str, purpose: str) -> bool | None: ...


def declared_person(v: Validator, nik: str, name: str) -> precheck.DeclaredPerson | None:
    """The responsible person as declared at submission: both fields or neither."""
    nik, name = (nik or "").strip(), " ".join((name or "").split())
    if not nik and not name:
        return None
    if not is_nik(nik):
        v.add("responsible_nik", "nik_invalid")
    v.text("responsible_name", name, min_len=NAME_MIN, max_len=NAME_MAX)
    return precheck.DeclaredPerson(nik, name.upper())


def request_precheck(uow, clock: Clock, application_id: str) -> bool:
    """Consumer handler (a ConsumerUnitOfWork: the bus commits): a pending report for the application's
    documents, unless one exists for this very set (a replay, or a resubmission that kept its documents).
    A new set replaces the old report. False when there is nothing new to read."""
    application = uow.applications.get(application_id)
    if application is None or not application.documents:
        return False
    documents = [(d.document_id, d.document_type) for d in application.documents]
    existing = uow.precheck.get(application_id)
    if existing is not None and [d.document_id for d in existing.documents] == [d for d, _ in documents]:
        return False
    uow.precheck.request(application_id, documents, clock())
    return True


def is_resubmission(changed: events_pb2.ApplicationStatusChanged) -> bool:
    """The applicant handed a revised application back (perhaps with new documents)."""
    return changed.old_status == "revision_requested" and changed.new_status == "submitted"


def _reading_of(storage: DocumentStorage, ocr: Ocr, document) -> Reading:
    try:
        content = storage.get(document.sha256)
    except StoredFileMissing:
        log.error("pre-check: the file of document %s is missing in storage", document.id)
        return Reading(UNREADABLE, {}, 0.0)
    try:
        result = ocr.read(content, document.media_type)
    except Exception as error:  # noqa: BLE001 - a file OCR cannot open is an unreadable scan, not a crash
        log.warning("pre-check: OCR failed on document %s (%s)", document.id, type(error).__name__)
        return Reading(UNREADABLE, {}, 0.0)
    return read_document(result.text, result.confidence)


def read_next(
    uow_factory: Callable[[], object],
    *,
    storage: DocumentStorage,
    ocr: Ocr,
    register: Register,
    catalog: PermitCatalog,
    clock: Clock,
) -> str:
    """One step of the worker: read one document ("read"), finish one report ("completed"), or "idle"."""
    with uow_factory() as uow:
        pending = uow.precheck.pending(limit=1)
        if not pending:
            return "idle"
        report = uow.precheck.get(pending[0])
        unread = report.unread
        document = uow.documents.get(unread[0].document_id) if unread else None
    if unread:
        reading = _reading_of(storage, ocr, document) if document else Reading(UNREADABLE, {}, 0.0)
        with uow_factory() as uow:
            uow.precheck.record_reading(report.application_id, unread[0].document_id, reading, clock())
            uow.commit()
        metrics.PRECHECK_DOCUMENTS_READ.labels(reading.kind).inc()
        return "read"
    _complete(uow_factory, report, register=register, catalog=catalog, clock=clock)
    return "completed"


def _complete(uow_factory, report: Report, *, register: Register, catalog: PermitCatalog, clock: Clock) -> None:
    with uow_factory() as uow:
        application = uow.applications.get(report.application_id)
        declared = uow.precheck.declared_person(report.application_id)
    answers: list[bool | None] = []

    def register_match(nik, person):
        answer = register.match(
            nik, person, applicant_id=application.applicant_id, purpose=PURPOSE.format(application_id=application.id)
        )
        answers.append(answer)
        return answer

    permit_type = catalog.get(application.kbli_code)
    flags = precheck.application_flags(
        [precheck.Slot(d.document_id, d.document_type, d.reading) for d in report.documents],
        required_documents=permit_type.required_documents if permit_type else (),
        declared=declared,
        nib=application.nib,
        risk_level=application.risk_level,
        investment_rupiah=application.investment_rupiah,
        workforce=application.workforce,
        register_match=register_match,
    )
    register_check = (
        "not_asked"
        if not answers
        else "unavailable"
        if None in answers
        else "no_match"
        if False in answers
        else "match"
    )
    with uow_factory() as uow:
        current = uow.precheck.get(report.application_id)
        if current is None or current.status != PENDING or current.requested_at != report.requested_at:
            return  # replaced (a resubmission) while it was being read: the new request is read afresh
        uow.precheck.complete(report.application_id, flags, register_check, clock())
        uow.commit()
    for flag in flags:
        metrics.PRECHECK_FLAGS_RAISED.labels(flag.kind).inc()


def _officer_application(uow, principal: Principal, application_id: str, offices: LicensingOffices):
    offices.admit(principal)
    if principal.role not in ("officer", *STAFF_READERS):
        raise PermissionDenied()  # the applicant does not see the pre-check: it is the officer's aid
    application = uow.applications.get(application_id)
    if application is None:
        raise NotFound()
    if principal.role == "officer":
        principal.require_jurisdiction(application.region_code)
    return application


def get_report(
    uow, principal: Principal, application_id: str, *, offices: LicensingOffices = DEFAULT_OFFICES
) -> tuple[Report | None, precheck.DeclaredPerson | None, str]:
    """(report or None, the declared person, the status to show: pending, complete or none)."""
    application_id = _application_id(application_id)
    with uow:
        application = _officer_application(uow, principal, application_id, offices)
        report = uow.precheck.get(application_id)
        declared = uow.precheck.declared_person(application_id)
    if report is not None:
        status = report.status
    else:
        status = PENDING if application.documents else NONE  # the worker has not taken it up yet
    return report, declared, status


def dismiss_flag(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    application_id: str,
    flag_id: str,
    reason: str,
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> tuple[Report, precheck.DeclaredPerson | None, str]:
    """An officer of the application's regency/city marks a flag wrong, saying why."""
    principal.require_role("officer")
    application_id = _application_id(application_id)
    reason = " ".join((reason or "").split())
    v = Validator()
    v.text("reason", reason, min_len=precheck.DISMISS_REASON_MIN, max_len=precheck.DISMISS_REASON_MAX)
    v.raise_if_invalid()
    with uow:
        _officer_application(uow, principal, application_id, offices)
        report = uow.precheck.get(application_id)
        flag = report.flag((flag_id or "").strip()) if report is not None else None
        if flag is None:
            raise NotFound()
        flag.dismiss(officer_id=principal.subject, at=clock(), reason=reason)
        uow.precheck.save_dismissal(application_id, flag)
        declared = uow.precheck.declared_person(application_id)
        uow.commit()
    metrics.PRECHECK_FLAGS_DISMISSED.labels(flag.kind).inc()
    return report, declared, COMPLETE


def field_figures(uow, since: dt.datetime | None = None) -> dict[str, dict]:
    """Per flag kind, what officers made of the flags raised on real applications: raised, dismissed as
    wrong, and the precision that leaves. An upper bound: a wrong flag nobody dismissed counts as right,
    and a flag never raised (recall) is not seen here at all: the office's sample measures that."""
    with uow:
        counts = uow.precheck.flag_counts(since)
    return {
        kind: {
            "raised": raised,
            "dismissed": dismissed,
            "precision_at_most": round((raised - dismissed) / raised, 3) if raised else None,
        }
        for kind, (raised, dismissed) in sorted(counts.items())
    }
