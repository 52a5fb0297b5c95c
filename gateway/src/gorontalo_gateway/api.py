"""The transcoding blueprint: one Flask rule per annotated RPC, no hand-written routes."""

from __future__ import annotations

import json
import logging

import grpc
from flask import Blueprint, Response, current_app, request

from servicekit import clients, i18n, jsontext
from servicekit.auth import bearer_token
from servicekit.errors import FieldViolation, InvalidArgument, ServiceError, Unauthenticated
from servicekit.idempotency import HEADER as IDEMPOTENCY_HEADER

from . import messages, problems
from .instance_routing import InstanceFailed, InstancesUnreachable
from .metrics import UPSTREAM_ERRORS
from .render import message_to_dict
from .routes import CONVERTERS, HTTP_BODY, flask_rule
from .transcode import build_request

log = logging.getLogger("gateway.api")
# json.dumps(..., ensure_ascii=False) builds this encoder on every call; the bytes are the same.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


class _TooLarge(Exception):
    def __init__(self, limit: int):
        self.limit = limit


def _read_body(limit: int) -> bytes:
    """The request body, refused past this RPC's own limit (uploads may be larger than JSON)."""
    if request.content_length is not None and request.content_length > limit:
        raise _TooLarge(limit)
    raw = request.get_data(cache=False)  # a chunked body is still capped by MAX_CONTENT_LENGTH
    if len(raw) > limit:
        raise _TooLarge(limit)
    return raw


def _read_json_body(limit: int):
    raw = _read_body(limit)
    if not raw.strip():
        return {}
    mimetype = request.mimetype or ""
    if mimetype and mimetype != "application/json" and not mimetype.endswith("+json"):
        raise _UnsupportedMediaType()
    try:
        return jsontext.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidArgument("malformed_json") from None


class _UnsupportedMediaType(Exception):
    pass


def authenticate(route):
    """Verify the token here too: a bad token never costs a service a call."""
    token = bearer_token(request.headers.get("Authorization"))
    principal = None
    if token is not None:
        if token == "":
            raise Unauthenticated("token_invalid")
        principal = current_app.extensions["gorontalo"].verifier.verify(token)
    route.access.check(principal)
    return principal


def _forwarded_metadata(route) -> list[tuple[str, str]]:
    """The client's address (for per-client limits) and the headers this RPC asked for."""
    metadata = [("x-client-address", request.remote_addr or "")]
    names = (*route.forward_headers, IDEMPOTENCY_HEADER) if route.idempotency_key else route.forward_headers
    for name in names:
        value = request.headers.get(name)
        if value is None:
            continue
        # gRPC metadata carries visible ASCII and spaces only; anything else made the call fail
        # inside the gRPC client (a 500 a fuzzer found): it is the client's header that is wrong.
        if not all(" " <= char <= "~" for char in value):
            raise InvalidArgument(violations=[FieldViolation(name, "header_invalid")])
        metadata.append((name.lower(), value))
    return metadata


def _copy_response_headers(route, call, served: Response) -> None:
    """The headers the contract lets this RPC set (e.g. a safe Content-Disposition), and no others."""
    if not route.response_headers or call is None:
        return
    sent = {key.lower(): value for key, value in (call.initial_metadata() or ())}
    for name in route.response_headers:
        value = sent.get(name.lower())
        if isinstance(value, str) and value.isascii() and "\r" not in value and "\n" not in value:
            served.headers[name] = value


def make_view(route, default_limit: int):
    limit = route.max_body_bytes or default_limit

    def view(**path_params):
        state = current_app.extensions["gorontalo"]
        try:
            principal = authenticate(route)
            if route.raw_body:
                message = route_request(route, path_params, None)
                raw = getattr(message, route.body)
                raw.data = _read_body(limit)
                raw.content_type = request.headers.get("Content-Type", "")
            else:
                body = _read_json_body(limit) if route.body else None
                message = route_request(route, path_params, body)
            metadata = clients.outgoing_metadata(request.headers.get("Authorization"), _forwarded_metadata(route))
        except _TooLarge as error:
            # The unread body may still be on the socket: close it so the client does not reuse it.
            return problems.problem(
                413,
                "body_too_large",
                messages.translate("body_too_large", i18n.language_var.get(), limit=error.limit),
                headers={"Connection": "close"},
            )
        except _UnsupportedMediaType:
            return problems.problem(415, "unsupported_media_type")
        except ServiceError as error:
            status = {"UNAUTHENTICATED": 401, "PERMISSION_DENIED": 403, "UNAVAILABLE": 503}.get(error.status, 400)
            return problems.from_service_error(error, status)
        try:
            response, call = state.router.call(route, message, metadata, principal)
        except ServiceError as error:  # a fanned-out list's page token or size
            return problems.from_service_error(error, 400)
        except InstanceFailed as failed:
            # The transport failed: that instance is down (the router marked it); other regions answer.
            UPSTREAM_ERRORS.labels(route.service_key, failed.error.code().name).inc()
            federated = len(state.router.registry.instances(route.service_key)) > 1
            return problems.from_rpc_error(failed.error, route.service_key, failed.instance.key if federated else None)
        except InstancesUnreachable as unreachable:
            UPSTREAM_ERRORS.labels(route.service_key, "UNAVAILABLE").inc()
            return problems.instances_unreachable(route.service_key, [i.key for i in unreachable.instances])
        except grpc.RpcError as error:
            UPSTREAM_ERRORS.labels(route.service_key, error.code().name).inc()
            return problems.from_rpc_error(error, route.service_key)
        if route.method.output_type.full_name == HTTP_BODY:
            # google.api.HttpBody: the service chose the bytes and their media type (images, files).
            served = Response(
                response.data, status=200, content_type=response.content_type or "application/octet-stream"
            )
            # Bytes a service passes on (an imported CAP file, a photo) may come from outside: a
            # browser must neither guess their type nor run anything in them on this origin.
            served.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; frame-ancestors 'none'"
            _copy_response_headers(route, call, served)
            return served
        served = Response(
            _ENCODER.encode(message_to_dict(response)), status=200, content_type="application/json; charset=utf-8"
        )
        # JSON answers too (e.g. a deprecated RPC's Deprecation, Link and Sunset).
        _copy_response_headers(route, call, served)
        return served

    view.__name__ = f"rpc_{route.method.full_name.replace('.', '_')}_{route.http_method}"
    return view


def route_request(route, path_params: dict, body):
    params = {name.replace("__", "."): value for name, value in path_params.items()}
    takes_query = not route.body or route.raw_body
    query = {key: request.args.getlist(key) for key in request.args} if takes_query else {}
    if not takes_query and request.args:
        raise InvalidArgument(violations=[FieldViolation(key, "unknown_parameter") for key in request.args])
    return build_request(route, path_params=params, query=query, body=body)


def build_blueprint(services, default_limit: int) -> Blueprint:
    blueprint = Blueprint("api", __name__)
    # Recorded before the rules, so the converter exists when the app adds them.
    blueprint.record_once(lambda state: state.app.url_map.converters.update(CONVERTERS))
    every_route = [route for service in services for route in service.routes]
    for service in services:
        for route in service.routes:
            # One endpoint per binding: additional_bindings may repeat a verb on another path.
            endpoint = f"{route.grpc_path}:{route.http_method}:{route.template}"
            blueprint.add_url_rule(
                flask_rule(route, every_route),
                endpoint=endpoint.replace(".", "_"),
                view_func=make_view(route, default_limit),
                methods=[route.http_method],
            )
    return blueprint
