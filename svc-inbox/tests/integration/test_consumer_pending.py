"""The pending-messages probe against a real nats-server: a consumer created after the probe started
(as the bus creates its own just after) has its series within a second or two, not one interval later."""

from __future__ import annotations

import asyncio
import threading
import time

import nats
from gorontalo_inbox.adapters.consumer_pending import PendingProbe
from nats.js.api import ConsumerConfig

from servicekit.testing import NatsServer


async def _publish_and_create_consumer(url: str) -> None:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        for n in range(3):
            await js.publish("probe.test", f"{n}".encode())
        await js.add_consumer("PROBE", ConsumerConfig(durable_name="late", filter_subject="probe.test"))
    finally:
        await nc.close()


async def _create_stream(url: str) -> None:
    nc = await nats.connect(url)
    try:
        await nc.jetstream().add_stream(name="PROBE", subjects=["probe.>"])
    finally:
        await nc.close()


def test_a_consumer_created_after_the_start_is_reported_long_before_the_interval(tmp_path):
    with NatsServer(store_dir=str(tmp_path / "jetstream")) as server:
        asyncio.run(_create_stream(server.url))
        seen: dict[str, int] = {}
        reported = threading.Event()

        def report(durable: str, pending: int) -> None:
            seen[durable] = pending
            reported.set()

        probe = PendingProbe(server.url, "PROBE", ["late"], report, interval=600.0).start()
        try:
            time.sleep(1.0)  # at least one probe found nothing
            assert seen == {}
            asyncio.run(_publish_and_create_consumer(server.url))
            assert reported.wait(10)  # the interval is 600 s: only the quick retry can report it
            assert seen == {"late": 3}
        finally:
            probe.stop()
