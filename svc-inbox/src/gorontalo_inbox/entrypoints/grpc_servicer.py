"""gRPC servicer of svc-inbox: translates requests into use cases and results into messages, nothing else."""

from __future__ import annotations

from gorontalo.inbox.v1 import inbox_pb2, inbox_pb2_grpc
from servicekit.auth import require_principal
from servicekit.interceptors import metadata_dict

from .. import messages
from ..domain.model import Phrase
from ..domain.preferences import Change
from ..service_layer import deliveries, preferences, reading
from . import to_proto


def _optional(request, name: str):
    return getattr(request, name) if request.HasField(name) else None


class InboxServicer(inbox_pb2_grpc.InboxServiceServicer):
    def __init__(self, app):
        self.app = app

    def ListTimeline(self, request, context):
        page = reading.list_timeline(
            self.app.uow(),
            require_principal(),
            page_size=request.page_size,
            page_token=request.page_token,
            kind=request.kind,
        )
        return inbox_pb2.ListTimelineResponse(
            items=[to_proto.timeline_item(item) for item in page.items], next_page_token=page.next_page_token
        )

    def ListNotifications(self, request, context):
        page = reading.list_notifications(
            self.app.uow(),
            require_principal(),
            page_size=request.page_size,
            page_token=request.page_token,
            unread_only=request.unread_only,
        )
        return inbox_pb2.ListNotificationsResponse(
            notifications=[to_proto.notification(n) for n in page.notifications],
            next_page_token=page.next_page_token,
            unread_count=page.unread_count,
        )

    def MarkNotificationsRead(self, request, context):
        marked, unread = reading.mark_read(
            self.app.uow(), self.app.clock, require_principal(), ids=list(request.ids), all_=request.all
        )
        return inbox_pb2.MarkNotificationsReadResponse(marked=marked, unread_count=unread)

    def GetPreferences(self, request, context):
        return to_proto.preferences(preferences.get_preferences(self.app.uow(), self.app.mail, require_principal()))

    def UpdatePreferences(self, request, context):
        change = Change(
            sms=_optional(request, "sms"),
            email=_optional(request, "email"),
            email_address=_optional(request, "email_address"),
            quiet_start=_optional(request, "quiet_hours_start"),
            quiet_end=_optional(request, "quiet_hours_end"),
        )
        view = preferences.update_preferences(
            self.app.uow(), self.app.mail, self.app.clock, require_principal(), change
        )
        return to_proto.preferences(view)

    def VerifyEmail(self, request, context):
        masked = preferences.verify_email(self.app.uow(), self.app.mail, self.app.clock, request.token)
        said = messages.render(Phrase("email_verified"))
        return inbox_pb2.VerifyEmailResponse(
            verified=True, email_address=masked, message=inbox_pb2.LocalizedText(id=said.id, en=said.en)
        )

    def ReportSmsDelivery(self, request, context):
        accepted = deliveries.report_sms_delivery(
            self.app.uow,
            self.app.clock,
            body=request.body.data,
            signature=metadata_dict(context).get("x-signature", ""),
            secret=self.app.sms_callback_secret,
        )
        return inbox_pb2.ReportSmsDeliveryResponse(accepted=accepted)
