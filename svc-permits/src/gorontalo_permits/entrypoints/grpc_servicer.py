"""gRPC face of svc-permits: translate messages, call use cases, nothing more.

Who may do what (role, licensing office, jurisdiction, ownership) is decided in the use cases
(service_layer.access); the servicer hands them the caller and the configured licensing offices."""

from __future__ import annotations

import datetime as dt

from google.api import httpbody_pb2
from google.protobuf import timestamp_pb2

from gorontalo.permits.v1 import permits_pb2, permits_pb2_grpc
from servicekit import idempotency, regions
from servicekit.auth import require_principal
from servicekit.interceptors import metadata_dict
from servicekit.peers import client_address

from ..adapters import certificate as certificate_pdf
from ..adapters.tables import idempotency_records
from ..domain.catalog import PermitType
from ..domain.documents import Document, content_disposition, download_name
from ..domain.model import Application, TimelineEntry
from ..domain.permit import Permit
from ..service_layer import applications, workflow
from ..service_layer import documents as document_services
from ..service_layer import permits as permit_services
from .grpc_precheck import PrecheckRpcs
from .grpc_sla_figures import SlaFiguresRpcs

STAFF_VIEW = ("officer", "operator", "admin")  # see who acted; an applicant sees roles only


def _timestamp(value) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def permit_type_message(permit_type: PermitType) -> permits_pb2.PermitType:
    return permits_pb2.PermitType(
        kbli_code=permit_type.kbli_code,
        title=permit_type.title,
        risk_level=permit_type.risk_level,
        sla_working_days=permit_type.sla_working_days,
        fee_rupiah=permit_type.fee_rupiah,
        required_documents=list(permit_type.required_documents),
    )


def timeline_message(entry: TimelineEntry, show_actor: bool = False) -> permits_pb2.TimelineEntry:
    return permits_pb2.TimelineEntry(
        status=entry.status,
        actor_role=entry.actor_role,
        note=entry.note,
        at=_timestamp(entry.at),
        actor_id=entry.actor_id if show_actor else "",
    )


CONTENT_DISPOSITION = "content-disposition"


def document_message(document: Document) -> permits_pb2.Document:
    return permits_pb2.Document(
        id=document.id,
        document_type=document.document_type,
        media_type=document.media_type,
        size_bytes=document.size_bytes,
        sha256=document.sha256,
        file_name=document.file_name,
        uploaded_at=_timestamp(document.uploaded_at),
    )


def _viewer_is_staff() -> bool:
    return require_principal().role in STAFF_VIEW


def application_message(
    application: Application, show_actors: bool = False, now: dt.datetime | None = None
) -> permits_pb2.Application:
    """`now` (the service's clock) gives the working days left to the SLA due date and whether it is late."""
    now = now or dt.datetime.now(dt.UTC)
    return permits_pb2.Application(
        id=application.id,
        kbli_code=application.kbli_code,
        business_name=application.business_name,
        business_address=application.business_address,
        region_code=application.region_code,
        regency_code=application.regency_code,
        latitude=application.latitude,
        longitude=application.longitude,
        investment_rupiah=application.investment_rupiah,
        workforce=application.workforce,
        status=application.status,
        risk_level=application.risk_level,
        submitted_at=_timestamp(application.submitted_at),
        timeline=[timeline_message(entry, show_actors) for entry in application.timeline],
        sla_due_date=application.sla_due_date.isoformat() if application.sla_due_date else "",
        sla_paused=application.sla_paused,
        nib=application.nib,
        self_declaration=application.self_declaration,
        fee_rupiah=application.fee_rupiah,
        payment_status=application.payment_status,
        permit_number=application.permit_number,
        next_step=application.next_step,
        bill_id=application.bill_id,
        documents=[
            permits_pb2.ApplicationDocument(
                document_id=d.document_id,
                document_type=d.document_type,
                media_type=d.media_type,
                size_bytes=d.size_bytes,
            )
            for d in application.documents
        ],
        sla_working_days_left=application.sla_working_days_left(now),
        sla_late=application.sla_breached(now),
    )


