"""gRPC of the reporter's old in-app notifications (deprecated), and the SMS gateway's delivery reports."""

from __future__ import annotations

from gorontalo.complaints.v1 import complaints_pb2
from servicekit.auth import require_principal
from servicekit.interceptors import metadata_dict

from ..service_layer import notifications
from .grpc_base import RpcBase
from .to_proto import set_time

# ListMyNotifications is deprecated since residents with an account are told by svc-inbox (issue 14):
# RFC 9745 `Deprecation` (when, as @unix-time), its successor, and RFC 8594 `Sunset` about six months on.
DEPRECATED_AT = 1796536816  # 2026-12-06T06:00:16Z
DEPRECATION_HEADERS = (
    ("deprecation", f"@{DEPRECATED_AT}"),
    ("link", '</v1/me/notifications>; rel="successor-version"'),
    ("sunset", "Mon, 07 Jun 2027 00:00:00 GMT"),
)


class NotificationRpcs(RpcBase):
    def ListMyNotifications(self, request, context):
        context.send_initial_metadata(DEPRECATION_HEADERS)
        page = notifications.list_inbox(
            self.app.uow(), require_principal(), page_size=request.page_size, page_token=request.page_token
        )
        out = []
        for row in page.entries:
            message = complaints_pb2.Notification(
                id=row["id"],
                tracking_code=row["tracking_code"],
                kind=row["kind"],
                status=row["status"],
                message=row["message"],
            )
            set_time(message, "created_at", row["created_at"])
            out.append(message)
        return complaints_pb2.ListMyNotificationsResponse(notifications=out, next_page_token=page.next_page_token)

    def ReportSmsDelivery(self, request, context):
        applied = notifications.report_delivery(
            self.app.uow(),
            self.app.clock,
            body=request.body.data,
            signature=metadata_dict(context).get("x-signature", ""),
            secret=self.app.sms_callback_secret,
        )
        return complaints_pb2.ReportSmsDeliveryResponse(applied=applied)
