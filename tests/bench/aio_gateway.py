"""The asyncio gateway design, measured on a prototype beside the real gateway in one run (issue 20).

`python tests/bench/aio_gateway.py [--seconds 10] [--rounds 2]` starts the bare Flask hello (the
ratios' baseline, as in make bench), a stack as `make run` ships it (SQLite, the services forked by
the launcher) and tests/bench/aio_gateway_app.py under uvicorn (uvloop, httptools; as many worker
processes as the gateway has), given the gateway's certificate and the services' addresses. Then, in
rounds so that the machine's drift touches each alike: the hello, GET /v1/me and POST
/v1/disaster/reports through the real gateway and through the prototype, with wrk and every
process's CPU per request. The services answering are the same processes for both.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import types
import uuid

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from servicekit.testing import free_port, wait_for_port  # noqa: E402
from tests.bench import procstat  # noqa: E402
from tests.bench.load import python_load, wrk_load  # noqa: E402
from tests.bench.run import measure, sign_up_citizen, start_hello  # noqa: E402
from tests.e2e.stack import running_stack  # noqa: E402

REPORT = json.dumps({"hazard": "banjir", "latitude": 0.55, "longitude": 123.06, "description": "bench"}).encode()


def _start(stack, log_name: str, command: list[str], env: dict, port: int) -> subprocess.Popen:
    """A process beside the stack, its output in the stack's logs, once it listens on `port`."""
    log = open(stack.logs / f"{log_name}.log", "w")  # noqa: SIM115 - the process's lifetime
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    wait_for_port(port, timeout=60)
    return process


def _with_addresses(env: dict, addresses: dict[str, str], scheme: str = "") -> dict:
    """`addresses`: service -> "host:port,host:port", a service spread over several processes."""
    return {**env, **{f"{service.upper()}_ADDR": scheme + addr for service, addr in addresses.items()}}


def start_second(stack, service: str) -> tuple[subprocess.Popen, str]:
    """Another process of `service` on the same database and NATS: the service spread over both cores
    (its consumers share their durable, its outbox relay and jobs take leases, as replicas do)."""
    grpc_port, metrics_port = free_port(), free_port()
    prefix = service.upper()
    env = {**stack.env(), f"{prefix}_ADDR": f"127.0.0.1:{grpc_port}", f"{prefix}_METRICS_PORT": str(metrics_port)}
    process = _start(stack, f"{service}-2", [str(BIN / f"gorontalo-{service}"), "serve"], env, grpc_port)
    return process, f"{stack.env()[prefix + '_ADDR']},127.0.0.1:{grpc_port}"


def start_gateway(stack, **addresses: str) -> tuple[subprocess.Popen, str]:
    """Another real gateway (gunicorn, as make run starts it) whose channels reach `addresses`
    (called round-robin: CHANNEL_OPTIONS)."""
    port, metrics_port = free_port(), free_port()
    env = {**stack.env(), "GATEWAY_BIND": f"127.0.0.1:{port}", "GATEWAY_METRICS_PORT": str(metrics_port)}
    env["PROMETHEUS_MULTIPROC_DIR"] = str(stack.workdir / "var" / "prometheus-gateway-2")
    process = _start(
        stack, "gateway-2", [str(BIN / "gorontalo-gateway")], _with_addresses(env, addresses, "ipv4:"), port
    )
    return process, f"http://127.0.0.1:{port}"


