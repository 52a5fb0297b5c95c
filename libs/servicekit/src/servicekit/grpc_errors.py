"""ServiceError -> gRPC status with google.rpc rich details, in the caller's language."""

from __future__ import annotations

import grpc
from google.api import httpbody_pb2
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from . import i18n
from .errors import ServiceError

ERROR_DOMAIN = "gorontalo.go.id"
# ErrorInfo metadata key carrying an HTTP status finer than the gRPC code's (e.g. 422).
HTTP_STATUS_KEY = "http_status"


def to_status(error: ServiceError, language: str, catalog: i18n.Catalog | None = None) -> grpc.Status:
    translate = catalog.translate if catalog is not None else i18n.translate
    message = translate(error.reason, language, **error.params)
    details = []
    metadata = {k: str(v) for k, v in error.params.items()}
    if error.http_status:
        metadata[HTTP_STATUS_KEY] = str(error.http_status)
    info = error_details_pb2.ErrorInfo(reason=error.reason.upper(), domain=ERROR_DOMAIN, metadata=metadata)
    details.append(info)
    if error.retry_after is not None:
        details.append(error_details_pb2.RetryInfo(retry_delay=duration_pb2.Duration(seconds=int(error.retry_after))))
    details.append(error_details_pb2.LocalizedMessage(locale=language, message=message))
    if error.violations:
        bad_request = error_details_pb2.BadRequest()
        for violation in error.violations:
            bad_request.field_violations.add(
                field=violation.field,
                description=translate(violation.reason, language, **violation.params),
                reason=violation.reason.upper(),
            )
        details.append(bad_request)
    if error.http_body is not None:
        content_type, data = error.http_body
        details.append(httpbody_pb2.HttpBody(content_type=content_type, data=data))
    packed = []
    for detail in details:
        holder = any_pb2.Any()
        holder.Pack(detail)
        packed.append(holder)
    code = getattr(code_pb2, error.status)
    return rpc_status.to_status(status_pb2.Status(code=code, message=message, details=packed))


def error_reason(error: grpc.RpcError) -> str:
    """The ErrorInfo reason another service packed into a failed call (see to_status), "" when none."""
    try:
        status = rpc_status.from_call(error)
    except (AttributeError, ValueError):
        return ""
    for detail in status.details if status else ():
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info.reason
    return ""
