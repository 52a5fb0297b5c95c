"""gRPC of deadline escalations, for agency heads and the province dispatchers."""

from __future__ import annotations

from gorontalo.complaints.v1 import complaints_pb2
from servicekit.auth import require_principal

from ..service_layer import escalations
from .grpc_base import RpcBase
from .to_proto import set_time


class EscalationRpcs(RpcBase):
    def ListEscalations(self, request, context):
        page = escalations.list_escalations(
            self.app.uow(),
            self.app.staff,
            require_principal(),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        out = []
        for row in page.escalations:
            message = complaints_pb2.Escalation(
                tracking_code=row["tracking_code"],
                deadline=row["deadline"],
                agency_code=row["agency_code"],
                region_code=row["region_code"],
                escalated_to=row["escalated_to"],
                status=row["status"],
            )
            set_time(message, "due_at", row["due_at"])
            set_time(message, "detected_at", row["detected_at"])
            out.append(message)
        return complaints_pb2.ListEscalationsResponse(escalations=out, next_page_token=page.next_page_token)
