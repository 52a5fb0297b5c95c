"""What the inbox's durable consumers read is what its contract says it consumes (AsyncAPI receivers)."""

from gorontalo.api.v1 import options_pb2
from gorontalo.inbox.v1 import inbox_pb2
from servicekit import event_messages


def test_what_the_bus_consumes_is_declared_in_service_info(make_app, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'consumes.db'}")
    subscribed = [t for sub in app.bus.subscriptions for t in event_messages.event_types(sub.message)]
    service = inbox_pb2.DESCRIPTOR.services_by_name["InboxService"]
    declared = list(service.GetOptions().Extensions[options_pb2.service_info].consumes)
    assert sorted(declared) == sorted(subscribed) and len(set(subscribed)) == len(subscribed)
    assert set(declared) <= set(event_messages.declared_events())
    durables = [sub.durable for sub in app.bus.subscriptions]
    assert len(set(durables)) == len(durables) and all(d.startswith("inbox-") for d in durables)
