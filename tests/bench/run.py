"""`make bench`: what a request costs through the gateway, against a bare Flask hello in the same run.

For each backend (SQLite, as `make run` ships; then PostgreSQL on scratch databases at 127.0.0.1:5432)
a whole stack is started as `make run` starts it (mutual TLS on every gRPC hop, tracing, token
revocation, rate limits; see tests/e2e/stack.py), and the scenarios run one after the other:
requests/s, p50/p99, the ratio to hello, and CPU milliseconds per request summed over every process of
the stack (from /proc/<pid>/stat before and after: a figure a busy machine disturbs far less than
requests/s). Then, on SQLite: the disaster intake (BENCH_INTAKE_SECONDS, default 60, with a kill -9 of
the disaster service half-way and a count of acknowledged reports missing afterwards), event latency
commit -> consumer at BENCH_EVENT_RATE (500/s), idle memory (PSS) per process and this harness's start-up.
Before any of it, `make run` itself is timed to ready (tests/bench/startup.py; BENCH_STARTUP_RUNS runs,
default 3: the first on an empty VAR_DIR, the others as an installed checkout, the issue's case).
Everything is printed as a table and written to var/bench.json (BENCH_OUTPUT) for comparing runs.

Load comes from wrk when installed, else from a bounded Python client (this process, whose own CPU is
not counted). Only 127.0.0.1 is targeted. Rate limits are raised for the benchmark only through their
documented settings (DISASTER_CLIENT_REPORTS_PER_MINUTE=0 for the intake's single client address).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from servicekit.testing import free_port, wait_for_port  # noqa: E402
from tests.bench import intake, procstat, startup  # noqa: E402
from tests.bench.load import python_load, wrk_load  # noqa: E402
from tests.e2e.stack import SERVICES, running_stack  # noqa: E402
from tests.e2e.wire import wire_bytes  # noqa: E402

KOTA_VILLAGE = "75.71.01.1001"
# Issue 20's memory limit counts these (procstat.label names); the web app, inbox, tourism and assist
# came later and are held to the per-process limit only.
ISSUE_MEMORY_SET = {
    *("identity", "permits", "tax", "complaints", "disaster"),
    *("gateway master", "gateway worker", "gateway streams", "nats-server", "services launcher"),
}


def start_hello() -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "GATEWAY_BIND": f"127.0.0.1:{port}", "PYTHONPATH": str(ROOT)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    process = subprocess.Popen(
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
    wait_for_port(port)
    return process, f"http://127.0.0.1:{port}/hello"


def complaints_model() -> str:
    """The category model `make run` builds before it starts (Makefile: model); trained here once when
    missing, so the stack starts as `make run` does and not training at start."""
    path = ROOT / "var" / "complaints-category-model.joblib"
    if not path.exists():
        subprocess.run(
            [str(pathlib.Path(sys.executable).parent / "gorontalo-complaints"), "train-model", "--output", str(path)],
            check=True,
            capture_output=True,
        )
    return str(path)


def sign_up_citizen(stack) -> dict:
    """An activated citizen of the stack's demo register; the Authorization header."""
    from tests.e2e.conftest import DevPhone

    with (stack.workdir / "var" / "demo-register.csv").open() as handle:
        resident = next(csv.DictReader(handle))
    requests.post(
        stack.url + "/v1/identity/citizens",
        json={
            "nik": resident["nik"],
            "full_name": resident["full_name"],
            "birth_date": resident["birth_date"],
            "phone": "081234560001",
            "password": "kata-sandi-aman",
        },
    ).raise_for_status()
    code = DevPhone(stack.workdir / "var" / "dev-outbox" / "messages.jsonl").code("+6281234560001")
    activated = requests.post(stack.url + "/v1/identity/citizens:activate", json={"nik": resident["nik"], "code": code})
    activated.raise_for_status()
    return {"Authorization": f"Bearer {activated.json()['access_token']}"}


def permit_documents(stack, auth: dict) -> list[str]:
    """The scans a shop's permit (KBLI 47112) requires, uploaded once and named by every submission."""
    from tests.e2e.test_permits_flow import _permit_types, upload_required

    http = requests.Session()
    permit_type = next(t for t in _permit_types(stack, http) if t["kbli_code"] == "47112")
    return upload_required(stack, http, {"headers": auth}, permit_type)


