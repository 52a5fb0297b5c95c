"""The floor of one event on the bus: CPU microseconds per event, with nothing of ours around it.

A signed-in resident's report is one event published by disaster's outbox relay and delivered to two
durable consumers (disaster's clustering, inbox's timeline), each acking it (issue 20). This measures
what that costs at least, in the same libraries and on the same machine: a JetStream file-store
stream on its own nats-server, one Python process publishing as the relay does (publish_async with
Nats-Msg-Id, the pass's acknowledgements awaited together, 32 per pass), and CONSUMERS Python
processes each pulling as servicekit.consumers does (fetch of 32, one ack per message). No database,
no envelope parsing, no tracing, no metrics: only the bus. CPU from /proc (utime+stime) of each
process around the measured events, divided by the events.

    .venv/bin/python tests/bench/event_floor.py [--events 20000] [--consumers 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))
from procstat import cpu_of  # noqa: E402  (tests/bench is not a package)

STREAM, SUBJECT, PASS = "FLOOR", "floor.report.submitted", 32
PAYLOAD = b"x" * 600  # about a ReportSubmitted CloudEvent's size


async def _await_go(folder: pathlib.Path) -> float:
    while not (folder / "go").exists():
        await asyncio.sleep(0.005)
    return time.process_time()


async def _publish(url: str, events: int, mark: pathlib.Path) -> None:
    import nats

    nc = await nats.connect(url)
    js = nc.jetstream()
    mark.write_text("")
    cpu = await _await_go(mark.parent)
    sent = 0
    while sent < events:
        batch = min(PASS, events - sent)
        acks = [
            await js.publish_async(SUBJECT, PAYLOAD, headers={"Nats-Msg-Id": f"{os.getpid()}-{sent + i}"})
            for i in range(batch)
        ]
        await asyncio.gather(*acks)
        sent += batch
    mark.write_text(str(time.process_time() - cpu))  # this process's CPU seconds for the events
    await nc.close()


async def _consume(url: str, durable: str, events: int, mark: pathlib.Path) -> None:
    import nats
    from nats.js.api import ConsumerConfig, DeliverPolicy

    nc = await nats.connect(url)
    js = nc.jetstream()
    sub = await js.pull_subscribe(
        SUBJECT, durable=durable, stream=STREAM, config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL)
    )
    mark.write_text("")
    cpu = await _await_go(mark.parent)
    done = 0
    while done < events:
        try:
            messages = await sub.fetch(batch=PASS, timeout=1)
        except (TimeoutError, nats.errors.TimeoutError):
            continue
        for message in messages:
            await message.ack()
        done += len(messages)
    await nc.flush()
    mark.write_text(str(time.process_time() - cpu))
    await nc.close()


def _child(role: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HERE), role, *args])


async def _fresh_stream(url: str) -> None:
    import nats

    nc = await nats.connect(url)
    js = nc.jetstream()
    try:
        await js.delete_stream(STREAM)
    except Exception:  # noqa: BLE001 - the first round has none
        pass
    await js.add_stream(name=STREAM, subjects=[SUBJECT], storage="file")
    await nc.close()


def one_round(url: str, server_pid: int, events: int, consumers: int, folder: pathlib.Path) -> dict:
    """CPU microseconds per event of each process, and events per second, for one run."""
    asyncio.run(_fresh_stream(url))
    for leftover in folder.glob("*"):
        leftover.unlink()
    marks = {f"consumer {n + 1}": folder / f"consumer{n}" for n in range(consumers)} | {
        "publisher": folder / "publisher"
    }
    children = [
        _child("consume", url, f"floor{n}", str(events), str(marks[f"consumer {n + 1}"])) for n in range(consumers)
    ] + [_child("publish", url, str(events), str(marks["publisher"]))]
    while not all(mark.exists() for mark in marks.values()):
        time.sleep(0.01)
    server_before, started = cpu_of(server_pid), time.monotonic()
    (folder / "go").write_text("")
    for child in children:
        if child.wait(300) != 0:
            raise RuntimeError(f"a child failed: {child.args}")
    elapsed, server = time.monotonic() - started, cpu_of(server_pid) - server_before
    figures = {name: float(mark.read_text()) * 1e6 / events for name, mark in marks.items()}
    figures["nats-server"] = server * 1e6 / events
    figures["all"] = sum(figures.values())
    figures["events/s"] = events / elapsed
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--consumers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from servicekit.testing_nats import NatsServer

    server = NatsServer()
    server.start()
    folder = pathlib.Path(tempfile.mkdtemp(prefix="event-floor-"))
    try:
        runs = [
            one_round(server.url, server.process.pid, args.events, args.consumers, folder) for _ in range(args.rounds)
        ]
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{args.events} events, {args.consumers} consumers, median of {args.rounds} rounds; CPU us per event")
    for name in runs[0]:
        print(f"  {name:>12} {statistics.median(r[name] for r in runs):8.0f}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "publish":
        asyncio.run(_publish(sys.argv[2], int(sys.argv[3]), pathlib.Path(sys.argv[4])))
    elif len(sys.argv) > 1 and sys.argv[1] == "consume":
        asyncio.run(_consume(sys.argv[2], sys.argv[3], int(sys.argv[4]), pathlib.Path(sys.argv[5])))
    else:
        sys.exit(main())
