"""The registration event leaves through the outbox and arrives on a real JetStream."""

import asyncio
import dataclasses
import json
import time

import nats
import sqlalchemy as sa

from gorontalo_tax.bootstrap import bootstrap
from gorontalo_tax.service_layer import vehicles as vehicle_services
from servicekit.messaging import outbox
from servicekit.testing import NatsServer

STREAM = "GORONTALO_TAX_RELAY_TEST"


def _published(app) -> list:
    with app.session_factory() as session:
        return session.execute(sa.select(outbox.c.published_at)).scalars().all()


async def _last_message(url: str, subject: str):
    connection = await nats.connect(url)
    try:
        return await connection.jetstream().get_last_msg(STREAM, subject)
    finally:
        await connection.close()


def test_outbox_event_is_published_to_jetstream(tmp_path, clock, rates, principals, make_settings):
    with NatsServer() as server:  # its own server: no stream of another test overlaps gorontalo.>
        settings = dataclasses.replace(
            make_settings(f"sqlite:///{tmp_path / 'tax.db'}", tmp_path, server.url), stream=STREAM
        )
        app = bootstrap(settings, clock=clock, rates=rates)
        app.bus.start()
        try:
            vehicle = vehicle_services.register_vehicle(
                app.uow(),
                app.rates,
                app.clock,
                principals.citizen("c-relay"),
                plate_number="DM 8 R",
                vehicle_type="sepeda_motor",
                model_year=2021,
                taxable_value=15_000_000,
                regency_code="75.03",
            )
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and None in _published(app):
                time.sleep(0.05)  # polling until the relay marks the row, bounded by the deadline
            assert len(_published(app)) == 1 and _published(app)[0] is not None
            message = asyncio.run(_last_message(server.url, "gorontalo.tax.vehicle.registered"))
        finally:
            app.bus.stop(flush_seconds=1)
    envelope = json.loads(message.data)
    assert envelope["type"] == "gorontalo.tax.vehicle.registered" and envelope["subject"] == vehicle.id
    assert envelope["data"]["annual_pkb"] == "150000"  # int64: a string in proto3 JSON
    assert message.headers["Nats-Msg-Id"] == envelope["id"]
