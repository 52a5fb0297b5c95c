"""The disaster intake under a surge, with a crash in the middle; and event latency at a steady rate.

intake(): anonymous POST /v1/disaster/reports from many connections for `seconds`, each with its own
Idempotency-Key and retried with it (as a phone would) on 503/409/429 or a broken connection. Half-way
the disaster service gets SIGKILL and is started again. Afterwards every acknowledged report id must
be in the service's database: the count of missing ones is part of the figure (it must be 0).

event_latency(): reports at a fixed offered rate (open loop), while a NATS subscriber in this process
receives gorontalo.disaster.report.submitted; latency = arrival - the event's `time` (stamped in the
transaction, just before its commit): outbox relay, JetStream publish and delivery together.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import random
import signal
import threading
import time
import uuid

import sqlalchemy as sa

REPORTED = "gorontalo.disaster.report.submitted"


def _report(rng: random.Random, tag: str) -> bytes:
    return json.dumps(
        {
            "hazard": "banjir",
            "latitude": 0.55 + rng.uniform(-0.01, 0.01),
            "longitude": 123.06 + rng.uniform(-0.01, 0.01),
            "description": tag,
        }
    ).encode()


def _attempt(box, port: int, body: bytes, key: str) -> str | None:
    """One try: the report's id when acknowledged, None when it is to be tried again with its key."""
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    try:
        box[0].request("POST", "/v1/disaster/reports", body=body, headers=headers)
        response = box[0].getresponse()
        payload = response.read()
    except (OSError, http.client.HTTPException):
        box[0].close()
        box[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        return None
    if response.status == 200:
        return json.loads(payload)["id"]
    # 503 while the service restarts; 409 while a killed attempt's key is still leased (30 s).
    if response.status not in (409, 429, 502, 503, 504):
        raise RuntimeError(f"report refused: {response.status} {payload[:300]!r}")
    return None


def _post_until_acknowledged(box, port: int, body: bytes, key: str, give_up: float) -> str | None:
    while time.monotonic() < give_up:
        if report_id := _attempt(box, port, body, key):
            return report_id
        time.sleep(0.05)
    return None


def intake(stack, *, seconds: float, connections: int = 32) -> dict:
    """Each connection stands for many phones: a report whose key is still leased by the killed attempt
    (409) is put aside and retried with its key later, while the connection goes on with new reports."""
    port = stack.gateway_port
    acknowledged: list[tuple[float, str]] = []
    lock = threading.Lock()
    counts = {"unanswered": 0, "retries": 0}
    started = time.monotonic()
    stop_at = started + seconds
    killed = threading.Event()

    def client(n: int):
        rng = random.Random(n)
        box = [http.client.HTTPConnection("127.0.0.1", port, timeout=10)]
        parked: list[tuple[float, bytes, str]] = []  # (next try, body, key)
        i = 0
        while time.monotonic() < stop_at or parked:
            now = time.monotonic()
            if now > stop_at + 90:
                break
            due = next((p for p in parked if p[0] <= now), None)
            if due is not None:
                parked.remove(due)
                _, body, key = due
            elif now < stop_at:
                i += 1
                body, key = _report(rng, f"intake {n}-{i}"), f"intake-{n}-{i}-{uuid.uuid4().hex[:6]}"
            else:
                time.sleep(0.1)
                continue
            report_id = _attempt(box, port, body, key)
            with lock:
                if report_id:
                    acknowledged.append((time.monotonic(), report_id))
                else:
                    counts["retries"] += 1
            if not report_id:
                parked.append((time.monotonic() + 0.5, body, key))
        with lock:
            counts["unanswered"] += len(parked)

    def crash_midway():
        time.sleep(seconds / 2)
        stack.stop_service("disaster", sig=signal.SIGKILL)  # a crash, not a polite shutdown
        stack.start_service("disaster")
        killed.set()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    crasher = threading.Thread(target=crash_midway)
    crasher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    crasher.join()
    in_window = sum(1 for at, _ in acknowledged if at <= stop_at)
    ids = [report_id for _, report_id in acknowledged]
    stored = _stored_report_ids(stack)
    return {
        "seconds": seconds,
        "acknowledged_in_window": in_window,
        "acknowledged": len(ids),
        # Acknowledged within the window (the restart's pause included), per second of the window.
        "reports_per_s": in_window / seconds,
        "missing_after_kill": len(set(ids) - stored),
        "duplicates": len(ids) - len(set(ids)),
        "retries": counts["retries"],
        "never_acknowledged": counts["unanswered"],
        "killed": killed.is_set(),
    }


def _stored_report_ids(stack) -> set[str]:
    url = stack.database_urls.get("disaster") or f"sqlite:///{stack.workdir / 'var' / 'disaster.db'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return {row[0] for row in connection.execute(sa.text("SELECT id FROM reports"))}
    finally:
        engine.dispose()


def event_latency(stack, *, rate: float, seconds: float, senders: int = 24) -> dict:
    """p50/p99 commit -> consumer at an offered `rate` of reports per second (open loop)."""
    import datetime as dt

    import nats

    arrivals: dict[str, float] = {}  # report id (the event's subject) -> seconds from commit to here
    ours: set[str] = set()  # the reports this run filed
    run = uuid.uuid4().hex[:8]
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    done = threading.Event()

    async def subscribe():
        client = await nats.connect(stack.nats.url)

        async def on_message(message):
            event = json.loads(message.data)
            sent = dt.datetime.fromisoformat(event["time"].replace("Z", "+00:00")).timestamp()
            arrivals[event.get("subject", "")] = time.time() - sent

        await client.subscribe(REPORTED, cb=on_message)
        ready.set()
        while not done.is_set():
            await asyncio.sleep(0.05)
        await client.drain()

    listener = threading.Thread(target=lambda: loop.run_until_complete(subscribe()))
    listener.start()
    ready.wait(10)
    interval = senders / rate
    sent = [0]
    lock = threading.Lock()
    begin = time.monotonic()

    def sender(n: int):
        rng = random.Random(n)
        box = [http.client.HTTPConnection("127.0.0.1", stack.gateway_port, timeout=10)]
        next_at = begin + n * interval / senders
        i = 0
        while next_at < begin + seconds:
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            i += 1
            body = _report(rng, f"latency {run} {n}-{i}")
            report_id = _post_until_acknowledged(
                box, stack.gateway_port, body, f"latency-{run}-{n}-{i}", time.monotonic() + 10
            )
            if report_id:
                with lock:
                    sent[0] += 1
                    ours.add(report_id)
            next_at += interval  # open loop: a late answer does not slow the schedule down

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - begin
    deadline = time.monotonic() + 30
    while len(ours - set(arrivals)) and time.monotonic() < deadline:
        time.sleep(0.1)
    done.set()
    listener.join(10)
    ordered = sorted(seconds for report_id, seconds in arrivals.items() if report_id in ours)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")  # noqa: E731
    return {
        "offered_per_s": rate,
        "achieved_per_s": sent[0] / elapsed,
        "events_received": len(ordered),
        "events_sent": sent[0],
        "p50_ms": pick(0.50),
        "p99_ms": pick(0.99),
        "max_ms": ordered[-1] * 1000 if ordered else float("nan"),
    }
