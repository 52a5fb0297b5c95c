"""gRPC of SiPakai, the public side: listing (JSON and GeoJSON), nearby complaints, support, figures."""

from __future__ import annotations

from google.api import httpbody_pb2

from gorontalo.complaints.v1 import complaints_pb2
from servicekit.auth import require_principal

from ..service_layer import public, public_stats
from .grpc_base import RpcBase
from .to_proto import complaint_message, complaints_page, stats_row


def _filters(request) -> dict:
    return dict(
        region_code=request.region_code,
        category=request.category,
        agency_code=request.agency_code,
        status=request.status,
        from_date=request.from_date,
        to_date=request.to_date,
        page_size=request.page_size,
        page_token=request.page_token,
    )


class PublicRpcs(RpcBase):
    def ListPublicComplaints(self, request, context):
        return complaints_page(public.list_public(self.app.uow().reading(), **_filters(request)))

    def ListPublicComplaintsGeoJson(self, request, context):
        return httpbody_pb2.HttpBody(
            content_type="application/geo+json", data=public.geojson(self.app.uow().reading(), **_filters(request))
        )

    def ListNearbyComplaints(self, request, context):
        found = public.nearby(self.app.uow().reading(), lat=request.lat, lon=request.lon, category=request.category)
        return complaints_pb2.ListNearbyComplaintsResponse(
            complaints=[
                complaints_pb2.NearbyComplaint(complaint=complaint_message(view), distance_meters=d)
                for view, d in found
            ],
            radius_meters=public.geo.NEARBY_RADIUS_M,
        )

    def SupportComplaint(self, request, context):
        principal = require_principal()
        return self._once(
            context,
            "complaints.SupportComplaint",
            request,
            complaints_pb2.Complaint,
            principal.subject,
            lambda uow: complaint_message(
                public.support(uow, self.app.clock, principal, tracking_code=request.tracking_code)
            ),
        )

    def GetPublicStats(self, request, context):
        figures = public_stats.public_stats(
            self.app.uow(), self.app.clock, from_date=request.from_date, to_date=request.to_date
        )
        return complaints_pb2.PublicStats(
            from_date=figures.from_date.isoformat(),
            to_date=figures.to_date.isoformat(),
            total=stats_row(figures.total),
            by_agency=[stats_row(r) for r in figures.by_agency],
            by_regency=[stats_row(r) for r in figures.by_regency],
        )
