"""gRPC of Open311 GeoReport v2: discovery, services, requests; answers and errors in the standard's format."""

from __future__ import annotations

import functools

from google.api import httpbody_pb2
from google.protobuf import json_format, struct_pb2, wrappers_pb2

from servicekit import idempotency
from servicekit.auth import current_principal
from servicekit.errors import InvalidArgument, ServiceError

from ..adapters.tables import idempotency_records
from ..service_layer import open311
from . import open311_render
from .grpc_base import RpcBase
from .open311_render import FORMATS


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


class Open311Rpcs(RpcBase):
    @_open311("discovery", None)
    def Open311Discovery(self, request, context):
        return {
            "changeset": "2026-11-27T00:00:00Z",
            "contact": "Diskominfo Provinsi Gorontalo",
            "key_service": "Kunci api_key diberikan oleh admin Go-Gorontalo (gorontalo-complaints open311-key).",
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": self.app.links.open311(),
                    "changeset": "2026-11-27T00:00:00Z",
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        }

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
            uow,
            idempotency_records,
            scope=f"open311:{client['id']}",
            key=key,
            operation="complaints.Open311CreateRequest",
            request=wrappers_pb2.StringValue(value=key),
            response_class=struct_pb2.ListValue,
            clock=self.app.clock,
            call=lambda: json_format.ParseDict(
                open311.create_request(
                    uow,
                    self.app.clock,
                    self.app.new_tracking_code,
                    self.app.router,
                    self.app.cipher,
                    form=form,
                    client=client,
                ),
                struct_pb2.ListValue(),
            ),
        )
        return json_format.MessageToDict(answer)

    @_open311("service_requests", "request")
    def Open311ListRequests(self, request, context):
        return open311.list_requests(
            self.app.uow(),
            self.app.clock,
            self.app.links,
            limiter=self.app.limiter,
            principal=current_principal(),
            client_address=self._client_address(context),
            service_request_id=request.service_request_id,
            service_code=request.service_code,
            start_date=request.start_date,
            end_date=request.end_date,
            status=request.status,
        )

    @_open311("service_requests", "request")
    def Open311GetRequest(self, request, context):
        return open311.get_request(
            self.app.uow(),
            self.app.links,
            limiter=self.app.limiter,
            principal=current_principal(),
            client_address=self._client_address(context),
            service_request_id=request.service_request_id,
        )
