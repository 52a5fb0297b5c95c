"""servicekit.supervision and the launcher's parsing, on toy children (real fork, no services).

The supervisor runs in its own interpreter (a forked child leaves through SystemExit, which inside
pytest would run pytest's own teardown).
"""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from servicekit.launcher import LaunchError, parse_spec

SUPERVISED = textwrap.dedent(
    """
    import pathlib, signal, sys, time
    from servicekit.supervision import Child, Supervisor

    def steady():
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        while True:
            time.sleep(0.05)

    def failing():
        return 3

    children = [Child("steady", steady, argv=("toy", "serve")), Child("failing", failing)]
    sys.exit(Supervisor(children, pathlib.Path(sys.argv[1]), stop_seconds=20).run())
    """
)


def _wait(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def _pid(run_dir: pathlib.Path, name: str) -> int | None:
    try:
        return int((run_dir / f"{name}.pid").read_text())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        return pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture
def supervised(tmp_path):
    run_dir = tmp_path / "run"
    log = (tmp_path / "supervisor.log").open("w")
    process = subprocess.Popen([sys.executable, "-c", SUPERVISED, str(run_dir)], stdout=log, stderr=log)
    yield process, run_dir, tmp_path / "supervisor.log"
    if process.poll() is None:
        process.kill()
        process.wait(10)
    log.close()


def test_a_killed_child_is_forked_again_a_failing_one_with_a_growing_pause_and_sigterm_stops_all(supervised):
    process, run_dir, log = supervised
    first = _wait(lambda: _pid(run_dir, "steady"))
    # Named after its service (ps, top), once the child has set it just after the fork.
    _wait(lambda: pathlib.Path(f"/proc/{first}/comm").read_text().strip() == "steady")
    assert os.getpgid(first) == first  # its own process group: a terminal's Ctrl-C reaches the parent only

    os.kill(first, signal.SIGKILL)
    second = _wait(lambda: (pid := _pid(run_dir, "steady")) not in (None, first) and pid)
    assert (run_dir / "steady.exited").read_text().strip() == str(-signal.SIGKILL)

    # The failing child's exit code is recorded, and it is forked again after 0.5, 1, 2 s ...
    _wait(lambda: "forking it again in 1.0 s" in log.read_text(), timeout=30)
    assert (run_dir / "failing.exited").read_text().strip() == "3"

    (run_dir / "steady.down").touch()
    os.kill(second, signal.SIGTERM)
    _wait(lambda: not _alive(second))
    time.sleep(1.5)
    assert _pid(run_dir, "steady") is None  # held down
    (run_dir / "steady.down").unlink()
    process.send_signal(signal.SIGHUP)
    third = _wait(lambda: _pid(run_dir, "steady"))

    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 0
    assert not _alive(third)
    assert list(run_dir.glob("*.pid")) == []


RESTARTED_AT_ONCE = textwrap.dedent(
    """
    import pathlib, signal, sys, time
    from servicekit import supervision
    from servicekit.supervision import Child, Supervisor

    supervision.QUICK_DEATH_SECONDS = 0.0  # forked again at once, so each round is a fresh fork

    def steady():
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        while True:
            time.sleep(0.05)

    sys.exit(Supervisor([Child("steady", steady)], pathlib.Path(sys.argv[1]), stop_seconds=5).run())
    """
)


def _first_new_pid(run_dir: pathlib.Path, previous: int | None) -> int:
    """Read without a pause: the point is to signal the child within microseconds of its fork."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if (pid := _pid(run_dir, "steady")) not in (None, previous):
            return pid
    raise AssertionError("no new child in time")


def test_a_sigterm_sent_the_moment_a_child_is_forked_still_stops_it(tmp_path):
    # Before the signals were held across the fork, most of these were lost: the parent's own Python
    # handler ran in the child, which then went on to serve.
    run_dir = tmp_path / "run"
    process = subprocess.Popen(
        [sys.executable, "-c", RESTARTED_AT_ONCE, str(run_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        previous, lost = None, []
        for _ in range(40):
            pid = _first_new_pid(run_dir, previous)
            os.kill(pid, signal.SIGTERM)  # as soon as the pid file names it
            try:
                _wait(lambda: not _alive(pid), timeout=5)
            except AssertionError:
                lost.append(pid)
                os.kill(pid, signal.SIGKILL)
            previous = pid
        assert lost == []
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("tax", ("tax", "tax", "serve")),
        ("permits:precheck-worker", ("permits-precheck-worker", "permits", "precheck-worker")),
        ("gateway:streams", ("gateway-streams", "gateway", "streams")),
    ],
)
def test_specs_name_a_service_and_its_command(spec, parsed):
    assert parse_spec(spec) == parsed


@pytest.mark.parametrize("spec", ["", ":serve", "tax:", "../tax", "tax;rm"])
def test_anything_else_is_refused(spec):
    if spec == "tax:":  # an empty command means serve
        assert parse_spec(spec) == ("tax", "tax", "serve")
        return
    with pytest.raises(LaunchError):
        parse_spec(spec)
