"""gRPC of the reporter's in-app notifications."""

from __future__ import annotations

from gorontalo.complaints.v1 import complaints_pb2
from servicekit.auth import require_principal

from ..service_layer import notifications
from .grpc_base import RpcBase
from .to_proto import set_time


class NotificationRpcs(RpcBase):
    def ListMyNotifications(self, request, context):
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
