"""Breaking changes between two sets of proto descriptors, as buf's WIRE_JSON rules see them.

Payloads and requests travel as proto3 JSON (events, the REST API) and as binary protobuf (gRPC), so
a field keeps its number, name, type and cardinality for ever; a removed field leaves its number and
name reserved; enum values and messages are never removed; RPCs keep their request and response.
"""

from __future__ import annotations

from google.protobuf import descriptor_pb2

FDP = descriptor_pb2.FieldDescriptorProto


def _messages(descriptor_set) -> dict[str, descriptor_pb2.DescriptorProto]:
    found = {}

    def walk(prefix, message):
        name = f"{prefix}.{message.name}"
        found[name] = message
        for nested in message.nested_type:
            walk(name, nested)

    for file in descriptor_set.file:
        if file.package.startswith("gorontalo."):
            for message in file.message_type:
                walk(file.package, message)
    return found


def _enums(descriptor_set) -> dict[str, descriptor_pb2.EnumDescriptorProto]:
    found = {}
    for file in descriptor_set.file:
        if not file.package.startswith("gorontalo."):
            continue
        for enum in file.enum_type:
            found[f"{file.package}.{enum.name}"] = enum
        for message in file.message_type:
            for enum in message.enum_type:
                found[f"{file.package}.{message.name}.{enum.name}"] = enum
    return found


def _methods(descriptor_set) -> dict[str, descriptor_pb2.MethodDescriptorProto]:
    return {
        f"{file.package}.{service.name}.{method.name}": method
        for file in descriptor_set.file
        if file.package.startswith("gorontalo.")
        for service in file.service
        for method in service.method
    }


def _reserved(message, field_number: int, field_name: str) -> bool:
    number_reserved = any(r.start <= field_number < r.end for r in message.reserved_range)
    return number_reserved and field_name in message.reserved_name


def breaking_changes(
    baseline: descriptor_pb2.FileDescriptorSet, current: descriptor_pb2.FileDescriptorSet
) -> list[str]:
    problems = []
    old_messages, new_messages = _messages(baseline), _messages(current)
    for name, old in old_messages.items():
        new = new_messages.get(name)
        if new is None:
            problems.append(f"message {name} removed")
            continue
        new_fields = {f.number: f for f in new.field}
        for field in old.field:
            now = new_fields.get(field.number)
            where = f"{name}.{field.name} (= {field.number})"
            if now is None:
                if not _reserved(new, field.number, field.name):
                    problems.append(f"{where} removed without reserving its number and name")
                continue
            if now.name != field.name or now.json_name != field.json_name:
                problems.append(f"{where} renamed to {now.name}: its JSON name changes")
            if now.type != field.type or now.type_name != field.type_name:
                problems.append(f"{where} retyped")
            if (now.label == FDP.LABEL_REPEATED) != (field.label == FDP.LABEL_REPEATED):
                problems.append(f"{where} changed between single and repeated")
            if now.HasField("oneof_index") != field.HasField("oneof_index"):
                problems.append(f"{where} moved in or out of a oneof")
        for field in new.field:
            if any(r.start <= field.number < r.end for r in old.reserved_range):
                problems.append(f"{name}.{field.name} reuses reserved number {field.number}")
    old_enums, new_enums = _enums(baseline), _enums(current)
    for name, old in old_enums.items():
        new = new_enums.get(name)
        if new is None:
            problems.append(f"enum {name} removed")
            continue
        values = {v.number: v.name for v in new.value}
        for value in old.value:
            if values.get(value.number) != value.name:
                problems.append(f"enum value {name}.{value.name} (= {value.number}) removed or renamed")
    old_methods, new_methods = _methods(baseline), _methods(current)
    for name, old in old_methods.items():
        new = new_methods.get(name)
        if new is None:
            problems.append(f"rpc {name} removed")
        elif (new.input_type, new.output_type) != (old.input_type, old.output_type):
            problems.append(f"rpc {name} changed its request or response message")
    return problems
