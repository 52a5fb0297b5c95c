"""Application use cases: submit, read, list, take into review. Each takes the caller's Principal and
decides what they may see or do (access.py); the later steps of an application are in workflow.py."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from gorontalo.permits.v1 import events_pb2
from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import FieldViolation, InvalidArgument, NotFound, PermissionDenied, Validator

from ..domain import model
from ..domain.catalog import PermitCatalog, PermitType
from ..domain.documents import missing_documents
from ..domain.submission import validate_submission
from . import metrics
from .access import DEFAULT_OFFICES, STAFF_READERS, LicensingOffices, authorise_read
from .issuing import number_permit, record_permit, record_status_changes

MAX_DOCUMENTS = 30

Clock = Callable[[], dt.datetime]


def _application_id(raw: str) -> str:
    """The canonical id; a malformed one cannot exist, so it is simply not found."""
    raw = (raw or "").strip()
    if not raw:
        raise InvalidArgument(violations=[FieldViolation("id", "required")])
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise NotFound() from None


def _authorise_read(principal: Principal, application: model.Application) -> None:
    authorise_read(principal, owner_id=application.applicant_id, region_code=application.region_code)


def _owner_nib(uow, owner_id: str, given: str, at: dt.datetime) -> str:
    """The NIB of this owner: the one on file, or the given one kept now. One NIB per owner, one owner per NIB."""
    on_file = uow.owners.nib_of(owner_id)
    if not given:
        return on_file or ""
    if on_file:
        if on_file != given:
            raise InvalidArgument(violations=[FieldViolation("nib", "nib_mismatch")])
        return given
    holder = uow.owners.owner_of(given)
    if holder and holder != owner_id:
        raise InvalidArgument(violations=[FieldViolation("nib", "nib_taken")])
    if not uow.owners.register(owner_id, given, at) and uow.owners.owner_of(given) != owner_id:
        # Lost a race: taken by another owner. Won by this owner's own concurrent application (the
        # same NIB on two submissions at once, found by the chaos test) is not a conflict.
        raise InvalidArgument(violations=[FieldViolation("nib", "nib_taken")])
    return given


def list_permit_types(catalog: PermitCatalog) -> list[PermitType]:
    return catalog.all()


def attach_documents(uow, owner_id: str, permit_type: PermitType, document_ids) -> list[model.AttachedDocument]:
    """The applicant's own documents, covering every document the permit type requires."""
    v = Validator()
    ids: list[str] = []
    for index, raw in enumerate(document_ids):
        try:
            document_id = str(uuid.UUID((raw or "").strip()))
        except ValueError:
            v.add(f"document_ids[{index}]", "document_not_found")
            continue
        if document_id in ids:
            v.add(f"document_ids[{index}]", "document_duplicate")
        ids.append(document_id)
    if len(ids) > MAX_DOCUMENTS:
        v.add("document_ids", "too_many_documents", max=MAX_DOCUMENTS)
    found = uow.documents.get_many(ids)
    attached = []
    for index, document_id in enumerate(ids):
        document = found.get(document_id)
        if document is None or document.owner_id != owner_id:  # another's document is not found either
            v.add(f"document_ids[{index}]", "document_not_found")
        elif document_id not in [a.document_id for a in attached]:
            attached.append(
                model.AttachedDocument(document.id, document.document_type, document.media_type, document.size_bytes)
            )
    missing = missing_documents(permit_type.required_documents, [a.document_type for a in attached])
    if missing:
        v.add("document_ids", "documents_missing", missing=", ".join(missing))
    v.raise_if_invalid()
    return attached


