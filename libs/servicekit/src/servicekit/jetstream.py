"""The platform's JetStream streams and the retry pause shared by relay and consumers."""

from __future__ import annotations

import nats
from nats.js.api import RetentionPolicy, StorageType, StreamConfig

DEAD_LETTER_STREAM_SUFFIX = "_DEADLETTER"


def backoff_seconds(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    return min(cap, base * (2 ** max(0, attempt - 1)))


async def ensure_streams(js, stream: str) -> None:
    """Create (or update) the platform's streams; safe for every service to call at start."""
    for config in (
        # Limits retention and no age limit, said out loud: the stream is the record every read model is
        # rebuilt from (`gorontalo-inbox rebuild` replays it from its first message), so an acknowledged
        # event is never removed by its consumers (workqueue/interest) nor by age. Disk is the limit an
        # operator watches; archiving older events is a decision for svc-inbox/README.md first.
        StreamConfig(
            name=stream,
            subjects=["gorontalo.>"],
            storage=StorageType.FILE,
            duplicate_window=600.0,
            retention=RetentionPolicy.LIMITS,
            max_age=0,
        ),
        StreamConfig(name=stream + DEAD_LETTER_STREAM_SUFFIX, subjects=["deadletter.>"], storage=StorageType.FILE),
    ):
        try:
            await js.stream_info(config.name)
        except nats.js.errors.NotFoundError:
            try:
                await js.add_stream(config)
            except nats.js.errors.BadRequestError:
                # Fine if another service created it between our two calls; anything else
                # (e.g. subjects overlapping another stream) must be seen, not swallowed.
                await js.stream_info(config.name)
        else:
            await js.update_stream(config)
