"""What Siaga's durable consumers read is what its contract says it consumes (the AsyncAPI document's receivers)."""

from gorontalo.api.v1 import options_pb2
from gorontalo.disaster.v1 import disaster_pb2
from servicekit import event_messages


def test_what_the_bus_consumes_is_declared_in_service_info(make_app, tmp_path):
    """The AsyncAPI document lists Siaga as a consumer of exactly the types its durable consumers read."""
    app = make_app(f"sqlite:///{tmp_path / 'consumes.db'}")
    subscribed = {t for sub in app.bus.subscriptions for t in event_messages.event_types(sub.message)}
    service = disaster_pb2.DESCRIPTOR.services_by_name["DisasterService"]
    declared = set(service.GetOptions().Extensions[options_pb2.service_info].consumes)
    assert (
        declared
        == subscribed
        == {
            "gorontalo.complaints.complaint.filed",
            "gorontalo.complaints.complaint.category_confirmed",
            "gorontalo.disaster.report.submitted",
        }
    )
