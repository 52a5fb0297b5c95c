"""Live alert stream benchmark (issue 7, issue 20): thousands of SSE clients on the stack's stream server.

`make bench` runs it after tests/bench/run.py; by hand:
`.venv/bin/python tests/bench/streams.py [--clients 5000,10000 --alerts 10 --seconds 10]`.

Starts the stack as `make run` does (tests/e2e/stack.py, SQLite: NATS, the services, the gunicorn
gateway, the stream server, the web app), measures the ordinary load (GET --path through the gateway,
wrk when installed) with no stream open, then for each client count:
  1. opens the streams from --client-processes processes (tests/bench/streams_clients.py), regions
     spread over the province;
  2. publishes --alerts alerts 1 s apart on JetStream as svc-disaster's relay does (province-wide and
     local ones) with nothing else running, then again while the ordinary load runs;
  3. prints per round: clients connected, delivery latency publish -> client p50/p99/max over every
     client x alert, the deliveries checked against the region rule (missing, wrong region, duplicates),
     the ordinary load's req/s with and without the streams open, and the stream server's RSS/PSS and CPU.
The figures are merged into var/bench.json (BENCH_OUTPUT) under "streams", next to run.py's, so that
two runs compare. Figures, not assertions: everything shares this machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from tests.bench import procstat  # noqa: E402
from tests.bench.load import python_load, wrk_load  # noqa: E402
from tests.e2e.stack import running_stack  # noqa: E402

# Regions the clients subscribe to: the province, regencies, districts and villages.
REGIONS = ["75", "75.01", "75.02", "75.03", "75.04", "75.05", "75.71", "75.03.01", "75.03.01.2004", "75.71.01"]
# Alerts alternate between a province-wide one (every client) and local ones (some clients).
ALERT_AREAS = [["75"], ["75.03.01"], ["75"], ["75.71"], ["75"], ["75.04", "75.05"]]
STREAM_PATH = "/v1/disaster/alerts/stream"


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def server_usage(pid: int) -> dict:
    """The stream server's RSS, PSS (MB) and CPU seconds so far."""
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    rss_kib = int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])
    cpu = procstat.cpu_seconds([pid]).get(pid, 0.0)
    return {"rss_mb": round(rss_kib / 1024, 1), "pss_mb": round(procstat.pss_mb(pid) or 0, 1), "cpu_seconds": cpu}


def gauge(metrics_url: str, name: str) -> float | None:
    for line in requests.get(metrics_url + "/metrics", timeout=10).text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return None


class Clients:
    """`count` streams spread over `processes` client processes."""

    def __init__(self, streams_url: str, count: int, processes: int):
        regions = [REGIONS[i % len(REGIONS)] for i in range(count)]
        share = -(-count // processes)
        self.processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    str(ROOT / "tests/bench/streams_clients.py"),
                    streams_url + STREAM_PATH,
                    ",".join(part),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            for part in (regions[i : i + share] for i in range(0, count, share))
        ]
        self.cpu_seconds = 0.0

    def wait_ready(self) -> dict:
        answers = [json.loads(p.stdout.readline()) for p in self.processes]
        return {
            "connected": sum(a["ready"] for a in answers),
            "connect_seconds": round(max(a["connect_seconds"] for a in answers), 2),
            "errors": [e for a in answers for e in a["errors"]][:5],
        }

    def collect(self, published: list) -> dict:
        for p in self.processes:
            p.stdin.write(json.dumps({"collect": published}) + "\n")
            p.stdin.flush()
        answers = [json.loads(p.stdout.readline()) for p in self.processes]
        cpu = sum(a["cpu_seconds"] for a in answers)
        merged = {"client_cpu_seconds": round(cpu - self.cpu_seconds, 2)}
        self.cpu_seconds = cpu
        rounds = [a["round"] for a in answers]
        for key in ("expected_deliveries", "delivered", "wrong_region_deliveries", "duplicates", "disconnected"):
            merged[key] = sum(r[key] for r in rounds)
        latencies = [x for r in rounds for x in r["latencies_ms"]]
        merged["latency_ms"] = {
            "p50": percentile(latencies, 0.50),
            "p99": percentile(latencies, 0.99),
            "max": max(latencies) if latencies else None,
        }
        return merged

    def close(self) -> None:
        for p in self.processes:
            try:
                p.stdin.write('{"quit": true}\n')
                p.stdin.flush()
            except OSError:
                pass
        for p in self.processes:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()


async def publish_alerts(nats_url: str, count: int) -> list:
    """`count` alerts 1 s apart, in the contract's envelope; `sent` is the publish time (the latency's start)."""
    import nats

    from servicekit.messaging import make_cloudevent

    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    published = []
    try:
        for n in range(count):
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
                "sent": dt.datetime.now(dt.UTC).isoformat(),
            }
            subject = "gorontalo.disaster.alert.issued"
            envelope = make_cloudevent(source="/bench", type_=subject, data=data)
            await js.publish(subject, json.dumps(envelope).encode(), headers={"Nats-Msg-Id": envelope["id"]})
            published.append((alert_id, codes))
            await asyncio.sleep(1.0)
        await asyncio.sleep(2.0)  # the last alert's stragglers
    finally:
        await nc.close()
    return published


def alert_round(stack, clients: Clients, alerts: int, load=None) -> tuple[dict, dict | None]:
    """Alerts (and the ordinary load alongside when given); the stream server's CPU meanwhile."""
    pid = stack.processes["streams"].pid
    before = server_usage(pid)
    box: dict = {}
    publisher = threading.Thread(
        target=lambda: box.update(published=asyncio.run(publish_alerts(stack.nats.url, alerts)))
    )
    publisher.start()
    loaded = load() if load else None
    publisher.join()
    result = clients.collect(box["published"])
    after = server_usage(pid)
    result["alerts"] = alerts
    result["server_cpu_seconds"] = round(after["cpu_seconds"] - before["cpu_seconds"], 2)
    result["server_after"] = after
    return result, loaded


