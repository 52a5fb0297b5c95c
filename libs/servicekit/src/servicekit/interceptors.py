"""Server interceptors, one concern each.

Each wraps the handler's behaviour (which runs on the worker thread), so that
context variables set here are visible to the servicer and the layers below.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

import grpc

from . import access, i18n, metrics, tracing
from .auth import Principal, TokenVerifier, bearer_token, principal_var
from .errors import ServiceError, Unauthenticated
from .grpc_errors import to_status
from .logging import request_id_var
from .peers import from_gateway, peer_identity, peer_var

log = logging.getLogger("servicekit.rpc")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def metadata_dict(context) -> dict[str, str]:
    """The caller's text metadata, e.g. headers the gateway forwarded. `x-client-address` is left out
    unless the caller is the gateway (servicekit.peers.client_address): nobody else may set it.

    Read once per call and kept on the call's context: every interceptor and the servicer ask for it
    (issue 20's profile: parsed four times per call, the peer's certificate with it). Read-only."""
    cached = getattr(context, _METADATA_ON_CONTEXT, None)
    if cached is not None:
        return cached
    metadata = {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}
    if "x-client-address" in metadata and not from_gateway(context):
        del metadata["x-client-address"]
    try:
        setattr(context, _METADATA_ON_CONTEXT, metadata)
    except AttributeError:  # a context that takes no attributes (a test double): read it again next time
        pass
    return metadata


_METADATA_ON_CONTEXT = "_gorontalo_metadata"
_metadata = metadata_dict


def _wrap(handler: grpc.RpcMethodHandler, around) -> grpc.RpcMethodHandler:
    """Return `handler` with its unary behaviour wrapped by around(behaviour, request, context)."""
    if handler is None or handler.request_streaming or handler.response_streaming:
        return handler  # the platform's RPCs are unary; streams pass through untouched
    inner = handler.unary_unary

    def behaviour(request, context):
        return around(inner, request, context)

    return grpc.unary_unary_rpc_method_handler(
        behaviour,
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


class TracingInterceptor(grpc.ServerInterceptor):
    """A server span per call, a child of the caller's (W3C traceparent in the metadata); outermost, so
    the other interceptors' logs carry its trace id. Its status is the call's final code, also when an
    inner interceptor aborted with a status (which the OpenTelemetry instrumentation's does not see)."""

    def intercept_service(self, continuation, handler_call_details):
        def around(inner, request, context):
            with tracing.server_call(handler_call_details.method, _metadata(context)) as span:
                code = grpc.StatusCode.OK
                try:
                    return inner(request, context)
                except Exception:
                    code = context.code() or grpc.StatusCode.UNKNOWN
                    raise
                finally:
                    tracing.set_grpc_status(span, context.code() or code)

        return _wrap(continuation(handler_call_details), around)


class RequestContextInterceptor(grpc.ServerInterceptor):
    """Request id and language from metadata into context variables and logs."""

    def intercept_service(self, continuation, handler_call_details):
        def around(inner, request, context):
            metadata = _metadata(context)
            request_id = metadata.get("x-request-id", "")
            if not _REQUEST_ID.match(request_id):
                request_id = uuid.uuid4().hex
            tokens = (
                request_id_var.set(request_id),
                i18n.language_var.set(i18n.negotiate(metadata.get("accept-language"))),
            )
            try:
                return inner(request, context)
            finally:
                request_id_var.reset(tokens[0])
                i18n.language_var.reset(tokens[1])

        return _wrap(continuation(handler_call_details), around)


class MetricsInterceptor(grpc.ServerInterceptor):
    def intercept_service(self, continuation, handler_call_details):
        service, _, method = handler_call_details.method.lstrip("/").rpartition("/")

        def around(inner, request, context):
            started = time.perf_counter()
            code = grpc.StatusCode.OK
            try:
                return inner(request, context)
            except Exception:
                code = context.code() or grpc.StatusCode.UNKNOWN
                raise
            finally:
                elapsed = time.perf_counter() - started
                code = context.code() or code
                metrics.GRPC_HANDLED.labels(service, method, code.name).inc()
                metrics.GRPC_SECONDS.labels(service, method).observe(elapsed)
                log.info(
                    "%s/%s %s",
                    service,
                    method,
                    code.name,
                    extra={
                        "grpc_method": f"{service}/{method}",
                        "grpc_code": code.name,
                        "duration_ms": round(elapsed * 1000, 2),
                    },
                )

        return _wrap(continuation(handler_call_details), around)


class ErrorInterceptor(grpc.ServerInterceptor):
    """ServiceError -> status with details (texts from the service's catalog); anything else -> INTERNAL."""

    def __init__(self, catalog: i18n.Catalog | None = None):
        self.catalog = catalog

    def intercept_service(self, continuation, handler_call_details):
        def around(inner, request, context):
            try:
                return inner(request, context)
            except ServiceError as error:
                context.abort_with_status(to_status(error, i18n.language_var.get(), self.catalog))
            except Exception:
                if context.code() not in (None, grpc.StatusCode.OK):
                    raise  # already aborted deliberately
                log.exception("unhandled error in %s", handler_call_details.method)
                context.abort_with_status(to_status(ServiceError(), i18n.language_var.get(), self.catalog))

        return _wrap(continuation(handler_call_details), around)


class AuthInterceptor(grpc.ServerInterceptor):
    """Verifies the bearer token, the calling machine's identity and the RPC's access rule, on every call."""

    def __init__(self, verifier: TokenVerifier):
        self.verifier = verifier

    def intercept_service(self, continuation, handler_call_details):
        rule = access.rule_for_method(handler_call_details.method)

        def around(inner, request, context):
            peer = peer_identity(context)
            token = bearer_token(_metadata(context).get("authorization"))
            principal: Principal | None = None
            if token is not None:
                if token == "":
                    raise Unauthenticated("token_invalid")
                principal = self.verifier.verify(token)
            rule.check(principal, peer, request)
            resets = principal_var.set(principal), peer_var.set(peer)
            try:
                return inner(request, context)
            finally:
                principal_var.reset(resets[0])
                peer_var.reset(resets[1])

        return _wrap(continuation(handler_call_details), around)
