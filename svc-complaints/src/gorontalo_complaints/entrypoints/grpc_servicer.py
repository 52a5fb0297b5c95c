"""gRPC face of svc-complaints: translate messages, call use cases, nothing more.

ComplaintsService is one proto service; its RPCs are grouped by feature, one module each, and
composed here into the one servicer the server registers.
"""

from __future__ import annotations

from gorontalo.complaints.v1 import complaints_pb2_grpc

from .grpc_admin_keys import AdminKeyRpcs
from .grpc_escalations import EscalationRpcs
from .grpc_filing import FilingRpcs
from .grpc_follow_up import FollowUpRpcs
from .grpc_notifications import NotificationRpcs
from .grpc_open311 import Open311Rpcs
from .grpc_photos import PhotoRpcs
from .grpc_public import PublicRpcs
from .grpc_routing import RoutingRpcs
from .grpc_service_level import ServiceLevelRpcs


class ComplaintsServicer(
    FilingRpcs,
    FollowUpRpcs,
    RoutingRpcs,
    PhotoRpcs,
    PublicRpcs,
    Open311Rpcs,
    NotificationRpcs,
    EscalationRpcs,
    ServiceLevelRpcs,
    AdminKeyRpcs,
    complaints_pb2_grpc.ComplaintsServiceServicer,
):
    """Every RPC of gorontalo.complaints.v1.ComplaintsService (each group in its grpc_*.py)."""
