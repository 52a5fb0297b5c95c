"""gRPC of the routing table: which agency handles a category in a regency (admins edit, staff read)."""

from __future__ import annotations

from gorontalo.complaints.v1 import complaints_pb2
from servicekit.auth import require_principal

from ..service_layer import routing
from .grpc_base import RpcBase
from .to_proto import entry_message


class RoutingRpcs(RpcBase):
    def PutRoutingEntry(self, request, context):
        return entry_message(
            routing.put_entry(
                self.app.uow(),
                self.app.clock,
                require_principal(),
                category=request.category,
                regency_code=request.regency_code,
                agency_code=request.agency_code,
                agency_name=request.agency_name,
            )
        )

    def ListRoutingEntries(self, request, context):
        entries = routing.list_entries(
            self.app.uow(),
            self.app.router,
            require_principal(),
            category=request.category,
            regency_code=request.regency_code,
        )
        return complaints_pb2.ListRoutingEntriesResponse(entries=[entry_message(e) for e in entries])
