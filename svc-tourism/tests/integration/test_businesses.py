"""Businesses and the "berizin" badge: checked with svc-permits (a fake here; the real RPC is tested in
svc-permits and end to end), confirmed by an officer for another's permit, and taken away by the
permit.revoked event on a real nats-server with JetStream."""

import asyncio
import json
import time
import uuid

import grpc
import nats
import pytest
from prometheus_client import REGISTRY

from gorontalo.permits.v1 import events_pb2 as permit_events
from gorontalo.tourism.v1 import tourism_pb2 as pb
from servicekit import event_messages
from servicekit.messaging import make_cloudevent
from servicekit.testing import NatsServer

from .test_destinations_grpc import failure, field_reasons

NUMBER = "7503/DPMPTSP/2026/000042"


def homestay(**fields):
    values = dict(
        name="Homestay Olele Indah",
        kind="homestay",
        region_code="75.03.08.2004",
        latitude=0.406,
        longitude=123.159,
        description=pb.LocalizedText(id="Dua kamar dekat taman laut.", en="Two rooms near the marine park."),
        contacts=pb.Contacts(phone="+62 811 0000 0000"),
        permit_number=NUMBER.replace("/", "-"),
    )
    values.update(fields)
    return pb.CreateBusinessRequest(**values)


def test_the_holder_listing_its_own_permit_is_licensed_at_once(app, stub, as_, permits):
    permits.issue(NUMBER, "citizen-ayu")
    listed = stub.CreateBusiness(homestay(), metadata=as_("citizen", "citizen-ayu"))
    assert (listed.permit_number, listed.permit_status, listed.licensed) == (NUMBER, "licensed", True)
    assert permits.asked == [NUMBER]
    public = stub.ListBusinesses(pb.ListBusinessesRequest(licensed_only=True)).businesses
    assert [b.id for b in public] == [listed.id]
    document = json.loads(stub.GetBusinessJsonLd(pb.GetBusinessRequest(id=listed.id)).data)
    assert document["@type"] == "LodgingBusiness" and NUMBER in document["hasCredential"]["name"]


def test_another_accounts_permit_waits_for_an_officer(app, stub, as_, permits):
    permits.issue(NUMBER, "citizen-ayu")
    claimed = stub.CreateBusiness(homestay(), metadata=as_("citizen", "citizen-budi"))
    assert (claimed.permit_status, claimed.licensed) == ("awaiting_confirmation", False)
    kota = as_("officer", "o-kota", ["75.71"])
    bone_bolango = as_("officer", "o-bb", ["75.03"])
    assert stub.ListPendingBusinesses(pb.ListPendingBusinessesRequest(), metadata=kota).businesses == []
    [pending] = stub.ListPendingBusinesses(pb.ListPendingBusinessesRequest(), metadata=bone_bolango).businesses
    assert pending.id == claimed.id
    confirm = pb.ConfirmBusinessPermitRequest(id=claimed.id, confirm=True)
    assert failure(stub.ConfirmBusinessPermit, confirm, metadata=kota).code() == grpc.StatusCode.PERMISSION_DENIED
    confirmed = stub.ConfirmBusinessPermit(confirm, metadata=bone_bolango)
    assert (confirmed.permit_status, confirmed.licensed) == ("licensed", True)
    again = failure(stub.ConfirmBusinessPermit, confirm, metadata=bone_bolango)
    assert again.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_an_officer_may_refuse_the_claim(app, stub, as_, permits):
    permits.issue(NUMBER, "citizen-ayu")
    claimed = stub.CreateBusiness(homestay(), metadata=as_("citizen", "citizen-budi"))
    refused = stub.ConfirmBusinessPermit(
        pb.ConfirmBusinessPermitRequest(id=claimed.id, confirm=False), metadata=as_("officer", "o-bb", ["75.03"])
    )
    assert (refused.permit_status, refused.licensed) == ("refused", False)


