"""gRPC of the operators' SLA figures: GetSlaFigures (service_layer.sla_figures)."""

from __future__ import annotations

from gorontalo.permits.v1 import permits_pb2
from servicekit.auth import require_principal

from ..service_layer import sla_figures


class SlaFiguresRpcs:
    """Mixed into PermitsServicer (its `app`)."""

    def GetSlaFigures(self, request, context):
        figures = sla_figures.sla_figures(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            from_month=request.from_month,
            to_month=request.to_month,
        )
        return permits_pb2.SlaFigures(
            from_month=figures.from_month,
            to_month=figures.to_month,
            rows=[
                permits_pb2.SlaRow(
                    month=r.month,
                    regency_code=r.regency_code,
                    regency_name=r.regency_name,
                    kbli_code=r.kbli_code,
                    permit_type=r.permit_type,
                    received=r.received,
                    decided=r.decided,
                    breached=r.breached,
                    median_working_days=r.median_working_days,
                )
                for r in figures.rows
            ],
        )
