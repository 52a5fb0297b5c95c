"""Errors the domain and service layers raise; entrypoints map them to gRPC.

Kept free of grpc imports so the domain stays plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldViolation:
    field: str
    reason: str  # a message key in servicekit.i18n, also the machine-readable reason
    params: dict = field(default_factory=dict)


class ServiceError(Exception):
    status = "INTERNAL"
    default_reason = "internal"
    # An HTTP status more precise than the gRPC code's usual one (422 has no gRPC code of its own).
    http_status: int | None = None

    def __init__(
        self,
        reason: str | None = None,
        violations: list[FieldViolation] | None = None,
        *,
        http_body: tuple[str, bytes] | None = None,
        retry_after: int | None = None,
        **params,
    ):
        self.reason = reason or self.default_reason
        self.violations = list(violations or [])
        self.params = params
        # Seconds after which the same call may succeed (google.rpc.RetryInfo; HTTP Retry-After), also
        # a message parameter ("coba lagi dalam {retry_after} detik").
        self.retry_after = retry_after
        if retry_after is not None:
            self.params.setdefault("retry_after", retry_after)
        # (content type, bytes): a body the service renders itself for a standard
        # with its own error format (Open311, an SMS reply); the gateway serves it as is.
        self.http_body = http_body
        super().__init__(self.reason)


def describe(error: ServiceError, language: str = "en", catalog=None) -> str:
    """The error and each field problem as lines of text, for command-line tools.

    `catalog` is the service's servicekit.i18n.Catalog (its own messages, then servicekit's).
    """
    from . import i18n

    translate = catalog.translate if catalog is not None else i18n.translate
    lines = [translate(error.reason, language, **error.params)]
    lines += [f"  {v.field}: {translate(v.reason, language, **v.params)}" for v in error.violations]
    return "\n".join(lines)


class InvalidArgument(ServiceError):
    status = "INVALID_ARGUMENT"
    default_reason = "invalid_argument"


class Unauthenticated(ServiceError):
    status = "UNAUTHENTICATED"
    default_reason = "unauthenticated"


class PermissionDenied(ServiceError):
    status = "PERMISSION_DENIED"
    default_reason = "permission_denied"


class NotFound(ServiceError):
    status = "NOT_FOUND"
    default_reason = "not_found"


class AlreadyExists(ServiceError):
    status = "ALREADY_EXISTS"
    default_reason = "already_exists"


class FailedPrecondition(ServiceError):
    status = "FAILED_PRECONDITION"
    default_reason = "failed_precondition"


class Aborted(ServiceError):
    """A concurrent change won; the caller may retry."""

    status = "ABORTED"
    default_reason = "aborted"


class Unprocessable(ServiceError):
    """Well-formed, but it cannot be done as asked (HTTP 422), e.g. an Idempotency-Key reused for another body."""

    status = "INVALID_ARGUMENT"
    default_reason = "unprocessable"
    http_status = 422


class ResourceExhausted(ServiceError):
    status = "RESOURCE_EXHAUSTED"
    default_reason = "resource_exhausted"


class Unavailable(ServiceError):
    status = "UNAVAILABLE"
    default_reason = "unavailable"


class Validator:
    """Collects every field problem of a request, so the caller fixes them in one go."""

    def __init__(self):
        self.violations: list[FieldViolation] = []

    def add(self, field_name: str, reason: str, **params) -> None:
        self.violations.append(FieldViolation(field_name, reason, params))

    def require(self, field_name: str, value) -> bool:
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            self.add(field_name, "required")
            return False
        return True

    def text(self, field_name: str, value: str, *, max_len: int, min_len: int = 1, required: bool = True) -> None:
        if not value or not value.strip():
            if required:
                self.add(field_name, "required")
            return
        length = len(value.strip())
        if length > max_len:
            self.add(field_name, "too_long", max=max_len)
        elif length < min_len:
            self.add(field_name, "too_short", min=min_len)

    def one_of(self, field_name: str, value: str, allowed) -> None:
        if value not in allowed:
            self.add(field_name, "not_one_of", allowed=", ".join(sorted(allowed)))

    def in_range(self, field_name: str, value, low, high) -> None:
        if value is None or not (low <= value <= high):
            self.add(field_name, "out_of_range", min=low, max=high)

    @property
    def ok(self) -> bool:
        return not self.violations

    def raise_if_invalid(self) -> None:
        if self.violations:
            raise InvalidArgument(violations=self.violations)
