"""`make bench`: requests/s and p50/p99 latency through the gateway, against a bare Flask baseline.

Every figure comes from the same run on the same machine. Load comes from wrk when
it is installed, else from a bounded Python client; only 127.0.0.1 is targeted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from servicekit.testing import free_port, wait_for_port  # noqa: E402
from tests.e2e.stack import Stack  # noqa: E402
from tests.tracing.receiver import OtlpReceiver  # noqa: E402


def python_load(url: str, *, method: str, headers: dict, body: bytes | None, seconds: float, connections: int):
    """Closed-loop load: each connection sends its next request when the last one is answered."""
    parsed = urllib.parse.urlparse(url)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
        mine = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request(method, parsed.path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    if not latencies:
        return {"rps": 0.0, "p50_ms": float("nan"), "p99_ms": float("nan"), "errors": errors[0]}
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {"rps": len(latencies) / elapsed, "p50_ms": pick(0.50), "p99_ms": pick(0.99), "errors": errors[0]}


def _wrk_ms(text: str, label: str) -> float:
    match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def wrk_load(url: str, *, method: str, headers: dict, body: bytes | None, seconds: float, connections: int):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f"wrk.method = {json.dumps(method)}\n")
        for key, value in headers.items():
            script.write(f"wrk.headers[{json.dumps(key)}] = {json.dumps(value)}\n")
        if body:
            script.write(f"wrk.body = {json.dumps(body.decode())}\n")
        script.write(
            "function response(status, headers, body) if status >= 400 then errors = (errors or 0) + 1 end end\n"
        )
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "-s", script.name, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50_ms": _wrk_ms(output, "50"),
        "p99_ms": _wrk_ms(output, "99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "10")))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS", "16")))
    parser.add_argument("--python-client", action="store_true", help="use the Python client even if wrk exists")
    args = parser.parse_args()
    load = python_load if args.python_client or not shutil.which("wrk") else wrk_load
    print(
        f"load generator: {'wrk' if load is wrk_load else 'python client'}; {args.connections} connections, "
        f"{args.seconds:.0f} s per scenario; gateway: gunicorn gthread, "
        f"{os.environ.get('GATEWAY_WORKERS', '2')} workers x {os.environ.get('GATEWAY_THREADS', '16')} threads"
    )

    # Measured as run in production: metrics on, and traces exported over OTLP/HTTP to a collector
    # (here a receiver in this process), unless the caller points OTEL_* elsewhere.
    receiver = OtlpReceiver(keep=False).__enter__()
    if not any(k in os.environ for k in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_EXPORTER", "OTEL_SDK_DISABLED")):
        os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.endpoint
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="gorontalo-bench-"))
    stack = Stack(workdir)
    baseline_port = free_port()
    baseline = None
    try:
        stack.start()
        env = {**os.environ, "GATEWAY_BIND": f"127.0.0.1:{baseline_port}", "PYTHONPATH": str(ROOT)}
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        baseline = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:gorontalo_gateway.gunicorn_conf",
                "tests.bench.hello:create_app()",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(baseline_port)

        import csv

        import requests

        with (workdir / "var" / "demo-register.csv").open() as handle:
            resident = next(csv.DictReader(handle))  # the stack's seeded demo register
        nik = resident["nik"]
        requests.post(
            stack.url + "/v1/identity/citizens",
            json={
                "nik": nik,
                "full_name": resident["full_name"],
                "birth_date": resident["birth_date"],
                "phone": "081234560001",
                "password": "kata-sandi-aman",
            },
        ).raise_for_status()
        from tests.e2e.conftest import DevPhone

        code = DevPhone(workdir / "var" / "dev-outbox" / "messages.jsonl").code("+6281234560001")
        token = requests.post(stack.url + "/v1/identity/citizens:activate", json={"nik": nik, "code": code}).json()[
            "access_token"
        ]
        auth = {"Authorization": f"Bearer {token}"}
        report = json.dumps(
            {"hazard": "banjir", "latitude": 0.55, "longitude": 123.06, "description": "bench"}
        ).encode()
        scenarios = [
            (
                "baseline: bare Flask hello (same gunicorn config)",
                f"http://127.0.0.1:{baseline_port}/hello",
                "GET",
                {},
                None,
            ),
            ("authenticated read: GET /v1/me (token, gRPC, DB read)", stack.url + "/v1/me", "GET", auth, None),
            (
                "authenticated write: POST /v1/disaster/reports (transaction + outbox row)",
                stack.url + "/v1/disaster/reports",
                "POST",
                {**auth, "Content-Type": "application/json"},
                report,
            ),
        ]
        results = []
        for name, url, method, headers, body in scenarios:
            # Warm up connections, JWKS caches and SQLite pages before measuring.
            python_load(url, method=method, headers=headers, body=body, seconds=1, connections=4)
            results.append(
                (
                    name,
                    load(
                        url,
                        method=method,
                        headers=headers,
                        body=body,
                        seconds=args.seconds,
                        connections=args.connections,
                    ),
                )
            )
        base_rps = results[0][1]["rps"] or 1
        print(f"\n{'scenario':78} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'x baseline':>10} {'errors':>6}")
        for name, r in results:
            print(
                f"{name:78} {r['rps']:9.1f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
                f"{r['rps'] / base_rps:10.2f} {r['errors']:6d}"
            )
        print(f"\ntraces: {receiver.span_count} spans received over OTLP/HTTP during the run")
        return 0
    finally:
        if baseline:
            baseline.terminate()
            baseline.wait(10)
        stack.stop()
        receiver.__exit__(None, None, None)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
