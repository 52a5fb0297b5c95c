"""gRPC face of photos, anonymous filing, nearby/support, escalations, public listing and Open311."""
from __future__ import annotations

import datetime as dt
import functools

from google.api import httpbody_pb2
from google.protobuf import json_format, struct_pb2, wrappers_pb2
from gorontalo.complaints.v1 import complaints_pb2
from servicekit import idempotency
from servicekit.auth import current_principal, require_principal
from servicekit.errors import InvalidArgument, ServiceError

from ..adapters.tables import idempotency_records
from ..service_layer import anonymous, escalations, notifications, open311, photos, public
from . import open311_render
from .open311_render import FORMATS


def _set_time(message, field: str, value: dt.datetime | None) -> None:
    if value is not None:
        getattr(message, field).FromDatetime(value.astimezone(dt.timezone.utc).replace(tzinfo=None))


def photo_message(view) -> complaints_pb2.Photo:
    message = complaints_pb2.Photo(id=view.id, kind=view.kind, content_type=view.content_type, width=view.width,
                                   height=view.height, size_bytes=view.size_bytes)
    _set_time(message, "created_at", view.created_at)
    return message


def _open311(root: str, item: str | None):
    """Render the use case's result in the requested format; errors in the standard's format."""
    def wrap(method):
        @functools.wraps(method)
        def handler(self, request, context):
            fmt = request.format
            try:
                if fmt not in FORMATS:
                    raise InvalidArgument("open311_format_unknown")
                content_type, data = open311_render.render(fmt, root, item, method(self, request, context))
            except ServiceError as error:
                raise open311_render.as_open311_error(fmt, error) from None
            return httpbody_pb2.HttpBody(content_type=content_type, data=data)
        return handler
    return wrap


