"""The platform's stream keeps every event: read models (svc-inbox) are rebuilt by replaying it."""

import asyncio

from nats.js.api import RetentionPolicy

from servicekit.bus import ensure_streams
from servicekit.testing import NatsServer


def test_the_event_stream_keeps_acknowledged_events_without_an_age_limit(tmp_path):
    server = NatsServer(store_dir=str(tmp_path / "nats"))
    server.start()
    try:

        async def configured():
            import nats

            nc = await nats.connect(server.url)
            try:
                js = nc.jetstream()
                await ensure_streams(js, "RETENTION_TEST")
                # An older deployment's stream with an age limit is brought back to the rule at start.
                info = await js.stream_info("RETENTION_TEST")
                info.config.max_age = 3600.0
                await js.update_stream(info.config)
                await ensure_streams(js, "RETENTION_TEST")
                return (await js.stream_info("RETENTION_TEST")).config
            finally:
                await nc.close()

        config = asyncio.run(configured())
    finally:
        server.stop()
    assert config.retention == RetentionPolicy.LIMITS
    assert not config.max_age
