"""With a real nats-server: the outbox relay publishes the permit events to JetStream."""

import asyncio
import json
import time

import nats
import pytest
import sqlalchemy as sa

from gorontalo_permits import bootstrap as composition
from gorontalo_permits.service_layer import applications
from servicekit.messaging import outbox

from ..conftest import seed_documents

STREAM = "GORONTALO"  # the platform's stream; every service's bus shares it


def wait_until(predicate, timeout=20.0):
    """Poll until predicate() is truthy; the deadline only bounds a failure, it asserts nothing."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"condition not met within {timeout}s")


async def last_message(url: str, subject: str):
    connection = await nats.connect(url)
    try:
        return await connection.jetstream().get_last_msg(STREAM, subject)
    finally:
        await connection.close()


@pytest.fixture
def live_app(nats_server, tmp_path, clock, minter, settings_for, fee_bills):
    settings = settings_for(f"sqlite:///{tmp_path / 'permits.db'}", tmp_path, nats_url=nats_server.url, stream=STREAM)
    app = composition.bootstrap(settings, clock=clock, verifier=minter.verifier, fee_bills=fee_bills)
    seed_documents(app)
    app.bus.start()
    yield app
    app.bus.stop(flush_seconds=1)
    app.close()


def test_a_submission_reaches_jetstream_as_a_cloudevent(live_app, nats_server, catalog, clock, citizen, submission):
    application = applications.submit_application(live_app.uow(), catalog, clock, citizen, **submission())

    def published():
        with live_app.engine.connect() as connection:
            return connection.execute(sa.select(outbox.c.event_id, outbox.c.published_at)).first()

    row = wait_until(lambda: (r := published()) and r.published_at and r)
    message = asyncio.run(last_message(nats_server.url, "gorontalo.permits.application.submitted"))
    envelope = json.loads(message.data)
    assert envelope["id"] == row.event_id
    assert envelope["type"] == "gorontalo.permits.application.submitted"
    assert envelope["data"]["application_id"] == application.id
