"""Live alert stream benchmark (issue 7): 1,000 SSE clients on one stream server, ordinary requests alongside.

Run by hand: `.venv/bin/python tests/bench/streams.py [--clients 1000 --alerts 10 --seconds 10]`.
Starts its own nats-server, the permits service, the gunicorn gateway (GATEWAY_SERVICES=permits) and
the stream server, then in one run:
  1. ordinary load on the gateway with no stream open (baseline);
  2. opens the SSE clients (a separate asyncio process) and publishes alerts once a second on JetStream,
     measuring delivery latency to every client: first with nothing else running, then while the same
     ordinary load runs again;
and prints both load figures, the delivery latency of both rounds (p50/p99/max over every client x
alert), the deliveries checked against the region rule, and the stream server's RSS and CPU time.
Figures, not assertions: everything shares this machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from servicekit.testing import NatsServer, free_port, wait_for_port  # noqa: E402

BIN = pathlib.Path(sys.executable).parent
# Regions the clients subscribe to: regencies, districts and villages across the province.
REGIONS = [
    "75",
    "75.01",
    "75.02",
    "75.03",
    "75.04",
    "75.05",
    "75.71",
    "75.03.01",
    "75.03.01.2004",
    "75.71.01",
    "75.04.01",
]
# Alerts alternate between a province-wide one (every client) and local ones (some clients).
ALERT_AREAS = [["75"], ["75.03.01"], ["75"], ["75.71"], ["75"], ["75.04", "75.05"]]


def raise_open_files_limit(needed: int) -> tuple[int, int]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(needed, soft)), hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# -- the client process: N streams on one loop, then alerts ---------------------------------------------
async def run_clients(streams_url: str, nats_url: str, clients: int, alerts: int) -> dict:
    import nats

    from gorontalo_gateway.streams.alerts import affects
    from gorontalo_gateway.streams.client import open_stream
    from servicekit.messaging import make_cloudevent

    random.seed(7)
    regions = [REGIONS[i % len(REGIONS)] for i in range(clients)]
    received: list[list[tuple[str, float]]] = [[] for _ in range(clients)]
    gate = asyncio.Semaphore(100)  # connect in waves: the listen backlog is finite
    streams = [None] * clients
    errors: list[str] = []

    async def connect(i: int):
        async with gate:
            for attempt in range(3):
                try:
                    streams[i] = await open_stream(f"{streams_url}/v1/disaster/alerts/stream?region={regions[i]}")
                    return
                except Exception as e:  # noqa: BLE001 - counted and reported
                    if attempt == 2:
                        errors.append(f"{type(e).__name__}: {e}")
                    await asyncio.sleep(0.2)

    started = time.perf_counter()
    await asyncio.gather(*(connect(i) for i in range(clients)))
    connect_seconds = time.perf_counter() - started
    connected = sum(1 for s in streams if s is not None)

    async def listen(i: int):
        stream = streams[i]
        try:
            while True:
                event = await stream.next_event()
                arrived = time.time()
                data = json.loads(event.data)
                received[i].append((data["alert_id"], arrived - data["bench_sent_at"]))
        except (EOFError, ConnectionError, asyncio.CancelledError):
            return

    listeners = [asyncio.create_task(listen(i)) for i in range(clients) if streams[i] is not None]
    print(json.dumps({"ready": connected, "connect_seconds": connect_seconds, "errors": errors[:5]}), flush=True)
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    loop = asyncio.get_running_loop()

    async def round_of_alerts() -> dict:
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        published = []
        for n in range(alerts):
            codes = ALERT_AREAS[n % len(ALERT_AREAS)]
            alert_id = uuid.uuid4().hex
            data = {
                "alert_id": alert_id,
                "msg_type": "Alert",
                "status": "Exercise",
                "hazard": "banjir",
                "headline": {"id": "Latihan", "en": "Exercise"},
                "region_codes": codes,
                "source": "bpbd",
                "cap_url": f"/v1/disaster/alerts/{alert_id}.cap.xml",
                "bench_sent_at": time.time(),
            }
            envelope = make_cloudevent(source="/bench", type_="gorontalo.disaster.alert.issued", data=data)
            await js.publish(
                "gorontalo.disaster.alert.issued",
                json.dumps(envelope).encode(),
                headers={"Nats-Msg-Id": envelope["id"]},
            )
            published.append((alert_id, codes))
            await asyncio.sleep(1.0)
        await asyncio.sleep(2.0)  # the last alert's stragglers
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        ids = {alert_id for alert_id, _ in published}
        expected = {
            (i, alert_id)
            for i in range(clients)
            if streams[i] is not None
            for alert_id, codes in published
            if affects(codes, regions[i])
        }
        mine = [[(a, latency) for a, latency in per_client if a in ids] for per_client in received]
        got = {(i, alert_id) for i in range(clients) for alert_id, _ in mine[i]}
        latencies = [latency for per_client in mine for _, latency in per_client]
        return {
            "alerts": alerts,
            "expected_deliveries": len(expected),
            "delivered": len(got & expected),
            "wrong_region_deliveries": len(got - expected),
            "duplicates": sum(len(r) for r in mine) - len(got),
            "client_cpu_seconds": (cpu_after.ru_utime + cpu_after.ru_stime)
            - (cpu_before.ru_utime + cpu_before.ru_stime),
            "latency_ms": {
                "p50": percentile(latencies, 0.50) * 1000,
                "p99": percentile(latencies, 0.99) * 1000,
                "max": max(latencies) * 1000 if latencies else float("nan"),
            },
        }

    rounds = []
    for _ in range(2):  # quiet, then under the ordinary load: the orchestrator says when
        await loop.run_in_executor(None, sys.stdin.readline)
        rounds.append(await round_of_alerts())
        print(json.dumps({"round": rounds[-1]}), flush=True)
    await nc.close()
    for task in listeners:
        task.cancel()
    for stream in streams:
        if stream is not None:
            stream.close()
    return {"connected": connected}


def client_main(args) -> int:
    raise_open_files_limit(args.clients + 256)
    asyncio.run(run_clients(args.streams_url, args.nats_url, args.clients, args.alerts))
    return 0


# -- the orchestrating process ---------------------------------------------------------------------
def process_usage(pid: int) -> dict:
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    rss_kib = int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])
    threads = int(next(line for line in status.splitlines() if line.startswith("Threads:")).split()[1])
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return {"rss_mib": rss_kib / 1024, "cpu_seconds": (int(fields[11]) + int(fields[12])) / ticks, "threads": threads}


def metric(url: str, name: str) -> float | None:
    import requests

    for line in requests.get(url + "/metrics", timeout=5).text.splitlines():
        if line.startswith(name + " ") or (line.startswith(name) and "{" in name):
            return float(line.rsplit(" ", 1)[1])
    return None


def wait_http(url: str, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} not ready")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--alerts", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10, help="ordinary load per phase")
    parser.add_argument("--connections", type=int, default=16, help="concurrent ordinary HTTP clients")
    parser.add_argument("--path", default="/v1/permits/types", help="ordinary request (GET) to load")
    parser.add_argument("--streams-loop", default="auto", help="uvicorn loop of the stream server")
    parser.add_argument("--streams-http", default="auto", help="uvicorn HTTP parser of the stream server")
    parser.add_argument("--client-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--streams-url", help=argparse.SUPPRESS)
    parser.add_argument("--nats-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client_process:
        return client_main(args)

    from tests.bench.run import python_load

    limits = raise_open_files_limit(args.clients + 256)
    print(
        f"machine: {os.cpu_count()} CPUs; open files limit {limits[0]} (hard {limits[1]}); "
        f"{args.clients} stream clients, {args.alerts} alerts 1 s apart; ordinary load: GET {args.path}, "
        f"{args.connections} connections, {args.seconds:.0f} s per phase (python client)"
    )
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="gorontalo-bench-streams-"))
    processes: dict[str, subprocess.Popen] = {}
    nats_server = NatsServer(store_dir=str(workdir / "nats"))
    try:
        nats_server.start()
        permits_port, permits_metrics, gateway_port, streams_port = (free_port() for _ in range(4))
        gateway_metrics, streams_metrics = free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR" and not k.endswith("_ADDR")}
        env.update(
            {
                "VAR_DIR": str(workdir / "var"),
                "NATS_URL": nats_server.url,
                "LOG_LEVEL": "WARNING",
                "PERMITS_ADDR": f"127.0.0.1:{permits_port}",
                "PERMITS_METRICS_PORT": str(permits_metrics),
                "GATEWAY_SERVICES": "permits",
                "GATEWAY_BIND": f"127.0.0.1:{gateway_port}",
                "GATEWAY_STREAMS_BIND": f"127.0.0.1:{streams_port}",
                "GATEWAY_STREAMS_URL": f"http://127.0.0.1:{streams_port}",
                "GATEWAY_METRICS_PORT": str(gateway_metrics),
                "GATEWAY_STREAMS_METRICS_PORT": str(streams_metrics),
                "GATEWAY_STREAMS_LOOP": args.streams_loop,
                "GATEWAY_STREAMS_HTTP": args.streams_http,
            }
        )
        logs = workdir / "logs"
        logs.mkdir()

        def spawn(name, argv):
            processes[name] = subprocess.Popen(
                argv,
                env=env,
                cwd=workdir,
                stdout=open(logs / f"{name}.log", "wb"),
                stderr=subprocess.STDOUT,
                preexec_fn=lambda: raise_open_files_limit(args.clients + 256),
            )

        spawn("permits", [str(BIN / "gorontalo-permits"), "serve"])
        wait_for_port(permits_port, timeout=60)
        spawn("streams", [str(BIN / "gorontalo-gateway"), "streams"])
        spawn("gateway", [str(BIN / "gorontalo-gateway")])
        gateway, streams = f"http://127.0.0.1:{gateway_port}", f"http://127.0.0.1:{streams_port}"
        wait_http(gateway + "/readyz")
        wait_http(streams + "/readyz")
        target = gateway + args.path

        python_load(target, method="GET", headers={}, body=None, seconds=1, connections=4)  # warm up
        baseline = python_load(
            target, method="GET", headers={}, body=None, seconds=args.seconds, connections=args.connections
        )
        idle_usage = process_usage(processes["streams"].pid)

        client = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--client-process",
                "--clients",
                str(args.clients),
                "--alerts",
                str(args.alerts),
                "--streams-url",
                streams,
                "--nats-url",
                nats_server.url,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        ready = json.loads(client.stdout.readline())
        streams_metrics_url = f"http://127.0.0.1:{streams_metrics}"  # /metrics is not on the stream port
        connected_gauge = metric(streams_metrics_url, "gorontalo_stream_clients")
        open_usage = process_usage(processes["streams"].pid)

        def alert_round():
            client.stdin.write("go\n")
            client.stdin.flush()
            return json.loads(client.stdout.readline())["round"]

        quiet = alert_round()
        quiet_usage = process_usage(processes["streams"].pid)
        client.stdin.write("go\n")
        client.stdin.flush()
        loaded = python_load(
            target, method="GET", headers={}, body=None, seconds=args.seconds, connections=args.connections
        )
        under_load = json.loads(client.stdout.readline())["round"]
        client.wait(30)
        final_usage = process_usage(processes["streams"].pid)
        sent = metric(streams_metrics_url, 'gorontalo_stream_events_sent_total{event="alert.issued"}') or 0.0

        print(f"\nstream server: uvicorn loop={args.streams_loop} http={args.streams_http}")
        print(
            f"stream clients connected: {ready['ready']} of {args.clients} in {ready['connect_seconds']:.2f} s "
            f"(gauge gorontalo_stream_clients = {connected_gauge:.0f}); connect errors: {ready['errors'] or 'none'}"
        )
        print(f"gorontalo_stream_events_sent_total at the end: {sent:.0f}")
        for name, result, before, after in (
            ("quiet (no other load)", quiet, open_usage, quiet_usage),
            ("during the ordinary load", under_load, quiet_usage, final_usage),
        ):
            lat = result["latency_ms"]
            print(
                f"\nalerts {name}: {result['alerts']} alerts; deliveries {result['delivered']} of "
                f"{result['expected_deliveries']} expected by the region rule; to unaffected clients: "
                f"{result['wrong_region_deliveries']}; duplicates: {result['duplicates']}"
            )
            print(
                f"  delivery latency publish -> client, every client x alert: p50 {lat['p50']:.1f} ms, "
                f"p99 {lat['p99']:.1f} ms, max {lat['max']:.1f} ms"
            )
            print(
                f"  CPU meanwhile: stream server {after['cpu_seconds'] - before['cpu_seconds']:.2f} s, "
                f"the Python client process reading all streams {result['client_cpu_seconds']:.2f} s"
            )
        print(f"\n{'ordinary requests GET ' + args.path:52} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
        for name, r in (
            ("no stream open (baseline)", baseline),
            (f"{ready['ready']} streams open, alerts flowing", loaded),
        ):
            print(f"{name:52} {r['rps']:9.1f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} {r['errors']:6d}")
        print("\nstream server process:")
        for name, usage in (
            ("idle, no client", idle_usage),
            (f"{ready['ready']} clients connected", open_usage),
            ("after both alert rounds", final_usage),
        ):
            print(
                f"  {name:28} RSS {usage['rss_mib']:7.1f} MiB   CPU time {usage['cpu_seconds']:6.2f} s   "
                f"threads {usage['threads']}"
            )
        return 0
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        nats_server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
