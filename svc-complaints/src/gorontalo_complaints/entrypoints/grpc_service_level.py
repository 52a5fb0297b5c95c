"""gRPC of the operators' figures: GetServiceLevelFigures (service_layer.service_level)."""

from __future__ import annotations

from gorontalo.complaints.v1 import complaints_pb2
from servicekit.auth import require_principal

from ..service_layer import service_level
from .grpc_base import RpcBase


class ServiceLevelRpcs(RpcBase):
    def GetServiceLevelFigures(self, request, context):
        figures = service_level.service_level_figures(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            from_month=request.from_month,
            to_month=request.to_month,
        )
        return complaints_pb2.ServiceLevelFigures(
            from_month=figures.from_month,
            to_month=figures.to_month,
            rows=[
                complaints_pb2.ServiceLevelRow(
                    month=r.month,
                    agency_code=r.agency_code,
                    agency_name=r.agency_name,
                    regency_code=r.regency_code,
                    regency_name=r.regency_name,
                    category=r.category,
                    received=r.received,
                    breached=r.breached,
                    resolved=r.resolved,
                    median_resolution_seconds=r.median_resolution_seconds,
                )
                for r in figures.rows
            ],
        )
