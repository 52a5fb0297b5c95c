"""render.message_to_dict answers exactly what json_format.MessageToDict did, for every response type.

Each message type a route of any service returns is compared empty, with every field populated
(nested messages, repeated, maps, enums, 64-bit integers, Timestamps), and with fields at their
zero values, down to the key order (the served JSON is the same bytes).
"""

from __future__ import annotations

import json

import pytest
from google.protobuf import json_format, message_factory
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.timestamp_pb2 import Timestamp

from gorontalo_gateway.render import message_to_dict
from gorontalo_gateway.routes import HTTP_BODY, load_service
from servicekit.config import service_registry


def _response_types() -> dict[str, object]:
    """Every message the routes answer with, and every other message their .proto files declare
    (nested ones too): more shapes than the answers alone have (enums among them)."""
    found = {}
    for key in service_registry():
        for route in load_service(key, "unused:0").routes:
            output = route.method.output_type
            if output.full_name != HTTP_BODY:
                found[output.full_name] = route.response_class
            pending = list(route.method.containing_service.file.message_types_by_name.values())
            while pending:
                descriptor = pending.pop()
                pending.extend(descriptor.nested_types)
                if not descriptor.GetOptions().map_entry:
                    found.setdefault(descriptor.full_name, message_factory.GetMessageClass(descriptor))
    return found


RESPONSE_TYPES = _response_types()


def _scalar(field, variant: int):
    t = field.cpp_type
    if t == FieldDescriptor.CPPTYPE_STRING:
        return b"\x00\xffbytes" if field.type == FieldDescriptor.TYPE_BYTES else f"teks-{variant} ü \u2603"
    if t == FieldDescriptor.CPPTYPE_BOOL:
        return True
    if t in (FieldDescriptor.CPPTYPE_INT64,):
        return -(2**53) - variant
    if t == FieldDescriptor.CPPTYPE_UINT64:
        return 2**63 + variant
    if t == FieldDescriptor.CPPTYPE_INT32:
        return -7 - variant
    if t == FieldDescriptor.CPPTYPE_UINT32:
        return 7 + variant
    if t in (FieldDescriptor.CPPTYPE_DOUBLE, FieldDescriptor.CPPTYPE_FLOAT):
        return 0.1 + variant
    if t == FieldDescriptor.CPPTYPE_ENUM:
        values = field.enum_type.values
        return values[min(1 + variant, len(values) - 1)].number
    raise AssertionError(t)


def _populate(message, depth: int = 0) -> None:
    """Every field set (oneofs: the last member wins), nested messages to a few levels."""
    for field in message.DESCRIPTOR.fields:
        is_map = field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type.GetOptions().map_entry
        if is_map:
            key_field = field.message_type.fields_by_name["key"]
            value_field = field.message_type.fields_by_name["value"]
            target = getattr(message, field.name)
            for variant in (0, 1):
                key = _scalar(key_field, variant)
                if value_field.cpp_type == FieldDescriptor.CPPTYPE_MESSAGE:
                    if depth < 3:
                        _populate_one(target[key], value_field, depth + 1)
                else:
                    target[key] = _scalar(value_field, variant)
        elif field.cpp_type == FieldDescriptor.CPPTYPE_MESSAGE:
            if depth >= 3:
                continue
            if field.is_repeated:
                for _ in range(2):
                    _populate_one(getattr(message, field.name).add(), field, depth + 1)
            else:
                _populate_one(getattr(message, field.name), field, depth + 1)
                getattr(message, field.name).SetInParent()
        elif field.is_repeated:
            getattr(message, field.name).extend([_scalar(field, 0), _scalar(field, 1)])
        else:
            setattr(message, field.name, _scalar(field, 0))


def _populate_one(message, field, depth: int) -> None:
    if field.message_type.full_name == "google.protobuf.Timestamp":
        message.FromJsonString("2026-03-04T05:06:07.123456Z")
    elif field.message_type.full_name == "google.protobuf.Duration":
        message.FromJsonString("1.5s")
    elif field.message_type.full_name == "google.protobuf.Struct":
        message.update({"a": 1, "b": [True, None, "x"]})
    elif field.message_type.full_name == "google.protobuf.Any":
        message.Pack(Timestamp(seconds=1_700_000_000))
    elif field.message_type.full_name == "google.protobuf.Value":
        message.string_value = "v"
    else:
        _populate(message, depth)


def _zero(message) -> None:
    """Fields with presence set to their zero value (printed), the rest left at their defaults."""
    for field in message.DESCRIPTOR.fields:
        if field.has_presence and not field.is_repeated and field.cpp_type != FieldDescriptor.CPPTYPE_MESSAGE:
            setattr(message, field.name, field.default_value)
        elif field.cpp_type == FieldDescriptor.CPPTYPE_MESSAGE and not field.is_repeated:
            getattr(message, field.name).SetInParent()


def _same(message) -> None:
    expected = json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    got = message_to_dict(message)
    assert got == expected
    assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)  # the key order too


def test_every_service_contributes_response_types():
    assert len(RESPONSE_TYPES) > 20


@pytest.mark.parametrize("full_name", sorted(RESPONSE_TYPES))
def test_same_as_message_to_dict(full_name):
    cls = RESPONSE_TYPES[full_name]
    _same(cls())
    populated = cls()
    _populate(populated)
    _same(populated)
    zeroed = cls()
    _zero(zeroed)
    _same(zeroed)