def scenarios(stack, auth: dict, documents: list[str]) -> list[tuple]:
    """(name, url, method, headers, body): body bytes, None, or n -> (headers, bytes) when each differs."""
    json_auth = {**auth, "Content-Type": "application/json"}
    report = json.dumps({"hazard": "banjir", "latitude": 0.55, "longitude": 123.06, "description": "bench"}).encode()

    nib = "9" + str(uuid.uuid4().int)[:12]  # one NIB per owner: the citizen's, on every application

    def permit(n):
        body = {
            "kbli_code": "47112",
            "business_name": f"Toko Bench {n}",
            "business_address": "Jl. Nani Wartabone No. 10",
            "region_code": KOTA_VILLAGE,
            "latitude": 0.5435,
            "longitude": 123.0595,
            "investment_rupiah": 25_000_000,
            "workforce": 3,
            # A low-risk permit is issued at once: with the owner's NIB.
            "nib": nib,
            "document_ids": documents,
        }
        return {"Idempotency-Key": str(uuid.uuid4())}, json.dumps(body).encode()

    def complaint(n):
        body = {
            "category": "jalan_rusak",
            "title": f"Jalan berlubang {n}",
            "description": "Lubang besar di depan pasar, motor hampir jatuh.",
            "latitude": 0.5435,
            "longitude": 123.0595,
        }
        return {"Idempotency-Key": str(uuid.uuid4())}, json.dumps(body).encode()

    extra = []
    if "assist" in SERVICES:  # Tanya Layanan, once the stack runs it (tests/bench/assist.py)
        from tests.bench import assist

        extra.append(assist.scenario(stack))
    return extra + [
        ("authenticated read: GET /v1/me", stack.url + "/v1/me", "GET", auth, None),
        ("public read: GET /v1/public/complaints", stack.url + "/v1/public/complaints", "GET", {}, None),
        ("write: POST /v1/disaster/reports", stack.url + "/v1/disaster/reports", "POST", json_auth, report),
        ("write: POST /v1/permits/applications", stack.url + "/v1/permits/applications", "POST", json_auth, permit),
        ("write: POST /v1/complaints", stack.url + "/v1/complaints", "POST", json_auth, complaint),
    ]


def status_answers_on_the_wire(stack, auth: dict) -> dict:
    """Issue 20: a status answer stays under 1 KB on the wire. A resident's complaint (its status and
    deadlines; filed by the bench's complaint scenario) and the first page of the public list."""
    mine = requests.get(stack.url + "/v1/complaints?page_size=1", headers=auth, timeout=10).json()
    code = mine["complaints"][0]["tracking_code"]
    figures = {}
    for name, url, headers in (
        ("GET /v1/complaints/{tracking_code}", f"{stack.url}/v1/complaints/{code}", auth),
        ("GET /v1/public/complaints", stack.url + "/v1/public/complaints", {}),
    ):
        total, body = wire_bytes(url, headers)
        figures[name] = {"wire_bytes": total, "body_bytes": body, "header_bytes": total - body}
    return figures


def measure(load, url, method, headers, body, args, pids_of) -> dict:
    """One scenario: warm-up, then load with every process's CPU read before and after."""
    python_load(url, method=method, headers=headers, body=body, seconds=1, connections=4)
    pids = pids_of()
    before = procstat.cpu_seconds(pids)
    result = load(url, method=method, headers=headers, body=body, seconds=args.seconds, connections=args.connections)
    spent = procstat.cpu_spent(before, procstat.cpu_seconds(pids))
    per_process: dict[str, float] = {}
    for pid, seconds in spent.items():
        name = procstat.label(pid)
        per_process[name] = per_process.get(name, 0.0) + seconds
    answered = max(result["requests"], 1)
    result["cpu_ms_per_request"] = sum(spent.values()) * 1000 / answered
    result["cpu_ms_per_request_by_process"] = {
        k: round(v * 1000 / answered, 3) for k, v in sorted(per_process.items(), key=lambda kv: -kv[1]) if v > 0
    }
    return result


