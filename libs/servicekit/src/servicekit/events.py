"""Print the platform's CloudEvents from JetStream: `python -m servicekit.events [--follow]`.

For people, not services: shows what each write published (subject, id, data).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os

import nats
from nats.js.api import ConsumerConfig, DeliverPolicy


async def show(nats_url: str, stream: str, subject: str, follow: bool) -> int:
    nc = await nats.connect(nats_url, connect_timeout=3, max_reconnect_attempts=0)
    try:
        js = nc.jetstream()
        subscription = await js.pull_subscribe(
            subject, stream=stream, config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL)
        )
        count = 0
        while True:
            try:
                messages = await subscription.fetch(batch=100, timeout=1)
            except (TimeoutError, nats.errors.TimeoutError):
                if follow:
                    continue
                break
            for message in messages:
                count += 1
                try:
                    shown = {"subject": message.subject, "event": json.loads(message.data)}
                except ValueError:
                    shown = {"subject": message.subject, "raw": message.data.decode("utf-8", "replace")}
                print(json.dumps(shown, ensure_ascii=False))
                await message.ack()
        await subscription.unsubscribe()
        return 0 if count or follow else 1
    finally:
        await nc.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nats-url", default=os.environ.get("NATS_URL", "nats://127.0.0.1:4222"))
    parser.add_argument("--stream", default=os.environ.get("EVENTS_STREAM", "GORONTALO"))
    parser.add_argument("--subject", default="gorontalo.>", help="e.g. gorontalo.complaints.>")
    parser.add_argument("--follow", action="store_true", help="keep printing new events")
    args = parser.parse_args()
    try:
        return asyncio.run(show(args.nats_url, args.stream, args.subject, args.follow))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
