"""A service's protobuf answer -> the JSON object the gateway serves, one converter per message type.

The output is exactly google.protobuf.json_format.MessageToDict(message, preserving_proto_field_name=True,
always_print_fields_with_no_presence=True): the field names of the .proto, enums by name, 64-bit
integers as strings, Timestamps in RFC 3339, fields without presence printed at their default, in the
same key order (set fields by number, then the defaults in declaration order). MessageToDict decides
each field's kind on every call (~40 us of a GET /v1/me, issue 20); here it is decided once per type.
Anything unusual (other well-known types, floats, unknown enum numbers) is left to json_format's own
printer, so those keep its exact behaviour. gateway/tests/unit/test_render.py compares both on every
response type the contracts define.
"""

from __future__ import annotations

import base64
import threading

from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor

# The same printer MessageToDict builds, kept for the cases this module does not special-case.
_PRINTER = json_format._Printer(preserving_proto_field_name=True, always_print_fields_with_no_presence=True)
_TIMESTAMP = "google.protobuf.Timestamp"
_INT64 = {FieldDescriptor.CPPTYPE_INT64, FieldDescriptor.CPPTYPE_UINT64}
_INT32 = {FieldDescriptor.CPPTYPE_INT32, FieldDescriptor.CPPTYPE_UINT32}

_converters: dict[str, object] = {}
_building = threading.Lock()


def message_to_dict(message) -> dict:
    """The JSON object of `message` (a regular message: a service's response)."""
    return converter(message.DESCRIPTOR)(message)


def converter(descriptor):
    """The converter of one message type, built on first use (workers are threaded: under a lock)."""
    found = _converters.get(descriptor.full_name)
    if found is None:
        with _building:
            found = _converters.get(descriptor.full_name)
            if found is None:
                found = _converters[descriptor.full_name] = _build(descriptor)
    return found


def _is_special(descriptor) -> bool:
    """Well-known types json_format prints in their own way (wrappers, Any, Struct, Duration, ...)."""
    return (
        descriptor.file.name == "google/protobuf/wrappers.proto" or descriptor.full_name in json_format._WKTJSONMETHODS
    )


def _build(descriptor):
    if _is_special(descriptor):
        return _PRINTER._MessageToJsonObject
    by_number = {field.number: (field.name, _field_converter(field)) for field in descriptor.fields}
    defaults = [
        (field.name, _default_factory(field))
        for field in descriptor.fields
        if not field.has_presence  # as MessageToDict: only fields without presence are printed unset
    ]

    def convert(message) -> dict:
        js = {}
        for field, value in message.ListFields():
            known = by_number.get(field.number)
            if known is None or field.is_extension:  # json_format names and prints extensions
                return _PRINTER._MessageToJsonObject(message)
            js[known[0]] = known[1](value)
        for name, default in defaults:
            if name not in js:
                js[name] = default()
        return js

    return convert


def _default_factory(field):
    if _is_map(field):
        return dict
    if field.is_repeated:
        return list
    value = _PRINTER._FieldToJsonObject(field, field.default_value)  # a str, number or bool: shared safely
    return lambda: value


def _is_map(field) -> bool:
    return field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type.GetOptions().map_entry


def _field_converter(field):
    if _is_map(field):
        key_field, value_field = field.message_type.fields_by_name["key"], field.message_type.fields_by_name["value"]
        one_value = _single_converter(value_field)
        if key_field.cpp_type == FieldDescriptor.CPPTYPE_BOOL:
            return lambda value: {("true" if key else "false"): one_value(value[key]) for key in value}
        return lambda value: {str(key): one_value(value[key]) for key in value}
    one = _single_converter(field)
    if field.is_repeated:
        return lambda values: [one(item) for item in values]
    return one


def _single_converter(field):
    cpp_type = field.cpp_type
    if cpp_type == FieldDescriptor.CPPTYPE_MESSAGE:
        message_type = field.message_type
        if message_type.full_name == _TIMESTAMP:
            return lambda value: value.ToJsonString()
        # Looked up at call time: a message type may contain itself.
        return lambda value: converter(message_type)(value)
    if cpp_type == FieldDescriptor.CPPTYPE_ENUM:
        names = {number: _PRINTER._FieldToJsonObject(field, number) for number in field.enum_type.values_by_number}

        def enum_name(value):
            name = names.get(value)
            return name if name is not None else _PRINTER._FieldToJsonObject(field, value)

        return enum_name
    if cpp_type == FieldDescriptor.CPPTYPE_STRING:
        if field.type == FieldDescriptor.TYPE_BYTES:
            return lambda value: base64.b64encode(value).decode("utf-8")
        return str
    if cpp_type in _INT64:
        return str
    if cpp_type == FieldDescriptor.CPPTYPE_BOOL:
        return bool
    if cpp_type in _INT32:
        return _as_is
    return lambda value: _PRINTER._FieldToJsonObject(field, value)  # floats: NaN, infinities, float32


def _as_is(value):
    return value
