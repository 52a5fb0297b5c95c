"""HTTP request -> protobuf request message, refusing anything a service should not see.

Every problem is reported per field (unknown field, wrong type), so a client
learns exactly what to fix, and nothing reaches a service as garbage.
"""

from __future__ import annotations

import datetime as dt
import math

from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor

from servicekit.errors import FieldViolation, InvalidArgument

_INT32 = {FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SFIXED32}
_UINT32 = {FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_FIXED32}
_INT64 = {FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_SFIXED64}
_UINT64 = {FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_FIXED64}
_FLOAT = {FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT}
_RANGES = {
    **{t: (-(2**31), 2**31 - 1) for t in _INT32},
    **{t: (0, 2**32 - 1) for t in _UINT32},
    **{t: (-(2**63), 2**63 - 1) for t in _INT64},
    **{t: (0, 2**64 - 1) for t in _UINT64},
}
MAX_STRING_LENGTH = 100_000


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _field(descriptor, name: str):
    return descriptor.fields_by_name.get(name) or next((f for f in descriptor.fields if f.json_name == name), None)


def _check_scalar(field: FieldDescriptor, value, path: str, out: list[FieldViolation]) -> None:
    t = field.type
    if t == FieldDescriptor.TYPE_STRING:
        if not isinstance(value, str):
            out.append(FieldViolation(path, "expected_string"))
        elif len(value) > MAX_STRING_LENGTH:
            out.append(FieldViolation(path, "too_long", {"max": MAX_STRING_LENGTH}))
        elif not _is_unicode(value):
            # JSON may escape a lone surrogate (\ud800) that no UTF-8 text can hold: protobuf, the
            # databases and the logs would each fail on it later (a fuzzer found a 500 there).
            out.append(FieldViolation(path, "invalid_text"))
    elif t == FieldDescriptor.TYPE_BOOL:
        if not isinstance(value, bool):
            out.append(FieldViolation(path, "expected_boolean"))
    elif t in _RANGES:
        number = value
        if isinstance(value, str) and t in (_INT64 | _UINT64):
            try:
                number = int(value)
            except ValueError:
                number = None
        if isinstance(number, bool) or not isinstance(number, int):
            if isinstance(number, float) and number.is_integer():
                number = int(number)
            else:
                out.append(FieldViolation(path, "expected_integer"))
                return
        low, high = _RANGES[t]
        if not low <= number <= high:
            out.append(FieldViolation(path, "out_of_range", {"min": low, "max": high}))
    elif t in _FLOAT:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            out.append(FieldViolation(path, "expected_number"))
    elif t == FieldDescriptor.TYPE_ENUM:
        names = {v.name for v in field.enum_type.values}
        if value not in names:
            out.append(FieldViolation(path, "not_one_of", {"allowed": ", ".join(sorted(names))}))
    elif t == FieldDescriptor.TYPE_BYTES:
        if not isinstance(value, str):
            out.append(FieldViolation(path, "expected_string"))


def _check_value(field: FieldDescriptor, value, path: str, out: list[FieldViolation]) -> None:
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        full_name = field.message_type.full_name
        if full_name == "google.protobuf.Timestamp":
            if not isinstance(value, str):
                out.append(FieldViolation(path, "expected_timestamp"))
                return
            try:
                parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                parsed = None
            if parsed is None or parsed.tzinfo is None:
                out.append(FieldViolation(path, "expected_timestamp"))
        elif isinstance(value, dict):
            check_object(field.message_type, value, path + ".", out)
        else:
            out.append(FieldViolation(path, "expected_object"))
    else:
        _check_scalar(field, value, path, out)


def check_object(descriptor, data: dict, prefix: str, out: list[FieldViolation]) -> None:
    for key, value in data.items():
        path = f"{prefix}{key}"
        field = _field(descriptor, key)
        if field is None:
            out.append(FieldViolation(path, "unknown_field"))
            continue
        if value is None:
            continue  # proto3 JSON: null means the default
        if field.is_repeated:
            if not isinstance(value, list):
                out.append(FieldViolation(path, "expected_array"))
                continue
            for index, item in enumerate(value):
                _check_value(field, item, f"{path}[{index}]", out)
        else:
            _check_value(field, value, path, out)


def _coerce_query_value(field: FieldDescriptor, raw: str):
    if field.type == FieldDescriptor.TYPE_BOOL:
        return {"true": True, "false": False, "1": True, "0": False}.get(raw.lower(), raw)
    if field.type in _RANGES:
        try:
            return int(raw)
        except ValueError:
            return raw
    if field.type in _FLOAT:
        try:
            return float(raw)
        except ValueError:
            return raw
    return raw


def build_request(route, *, path_params: dict[str, str], query: dict[str, list[str]], body) -> object:
    """Merge path variables, query parameters and body into the request message."""
    descriptor = route.method.input_type
    violations: list[FieldViolation] = []
    data: dict = {}
    if route.body == "*":
        if not isinstance(body, dict):
            raise InvalidArgument("body_not_object")
        data = dict(body)
    elif route.body and not route.raw_body:
        data = {route.body: body} if body is not None else {}
    elif query:
        bound = set(route.path_variables)
        for key, values in query.items():
            field = _field(descriptor, key)
            if field is None and route.ignore_unknown_parameters:
                continue
            if field is None or key in bound or field.type == FieldDescriptor.TYPE_MESSAGE:
                violations.append(FieldViolation(key, "unknown_parameter"))
                continue
            coerced = [_coerce_query_value(field, v) for v in values]
            if field.is_repeated:
                data[key] = coerced
            elif len(coerced) > 1:
                violations.append(FieldViolation(key, "repeated_parameter"))
            else:
                data[key] = coerced[0]
    for name, value in path_params.items():
        data[name] = value  # path variables win over the body, as in grpc-gateway
    check_object(descriptor, data, "", violations)
    if violations:
        raise InvalidArgument(violations=violations)
    message = route.request_class()
    if not data:
        return message  # nothing to parse (a GET without parameters): ParseDict would leave it as is
    try:
        json_format.ParseDict(data, message, ignore_unknown_fields=False)
    except json_format.ParseError as error:
        raise InvalidArgument("invalid_argument", detail=str(error)[:200]) from None
    return message
