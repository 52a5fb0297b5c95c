"""RFC 9457 problem+json for every failure, gateway-made or from a service."""

from __future__ import annotations

import json

import grpc
from flask import Response, request
from google.api import httpbody_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from servicekit import i18n
from servicekit.errors import ServiceError
from servicekit.grpc_errors import HTTP_STATUS_KEY
from servicekit.logging import request_id_var

from . import messages

HTTP_STATUS = {
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.FAILED_PRECONDITION: 409,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.CANCELLED: 499,
    grpc.StatusCode.UNIMPLEMENTED: 501,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}
_CODE_BY_NAME = {code.name: code for code in grpc.StatusCode}
RETRY_AFTER_SECONDS = "5"


def language() -> str:
    return i18n.negotiate(request.headers.get("Accept-Language"))


def problem(
    status: int,
    reason: str,
    detail: str | None = None,
    *,
    errors: list | None = None,
    headers: dict | None = None,
    **extensions,
) -> Response:
    lang = language()
    body = {
        "type": f"urn:gorontalo:problem:{reason.lower().replace('_', '-')}",
        "title": messages.translate(f"title_{status}", lang),
        "status": status,
        "detail": detail if detail is not None else messages.translate(reason.lower(), lang),
        "instance": request.path,
        "request_id": request_id_var.get(),
    }
    if errors:
        body["errors"] = errors
    body.update(extensions)
    response = Response(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/problem+json; charset=utf-8"
    )
    response.headers["Content-Language"] = lang
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def from_service_error(error: ServiceError, status: int = 400) -> Response:
    """Gateway-made validation problems, in the same shape services produce."""
    lang = language()
    errors = [
        {"field": v.field, "reason": v.reason.upper(), "detail": messages.translate(v.reason, lang, **v.params)}
        for v in error.violations
    ]
    headers = {"Retry-After": RETRY_AFTER_SECONDS} if status == 503 else None
    return problem(
        status,
        error.reason,
        messages.translate(error.reason, lang, **error.params),
        errors=errors or None,
        headers=headers,
    )


def has_rich_status(error: grpc.RpcError) -> bool:
    """Whether a service's handler produced this error (rich details), not the transport."""
    try:
        return rpc_status.from_call(error) is not None
    except ValueError:
        return False


def from_rpc_error(error: grpc.RpcError, service: str, instance: str | None = None) -> Response:
    """`instance` (permits/kota-gorontalo) names the one of several instances that answered or failed."""
    code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
    status = HTTP_STATUS.get(code, 500)
    headers = {"Retry-After": RETRY_AFTER_SECONDS} if status == 503 else None
    lang = language()
    try:
        rich = rpc_status.from_call(error)
    except ValueError:
        rich = None
    reason, detail, errors = code.name, None, []
    if rich is not None:
        for any_detail in rich.details:
            if any_detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                any_detail.Unpack(info)
                reason = info.reason
                finer = info.metadata.get(HTTP_STATUS_KEY, "")
                if finer.isdigit() and 400 <= int(finer) < 500:
                    status = int(finer)  # e.g. 422, which gRPC has no code for
            elif any_detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
                retry = error_details_pb2.RetryInfo()
                any_detail.Unpack(retry)
                headers = {**(headers or {}), "Retry-After": str(max(1, retry.retry_delay.seconds))}
            elif any_detail.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR):
                localized = error_details_pb2.LocalizedMessage()
                any_detail.Unpack(localized)
                detail = localized.message
            elif any_detail.Is(httpbody_pb2.HttpBody.DESCRIPTOR):
                # A standard with its own error format (Open311, an SMS reply): the service's body as is.
                body = httpbody_pb2.HttpBody()
                any_detail.Unpack(body)
                return Response(
                    body.data,
                    status=status,
                    headers=headers,
                    content_type=body.content_type or "application/octet-stream",
                )
            elif any_detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad_request = error_details_pb2.BadRequest()
                any_detail.Unpack(bad_request)
                errors = [
                    {"field": v.field, "reason": v.reason, "detail": v.description}
                    for v in bad_request.field_violations
                ]
    if rich is None:
        # Not from a service's handler: the transport failed (down, slow, refused).
        if code == grpc.StatusCode.UNAVAILABLE:
            label = instance or service
            reason, detail = "SERVICE_UNAVAILABLE", messages.translate("service_unavailable", lang, service=label)
        elif code == grpc.StatusCode.DEADLINE_EXCEEDED:
            reason, detail = "SERVICE_TIMEOUT", messages.translate("service_timeout", lang, service=instance or service)
        else:
            reason, detail = code.name, messages.translate(f"title_{status}", lang)
    if status >= 500 and rich is not None and code not in (grpc.StatusCode.UNAVAILABLE,):
        detail = detail or messages.translate("internal", lang)
    extensions = {"service_instance": instance} if instance else {}
    return problem(status, reason, detail, errors=errors or None, headers=headers, service=service, **extensions)


def instances_unreachable(service: str, instances: list[str]) -> Response:
    """503 naming the instances that did not answer (an id none of the others has, a list none gave)."""
    detail = messages.translate("service_unavailable", language(), service=", ".join(instances))
    return problem(
        503,
        "SERVICE_UNAVAILABLE",
        detail,
        headers={"Retry-After": RETRY_AFTER_SECONDS},
        service=service,
        unreachable=instances,
    )
