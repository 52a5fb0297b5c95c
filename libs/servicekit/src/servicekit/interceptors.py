"""Server interceptors, one concern each, composed once per method (InterceptorChain).

Each wraps the handler's behaviour (which runs on the worker thread), so that
context variables set here are visible to the servicer and the layers below.
An interceptor's intercept_service decides by the method alone (never by the call's metadata, which
its wrapped behaviour reads from the context per call): InterceptorChain keeps what it returns.
"""

from __future__ import annotations

import functools
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


class InterceptorChain(grpc.ServerInterceptor):
    """`interceptors` (outermost first) as one, their handler built once per method and kept.

    gRPC asks every interceptor for a handler on every call, and each of ours builds a new wrapped
    handler (closures and a handler tuple) that is the same for every call of the method: issue 20's
    profile, ~5 % of a service's GIL time for a trivial read. What each interceptor does per call (its
    wrapped behaviour) still runs on every call, in the same order. Unknown methods are not kept (a
    caller could name any number of them)."""

    def __init__(self, interceptors):
        self.interceptors = tuple(interceptors)
        self._handlers: dict[str, grpc.RpcMethodHandler] = {}

    def intercept_service(self, continuation, handler_call_details):
        handler = self._handlers.get(handler_call_details.method)
        if handler is None:
            handler = self._compose(continuation, handler_call_details, 0)
            if handler is not None:
                self._handlers[handler_call_details.method] = handler
        return handler

    def _compose(self, continuation, handler_call_details, index: int):
        if index == len(self.interceptors):
            return continuation(handler_call_details)
        return self.interceptors[index].intercept_service(
            lambda details: self._compose(continuation, details, index + 1), handler_call_details
        )


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
        full_method = handler_call_details.method

        def around(inner, request, context):
            with tracing.server_call(full_method, _metadata(context)) as span:
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
                i18n.language_var.set(_language(metadata.get("accept-language"))),
            )
            try:
                return inner(request, context)
            finally:
                request_id_var.reset(tokens[0])
                i18n.language_var.reset(tokens[1])

        return _wrap(continuation(handler_call_details), around)


@functools.lru_cache(maxsize=256)
def _language(accept_language: str | None) -> str:
    """i18n.negotiate, remembered: a client sends the same few headers on every call."""
    return i18n.negotiate(accept_language)


class MetricsInterceptor(grpc.ServerInterceptor):
    """The call's count and duration (Prometheus) and its one log line (method, code, duration)."""

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None or handler.request_streaming or handler.response_streaming:
            return handler  # an unknown method has no series of its own (bounded labels); streams pass
        service, _, method = handler_call_details.method.lstrip("/").rpartition("/")
        # The method's labelled children, looked up once per method and code instead of once per call.
        seconds = metrics.GRPC_SECONDS.labels(service, method)
        handled: dict[grpc.StatusCode, object] = {}
        full_name = f"{service}/{method}"

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
                counter = handled.get(code)
                if counter is None:
                    counter = handled[code] = metrics.GRPC_HANDLED.labels(service, method, code.name)
                counter.inc()
                seconds.observe(elapsed)
                log.info(
                    "%s/%s %s",
                    service,
                    method,
                    code.name,
                    extra={
                        "grpc_method": full_name,
                        "grpc_code": code.name,
                        "duration_ms": round(elapsed * 1000, 2),
                    },
                )

        return _wrap(handler, around)


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
