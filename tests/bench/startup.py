"""`make run` itself, timed from its start to ready (issue 20's start-up figure).

Ready means what the issue says: the gateway answers and every service's gRPC health is SERVING
(`GET /readyz?upstreams=all` is 200). `make run` runs here exactly as a developer runs it (the
Makefile's target, deploy/run.sh, honcho, seeding, NATS with TLS, Prometheus when installed), with
only its addresses moved to free ports and its state in a scratch VAR_DIR, so that a running
`make run` or another bench is not disturbed. The first run starts from an empty VAR_DIR (keys,
certificates and databases are created); the next ones are "an installed checkout", the case the
issue's limit is about. Each run is stopped as Ctrl-C stops it (SIGINT to honcho).

`python tests/bench/startup.py [--runs 3]` prints the figures alone.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from servicekit.testing import free_port  # noqa: E402
from tests.e2e.stack import SERVICES  # noqa: E402

# Settings of the caller's environment that would point make run at another stack's processes.
_FOREIGN = ("_ADDR", "_DATABASE_URL", "_INSTANCE", "_KEYS_DIR", "_METRICS_PORT", "_BIND", "_URL")


def _environment(var_dir: pathlib.Path) -> tuple[dict[str, str], str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith(_FOREIGN) and not k.startswith("TLS_") and k not in ("PROMETHEUS_MULTIPROC_DIR", "VAR_DIR")
    }
    gateway = f"127.0.0.1:{free_port()}"
    env.update(
        {
            "VAR_DIR": str(var_dir),
            "NATS_PORT": str(free_port()),
            "GATEWAY_BIND": gateway,
            "GATEWAY_STREAMS_BIND": f"127.0.0.1:{free_port()}",
            "WEB_BIND": f"127.0.0.1:{free_port()}",
            "GATEWAY_METRICS_PORT": str(free_port()),
            "GATEWAY_STREAMS_METRICS_PORT": str(free_port()),
            "PROMETHEUS_LISTEN": f"127.0.0.1:{free_port()}",
        }
    )
    for name in SERVICES:
        env[f"{name.upper()}_ADDR"] = f"127.0.0.1:{free_port()}"
        env[f"{name.upper()}_METRICS_PORT"] = str(free_port())
    return env, "http://" + gateway


def _one_run(env: dict[str, str], url: str, log: pathlib.Path, timeout: float) -> float | None:
    started = time.monotonic()
    with open(log, "ab") as output:
        process = subprocess.Popen(
            ["make", "-s", "run"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    ready_after = None
    try:
        while time.monotonic() - started < timeout and process.poll() is None:
            try:
                if requests.get(url + "/readyz?upstreams=all", timeout=2).status_code == 200:
                    ready_after = time.monotonic() - started
                    break
            except requests.RequestException:  # refused until gunicorn listens
                pass
            time.sleep(0.05)
    finally:
        _stop(process)
    return ready_after


def _stop(process: subprocess.Popen) -> None:
    """As Ctrl-C: SIGINT to make's process group (honcho stops its children), then SIGKILL if stuck."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    try:  # anything honcho left behind in the group
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def make_run_startup(runs: int = 3, timeout: float = 120) -> dict:
    """Seconds from `make run` to ready: the first run on an empty VAR_DIR, then `runs - 1` more."""
    var_dir = pathlib.Path(tempfile.mkdtemp(prefix="gorontalo-bench-startup-"))
    log = var_dir.parent / (var_dir.name + ".log")
    try:
        env, url = _environment(var_dir / "var")
        figures = [_one_run(env, url, log, timeout) for _ in range(runs)]
        if any(f is None for f in figures):
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
            print(f"make run did not become ready within {timeout:.0f} s in every run:\n{tail}", file=sys.stderr)
        installed = [f for f in figures[1:] if f is not None]
        return {
            "first_run_s": None if figures[0] is None else round(figures[0], 2),
            "installed_runs_s": [None if f is None else round(f, 2) for f in figures[1:]],
            "installed_median_s": round(sorted(installed)[len(installed) // 2], 2) if installed else None,
        }
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
        log.unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    result = make_run_startup(args.runs)
    print(
        f"make run to ready: first run (empty VAR_DIR) {result['first_run_s']} s; installed checkout "
        f"{result['installed_runs_s']} s, median {result['installed_median_s']} s"
    )
    return 0 if result["installed_median_s"] is not None else 1


if __name__ == "__main__":
    sys.exit(main())