def run_count(stack, count: int, args, ordinary) -> dict:
    pid = stack.processes["streams"].pid
    idle = server_usage(pid)
    clients = Clients(stack.streams_url, count, max(1, min(args.client_processes, count)))
    try:
        ready = clients.wait_ready()
        opened = server_usage(pid)
        ready["gauge"] = gauge(stack.streams_metrics_url, "gorontalo_stream_clients")
        ready["server_cpu_seconds_to_connect"] = round(opened["cpu_seconds"] - idle["cpu_seconds"], 2)
        quiet, _ = alert_round(stack, clients, args.alerts)
        under_load, loaded = alert_round(stack, clients, args.alerts, ordinary)
    finally:
        clients.close()
    dropped = gauge(stack.streams_metrics_url, 'gorontalo_stream_clients_dropped_total{reason="slow"}')
    deadline = time.monotonic() + 30
    while (gauge(stack.streams_metrics_url, "gorontalo_stream_clients") or 0) > 0 and time.monotonic() < deadline:
        time.sleep(0.5)
    return {
        "clients": count,
        "open": ready,
        "server_idle": idle,
        "server_with_clients": opened,
        "quiet": quiet,
        "under_load": under_load,
        "ordinary_load_with_streams": loaded,
        "slow_clients_dropped_total": dropped,
    }


def print_count(figures: dict, baseline: dict) -> None:
    ready = figures["open"]
    print(
        f"\n== {figures['clients']} stream clients: {ready['connected']} connected in {ready['connect_seconds']} s "
        f"(gauge {ready['gauge']:.0f}; errors {ready['errors'] or 'none'}; slow clients dropped so far "
        f"{figures['slow_clients_dropped_total']:.0f})"
    )
    for name in ("quiet", "under_load"):
        r, lat = figures[name], figures[name]["latency_ms"]
        fmt = lambda v: "n/a" if v is None else f"{v:.0f}"  # noqa: E731
        print(
            f"  {name:10} delivery p50 {fmt(lat['p50'])} ms, p99 {fmt(lat['p99'])} ms, max {fmt(lat['max'])} ms; "
            f"delivered {r['delivered']} of {r['expected_deliveries']} (region rule), wrong region "
            f"{r['wrong_region_deliveries']}, duplicates {r['duplicates']}, disconnected {r['disconnected']}; "
            f"CPU: stream server {r['server_cpu_seconds']:.2f} s, clients {r['client_cpu_seconds']:.2f} s"
        )
    loaded = figures["ordinary_load_with_streams"]
    print(
        f"  ordinary load: {baseline['rps']:.0f} req/s (p99 {baseline['p99_ms']:.1f} ms) without streams, "
        f"{loaded['rps']:.0f} req/s (p99 {loaded['p99_ms']:.1f} ms, {loaded['errors']} errors) with them open "
        f"and alerts flowing"
    )
    for name, usage in (
        ("idle", figures["server_idle"]),
        ("streams open", figures["server_with_clients"]),
        ("after the rounds", figures["under_load"]["server_after"]),
    ):
        print(f"  stream server {name:17} RSS {usage['rss_mb']:6.1f} MB  PSS {usage['pss_mb']:6.1f} MB")


def merge_into(output: pathlib.Path, streams: dict) -> None:
    """run.py writes the file first; the streams figures go under their own key."""
    report = json.loads(output.read_text()) if output.exists() else {}
    report["streams"] = streams
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, default=str))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--clients", default=os.environ.get("BENCH_STREAM_CLIENTS", "5000,10000"), help="counts, comma-separated"
    )
    parser.add_argument("--alerts", type=int, default=10, help="alerts per round, 1 s apart")
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "10")), help="ordinary load"
    )
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS", "16")))
    parser.add_argument("--path", default="/v1/public/complaints", help="ordinary request (GET) through the gateway")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--python-client", action="store_true", help="ordinary load from Python even if wrk exists")
    parser.add_argument("--output", default=os.environ.get("BENCH_OUTPUT", str(ROOT / "var" / "bench.json")))
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",") if c.strip()]
    load = python_load if args.python_client or not shutil.which("wrk") else wrk_load
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # inherited by the stack and the clients
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; open files limit {hard}; "
        f"stream clients {counts} from {args.client_processes} processes; {args.alerts} alerts 1 s apart per round; "
        f"ordinary load GET {args.path}, {args.connections} connections, {args.seconds:.0f} s "
        f"({'wrk' if load is wrk_load else 'python client'})"
    )
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="gorontalo-bench-streams-"))
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "load_average_at_start": os.getloadavg(),
        "alerts_per_round": args.alerts,
        "client_processes": args.client_processes,
        "ordinary_path": args.path,
        "rounds": [],
    }
    try:
        with running_stack(workdir, ()) as stack:
            target = stack.url + args.path
            ordinary = lambda: load(  # noqa: E731
                target, method="GET", headers={}, body=None, seconds=args.seconds, connections=args.connections
            )
            python_load(target, method="GET", headers={}, body=None, seconds=1, connections=4)  # warm up
            report["ordinary_load_without_streams"] = baseline = ordinary()
            for count in counts:
                figures = run_count(stack, count, args, ordinary)
                report["rounds"].append(figures)
                print_count(figures, baseline)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for figures in report["rounds"]:
        for name in ("quiet", "under_load"):
            figures[name].pop("latencies_ms", None)
    merge_into(pathlib.Path(args.output), report)
    print(f'\nmerged into {args.output} under "streams"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
