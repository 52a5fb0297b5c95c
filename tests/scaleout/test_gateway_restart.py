"""A gateway whose gunicorn master was SIGKILLed starts again at once (issue 18, "Restart after a crash").

A supervisor (Kubernetes, systemd) restarts the process immediately. Before the fix the orphaned workers
kept the listening socket through their graceful timeout and the new master gave up binding after ~5 s
and exited 1. The orphans here also hold a keep-alive connection, as a busy gateway's workers would.
"""

from __future__ import annotations

import http.client
import os
import pathlib
import signal
import subprocess
import time

import pytest

from servicekit.testing import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("packaging")]

ROOT = pathlib.Path(__file__).resolve().parents[2]
GATEWAY = ROOT / ".venv" / "bin" / "gorontalo-gateway"


def _start(tmp_path: pathlib.Path, port: int, metrics_port: int, name: str) -> tuple[subprocess.Popen, pathlib.Path]:
    env = {
        **os.environ,
        "GATEWAY_BIND": f"127.0.0.1:{port}",
        # The same metrics port for both masters, as a supervisor restarts with the same settings: the
        # orphans once kept it (inherited from the master) and the new master exited 1.
        "GATEWAY_METRICS_PORT": str(metrics_port),
        "GATEWAY_WORKERS": "2",
        "VAR_DIR": str(tmp_path / name),
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([str(GATEWAY)], cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    return process, log


def _children(pid: int) -> list[int]:
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _healthy(port: int, process: subprocess.Popen, log: pathlib.Path, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gateway exited {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"gateway not healthy:\n{log.read_text()[-4000:]}")


def _alive(pid: int) -> bool:
    try:
        state = (pathlib.Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_gateway_starts_again_at_once_after_its_master_is_killed(tmp_path):
    port, metrics_port = free_port(), free_port()
    first, first_log = _start(tmp_path, port, metrics_port, "first")
    second = None
    try:
        _healthy(port, first, first_log)
        deadline = time.monotonic() + 30
        while len(_children(first.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        orphans = _children(first.pid)
        assert len(orphans) >= 2, "the gateway's workers were not found"
        held = http.client.HTTPConnection("127.0.0.1", port, timeout=5)  # a keep-alive client of a worker
        held.request("GET", "/healthz")
        assert held.getresponse().read()

        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        second, second_log = _start(tmp_path, port, metrics_port, "second")  # what a supervisor does: at once
        _healthy(port, second, second_log)

        # The orphans went away by themselves (parent-death signal), not at the next restart.
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in orphans) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in orphans), "orphaned workers of the killed master still run"
        # Every answer now comes from the new master's workers.
        for _ in range(10):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            assert connection.getresponse().status == 200
        assert second.poll() is None, second_log.read_text()[-4000:]
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
