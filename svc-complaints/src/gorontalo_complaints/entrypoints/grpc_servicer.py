"""gRPC face of svc-complaints: translate messages, call use cases, nothing more."""
from __future__ import annotations

from gorontalo.complaints.v1 import complaints_pb2, complaints_pb2_grpc
from google.protobuf import timestamp_pb2
from servicekit.auth import current_principal, require_principal

from ..domain.model import ComplaintView
from ..service_layer import services


def complaint_message(view: ComplaintView) -> complaints_pb2.Complaint:
    message = complaints_pb2.Complaint(
        id=view.id, tracking_code=view.tracking_code, category=view.category, title=view.title,
        description=view.description, latitude=view.latitude, longitude=view.longitude,
        region_code=view.region_code, privacy=view.privacy, channel=view.channel, status=view.status,
    )
    if view.filed_at is not None:
        filed_at = timestamp_pb2.Timestamp()
        filed_at.FromDatetime(view.filed_at)
        message.filed_at.CopyFrom(filed_at)
    return message


class ComplaintsServicer(complaints_pb2_grpc.ComplaintsServiceServicer):
    def __init__(self, app):
        self.app = app

    def FileComplaint(self, request, context):
        view = services.file_complaint(
            self.app.uow(), self.app.clock, self.app.new_tracking_code, require_principal(),
            category=request.category, title=request.title, description=request.description,
            latitude=request.latitude, longitude=request.longitude, region_code=request.region_code,
            privacy=request.privacy, channel=request.channel,
        )
        return complaint_message(view)

    def GetComplaint(self, request, context):
        view = services.get_complaint(self.app.uow(), current_principal(), request.tracking_code)
        return complaint_message(view)

    def ListMyComplaints(self, request, context):
        page = services.list_my_complaints(self.app.uow(), require_principal(), page_size=request.page_size,
                                           page_token=request.page_token)
        return complaints_pb2.ListMyComplaintsResponse(
            complaints=[complaint_message(view) for view in page.complaints], next_page_token=page.next_page_token,
        )