class ExtraRpcs:
    """Mixed into ComplaintsServicer; `self.app` is the ComplaintsApp."""

    def _upload(self, request, context, operation: str):
        principal = require_principal()
        return self._once(context, operation, request, complaints_pb2.Photo, principal.subject,
                          lambda uow: photo_message(photos.upload_photo(
                              uow, self.app.clock, self.app.photo_store, self.app.staff, principal,
                              tracking_code=request.tracking_code, data=request.image.data,
                              content_type=request.image.content_type)))

    def UploadPhoto(self, request, context):
        return self._upload(request, context, "complaints.UploadPhoto")

    def UploadPhotoForFiling(self, request, context):
        request.tracking_code = ""  # never bound by this route: always a staged upload
        return self._upload(request, context, "complaints.UploadPhotoForFiling")

    def GetPhoto(self, request, context):
        content_type, data = photos.get_photo(self.app.uow(), self.app.photo_store, self.app.staff,
                                              current_principal(), tracking_code=request.tracking_code,
                                              photo_id=request.photo_id, limiter=self.app.limiter,
                                              client_address=self._client_address(context))
        return httpbody_pb2.HttpBody(content_type=content_type, data=data)

    def FileAnonymousComplaint(self, request, context):
        # Keys of filers without an account share one scope: only the identical body gets the first answer
        # (with its reporter key) back, so a key alone reveals nothing.
        return self._once(context, "complaints.FileAnonymousComplaint", request, complaints_pb2.Complaint,
                          idempotency.ANONYMOUS, lambda uow: self.complaint_message(anonymous.file_anonymous(
                              uow, self.app.clock, self.app.new_tracking_code, self.app.cipher, self.app.limiter,
                              self.app.anonymous_limits, client_address=self._client_address(context),
                              category=request.category, title=request.title, description=request.description,
                              latitude=request.latitude, longitude=request.longitude,
                              region_code=request.region_code, privacy=request.privacy, channel=request.channel,
                              contact_phone=request.contact_phone, contact_email=request.contact_email,
                              router=self.app.router)))

    def ListNearbyComplaints(self, request, context):
        found = public.nearby(self.app.uow(), lat=request.lat, lon=request.lon, category=request.category)
        return complaints_pb2.ListNearbyComplaintsResponse(
            complaints=[complaints_pb2.NearbyComplaint(complaint=self.complaint_message(view), distance_meters=d)
                        for view, d in found],
            radius_meters=public.geo.NEARBY_RADIUS_M)

    def SupportComplaint(self, request, context):
        principal = require_principal()
        return self._once(context, "complaints.SupportComplaint", request, complaints_pb2.Complaint,
                          principal.subject, lambda uow: self.complaint_message(public.support(
                              uow, self.app.clock, principal, tracking_code=request.tracking_code)))

    def ListMyNotifications(self, request, context):
        page = notifications.list_inbox(self.app.uow(), require_principal(), page_size=request.page_size,
                                        page_token=request.page_token)
        out = []
        for row in page.entries:
            message = complaints_pb2.Notification(id=row["id"], tracking_code=row["tracking_code"], kind=row["kind"],
                                                  status=row["status"], message=row["message"])
            _set_time(message, "created_at", row["created_at"])
            out.append(message)
        return complaints_pb2.ListMyNotificationsResponse(notifications=out, next_page_token=page.next_page_token)

    def ListEscalations(self, request, context):
        page = escalations.list_escalations(self.app.uow(), self.app.staff, require_principal(),
                                            page_size=request.page_size, page_token=request.page_token)
        out = []
        for row in page.escalations:
            message = complaints_pb2.Escalation(
                tracking_code=row["tracking_code"], deadline=row["deadline"], agency_code=row["agency_code"],
                region_code=row["region_code"], escalated_to=row["escalated_to"], status=row["status"])
            _set_time(message, "due_at", row["due_at"])
            _set_time(message, "detected_at", row["detected_at"])
            out.append(message)
        return complaints_pb2.ListEscalationsResponse(escalations=out, next_page_token=page.next_page_token)

    @staticmethod
    def _filters(request) -> dict:
        return dict(region_code=request.region_code, category=request.category, agency_code=request.agency_code,
                    status=request.status, from_date=request.from_date, to_date=request.to_date,
                    page_size=request.page_size, page_token=request.page_token)

    def ListPublicComplaints(self, request, context):
        page = public.list_public(self.app.uow(), **self._filters(request))
        return complaints_pb2.ListComplaintsResponse(complaints=[self.complaint_message(v) for v in page.complaints],
                                                     next_page_token=page.next_page_token)

    def ListPublicComplaintsGeoJson(self, request, context):
        return httpbody_pb2.HttpBody(content_type="application/geo+json",
                                     data=public.geojson(self.app.uow(), **self._filters(request)))

    @_open311("discovery", None)
    def Open311Discovery(self, request, context):
        return {"changeset": "2026-11-27T00:00:00Z", "contact": "Diskominfo Provinsi Gorontalo",
                "key_service": "Kunci api_key diberikan oleh admin Go-Gorontalo (gorontalo-complaints open311-key).",
                "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": self.app.links.open311(),
                               "changeset": "2026-11-27T00:00:00Z", "type": "production",
                               "formats": ["text/xml", "application/json"]}]}

    @_open311("services", "service")
    def Open311ListServices(self, request, context):
        return open311.services_list()

    @_open311("service_definition", None)
    def Open311GetService(self, request, context):
        return open311.service_definition(request.service_code)

    @_open311("service_requests", "request")
    def Open311CreateRequest(self, request, context):
        # An Open311 client cannot send Idempotency-Key: the same body from the same client within
        # 24 hours is the same request, answered with the first service_request_id.
        form = open311.parse_form(request.form.data, request.form.content_type)
        client = open311.authorised_client(self.app.uow(), form)
        key = open311.dedupe_key(form)
        uow = self.app.uow()
        answer = idempotency.run(
            uow, idempotency_records, scope=f"open311:{client['id']}", key=key,
            operation="complaints.Open311CreateRequest", request=wrappers_pb2.StringValue(value=key),
            response_class=struct_pb2.ListValue, clock=self.app.clock,
            call=lambda: json_format.ParseDict(open311.create_request(
                uow, self.app.clock, self.app.new_tracking_code, self.app.router, self.app.cipher,
                form=form, client=client), struct_pb2.ListValue()))
        return json_format.MessageToDict(answer)

    @_open311("service_requests", "request")
    def Open311ListRequests(self, request, context):
        return open311.list_requests(self.app.uow(), self.app.clock, self.app.links,
                                     limiter=self.app.limiter, principal=current_principal(),
                                     client_address=self._client_address(context),
                                     service_request_id=request.service_request_id,
                                     service_code=request.service_code, start_date=request.start_date,
                                     end_date=request.end_date, status=request.status)

    @_open311("service_requests", "request")
    def Open311GetRequest(self, request, context):
        return open311.get_request(self.app.uow(), self.app.links, limiter=self.app.limiter,
                                   principal=current_principal(), client_address=self._client_address(context),
                                   service_request_id=request.service_request_id)
