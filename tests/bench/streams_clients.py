"""The SSE client generator of tests/bench/streams.py: one process holding thousands of streams.

Each stream is a bare asyncio Protocol (no task, no StreamReader): it stamps each complete SSE event
with its arrival time and keeps the bytes; parsing waits until the round is over, so the time a
client spends reading does not inflate the latency it measures. Several such processes run side by
side (the orchestrator splits the clients) so 10,000 connections fit in one loop's budget.

Driven over stdin/stdout, one JSON line each way:
  -> {"ready": n, "errors": [...], "connect_seconds": s}          once every stream got its preamble
  <- {"collect": [[alert_id, [codes...]], ...]}   -> {"round": {...}}   what arrived for those alerts
  <- {"quit": true}                                                   close every stream and exit
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import resource
import sys
import time
import urllib.parse

from gorontalo_gateway.streams.alerts import affects


class Listener(asyncio.Protocol):
    """One stream: the response head, then events split on the blank line that ends each one."""

    __slots__ = ("region", "request", "transport", "buffer", "events", "opened", "lost")

    def __init__(self, region: str, request: bytes, opened: asyncio.Future):
        self.region, self.request, self.opened = region, request, opened
        self.transport = None
        self.buffer = b""
        self.events: list[tuple[float, bytes]] = []
        self.lost = False

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        arrived = time.time()
        buffer = self.buffer + data
        if not self.opened.done() and buffer.startswith(b"HTTP/1.1 ") and not buffer.startswith(b"HTTP/1.1 200"):
            self.opened.set_exception(ConnectionError(buffer.split(b"\r\n", 1)[0].decode()))
            return
        start = 0
        while (end := buffer.find(b"\n\n", start)) >= 0:
            block = buffer[start:end]
            start = end + 2
            if not self.opened.done():
                ok = block.startswith(b"HTTP/1.1 200")
                self.opened.set_result(None) if ok else self.opened.set_exception(ConnectionError(block[:80]))
            elif b"\ndata: " in block:
                self.events.append((arrived, block))
        self.buffer = buffer[start:]

    def connection_lost(self, exc) -> None:
        self.lost = True
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("closed before the preamble"))


def _event(block: bytes) -> tuple[str, float]:
    """(alert_id, publish time) of an alert event: the bench stamps `sent` just before publishing."""
    line = block[block.index(b"\ndata: ") + 7 :].split(b"\n", 1)[0]
    data = json.loads(line)
    return data["alert_id"], dt.datetime.fromisoformat(data["sent"]).timestamp()


def collect(listeners: list[Listener], published: list) -> dict:
    """What each stream got for the alerts of this round, checked against the region rule."""
    ids = {alert_id for alert_id, _ in published}
    expected = {(i, a) for i, s in enumerate(listeners) for a, codes in published if affects(codes, s.region)}
    got, latencies, duplicates = set(), [], 0
    for i, listener in enumerate(listeners):
        events, listener.events = listener.events, []
        for arrived, block in events:
            alert_id, sent = _event(block)
            if alert_id not in ids:
                continue
            if (i, alert_id) in got:
                duplicates += 1
            got.add((i, alert_id))
            latencies.append(round((arrived - sent) * 1000, 2))
    return {
        "expected_deliveries": len(expected),
        "delivered": len(got & expected),
        "wrong_region_deliveries": len(got - expected),
        "duplicates": duplicates,
        "disconnected": sum(1 for s in listeners if s.lost),
        "latencies_ms": latencies,
    }


async def run(url: str, regions: list[str]) -> None:
    loop = asyncio.get_running_loop()
    parsed = urllib.parse.urlsplit(url)
    gate = asyncio.Semaphore(200)  # connect in waves: the listen backlog is finite
    listeners: list[Listener | None] = [None] * len(regions)
    errors: list[str] = []

    async def connect(i: int) -> None:
        request = (
            f"GET {parsed.path}?region={regions[i]} HTTP/1.1\r\nHost: {parsed.netloc}\r\n"
            "Accept: text/event-stream\r\n\r\n"
        ).encode()
        async with gate:
            for attempt in range(5):
                opened = loop.create_future()
                try:
                    transport, listener = await loop.create_connection(
                        lambda: Listener(regions[i], request, opened), parsed.hostname, parsed.port
                    )
                    await asyncio.wait_for(opened, 30)
                    listeners[i] = listener
                    return
                except Exception as e:  # noqa: BLE001 - counted and reported
                    if attempt == 4:
                        errors.append(f"{type(e).__name__}: {e}")
                    await asyncio.sleep(0.5)

    started = time.perf_counter()
    await asyncio.gather(*(connect(i) for i in range(len(regions))))
    connected = [s for s in listeners if s is not None]
    print(
        json.dumps({"ready": len(connected), "errors": errors[:5], "connect_seconds": time.perf_counter() - started}),
        flush=True,
    )
    while True:
        command = json.loads(await loop.run_in_executor(None, sys.stdin.readline) or '{"quit": true}')
        if "collect" in command:
            cpu = resource.getrusage(resource.RUSAGE_SELF)
            print(
                json.dumps(
                    {"round": collect(connected, command["collect"]), "cpu_seconds": cpu.ru_utime + cpu.ru_stime}
                ),
                flush=True,
            )
        else:
            break
    for listener in connected:
        listener.transport.close()
    await asyncio.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url", help="the stream endpoint, without query")
    parser.add_argument("regions", help="comma-separated: one stream per entry")
    args = parser.parse_args()
    regions = args.regions.split(",")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # one descriptor per stream
    try:
        import uvloop

        uvloop.run(run(args.url, regions))
    except ImportError:
        asyncio.run(run(args.url, regions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
