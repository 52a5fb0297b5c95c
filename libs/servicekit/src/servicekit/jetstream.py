"""The platform's JetStream streams, platform-wide event readers, and the retry pause of relay and consumers."""

from __future__ import annotations

import nats
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, RetentionPolicy, StorageType, StreamConfig

DEAD_LETTER_STREAM_SUFFIX = "_DEADLETTER"


def backoff_seconds(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    return min(cap, base * (2 ** max(0, attempt - 1)))


def stream_replicas() -> int:
    """EVENTS_STREAM_REPLICAS (default 1): how many JetStream nodes keep each stream. 3 on the
    province's 3-node cluster (deploy/nats/cluster.conf), so a node can be lost without losing an event
    or the stream's quorum; a single nats-server refuses more than 1."""
    from .config import env_int

    replicas = env_int("EVENTS_STREAM_REPLICAS", 1)
    if replicas < 1:
        raise ValueError(f"EVENTS_STREAM_REPLICAS must be at least 1, not {replicas}")
    return replicas


class StreamsNotReady(RuntimeError):
    """An agency's process found no stream: the province's services create them; it waits."""


async def ensure_streams(js, stream: str, *, manage: bool = True, replicas: int | None = None) -> None:
    """Create (or update) the platform's streams; safe for every service to call at start.

    `replicas` (default: stream_replicas()) is how many cluster nodes keep each stream; updating a
    stream to another count moves it there (JetStream scales a stream's replicas in place).

    `manage=False` (an agency's instance, whose NATS user may not create or update streams) only
    checks that they exist, and raises StreamsNotReady until the province has created them."""
    if not manage:
        for name in (stream, stream + DEAD_LETTER_STREAM_SUFFIX):
            try:
                await js.stream_info(name)
            except nats.js.errors.NotFoundError:
                raise StreamsNotReady(f"stream {name} does not exist yet; the province's services create it") from None
        return
    replicas = replicas or stream_replicas()
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
            num_replicas=replicas,
        ),
        StreamConfig(
            name=stream + DEAD_LETTER_STREAM_SUFFIX,
            subjects=["deadletter.>"],
            storage=StorageType.FILE,
            num_replicas=replicas,
        ),
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


async def follow_platform_events(js, stream: str, subject: str, deliver_subject: str, **start):
    """A short-lived push consumer of one platform-wide subject (revocations, alerts), for any agency.

    Created by name with its filter in the request subject ($JS.API.CONSUMER.CREATE.<stream>.<name>.
    <subject>), the only form an agency's NATS user may use: the server refuses a filter other than
    the subject's, so the consumer reads exactly that subject. No acks (the reader keeps a set), and
    the server removes it a minute after its reader is gone. `start` is ConsumerConfig's deliver_policy
    and opt_start_time. Messages arrive on `deliver_subject` (subscribe to it first); returns its
    ConsumerInfo (num_pending: what it has yet to deliver)."""
    name = "platform-" + nats.nuid.NUID().next().decode()
    return await js.add_consumer(
        stream,
        ConsumerConfig(
            name=name,
            filter_subject=subject,
            deliver_subject=deliver_subject,
            ack_policy=AckPolicy.NONE,
            deliver_policy=start.pop("deliver_policy", DeliverPolicy.NEW),
            inactive_threshold=60.0,
            **start,
        ),
    )
