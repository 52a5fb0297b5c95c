"""The disaster intake under a surge, with a crash in the middle; and event latency at a steady rate.

intake(): anonymous POST /v1/disaster/reports from many connections for `seconds`, each with its own
Idempotency-Key and retried with it (as a phone would) on 503/409/429 or a broken connection. Half-way
the disaster service gets SIGKILL and is started again. Afterwards every acknowledged report id must
be in the service's database: the count of missing ones is part of the figure (it must be 0). The
CPU each process of the stack spent over the window is divided by the reports acknowledged in it.

event_latency(): reports at a fixed offered rate (open loop), while a NATS subscriber in this process
receives gorontalo.disaster.report.submitted; latency = arrival - the event's `time` (stamped in the
transaction, just before its commit): outbox relay, JetStream publish and delivery together.

Load comes from wrk with tests/bench/reports.lua (one connection per wrk thread), as the issue's
figures were taken: a Python client in this process would share the two cores with the stack. The
Python client below is the fallback when wrk is not installed.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import pathlib
import random
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid

import sqlalchemy as sa

from tests.bench import consumer_age, procstat

REPORTED = "gorontalo.disaster.report.submitted"
REPORTS_LUA = pathlib.Path(__file__).with_name("reports.lua")
RETRIED = (409, 429, 502, 503, 504)  # 503 while the service restarts; 409 while a killed attempt's key is leased


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
    if response.status not in RETRIED:
        raise RuntimeError(f"report refused: {response.status} {payload[:300]!r}")
    return None


def _post_until_acknowledged(box, port: int, body: bytes, key: str, give_up: float) -> str | None:
    while time.monotonic() < give_up:
        if report_id := _attempt(box, port, body, key):
            return report_id
        time.sleep(0.05)
    return None


class _StackCpu:
    """CPU seconds of the stack's processes (this process's children, hello and wrk left out) between
    start and the last reading; read again just before a kill, so the killed process's share counts."""

    def __init__(self):
        self.start = self._read()
        self.last = dict(self.start)

    @staticmethod
    def _read() -> dict[int, tuple[str, float]]:
        pids = [p for p in procstat.descendants(os.getpid()) if not procstat.label(p).startswith(("hello", "wrk"))]
        return {pid: (procstat.label(pid), seconds) for pid, seconds in procstat.cpu_seconds(pids).items()}

    def read(self) -> None:
        self.last.update(self._read())

    def ms_per(self, count: int) -> dict[str, float]:
        per_process: dict[str, float] = {}
        for pid, (name, seconds) in self.last.items():
            spent = seconds - self.start.get(pid, (name, 0.0))[1]
            per_process[name] = per_process.get(name, 0.0) + spent
        count = max(count, 1)
        return {k: round(v * 1000 / count, 3) for k, v in sorted(per_process.items(), key=lambda kv: -kv[1]) if v > 0}


def _wrk_reports(port: int, *, seconds: float, connections: int, interval_ms: float = 0) -> dict:
    """wrk with tests/bench/reports.lua: acknowledged ids, retries, and the reports left unacknowledged
    when the time was up (still to be retried with their keys)."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as scratch:
        out = pathlib.Path(scratch) / "reports.txt"
        env = {
            **os.environ,
            "BENCH_WRK_RUN": uuid.uuid4().hex[:8],
            "BENCH_WRK_INTERVAL_MS": str(interval_ms),
            "BENCH_WRK_CONNECTIONS": str(connections),
            "BENCH_WRK_OUT": str(out),
        }
        command = ["wrk", f"-t{connections}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s"]
        command += ["-s", str(REPORTS_LUA), f"http://127.0.0.1:{port}"]
        subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        outcome = {"ids": [], "retries": 0, "refused": 0, "first_refusal": "", "unfinished": []}
        for line in out.read_text().splitlines():
            kind, _, rest = line.partition(" ")
            if kind == "ack":
                outcome["ids"].append(rest)
            elif kind == "retries":
                outcome["retries"] += int(rest)
            elif kind == "refused":
                count, _, text = rest.partition(" ")
                outcome["refused"] += int(count)
                outcome["first_refusal"] = outcome["first_refusal"] or text
            elif kind == "unfinished":
                key, _, body = rest.partition(" ")
                outcome["unfinished"].append((body.encode(), key))
    if outcome["refused"]:
        raise RuntimeError(f"{outcome['refused']} reports refused, the first: {outcome['first_refusal']}")
    return outcome


def _python_reports(port: int, *, seconds: float, connections: int) -> dict:
    """The fallback client: threads of http.client, the same retry and put-aside rules as reports.lua."""
    outcome = {"ids": [], "retries": 0, "unfinished": []}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(n: int):
        rng = random.Random(n)
        box = [http.client.HTTPConnection("127.0.0.1", port, timeout=10)]
        parked: list[tuple[float, bytes, str]] = []  # (next try, body, key)
        i = 0
        while time.monotonic() < stop_at:
            now = time.monotonic()
            due = next((p for p in parked if p[0] <= now), None)
            if due is not None:
                parked.remove(due)
                _, body, key = due
            else:
                i += 1
                body, key = _report(rng, f"intake {n}-{i}"), f"intake-{n}-{i}-{uuid.uuid4().hex[:6]}"
            report_id = _attempt(box, port, body, key)
            with lock:
                if report_id:
                    outcome["ids"].append(report_id)
                else:
                    outcome["retries"] += 1
            if not report_id:
                parked.append((time.monotonic() + 0.5, body, key))
        with lock:
            outcome["unfinished"] += [(body, key) for _, body, key in parked]

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcome


def _acknowledge_the_rest(port: int, unfinished: list[tuple[bytes, str]], give_up: float) -> list[str]:
    """After the window: the reports still unacknowledged, retried with their keys until answered."""
    box = [http.client.HTTPConnection("127.0.0.1", port, timeout=10)]
    ids = []
    for body, key in unfinished:
        if report_id := _post_until_acknowledged(box, port, body, key, give_up):
            ids.append(report_id)
    return ids


def intake(stack, *, seconds: float, connections: int = 32) -> dict:
    """Acknowledged reports per second of the window (the restart's pause included), and whether every
    acknowledged one survived the kill -9."""
    port = stack.gateway_port
    killed = threading.Event()
    cpu = _StackCpu()

    def crash_midway():
        time.sleep(seconds / 2)
        cpu.read()  # the CPU the doomed process spent so far
        stack.stop_service("disaster", sig=signal.SIGKILL)  # a crash, not a polite shutdown
        stack.start_service("disaster")
        killed.set()

    crasher = threading.Thread(target=crash_midway)
    crasher.start()
    client_before = _client_cpu_seconds()
    if shutil.which("wrk"):
        outcome = _wrk_reports(port, seconds=seconds, connections=connections)
    else:
        outcome = _python_reports(port, seconds=seconds, connections=connections)
    client_spent = _client_cpu_seconds() - client_before
    cpu.read()
    crasher.join()
    in_window = len(outcome["ids"])
    late = _acknowledge_the_rest(port, outcome["unfinished"], time.monotonic() + 90)
    ids = outcome["ids"] + late
    stored = _stored_report_ids(stack)
    return {
        "seconds": seconds,
        "load_generator": "wrk" if shutil.which("wrk") else "python client",
        "acknowledged_in_window": in_window,
        "acknowledged": len(ids),
        "reports_per_s": in_window / seconds,
        "missing_after_kill": len(set(ids) - stored),
        "duplicates": len(ids) - len(set(ids)),
        "retries": outcome["retries"],
        "never_acknowledged": len(outcome["unfinished"]) - len(late),
        "killed": killed.is_set(),
        # Over the window, per report acknowledged in it (the consumers' share may trail a little).
        "cpu_ms_per_report_by_process": cpu.ms_per(in_window),
        # The load generator's own: wrk (a reaped child) or this process's Python threads.
        "client_cpu_ms_per_report": round(client_spent * 1000 / max(in_window, 1), 3),
    }


def _client_cpu_seconds() -> float:
    """This process's CPU (the Python client's threads) plus its reaped children's (wrk)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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