def _activity(catalog, kbli_code: str) -> str:
    permit_type = catalog.get(kbli_code)
    return permit_type.title if permit_type else ""


def _regency_name(code: str) -> str:
    regency = regions.lookup(code)
    return regency.name if regency else ""


def verification_message(permit: Permit, catalog) -> permits_pb2.PermitVerification:
    """Public facts only: never the owner's id, NIB, address or coordinates."""
    message = permits_pb2.PermitVerification(
        permit_number=permit.permit_number,
        validity=permit.status,
        business_name=permit.business_name,
        kbli_code=permit.kbli_code,
        activity=_activity(catalog, permit.kbli_code),
        risk_level=permit.risk_level,
        issue_date=permit.issue_date.isoformat(),
        issued_at=_timestamp(permit.issued_at),
        regency_code=permit.regency_code,
        regency_name=_regency_name(permit.regency_code),
        revocation_reason=permit.revocation_reason,
    )
    if permit.revoked_at is not None:
        message.revoked_at.CopyFrom(_timestamp(permit.revoked_at))
    return message


class PermitsServicer(SlaFiguresRpcs, PrecheckRpcs, permits_pb2_grpc.PermitsServiceServicer):
    def __init__(self, app):
        self.app = app

    def ListPermitTypes(self, request, context):
        return permits_pb2.ListPermitTypesResponse(
            permit_types=[permit_type_message(t) for t in applications.list_permit_types(self.app.catalog)]
        )

    def _once(self, context, principal, operation: str, request, response_class, render):
        """`render(uow)` once per Idempotency-Key of this caller: a retry gets the first answer again."""
        return idempotency.answer_once(
            self.app.uow(),
            idempotency_records,
            context,
            request,
            response_class,
            render,
            clock=self.app.clock,
            operation=f"permits.{operation}",
            scope=principal.subject,
        )

    def SubmitApplication(self, request, context):
        principal = require_principal()
        return self._once(
            context,
            principal,
            "SubmitApplication",
            request,
            permits_pb2.Application,
            lambda uow: application_message(
                applications.submit_application(
                    uow,
                    self.app.catalog,
                    self.app.clock,
                    principal,
                    kbli_code=request.kbli_code,
                    business_name=request.business_name,
                    business_address=request.business_address,
                    region_code=request.region_code,
                    latitude=request.latitude,
                    longitude=request.longitude,
                    investment_rupiah=request.investment_rupiah,
                    workforce=request.workforce,
                    nib=request.nib,
                    self_declaration=request.self_declaration,
                    document_ids=list(request.document_ids),
                    responsible_nik=request.responsible_nik,
                    responsible_name=request.responsible_name,
                ),
                now=self.app.clock(),
            ),
        )

    def UploadDocument(self, request, context):
        principal = require_principal()
        return self._once(
            context,
            principal,
            "UploadDocument",
            request,
            permits_pb2.Document,
            lambda uow: document_message(
                document_services.upload_document(
                    uow,
                    self.app.clock,
                    principal,
                    catalog=self.app.catalog,
                    storage=self.app.storage,
                    inspect=self.app.inspect,
                    document_type=request.document_type,
                    file_name=request.file_name,
                    content_type=request.file.content_type,
                    content=request.file.data,
                )
            ),
        )

    def GetDocumentContent(self, request, context):
        document, content = document_services.document_content(
            self.app.uow(), self.app.storage, require_principal(), request.id, offices=self.app.offices
        )
        # HttpBody has no headers: the download's name travels as response metadata for the gateway.
        context.send_initial_metadata([(CONTENT_DISPOSITION, content_disposition(download_name(document)))])
        return httpbody_pb2.HttpBody(content_type=document.media_type, data=content)

    def ProvideNib(self, request, context):
        return application_message(
            workflow.provide_nib(
                self.app.uow(),
                self.app.clock,
                require_principal(),
                application_id=request.id,
                nib=request.nib,
                offices=self.app.offices,
            ),
            now=self.app.clock(),
        )

    def GetApplication(self, request, context):
        return application_message(
            applications.get_application(self.app.uow(), require_principal(), request.id, offices=self.app.offices),
            _viewer_is_staff(),
            self.app.clock(),
        )

    def ListApplications(self, request, context):
        found, next_token = applications.list_applications(
            self.app.uow(),
            require_principal(),
            page_size=request.page_size,
            page_token=request.page_token,
            status=request.status,
            offices=self.app.offices,
        )
        now = self.app.clock()
        return permits_pb2.ListApplicationsResponse(
            applications=[application_message(a, _viewer_is_staff(), now) for a in found],
            next_page_token=next_token,
        )

    def StartReview(self, request, context):
        application = applications.start_review(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            application_id=request.id,
            note=request.note,
            offices=self.app.offices,
        )
        return application_message(application, _viewer_is_staff(), self.app.clock())

    def _action(self, use_case, request, **extra):
        return application_message(
            use_case(
                self.app.uow(),
                self.app.clock,
                require_principal(),
                application_id=request.id,
                note=request.note,
                offices=self.app.offices,
                **extra,
            ),
            _viewer_is_staff(),
            self.app.clock(),
        )

    def RequestRevision(self, request, context):
        return self._action(workflow.request_revision, request)

    def ResubmitApplication(self, request, context):
        return self._action(
            workflow.resubmit, request, document_ids=list(request.document_ids), catalog=self.app.catalog
        )

    def ApproveApplication(self, request, context):
        # The officer's own token goes to svc-tax, which checks their role and jurisdiction itself.
        return self._action(
            workflow.approve,
            request,
            fee_bills=self.app.fee_bills,
            authorization=metadata_dict(context).get("authorization", ""),
        )

    def RejectApplication(self, request, context):
        return self._action(workflow.reject, request)

    def WithdrawApplication(self, request, context):
        # The applicant is the payer of the fee bill: their own token lets svc-tax cancel it.
        return self._action(
            workflow.withdraw,
            request,
            fee_bills=self.app.fee_bills,
            authorization=metadata_dict(context).get("authorization", ""),
        )

    def IssuePermit(self, request, context):
        return self._action(workflow.issue, request)

    def VerifyPermit(self, request, context):
        permit = permit_services.verify_permit(
            self.app.uow(),
            request.permit_number,
            limits=self.app.limits,
            rules=self.app.verify_limits,
            client_address=client_address(context),
        )
        return verification_message(permit, self.app.catalog)

    def GetPermitHolder(self, request, context):
        # Peers only (svc-tourism, by its certificate): the holder's opaque account id is for comparing
        # with the peer's own caller, never shown. No per-client limit: no end user reaches this RPC.
        permit = permit_services.verify_permit(self.app.uow(), request.permit_number)
        message = permits_pb2.PermitHolder(
            permit_number=permit.permit_number,
            holder_account_id=permit.owner_id,
            validity=permit.status,
            regency_code=permit.regency_code,
            business_name=permit.business_name,
            kbli_code=permit.kbli_code,
        )
        if permit.revoked_at is not None:
            message.revoked_at.CopyFrom(_timestamp(permit.revoked_at))
        return message

    def RevokePermit(self, request, context):
        permit = permit_services.revoke_permit(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            permit_number=request.permit_number,
            reason=request.reason,
            offices=self.app.offices,
        )
        return verification_message(permit, self.app.catalog)

    def GetPermitCertificate(self, request, context):
        pdf = permit_services.certificate(
            self.app.uow(),
            require_principal(),
            request.permit_number,
            sign=self.app.keys.sign,
            render=certificate_pdf.render,
            activity_of=lambda code: _activity(self.app.catalog, code),
            regency_name_of=_regency_name,
            public_base_url=self.app.public_base_url,
            offices=self.app.offices,
        )
        return httpbody_pb2.HttpBody(content_type=certificate_pdf.MEDIA_TYPE, data=pdf)

    def GetPermitJwks(self, request, context):
        return permits_pb2.PermitJwks(keys=[permits_pb2.PermitJwk(**jwk) for jwk in self.app.keys.jwks()["keys"]])