def test_unknown_revoked_or_malformed_permits_are_refused_and_nothing_is_written(app, stub, as_, permits):
    citizen = as_("citizen", "citizen-ayu")
    assert field_reasons(failure(stub.CreateBusiness, homestay(), metadata=citizen)) == {
        "permit_number": "permit_not_found"
    }
    permits.issue(NUMBER, "citizen-ayu", validity="revoked")
    assert field_reasons(failure(stub.CreateBusiness, homestay(), metadata=citizen)) == {
        "permit_number": "permit_not_valid"
    }
    bad = homestay(permit_number="123", kind="kasino", region_code="75.99", latitude=3.0)
    assert field_reasons(failure(stub.CreateBusiness, bad, metadata=citizen)) == {
        "kind": "not_one_of",
        "region_code": "region_unknown",
        "latitude": "coordinates_outside_gorontalo",
        "permit_number": "permit_number_invalid",
    }
    permits.down = True
    permits.issue(NUMBER, "citizen-ayu")
    assert failure(stub.CreateBusiness, homestay(), metadata=citizen).code() == grpc.StatusCode.UNAVAILABLE
    assert stub.ListBusinesses(pb.ListBusinessesRequest()).businesses == []


def test_a_business_without_a_permit_is_listed_without_the_badge(app, stub, as_, permits):
    listed = stub.CreateBusiness(homestay(permit_number="", kind="restoran"), metadata=as_("citizen", "c-1"))
    assert (listed.permit_status, listed.licensed) == ("none", False) and permits.asked == []
    document = json.loads(stub.GetBusinessJsonLd(pb.GetBusinessRequest(id=listed.id)).data)
    assert document["@type"] == "LocalBusiness" and "hasCredential" not in document


# -- the permit.revoked consumer, on a real nats-server -------------------------------------------------


@pytest.fixture
def nats_js(tmp_path):
    with NatsServer(store_dir=str(tmp_path / "jetstream")) as server:
        yield server


@pytest.fixture
def bus_app(app, nats_js):
    """The app's bus pointed at this test's nats-server and its own stream."""
    from servicekit.bus import EventBus

    app.bus = EventBus(
        nats_url=nats_js.url,
        stream=f"T{uuid.uuid4().hex[:8].upper()}",
        session_factory=app.session_factory,
        subscriptions=app.bus.subscriptions,
    )
    app.bus.start()
    try:
        yield app
    finally:
        app.bus.stop(flush_seconds=1)


def publish(app, envelope: dict) -> None:
    async def run():
        connection = await nats.connect(app.bus.nats_url)
        try:
            js = connection.jetstream()
            deadline = time.monotonic() + 10
            while True:
                try:
                    await js.publish(envelope["type"], json.dumps(envelope).encode(), stream=app.bus.stream)
                    return
                except (nats.js.errors.NoStreamResponseError, nats.js.errors.NotFoundError):
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.05)
        finally:
            await connection.close()

    asyncio.run(run())


def eventually(probe, what: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.05)


def test_a_revoked_permit_takes_the_badge_away_with_nobody_in_the_loop(bus_app, stub, as_, permits):
    permits.issue(NUMBER, "citizen-ayu")
    listed = stub.CreateBusiness(homestay(), metadata=as_("citizen", "citizen-ayu"))
    assert listed.licensed
    metric = ("gorontalo_tourism_business_permit_decisions_total", {"status": "revoked"})
    before = REGISTRY.get_sample_value(*metric) or 0
    revoked = permit_events.PermitRevokedEvent(
        permit_number=NUMBER, application_id="app-1", officer_id="o-dpmptsp", regency_code="75.03"
    )
    publish(
        bus_app,
        make_cloudevent(
            source="/gorontalo/permits",
            type_=event_messages.event_type(revoked),
            data=event_messages.to_data(revoked),
            subject=NUMBER,
        ),
    )

    def badge_gone():
        business = stub.GetBusiness(pb.GetBusinessRequest(id=listed.id))
        return business.permit_status == "revoked" and not business.licensed

    eventually(badge_gone, "the badge goes")
    eventually(lambda: REGISTRY.get_sample_value(*metric) == before + 1, "counted once committed")
    assert stub.ListBusinesses(pb.ListBusinessesRequest(licensed_only=True)).businesses == []