def event_latency(stack, *, rate: float, seconds: float, senders: int = 24, through: str = "gateway") -> dict:
    """p50/p99 commit -> consumer at an offered `rate` of reports per second (open loop: each of the
    `senders` connections starts a report every senders / rate seconds, whether the last was late or not).
    through="service": the reports go straight to the disaster service over mTLS (direct_reports.py),
    for a rate the gateway cannot offer on this machine; the latency measured starts at the commit."""
    import datetime as dt

    import nats

    arrivals: dict[str, float] = {}  # report id (the event's subject) -> seconds from commit to here
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
    consumers_before = consumer_age.snapshot(stack)
    begin = time.monotonic()
    if through == "service":
        from tests.bench.direct_reports import paced_reports

        ours = paced_reports(stack, rate=rate, seconds=seconds)
    elif shutil.which("wrk"):
        interval_ms = senders / rate * 1000
        outcome = _wrk_reports(stack.gateway_port, seconds=seconds, connections=senders, interval_ms=interval_ms)
        ours = set(outcome["ids"])
    else:
        ours = _python_paced_reports(stack.gateway_port, rate=rate, seconds=seconds, senders=senders)
    elapsed = time.monotonic() - begin
    deadline = time.monotonic() + 30
    while len(ours - set(arrivals)) and time.monotonic() < deadline:
        time.sleep(0.1)
    done.set()
    listener.join(10)
    # The services' durable consumers ack after the bus delivered (their gather, fetch and transaction).
    settle_by = time.monotonic() + 15
    while True:
        consumers = consumer_age.window(consumers_before, consumer_age.snapshot(stack))
        if all(c["events"] >= len(ours) for c in consumers.values()) or time.monotonic() > settle_by:
            break
        time.sleep(0.2)
    ordered = sorted(seconds for report_id, seconds in arrivals.items() if report_id in ours)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")  # noqa: E731
    return {
        "offered_per_s": rate,
        "achieved_per_s": len(ours) / elapsed,
        "load_generator": "grpc, straight to the service"
        if through == "service"
        else ("wrk" if shutil.which("wrk") else "python client"),
        "through": through,
        "events_received": len(ordered),
        "events_sent": len(ours),
        "p50_ms": pick(0.50),
        "p99_ms": pick(0.99),
        "max_ms": ordered[-1] * 1000 if ordered else float("nan"),
        # Commit -> each durable consumer's ack, from its own histogram (bucket-interpolated).
        "consumers": consumers,
    }


def _python_paced_reports(port: int, *, rate: float, seconds: float, senders: int) -> set[str]:
    """The fallback: `senders` threads of http.client, each on its own schedule of senders / rate s."""
    run = uuid.uuid4().hex[:8]
    interval = senders / rate
    ours: set[str] = set()
    lock = threading.Lock()
    begin = time.monotonic()

    def sender(n: int):
        rng = random.Random(n)
        box = [http.client.HTTPConnection("127.0.0.1", port, timeout=10)]
        next_at = begin + n * interval / senders
        i = 0
        while next_at < begin + seconds:
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            i += 1
            body = _report(rng, f"latency {run} {n}-{i}")
            report_id = _post_until_acknowledged(box, port, body, f"latency-{run}-{n}-{i}", time.monotonic() + 10)
            if report_id:
                with lock:
                    ours.add(report_id)
            next_at += interval  # open loop: a late answer does not slow the schedule down

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return ours
