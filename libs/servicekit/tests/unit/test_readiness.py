"""Readiness checks again soon while a dependency fails, and at its interval once all answer."""

from __future__ import annotations

import threading
import time

from servicekit import health


class RecordingServicer:
    def __init__(self):
        self.statuses: list[int] = []
        self.changed = threading.Condition()

    def set(self, name: str, status: int) -> None:
        with self.changed:
            self.statuses.append(status)
            self.changed.notify_all()

    def wait_for(self, status: int, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: status in self.statuses, timeout)


def test_a_dependency_that_comes_back_makes_the_replica_serving_long_before_the_interval():
    back = threading.Event()
    calls = []

    def nats() -> bool:
        calls.append(time.monotonic())
        return back.is_set()

    servicer = RecordingServicer()
    # An interval far longer than the test: only the sooner rechecks can turn it SERVING in time.
    readiness = health.Readiness(servicer, [""], {"nats": nats}, interval=120).start()
    try:
        assert servicer.wait_for(health.NOT_SERVING, timeout=10)
        back.set()  # the broker connects a moment after the first check, as at every start
        assert servicer.wait_for(health.SERVING, timeout=10)
        checks_when_serving = len(calls)
        time.sleep(1.0)
        # Once every check answers, the next comes after the interval: no polling meanwhile.
        assert len(calls) == checks_when_serving
    finally:
        readiness.stop()


def test_rechecks_of_a_failing_dependency_slow_down_to_the_interval():
    calls = []

    def database() -> bool:
        calls.append(time.monotonic())
        return False

    readiness = health.Readiness(RecordingServicer(), [""], {"database": database}, interval=0.4).start()
    try:
        deadline = time.monotonic() + 30
        while len(calls) < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        readiness.stop()
    gaps = [b - a for a, b in zip(calls, calls[1:], strict=False)]
    assert len(gaps) >= 7
    # 0.1, 0.2, then capped at the interval (0.4): never more often than the first recheck, and later
    # gaps at least the interval (a dead database is not asked ten times a second for ever).
    assert all(gap >= health.FIRST_RECHECK_SECONDS * 0.9 for gap in gaps)
    assert all(gap >= 0.4 * 0.9 for gap in gaps[3:])
