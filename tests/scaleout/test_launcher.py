"""The services started as `make run` starts them: children of one `gorontalo-services` (servicekit.launcher).

A whole stack (tests/e2e/stack.py in launcher mode: the eight services and the stream server forked by
the launcher, the gunicorn gateway in front): every service is SERVING through the gateway, each child is
its own process named after its service and shows only its own metrics; a child killed with SIGKILL is
forked again and serves; a service stopped by an operator stays down until released; SIGTERM to the
launcher stops every child within a bounded time, and none is left.
"""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import time

import pytest
import requests

from tests.e2e.stack import SERVICES, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("launcher")]

STOP_SECONDS = 60  # bounded, and generous for a loaded machine: nothing here measures speed


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = Stack(tmp_path_factory.mktemp("launched"), launcher=True)
    try:
        running.start()
        yield running
    finally:
        running.stop()


def _parent_of(pid: int) -> int:
    return int(pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _alive(pid: int) -> bool:
    try:
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _report(stack) -> requests.Response:
    body = {"hazard": "banjir", "latitude": 0.55, "longitude": 123.06, "description": "air naik di launcher"}
    return requests.post(stack.url + "/v1/disaster/reports", json=body, timeout=30)


def test_every_service_is_its_own_child_of_the_launcher_and_serving(stack):
    ready = requests.get(stack.url + "/readyz?upstreams=all", timeout=10)
    assert ready.status_code == 200, ready.text  # the gateway's gRPC health checks: every service SERVING
    launcher = stack.processes["services"].pid
    pids = {name: stack.pid(name) for name in SERVICES}
    assert len(set(pids.values())) == len(SERVICES)
    for name, pid in pids.items():
        assert _parent_of(pid) == launcher
        assert pathlib.Path(f"/proc/{pid}/comm").read_text().strip() == name[:15]
    assert _parent_of(stack.pid("streams")) == launcher
    assert requests.get(stack.streams_url + "/readyz", timeout=10).status_code == 200
    assert _report(stack).status_code in (200, 201, 202)


def test_a_child_shows_its_own_metrics_and_not_the_other_services(stack):
    text = requests.get(f"http://127.0.0.1:{stack.ports['tax'][1]}/metrics", timeout=10).text
    assert "grpc_server_handled_total" in text  # servicekit's, shared by every service
    for other in SERVICES:
        if other != "tax":
            assert f"gorontalo_{other}_" not in text


def test_a_child_killed_with_sigkill_is_forked_again_and_serves(stack):
    killed = stack.pid("disaster")
    os.kill(killed, signal.SIGKILL)
    handle = stack.processes["disaster"]
    again = handle.wait_for_pid(other_than=killed)
    assert not _alive(killed)
    assert handle.returncode() == -signal.SIGKILL
    assert _parent_of(again) == stack.processes["services"].pid
    stack.wait_until_gateway_reaches("disaster")
    deadline = time.monotonic() + 60
    while (answer := _report(stack)).status_code not in (200, 201, 202) and time.monotonic() < deadline:
        time.sleep(0.5)  # the gateway's channel may still be in reconnect backoff
    assert answer.status_code in (200, 201, 202), answer.text
    log = (stack.logs / "services.log").read_text()
    assert f"service disaster (pid {killed}) killed by SIGKILL" in log


def test_a_service_held_down_stays_down_until_started(stack):
    stopped = stack.pid("tax")
    assert stack.stop_service("tax") == 0  # its graceful SIGTERM exit
    time.sleep(2)
    assert stack.processes["tax"].current_pid() is None  # not forked again while held down
    stack.start_service("tax")
    assert stack.pid("tax") != stopped
    assert requests.get(stack.url + "/readyz?upstreams=all", timeout=10).status_code == 200


def test_sigterm_stops_every_child_in_bounded_time(stack):
    children = [stack.pid(name) for name in (*SERVICES, "streams")]
    launcher = stack.processes.pop("services")
    launcher.send_signal(signal.SIGTERM)
    try:
        code = launcher.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        launcher.kill()
        raise
    assert code == 0  # every child drained and exited by itself
    assert [pid for pid in children if _alive(pid)] == []
    assert list((stack.run_dir).glob("*.pid")) == []