def submit_application(
    uow,
    catalog: PermitCatalog,
    clock: Clock,
    principal: Principal,
    *,
    kbli_code: str,
    business_name: str,
    business_address: str,
    region_code: str,
    latitude: float,
    longitude: float,
    investment_rupiah: int,
    workforce: int,
    nib: str = "",
    self_declaration: bool = False,
    document_ids=(),
    responsible_nik: str = "",
    responsible_name: str = "",
) -> model.Application:
    """A new application. Retries with an Idempotency-Key are answered by the servicer (servicekit.idempotency).
    The responsible person (NIK and name, optional) is kept encrypted for the pre-check (precheck.py)."""
    from . import precheck  # here, not at the top: precheck imports this module

    principal.require_role("citizen")
    document_ids = list(document_ids)
    v = Validator()
    declared = precheck.declared_person(v, responsible_nik, responsible_name)
    v.raise_if_invalid()
    submission = validate_submission(
        catalog,
        kbli_code=kbli_code,
        business_name=business_name,
        business_address=business_address,
        region_code=region_code,
        latitude=latitude,
        longitude=longitude,
        investment_rupiah=investment_rupiah,
        workforce=workforce,
        nib=nib,
        self_declaration=self_declaration,
    )
    now = clock()
    with uow:
        documents = attach_documents(uow, principal.subject, submission.permit_type, document_ids)
        application = model.Application.submit(
            id=str(uuid.uuid4()),
            applicant_id=principal.subject,
            permit_type=submission.permit_type,
            kbli_code=submission.permit_type.kbli_code,
            business_name=submission.business_name,
            business_address=submission.business_address,
            region_code=submission.region_code,
            regency_code=submission.regency_code,
            latitude=submission.latitude,
            longitude=submission.longitude,
            investment_rupiah=submission.investment_rupiah,
            workforce=submission.workforce,
            now=now,
            nib=_owner_nib(uow, principal.subject, submission.nib, now),
            self_declaration=submission.self_declaration,
            documents=documents,
        )
        permit = number_permit(uow, application) if application.status == model.ISSUED else None
        uow.applications.add(application)
        uow.add_event(
            events_pb2.ApplicationSubmitted(
                application_id=application.id,
                applicant_id=application.applicant_id,
                kbli_code=application.kbli_code,
                region_code=application.region_code,
                regency_code=application.regency_code,
                risk_level=application.risk_level,
                kbli_title=application.kbli_title,
            ),
            subject=application.id,
        )
        record_status_changes(uow, application, model.SUBMITTED, application.timeline[1:])
        if permit is not None:
            record_permit(uow, application, permit)
        if declared is not None:
            uow.precheck.declare_person(application.id, declared)
        uow.commit()
    metrics.SUBMITTED.labels(application.risk_level).inc()
    metrics.count_entries(application, application.timeline)
    if application.status == model.ISSUED:
        metrics.count_issued(application)
    return application


def get_application(
    uow, principal: Principal, application_id: str, *, offices: LicensingOffices = DEFAULT_OFFICES
) -> model.Application:
    offices.admit(principal)
    application_id = _application_id(application_id)
    with uow:
        application = uow.applications.get(application_id)
    if application is None:
        raise NotFound()
    _authorise_read(principal, application)
    return application


def list_applications(
    uow,
    principal: Principal,
    *,
    page_size: int,
    page_token: str,
    status: str = "",
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> tuple[list[model.Application], str]:
    """A citizen's own (newest first), or the queue an officer or staff member works (oldest first)."""
    offices.admit(principal)
    v = Validator()
    status = (status or "").strip()
    if status:
        v.one_of("status", status, model.STATUSES)
    offset = limit = 0
    try:
        offset, limit = paging.window(page_size, page_token)
    except InvalidArgument as error:
        v.violations.extend(error.violations)
    v.raise_if_invalid()
    if principal.role == "citizen":
        scope = {"applicant_id": principal.subject, "newest_first": True}
    elif principal.role == "officer":
        scope = {"jurisdiction": tuple(principal.jurisdiction)}
    elif principal.role in STAFF_READERS:
        scope = {}
    else:
        raise PermissionDenied()
    with uow:
        # One row more than asked tells whether another page exists, so the
        # last page carries no token (paging.next_token would add an empty page).
        rows = uow.applications.list(offset=offset, limit=limit + 1, status=status or None, **scope)
    page = rows[:limit]
    for application in page:
        _authorise_read(principal, application)  # the query already scoped; this keeps it honest
    return page, paging.encode(offset + limit) if len(rows) > limit else ""


def start_review(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    application_id: str,
    note: str = "",
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> model.Application:
    offices.admit(principal)
    principal.require_role("officer")
    note = (note or "").strip()
    v = Validator()
    v.text("note", note, max_len=model.NOTE_MAX, required=False)
    v.raise_if_invalid()
    application_id = _application_id(application_id)
    with uow:
        application = uow.applications.get(application_id)
        if application is None:
            raise NotFound()
        principal.require_jurisdiction(application.region_code)
        old_status = application.status
        entry = application.start_review(officer_id=principal.subject, at=clock(), note=note)
        uow.applications.save(application)
        record_status_changes(uow, application, old_status, [entry])
        uow.commit()
    metrics.count_entries(application, [entry])
    return application