def run_backend(backend: str, args, load, hello_url: str, hello_pid: int, report: dict) -> None:
    workdir = pathlib.Path(tempfile.mkdtemp(prefix=f"gorontalo-bench-{backend}-"))
    on_postgres = SERVICES if backend == "postgresql" else ()
    started = time.monotonic()
    try:
        # The services as make run starts them: forked by gorontalo-services (servicekit.launcher).
        with running_stack(workdir, on_postgres, launcher=True) as stack:
            if backend == "postgresql" and not stack.database_urls:
                print("PostgreSQL not reachable: skipping its scenarios")
                return
            section = report.setdefault(backend, {})
            section["startup_s"] = round(time.monotonic() - started, 2)
            stack_pids = lambda: [p for p in procstat.descendants(os.getpid()) if p not in hello_family]  # noqa: E731
            hello_family = {hello_pid, *procstat.descendants(hello_pid)}
            # Start-up work done (assist's index, first health checks) before memory is read and before
            # any scenario: each figure is the request's own cost, not the start-up's.
            section["quiet_after_s"], section["idle_cpu_share"] = procstat.wait_until_quiet(stack_pids)
            if backend == "sqlite":
                section["idle_pss_mb"] = {
                    f"{procstat.label(p)} [{p}]": round(procstat.pss_mb(p) or 0, 1) for p in stack_pids()
                }
            auth = sign_up_citizen(stack)
            documents = permit_documents(stack, auth)
            paired_args = argparse.Namespace(**{**vars(args), "seconds": max(3.0, args.seconds / 2)})
            results = {
                "baseline: bare Flask hello": measure(
                    load, hello_url, "GET", {}, None, args, lambda: list(hello_family)
                )
            }
            for name, url, method, headers, body in scenarios(stack, auth, documents):
                # Each scenario's ratio is to a hello measured just before it: this machine's speed
                # drifts by tens of percent within minutes, and a ratio to one hello at the start of
                # the run inherited that drift (the same code read 0.14x and 0.18x in two runs).
                paired = measure(load, hello_url, "GET", {}, None, paired_args, lambda: list(hello_family))
                result = measure(load, url, method, headers, body, args, stack_pids)
                result["paired_hello_rps"] = paired["rps"]
                result["paired_hello_cpu_ms"] = paired["cpu_ms_per_request"]
                result["x_hello"] = result["rps"] / (paired["rps"] or 1)
                results[name] = result
            section["scenarios"] = results
            section["status_answers_on_the_wire"] = wire = status_answers_on_the_wire(stack, auth)
            # The figure earlier runs recorded (compare.py reads it): the public list's gzipped body.
            section["public_complaints_wire_bytes"] = wire["GET /v1/public/complaints"]["body_bytes"]
            if backend == "sqlite" and not args.skip_intake:
                section["event_latency"] = intake.event_latency(
                    stack, rate=args.event_rate, seconds=min(args.seconds, 20)
                )
                section["event_latency_direct"] = intake.event_latency(
                    stack, rate=args.event_rate, seconds=min(args.seconds, 20), through="service"
                )
                section["intake"] = intake.intake(stack, seconds=args.intake_seconds)
    except TimeoutError:
        # A busy machine can keep a process from starting within the stack's minute: say which.
        for log in sorted((workdir / "logs").glob("*.log")):
            print(f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-8:]), file=sys.stderr)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def print_report(report: dict) -> None:
    if "make_run_startup" in report:
        s = report["make_run_startup"]
        print(
            f"\nmake run to ready (every service SERVING, the gateway answering; tests/bench/startup.py): "
            f"installed checkout {s['installed_runs_s']} s, median {s['installed_median_s']} s; "
            f"first run on an empty VAR_DIR {s['first_run_s']} s"
        )
    for backend in ("sqlite", "postgresql"):
        section = report.get(backend)
        if not section or "scenarios" not in section:
            continue
        results = section["scenarios"]
        hello = results["baseline: bare Flask hello"]
        print(
            f"\n== {backend}: this harness's stack started in {section['startup_s']} s; quiet (under 15 % of a core for 6 s) "
            f"{section.get('quiet_after_s', '?')} s later, measured from then"
        )
        print(
            f"{'scenario':42} {'req/s':>8} {'x hello':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms/req':>10} {'x hello':>7} {'errors':>6}"
        )
        for name, r in results.items():
            # x hello: to the hello measured just before the scenario (paired), else to the run's first
            ratio = r.get("x_hello", r["rps"] / (hello["rps"] or 1))
            cpu_hello = r.get("paired_hello_cpu_ms", hello["cpu_ms_per_request"]) or 1
            print(
                f"{name:42} {r['rps']:8.1f} {ratio:8.2f} {r['p50_ms']:7.1f} {r['p99_ms']:7.1f} "
                f"{r['cpu_ms_per_request']:10.2f} {r['cpu_ms_per_request'] / cpu_hello:7.1f} "
                f"{r['errors']:6d}"
                + (f"   (paired hello {r['paired_hello_rps']:.0f} req/s)" if "paired_hello_rps" in r else "")
            )
        for name, r in results.items():
            top = ", ".join(f"{k} {v:.2f}" for k, v in list(r["cpu_ms_per_request_by_process"].items())[:4])
            print(f"  CPU ms/req {name[:36]:36}: {top}")
        for name, w in section.get("status_answers_on_the_wire", {}).items():
            print(
                f"  {name}: {w['wire_bytes']} bytes on the wire with every header "
                f"(headers {w['header_bytes']}, body {w['body_bytes']})"
            )
        for key in ("event_latency", "event_latency_direct"):
            if key not in section:
                continue
            e = section[key]
            via = "reports through the gateway" if key == "event_latency" else "reports straight to the service"
            print(
                f"event latency commit -> consumer ({via}): offered {e['offered_per_s']:.0f}/s, achieved {e['achieved_per_s']:.0f}/s, "
                f"p50 {e['p50_ms']:.0f} ms, p99 {e['p99_ms']:.0f} ms, max {e['max_ms']:.0f} ms "
                f"({e['events_received']}/{e['events_sent']} received; load from {e.get('load_generator', 'python client')})"
            )
            for consumer, c in e.get("consumers", {}).items():
                print(
                    f"  to the durable consumer {consumer} (its ack, from its histogram): p50 {c['p50_ms']} ms, "
                    f"p99 {c['p99_ms']} ms over {c['events']} events"
                )
        if "intake" in section:
            i = section["intake"]
            print(
                f"disaster intake: {i['acknowledged_in_window']} acknowledged in {i['seconds']:.0f} s = {i['reports_per_s']:.0f} reports/s "
                f"(x hello {i['reports_per_s'] / (hello['rps'] or 1):.2f}); kill -9 half-way: {i['missing_after_kill']} missing, "
                f"{i['duplicates']} duplicates, {i['retries']} retries, {i['never_acknowledged']} never acknowledged "
                f"(load from {i.get('load_generator', 'python client')})"
            )
            top = ", ".join(f"{k} {v:.2f}" for k, v in list(i.get("cpu_ms_per_report_by_process", {}).items())[:6])
            client = i.get("client_cpu_ms_per_report", float("nan"))
            print(f"  intake CPU ms per acknowledged report: {top}; the load generator {client:.2f}")
        if "idle_pss_mb" in section:
            pss = section["idle_pss_mb"]
            print("idle PSS (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(pss.items(), key=lambda kv: -kv[1])))
            print(f"idle PSS total: {sum(pss.values()):.0f} MB over {len(pss)} processes")
            counted = {k: v for k, v in pss.items() if k.rsplit(" [", 1)[0] in ISSUE_MEMORY_SET}
            print(
                f"idle PSS of the issue's set (five services, the gateway, the stream server, NATS, and the "
                f"launcher that forks the services): {sum(counted.values()):.0f} MB over {len(counted)} processes"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "10")))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS", "16")))
    parser.add_argument("--intake-seconds", type=float, default=float(os.environ.get("BENCH_INTAKE_SECONDS", "60")))
    parser.add_argument("--event-rate", type=float, default=float(os.environ.get("BENCH_EVENT_RATE", "500")))
    parser.add_argument("--backends", default=os.environ.get("BENCH_BACKENDS", "sqlite,postgresql"))
    parser.add_argument("--skip-intake", action="store_true", help="no intake nor event-latency run")
    parser.add_argument("--startup-runs", type=int, default=int(os.environ.get("BENCH_STARTUP_RUNS", "3")))
    parser.add_argument("--python-client", action="store_true", help="use the Python client even if wrk exists")
    parser.add_argument("--output", default=os.environ.get("BENCH_OUTPUT", str(ROOT / "var" / "bench.json")))
    args = parser.parse_args()
    load = python_load if args.python_client or not shutil.which("wrk") else wrk_load
    # The intake comes from one address (127.0.0.1): its per-address limit is raised by its setting.
    os.environ["DISASTER_CLIENT_REPORTS_PER_MINUTE"] = "0"
    # The gateway as make run starts it (gunicorn_conf's defaults, which the hello runs under too).
    os.environ["STACK_GATEWAY_THREADS"] = os.environ.get("GATEWAY_THREADS", "16")
    os.environ.setdefault("ASSIST_QUESTIONS_PER_ADDRESS", "1000000/minute")
    os.environ.setdefault("COMPLAINTS_MODEL_PATH", complaints_model())
    report: dict = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "load_generator": "wrk" if load is wrk_load else "python client",
        "seconds": args.seconds,
        "connections": args.connections,
        "tracing": "exported"
        if any(k.startswith("OTEL_EXPORTER") for k in os.environ)
        else "spans made, no exporter (as make run)",
    }
    print(
        f"load generator: {report['load_generator']}; {args.connections} connections, {args.seconds:.0f} s per scenario; "
        f"load average at start {report['load_average_at_start'][0]:.1f} on {report['cpus']} CPUs"
    )
    if args.startup_runs > 1:  # make run itself, before any stack of the bench runs beside it
        report["make_run_startup"] = startup.make_run_startup(args.startup_runs)
    hello, hello_url = start_hello()
    try:
        for backend in args.backends.split(","):
            run_backend(backend.strip(), args, load, hello_url, hello.pid, report)
    finally:
        hello.terminate()
        hello.wait(10)
    report["load_average_at_end"] = os.getloadavg()
    print_report(report)
    output = pathlib.Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, default=str))
    print(f"\nwritten to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
