"""Events as declared in proto: every payload a proto message with its type as an option.

A producer hands the unit of work a message; its type string comes from the message's
`(gorontalo.api.v1.event).type` option, and its JSON is proto3's (field names as declared, every
field printed, 64-bit integers as strings, as proto3 JSON writes them). A consumer parses the
payload back into the message: an unknown type or a payload that does not fit goes to the dead
letter at once (MalformedEvent), since retrying it can never succeed.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from importlib import resources

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

from gorontalo.api.v1 import options_pb2

# CloudEvents extension attributes planned now so the envelope changes one time: the issuing agency
# (federation: which instance of a service published it) and W3C trace context (observability).
RESERVED_EXTENSIONS = {
    "agency": "Extension (reserved): the agency instance that published the event, e.g. kota-gorontalo.",
    "traceparent": "Extension (reserved): W3C Trace Context of the request that caused the event.",
    "tracestate": "Extension (reserved): W3C Trace Context vendor state.",
}


class MalformedEvent(ValueError):
    """A payload that cannot be this event: dead-lettered without retries."""


def event_types(message_or_class) -> list[str]:
    """The CloudEvents types (each also a NATS subject) declared on the message."""
    descriptor = message_or_class.DESCRIPTOR
    options = descriptor.GetOptions()
    if not options.HasExtension(options_pb2.event) or not options.Extensions[options_pb2.event].type:
        raise TypeError(f"{descriptor.full_name} is not an event: it has no (gorontalo.api.v1.event) option")
    return list(options.Extensions[options_pb2.event].type)


def event_type(message_or_class, chosen: str | None = None) -> str:
    """The one type of this event; `chosen` must name it when the message declares several."""
    declared = event_types(message_or_class)
    if chosen is None:
        if len(declared) != 1:
            raise TypeError(f"{message_or_class.DESCRIPTOR.full_name} declares {declared}: name one")
        return declared[0]
    if chosen not in declared:
        raise TypeError(f"{chosen} is not declared on {message_or_class.DESCRIPTOR.full_name}")
    return chosen


def to_data(message) -> dict:
    """The payload as it goes on the wire (CloudEvents `data`)."""
    return json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


def parse(message_class, data):
    """The payload as its message. Fields the message does not know yet are ignored (a newer producer)."""
    if not isinstance(data, dict):
        raise MalformedEvent(f"{message_class.DESCRIPTOR.full_name}: data is not an object")
    problem = _shape_problem(message_class.DESCRIPTOR, data, "")
    if problem:
        raise MalformedEvent(f"{message_class.DESCRIPTOR.full_name}: {problem}")
    message = message_class()
    try:
        json_format.ParseDict(data, message, ignore_unknown_fields=True)
    except json_format.ParseError as error:
        raise MalformedEvent(f"{message_class.DESCRIPTOR.full_name}: {error}") from None
    return message


def _shape_problem(descriptor, data: dict, prefix: str) -> str:
    """Where a known field holds the wrong kind of JSON value for a message or list.

    json_format reads a string given for a message field as a map of unknown fields and, told to
    ignore those, yields an empty message: a payload that is not the event would pass as one.
    """
    for name, value in data.items():
        field = descriptor.fields_by_name.get(name) or next((f for f in descriptor.fields if f.json_name == name), None)
        if field is None or value is None:
            continue
        path = f"{prefix}{name}"
        is_map = field.message_type is not None and field.message_type.GetOptions().map_entry
        if field.is_repeated and not is_map:
            if not isinstance(value, list):
                return f"{path} is not a list"
            items = value
        else:
            items = [value]
        if field.message_type is None or field.message_type.full_name.startswith("google.protobuf."):
            continue
        for item in items:
            if not isinstance(item, dict):
                return f"{path} is not an object"
            if not is_map:
                problem = _shape_problem(field.message_type, item, path + ".")
                if problem:
                    return problem
    return ""


@dataclass(frozen=True)
class DeclaredEvent:
    type: str
    message: str  # full name, e.g. gorontalo.complaints.v1.ComplaintFiled
    proto_file: str  # e.g. gorontalo/complaints/v1/events.proto

    @property
    def producer(self) -> str:
        """The owning service: gorontalo.<service>.<entity>.<action>."""
        return self.type.split(".")[1]

    def message_class(self):
        importlib.import_module(self.proto_file.removesuffix(".proto").replace("/", ".") + "_pb2")
        return message_factory.GetMessageClass(descriptor_pool.Default().FindMessageTypeByName(self.message))


@functools.cache
def declared_events() -> dict[str, DeclaredEvent]:
    """Every event type declared in proto/ (read from the generated descriptor set)."""
    raw = resources.files("gorontalo").joinpath("descriptors.binpb").read_bytes()
    descriptor_set = descriptor_pb2.FileDescriptorSet.FromString(raw)
    found: dict[str, DeclaredEvent] = {}
    for file in descriptor_set.file:
        for message in file.message_type:
            if not message.options.HasExtension(options_pb2.event):
                continue
            for type_ in message.options.Extensions[options_pb2.event].type:
                if type_ in found:
                    raise ValueError(f"event type {type_} declared twice")
                found[type_] = DeclaredEvent(type_, f"{file.package}.{message.name}", file.name)
    return found
