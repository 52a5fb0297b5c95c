"""A service instance refuses a create for a region another instance of its service owns.

The gateway already routes a create to the instance owning the longest prefix of its region
(the method's (gorontalo.api.v1.routing).region_field). This check holds a caller that bypasses the
gateway, or a gateway with an older registry, to the same rule, so a Kota Gorontalo application
can never be stored in the province's database once Kota runs its own instance.
"""

from __future__ import annotations

import functools

import grpc
from google.protobuf import descriptor_pool

from gorontalo.api.v1 import options_pb2

from . import access, config, regions
from .errors import FailedPrecondition
from .federation import Federation, Instance
from .interceptors import _wrap


@functools.lru_cache(maxsize=512)
def region_field_of(full_method: str) -> str:
    """The routing region field of '/package.Service/Method', or "" when it routes by none."""
    service, _, method = full_method.lstrip("/").partition("/")
    try:
        descriptor = descriptor_pool.Default().FindMethodByName(f"{service}.{method}")
    except KeyError:
        return ""
    options = descriptor.GetOptions()
    if not options.HasExtension(options_pb2.routing):
        return ""
    return options.Extensions[options_pb2.routing].region_field


# The one reader of routing fields (also the gateway's, under this name).
field_value = access.request_field


class InstanceScopeInterceptor(grpc.ServerInterceptor):
    """FAILED_PRECONDITION `region_not_served_here` for a create in a region this instance does not own.

    An empty or malformed region passes: the service's own validation answers it, in its words."""

    def __init__(self, service: str, federation: Federation | None = None, instance: Instance | None = None):
        self.service = service
        self.federation = federation if federation is not None else config.federation()
        self.instance = instance if instance is not None else config.current_instance(service)

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        field = region_field_of(handler_call_details.method)
        if not field or self.instance is None:
            return handler

        def around(inner, request, context):
            code = regions.normalise(field_value(request, field))
            owner = self.federation.owner(self.service, code) if code else None
            if owner is not None and owner.name != self.instance.name:
                raise FailedPrecondition("region_not_served_here", region=code, instance=owner.key)
            return inner(request, context)

        return _wrap(handler, around)
