"""An account identity closed as a takeover loses its claim of imported objects, so the real owner's new
account can claim them (gorontalo.identity.citizen.takeover_repaired, durable consumer)."""

import asyncio
import dataclasses
import json
import time

import nats
import pytest
import sqlalchemy as sa

from gorontalo.api.v1 import options_pb2
from gorontalo.identity.v1.events_pb2 import CitizenTakeoverRepaired
from gorontalo.tax.v1 import tax_pb2
from gorontalo_tax.bootstrap import TAKEOVERS_CONSUMER, bootstrap
from gorontalo_tax.service_layer import claims
from gorontalo_tax.service_layer.unit_of_work import ConsumerUnitOfWork
from servicekit import event_messages
from servicekit.errors import AlreadyExists
from servicekit.messaging import make_cloudevent, outbox
from servicekit.testing import NatsServer

from ..billing_fixtures import NIK_A
from .test_claims import claim, my_bills, seed

STREAM = "GORONTALO_TAX_TAKEOVER_TEST"


def takeover(citizen_id: str) -> CitizenTakeoverRepaired:
    return CitizenTakeoverRepaired(citizen_id=citizen_id, officer_id="officer-kelurahan", regency_code="75.71")


def deliver(app, event) -> str:
    """What the bus does with one event: the handler inside one transaction, committed."""
    with app.session_factory() as session, session.begin():
        return claims.release_after_takeover(ConsumerUnitOfWork(session), event)


def envelopes(app, event_type):
    with app.session_factory() as session:
        rows = session.execute(sa.select(outbox.c.envelope).where(outbox.c.subject == event_type)).scalars()
        return [json.loads(row) for row in rows]


def test_the_impostors_claim_ends_and_the_owner_claims_anew(app):
    seed(app)
    claim(app, "impostor", NIK_A)  # activated with a KTP photocopy, before claims needed acr 2
    with pytest.raises(AlreadyExists):
        claim(app, "resident", NIK_A)
    held = sorted(s.bill.id for s in my_bills(app, "impostor"))
    assert len(held) == 2

    assert deliver(app, takeover("impostor")) == "released"
    assert my_bills(app, "impostor") == []
    [released] = envelopes(app, "gorontalo.tax.objects.released")
    assert released["subject"] == "impostor"
    assert {**released["data"], "bill_ids": sorted(released["data"]["bill_ids"])} == {
        "owner_id": "impostor",
        "reason": "takeover_repaired",
        "bill_ids": held,
    }
    assert claim(app, "resident", NIK_A) == {"vehicles": 2, "properties": 0, "bills": 2}
    assert sorted(s.bill.id for s in my_bills(app, "resident")) == held

    # An account that claimed nothing (most takeovers, now that claiming needs acr 2) changes nothing.
    assert deliver(app, takeover("another-closed-account")) == "nothing_claimed"
    assert len(envelopes(app, "gorontalo.tax.objects.released")) == 1


def test_what_the_bus_consumes_is_declared_in_service_info(app):
    subscribed = {t for sub in app.bus.subscriptions for t in event_messages.event_types(sub.message)}
    service = tax_pb2.DESCRIPTOR.services_by_name["TaxService"]
    declared = set(service.GetOptions().Extensions[options_pb2.service_info].consumes)
    assert declared == subscribed == {"gorontalo.identity.citizen.takeover_repaired"}
    assert [sub.durable for sub in app.bus.subscriptions] == [TAKEOVERS_CONSUMER]


async def _publish(url: str, envelope: dict) -> None:
    connection = await nats.connect(url)
    try:
        await connection.jetstream().publish(envelope["type"], json.dumps(envelope).encode())
    finally:
        await connection.close()


def _claimed_by(app, owner_id: str) -> str | None:
    with app.uow() as uow:
        return uow.claims.index_for(owner_id)


def test_the_durable_consumer_takes_the_takeover_from_jetstream(tmp_path, clock, rates, make_settings):
    with NatsServer() as server:  # its own server and stream: no other test's consumers see this event
        settings = dataclasses.replace(
            make_settings(f"sqlite:///{tmp_path / 'tax.db'}", tmp_path, server.url), stream=STREAM
        )
        app = bootstrap(settings, clock=clock, rates=rates)
        app.bus.start()
        try:
            seed(app)
            claim(app, "impostor", NIK_A)
            envelope = make_cloudevent(
                source="/gorontalo/identity",
                type_="gorontalo.identity.citizen.takeover_repaired",
                subject="impostor",
                data=event_messages.to_data(takeover("impostor")),
            )
            asyncio.run(_publish(server.url, envelope))
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and _claimed_by(app, "impostor") is not None:
                time.sleep(0.05)  # polling until the consumer has run, bounded by the deadline
            assert _claimed_by(app, "impostor") is None
            assert claim(app, "resident", NIK_A)["vehicles"] == 2
        finally:
            app.bus.stop(flush_seconds=1)
