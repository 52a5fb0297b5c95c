"""Merging fanned-out pages: role-dependent order, resumable tokens, an instance failing mid-list."""

from __future__ import annotations

import pytest
from google.protobuf import timestamp_pb2

from gorontalo.permits.v1 import permits_pb2
from gorontalo_gateway import fanout
from servicekit.errors import InvalidArgument
from servicekit.federation import single

MERGE = "citizen: -submitted_at, -id; sla_due_date, submitted_at, id"


def test_the_order_follows_the_callers_role():
    assert [(k.field, k.descending) for k in fanout.order_for(MERGE, "citizen")] == [
        ("submitted_at", True),
        ("id", True),
    ]
    assert [k.field for k in fanout.order_for(MERGE, "officer")] == ["sla_due_date", "submitted_at", "id"]
    assert [k.field for k in fanout.order_for("-filed_at, -id", None)] == ["filed_at", "id"]


def test_missing_values_sort_last_in_either_direction():
    late = permits_pb2.Application(id="a", sla_due_date="2026-01-02")
    none = permits_pb2.Application(id="b", sla_due_date="")
    keys = fanout.order_for("sla_due_date", None)
    assert fanout.sort_key(late, keys) < fanout.sort_key(none, keys)
    old = permits_pb2.Application(id="c", submitted_at=timestamp_pb2.Timestamp(seconds=1))
    unset = permits_pb2.Application(id="d")
    descending = fanout.order_for("-submitted_at", None)
    assert fanout.sort_key(old, descending) < fanout.sort_key(unset, descending)


@pytest.mark.parametrize("token", ["nope", "f1.!!!", "f1.e30", "f1.eyJjIjp7ImEiOlsiIiwtMV19LCJkIjpbXX0"])
def test_a_bad_token_is_a_field_violation(token):
    with pytest.raises(InvalidArgument) as refused:
        fanout.decode(token)
    assert refused.value.violations[0].field == "page_token"


class _Item:
    """Stands in for a list item: one sortable field."""

    DESCRIPTOR = type("D", (), {"fields_by_name": {"value": True}})()

    def __init__(self, value: int):
        self.value = value


def test_an_instance_failing_mid_list_is_named_and_resumed_where_it_stopped():
    registry = single({"a": "x:1", "b": "y:1"})
    a, b = registry.instances("a")[0], registry.instances("b")[0]
    a, b = type(a)(**{**a.__dict__, "name": "a"}), type(b)(**{**b.__dict__, "name": "b"})
    pages = {
        ("a", ""): ([3, 2], "a2"),
        ("a", "a2"): ([1], ""),
        ("b", ""): ([5, 4], "b2"),
        ("b", "b2"): ([0], ""),
    }
    down = {"b2"}

    def fetch(instance, token):
        if token in down:
            raise fanout.InstanceUnreachable(instance)
        items, following = pages[(instance.name, token)]
        return [_Item(v) for v in items], following, None

    def fetch_all(jobs):
        results = []
        for instance, token in jobs:
            try:
                results.append(fetch(instance, token))
            except fanout.InstanceUnreachable as error:
                results.append(error)
        return results

    keys = [fanout.SortKey("value", True)]
    first = fanout.merge_page([a, b], fanout.PageState(), 3, keys, fetch, fetch_all)
    assert [i.value for i in first.items] == [5, 4, 3]
    assert [i.name for i in first.unreachable] == ["b"]
    down.clear()
    second = fanout.merge_page([a, b], fanout.decode(first.next_page_token), 3, keys, fetch, fetch_all)
    assert [i.value for i in second.items] == [2, 1, 0]
    assert second.unreachable == [] and second.next_page_token == ""