def start_prototype(stack, workers: int, log_name: str, **addresses: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", "tests.bench.aio_gateway_app:create_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning"]
    env = _with_addresses({**stack.env(), "PYTHONPATH": str(ROOT)}, addresses)
    return _start(stack, log_name, command, env, port), f"http://127.0.0.1:{port}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    os.environ["DISASTER_CLIENT_REPORTS_PER_MINUTE"] = "0"
    os.environ["STACK_GATEWAY_THREADS"] = os.environ.get("GATEWAY_THREADS", "16")
    workers = int(os.environ.get("GATEWAY_WORKERS", "2"))
    load_args = types.SimpleNamespace(seconds=args.seconds, connections=args.connections)
    hello, hello_url = start_hello()
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="gorontalo-aio-bench-"))
    results: dict[str, list[dict]] = {}
    try:
        with running_stack(workdir, (), launcher=True) as stack:
            prototype, prototype_url = start_prototype(stack, workers, "aio-prototype")
            identity_2, identity_both = start_second(stack, "identity")
            disaster_2, disaster_both = start_second(stack, "disaster")
            spread, spread_url = start_prototype(
                stack, workers, "aio-prototype-spread", identity=identity_both, disaster=disaster_both
            )
            gateway_2, gateway_2_url = start_gateway(stack, identity=identity_both, disaster=disaster_both)
            try:
                hello_family = {hello.pid, *procstat.descendants(hello.pid)}
                stack_pids = lambda: [p for p in procstat.descendants(os.getpid()) if p not in hello_family]  # noqa: E731
                auth = sign_up_citizen(stack)
                post_headers = {**auth, "Content-Type": "application/json"}
                # The prototype answers as the gateway does (same account, same fields).
                mine = python_load(
                    prototype_url + "/v1/me", method="GET", headers=auth, body=None, seconds=0.5, connections=1
                )
                assert mine["errors"] == 0, mine
                for _ in range(args.rounds):
                    runs = {
                        "hello": (hello_url, "GET", {}, None, lambda: list(hello_family)),
                        "GET /v1/me, gateway (gunicorn gthread)": (stack.url + "/v1/me", "GET", auth, None, stack_pids),
                        "GET /v1/me, asyncio prototype": (prototype_url + "/v1/me", "GET", auth, None, stack_pids),
                        "GET /v1/me, gateway (gunicorn gthread), two identity processes": (
                            gateway_2_url + "/v1/me",
                            "GET",
                            auth,
                            None,
                            stack_pids,
                        ),
                        "GET /v1/me, asyncio prototype, two identity processes": (
                            spread_url + "/v1/me",
                            "GET",
                            auth,
                            None,
                            stack_pids,
                        ),
                        "POST /v1/disaster/reports, gateway (gunicorn gthread)": (
                            stack.url + "/v1/disaster/reports",
                            "POST",
                            post_headers,
                            REPORT,
                            stack_pids,
                        ),
                        "POST /v1/disaster/reports, asyncio prototype": (
                            prototype_url + "/v1/disaster/reports",
                            "POST",
                            post_headers,
                            REPORT,
                            stack_pids,
                        ),
                        "POST /v1/disaster/reports, asyncio prototype, two disaster processes": (
                            spread_url + "/v1/disaster/reports",
                            "POST",
                            post_headers,
                            REPORT,
                            stack_pids,
                        ),
                    }
                    for name, (url, method, headers, body, pids) in runs.items():
                        results.setdefault(name, []).append(
                            measure(wrk_load, url, method, headers, body, load_args, pids)
                        )
            finally:
                for process in (prototype, spread, gateway_2, identity_2, disaster_2):
                    process.terminate()
                    process.wait(10)
    finally:
        hello.terminate()
        hello.wait(10)
    print(f"{'scenario':58} {'req/s':>7} {'x hello':>8} {'CPU ms/req':>10}  by process")
    for name, runs in results.items():
        for index, result in enumerate(runs):
            ratio = result["rps"] / results["hello"][index]["rps"]
            top = ", ".join(f"{k} {v:.2f}" for k, v in list(result["cpu_ms_per_request_by_process"].items())[:4])
            print(f"{name:58} {result['rps']:7.0f} {ratio:8.3f} {result['cpu_ms_per_request']:10.3f}  {top}")
    out = ROOT / "var" / "bench-aio.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "git": subprocess.run(
                    ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
                ).stdout.strip(),
                "results": results,
                "run": uuid.uuid4().hex,
            },
            indent=2,
        )
    )
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
