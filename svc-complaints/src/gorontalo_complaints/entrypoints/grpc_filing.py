"""gRPC of filing and tracking: file (with an account or without), read by tracking code, the reporter's list."""

from __future__ import annotations

from gorontalo.complaints.v1 import complaints_pb2
from servicekit import idempotency
from servicekit.auth import require_principal

from ..service_layer import anonymous, services
from .grpc_base import RpcBase
from .to_proto import complaint_message


class FilingRpcs(RpcBase):
    def FileComplaint(self, request, context):
        principal = require_principal()
        return self._once(
            context,
            "complaints.FileComplaint",
            request,
            complaints_pb2.Complaint,
            principal.subject,
            lambda uow: complaint_message(
                services.file_complaint(
                    uow,
                    self.app.clock,
                    self.app.new_tracking_code,
                    principal,
                    category=request.category,
                    title=request.title,
                    description=request.description,
                    latitude=request.latitude,
                    longitude=request.longitude,
                    region_code=request.region_code,
                    privacy=request.privacy,
                    channel=request.channel,
                    router=self.app.router,
                    photo_ids=list(request.photo_ids),
                )
            ),
        )

    def FileAnonymousComplaint(self, request, context):
        # Keys of filers without an account share one scope: only the identical body gets the first answer
        # (with its reporter key) back, so a key alone reveals nothing.
        return self._once(
            context,
            "complaints.FileAnonymousComplaint",
            request,
            complaints_pb2.Complaint,
            idempotency.ANONYMOUS,
            lambda uow: complaint_message(
                anonymous.file_anonymous(
                    uow,
                    self.app.clock,
                    self.app.new_tracking_code,
                    self.app.cipher,
                    self.app.limiter,
                    self.app.anonymous_limits,
                    client_address=self._client_address(context),
                    category=request.category,
                    title=request.title,
                    description=request.description,
                    latitude=request.latitude,
                    longitude=request.longitude,
                    region_code=request.region_code,
                    privacy=request.privacy,
                    channel=request.channel,
                    contact_phone=request.contact_phone,
                    contact_email=request.contact_email,
                    router=self.app.router,
                )
            ),
        )

    def GetComplaint(self, request, context):
        view = services.get_complaint(
            self.app.uow(),
            self._caller(context),
            request.tracking_code,
            limiter=self.app.limiter,
            client_address=self._client_address(context),
        )
        return complaint_message(view)

    def ListMyComplaints(self, request, context):
        page = services.list_my_complaints(
            self.app.uow(), require_principal(), page_size=request.page_size, page_token=request.page_token
        )
        return complaints_pb2.ListMyComplaintsResponse(
            complaints=[complaint_message(view) for view in page.complaints],
            next_page_token=page.next_page_token,
        )
