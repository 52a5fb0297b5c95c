"""gRPC face of svc-permits: translate messages, call use cases, nothing more."""
from __future__ import annotations

from gorontalo.permits.v1 import permits_pb2, permits_pb2_grpc
from google.protobuf import timestamp_pb2
from servicekit.auth import require_principal

from ..domain.catalog import PermitType
from ..domain.model import Application, TimelineEntry
from ..service_layer import services


def _timestamp(value) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def permit_type_message(permit_type: PermitType) -> permits_pb2.PermitType:
    return permits_pb2.PermitType(
        kbli_code=permit_type.kbli_code, title=permit_type.title, risk_level=permit_type.risk_level,
        sla_working_days=permit_type.sla_working_days, fee_rupiah=permit_type.fee_rupiah,
        required_documents=list(permit_type.required_documents),
    )


def timeline_message(entry: TimelineEntry) -> permits_pb2.TimelineEntry:
    return permits_pb2.TimelineEntry(status=entry.status, actor_role=entry.actor_role, note=entry.note,
                                     at=_timestamp(entry.at))


def application_message(application: Application) -> permits_pb2.Application:
    return permits_pb2.Application(
        id=application.id, kbli_code=application.kbli_code, business_name=application.business_name,
        business_address=application.business_address, region_code=application.region_code,
        regency_code=application.regency_code, latitude=application.latitude,
        longitude=application.longitude, investment_rupiah=application.investment_rupiah,
        workforce=application.workforce, status=application.status, risk_level=application.risk_level,
        submitted_at=_timestamp(application.submitted_at),
        timeline=[timeline_message(entry) for entry in application.timeline],
    )


class PermitsServicer(permits_pb2_grpc.PermitsServiceServicer):
    def __init__(self, app):
        self.app = app

    def ListPermitTypes(self, request, context):
        return permits_pb2.ListPermitTypesResponse(
            permit_types=[permit_type_message(t) for t in services.list_permit_types(self.app.catalog)])

    def SubmitApplication(self, request, context):
        application = services.submit_application(
            self.app.uow(), self.app.catalog, self.app.clock, require_principal(),
            kbli_code=request.kbli_code, business_name=request.business_name,
            business_address=request.business_address, region_code=request.region_code,
            latitude=request.latitude, longitude=request.longitude,
            investment_rupiah=request.investment_rupiah, workforce=request.workforce,
        )
        return application_message(application)

    def GetApplication(self, request, context):
        return application_message(services.get_application(self.app.uow(), require_principal(), request.id))

    def ListApplications(self, request, context):
        applications, next_token = services.list_applications(
            self.app.uow(), require_principal(), page_size=request.page_size, page_token=request.page_token,
            status=request.status,
        )
        return permits_pb2.ListApplicationsResponse(
            applications=[application_message(a) for a in applications], next_page_token=next_token)

    def StartReview(self, request, context):
        application = services.start_review(self.app.uow(), self.app.clock, require_principal(),
                                            application_id=request.id, note=request.note)
        return application_message(application)
