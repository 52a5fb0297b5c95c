"""Contracts evolve as proto does: nothing a released client or consumer relies on breaks (issue 13)."""

from __future__ import annotations

import pathlib

import pytest
from google.protobuf import descriptor_pb2

from tests.contract.proto_compat import breaking_changes

ROOT = pathlib.Path(__file__).resolve().parents[2]
BASELINE = ROOT / "proto" / "release" / "last-release.binpb"
CURRENT = ROOT / "proto" / "gen" / "gorontalo" / "descriptors.binpb"


def _load(path: pathlib.Path) -> descriptor_pb2.FileDescriptorSet:
    return descriptor_pb2.FileDescriptorSet.FromString(path.read_bytes())


def test_no_breaking_change_since_the_last_release():
    problems = breaking_changes(_load(BASELINE), _load(CURRENT))
    assert problems == [], "breaking changes against proto/release/last-release.binpb:\n" + "\n".join(problems)


def _message(descriptor_set, full_name):
    package, _, name = full_name.rpartition(".")
    for file in descriptor_set.file:
        if file.package == package:
            for message in file.message_type:
                if message.name == name:
                    return file, message
    raise KeyError(full_name)


@pytest.fixture
def pair():
    return _load(CURRENT), _load(CURRENT)


def test_an_unchanged_set_has_no_breaking_change(pair):
    assert breaking_changes(*pair) == []


def test_renaming_a_field_breaks_its_json(pair):
    baseline, current = pair
    _file, message = _message(current, "gorontalo.complaints.v1.Complaint")
    message.field[0].name, message.field[0].json_name = "renamed", "renamed"
    assert any("renamed" in p for p in breaking_changes(baseline, current))


def test_retyping_or_repeating_a_field_breaks(pair):
    baseline, current = pair
    _file, message = _message(current, "gorontalo.complaints.v1.Complaint")
    message.field[0].type = descriptor_pb2.FieldDescriptorProto.TYPE_BYTES
    message.field[1].label = descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED
    problems = breaking_changes(baseline, current)
    assert any("retyped" in p for p in problems) and any("repeated" in p for p in problems)


def test_a_removed_field_must_leave_its_number_and_name_reserved(pair):
    baseline, current = pair
    _file, message = _message(current, "gorontalo.complaints.v1.Complaint")
    removed = message.field[-1]
    number, name = removed.number, removed.name
    del message.field[-1]
    assert any("removed without reserving" in p for p in breaking_changes(baseline, current))
    message.reserved_range.add(start=number, end=number + 1)
    message.reserved_name.append(name)
    assert breaking_changes(baseline, current) == []


def test_adding_fields_and_messages_is_fine(pair):
    baseline, current = pair
    file, message = _message(current, "gorontalo.complaints.v1.Complaint")
    message.field.add(
        name="new_field",
        json_name="newField",
        number=999,
        type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
        label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL,
    )
    file.message_type.add(name="BrandNew")
    assert breaking_changes(baseline, current) == []


def test_removing_a_message_or_an_rpc_breaks(pair):
    baseline, current = pair
    file, message = _message(current, "gorontalo.complaints.v1.Complaint")
    file.message_type.remove(message)
    service = next(f for f in current.file if f.service).service[0]
    del service.method[0]
    problems = breaking_changes(baseline, current)
    assert any("message gorontalo.complaints.v1.Complaint removed" in p for p in problems)
    assert any(p.startswith("rpc ") for p in problems)
