"""RFC 9457 problem+json for every failure, gateway-made or from a service."""
from __future__ import annotations

import json

import grpc
from flask import Response, g, request
from google.api import httpbody_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from servicekit import i18n
from servicekit.errors import ServiceError

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

i18n.register({
    "title_400": {"id": "Permintaan tidak valid", "en": "Bad request"},
    "title_401": {"id": "Belum masuk", "en": "Unauthenticated"},
    "title_403": {"id": "Tidak diizinkan", "en": "Forbidden"},
    "title_404": {"id": "Tidak ditemukan", "en": "Not found"},
    "title_405": {"id": "Metode tidak diizinkan", "en": "Method not allowed"},
    "title_409": {"id": "Konflik", "en": "Conflict"},
    "title_413": {"id": "Data terlalu besar", "en": "Payload too large"},
    "title_415": {"id": "Jenis konten tidak didukung", "en": "Unsupported media type"},
    "title_429": {"id": "Terlalu banyak permintaan", "en": "Too many requests"},
    "title_499": {"id": "Permintaan dibatalkan", "en": "Request cancelled"},
    "title_500": {"id": "Kesalahan server", "en": "Internal server error"},
    "title_501": {"id": "Belum tersedia", "en": "Not implemented"},
    "title_503": {"id": "Layanan tidak tersedia", "en": "Service unavailable"},
    "title_504": {"id": "Waktu tunggu habis", "en": "Gateway timeout"},
    "route_not_found": {"id": "Alamat {path} tidak ada.", "en": "There is no resource at {path}."},
    "method_not_allowed": {"id": "Metode {method} tidak diizinkan di sini; gunakan {allowed}.", "en": "{method} is not allowed here; use {allowed}."},
    "body_too_large": {"id": "Isi permintaan melebihi {limit} byte.", "en": "The request body exceeds {limit} bytes."},
    "malformed_json": {"id": "Isi permintaan bukan JSON yang valid.", "en": "The request body is not valid JSON."},
    "body_not_object": {"id": "Isi permintaan harus berupa objek JSON.", "en": "The request body must be a JSON object."},
    "unsupported_media_type": {"id": "Kirim isi permintaan sebagai application/json.", "en": "Send the request body as application/json."},
    "unknown_field": {"id": "Kolom ini tidak dikenal.", "en": "Unknown field."},
    "unknown_parameter": {"id": "Parameter ini tidak dikenal.", "en": "Unknown parameter."},
    "repeated_parameter": {"id": "Parameter ini hanya boleh sekali.", "en": "This parameter may appear only once."},
    "expected_string": {"id": "Harus berupa teks.", "en": "Must be a string."},
    "expected_integer": {"id": "Harus berupa bilangan bulat.", "en": "Must be an integer."},
    "expected_number": {"id": "Harus berupa angka.", "en": "Must be a number."},
    "expected_boolean": {"id": "Harus berupa true atau false.", "en": "Must be true or false."},
    "expected_object": {"id": "Harus berupa objek JSON.", "en": "Must be a JSON object."},
    "expected_array": {"id": "Harus berupa larik (array) JSON.", "en": "Must be a JSON array."},
    "expected_timestamp": {"id": "Harus berupa waktu RFC 3339 dengan zona waktu, mis. 2026-11-27T08:00:00+08:00.", "en": "Must be an RFC 3339 time with an offset, e.g. 2026-11-27T08:00:00+08:00."},
    "service_unavailable": {"id": "Layanan {service} sedang tidak tersedia. Coba lagi sebentar lagi.", "en": "The {service} service is unavailable right now. Please try again shortly."},
    "service_timeout": {"id": "Layanan {service} tidak menjawab tepat waktu.", "en": "The {service} service did not answer in time."},
    "not_ready": {"id": "Platform belum siap.", "en": "The platform is not ready."},
})


def language() -> str:
    return i18n.negotiate(request.headers.get("Accept-Language"))


def problem(status: int, reason: str, detail: str | None = None, *, errors: list | None = None,
            headers: dict | None = None, **extensions) -> Response:
    lang = language()
    body = {
        "type": f"urn:gorontalo:problem:{reason.lower().replace('_', '-')}",
        "title": i18n.translate(f"title_{status}", lang),
        "status": status,
        "detail": detail if detail is not None else i18n.translate(reason.lower(), lang),
        "instance": request.path,
        "request_id": getattr(g, "request_id", ""),
    }
    if errors:
        body["errors"] = errors
    body.update(extensions)
    response = Response(json.dumps(body, ensure_ascii=False), status=status,
                        content_type="application/problem+json; charset=utf-8")
    response.headers["Content-Language"] = lang
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def from_service_error(error: ServiceError, status: int = 400) -> Response:
    """Gateway-made validation problems, in the same shape services produce."""
    lang = language()
    errors = [{"field": v.field, "reason": v.reason.upper(), "detail": i18n.translate(v.reason, lang, **v.params)}
              for v in error.violations]
    headers = {"Retry-After": RETRY_AFTER_SECONDS} if status == 503 else None
    return problem(status, error.reason, i18n.translate(error.reason, lang, **error.params), errors=errors or None,
                   headers=headers)


def has_rich_status(error: grpc.RpcError) -> bool:
    """Whether a service's handler produced this error (rich details), not the transport."""
    try:
        return rpc_status.from_call(error) is not None
    except ValueError:
        return False


def from_rpc_error(error: grpc.RpcError, service: str) -> Response:
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
            elif any_detail.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR):
                localized = error_details_pb2.LocalizedMessage()
                any_detail.Unpack(localized)
                detail = localized.message
            elif any_detail.Is(httpbody_pb2.HttpBody.DESCRIPTOR):
                # A standard with its own error format (Open311, an SMS reply): the service's body as is.
                body = httpbody_pb2.HttpBody()
                any_detail.Unpack(body)
                return Response(body.data, status=status, headers=headers,
                                content_type=body.content_type or "application/octet-stream")
            elif any_detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad_request = error_details_pb2.BadRequest()
                any_detail.Unpack(bad_request)
                errors = [{"field": v.field, "reason": v.reason, "detail": v.description}
                          for v in bad_request.field_violations]
    if rich is None:
        # Not from a service's handler: the transport failed (down, slow, refused).
        if code == grpc.StatusCode.UNAVAILABLE:
            reason, detail = "SERVICE_UNAVAILABLE", i18n.translate("service_unavailable", lang, service=service)
        elif code == grpc.StatusCode.DEADLINE_EXCEEDED:
            reason, detail = "SERVICE_TIMEOUT", i18n.translate("service_timeout", lang, service=service)
        else:
            reason, detail = code.name, i18n.translate(f"title_{status}", lang)
    if status >= 500 and rich is not None and code not in (grpc.StatusCode.UNAVAILABLE,):
        detail = detail or i18n.translate("internal", lang)
    return problem(status, reason, detail, errors=errors or None, headers=headers, service=service)
