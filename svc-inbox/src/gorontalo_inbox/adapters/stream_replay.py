"""Reading the platform's JetStream stream from its first message, for `gorontalo-inbox rebuild`.

An ordered consumer (ephemeral, flow-controlled, no acks) delivers every stored message in stream
order; the replay stops at the last sequence the stream held when it began, so events published
meanwhile are left to the service's durable consumers (whose inbox rows make them no-ops if the
rebuild applied them too).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass

from nats.js.api import DeliverPolicy

from servicekit.nats_connection import NatsConnection


@dataclass
class ReplayStats:
    first_sequence: int = 0
    last_sequence: int = 0
    messages: int = 0
    unreadable: int = 0


async def _replay(nats_url: str, stream: str, subject: str, apply: Callable[[dict], None], idle_timeout: float):
    stats = ReplayStats()
    nc = await NatsConnection.of_process(nats_url).connect(
        connect_timeout=5, max_reconnect_attempts=3, name="gorontalo-inbox-rebuild"
    )
    try:
        js = nc.jetstream()
        info = await js.stream_info(stream)
        stats.first_sequence, stats.last_sequence = info.state.first_seq, info.state.last_seq
        if info.state.messages == 0:
            return stats
        subscription = await js.subscribe(
            subject, stream=stream, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL
        )
        try:
            loop = asyncio.get_running_loop()
            while True:
                message = await subscription.next_msg(timeout=idle_timeout)
                stats.messages += 1
                try:
                    envelope = json.loads(message.data)
                    envelope["id"]
                except (ValueError, KeyError, TypeError):
                    stats.unreadable += 1
                else:
                    # The database work runs off the event loop, so flow control keeps being answered.
                    await loop.run_in_executor(None, apply, envelope)
                if message.metadata.sequence.stream >= stats.last_sequence:
                    break
        finally:
            await subscription.unsubscribe()
    finally:
        await nc.close()
    return stats


def replay(
    nats_url: str, stream: str, apply: Callable[[dict], None], *, subject: str = "gorontalo.>", idle_timeout=30.0
) -> ReplayStats:
    """Call `apply(envelope)` for every CloudEvent of the stream, oldest first. A stream whose later
    messages were deleted ends with nats.errors.TimeoutError after `idle_timeout` seconds of silence."""
    return asyncio.run(_replay(nats_url, stream, subject, apply, idle_timeout))
