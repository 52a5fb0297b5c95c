"""What a probe needs to know (issue 18, "Health").

Liveness, gRPC health service name "liveness": the process is alive and answering; it stays SERVING
until the process stops, so a supervisor restarts only a process that is stuck or gone.
Readiness, the overall "" status and each service's own name: this replica can serve, meaning its own
database answers and its broker connection is up. A checker thread asks both every few seconds and
turns the statuses NOT_SERVING while either is down and SERVING when both are back, so a load
balancer sends calls elsewhere meanwhile without the replica being restarted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent import futures

import sqlalchemy as sa
from grpc_health.v1 import health_pb2

log = logging.getLogger(__name__)

LIVENESS = "liveness"
CHECK_INTERVAL_SECONDS = 2.0
# While a check fails, the next comes sooner (this, doubling up to the interval): a replica that has
# just started (NATS connects a moment after the first check) or whose dependency came back is
# SERVING within a fraction of a second instead of a whole interval later (make run's start-up,
# issue 20: every service waited ~2 s for its second check).
FIRST_RECHECK_SECONDS = 0.1
# A database that does not answer within this is as good as down for a caller waiting on it.
CHECK_TIMEOUT_SECONDS = 3.0

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


def database_check(session_factory) -> Callable[[], bool]:
    def answers() -> bool:
        with session_factory() as session:
            session.execute(sa.text("SELECT 1"))
        return True

    return answers


def broker_check(bus) -> Callable[[], bool]:
    return bus.connected.is_set


class Readiness:
    """Sets `names` (the overall "" among them) SERVING or NOT_SERVING on a grpc_health servicer."""

    def __init__(
        self,
        servicer,
        names: list[str],
        checks: dict[str, Callable[[], bool]],
        interval: float = CHECK_INTERVAL_SECONDS,
        timeout: float = CHECK_TIMEOUT_SECONDS,
    ):
        self.servicer = servicer
        self.names = list(names)
        self.checks = checks
        self.interval = interval
        self.timeout = timeout
        self.failing: list[str] = []
        self._stopping = threading.Event()
        # Checks run in their own threads: one that hangs (a database behind a dropped route) counts as
        # failed after the timeout instead of freezing the status at its last value.
        self._pool = futures.ThreadPoolExecutor(max_workers=max(1, len(checks)), thread_name_prefix="readiness")
        self._thread: threading.Thread | None = None

    def check_once(self) -> list[str]:
        """The names of the checks that fail now; the statuses are set accordingly."""
        running = {name: self._pool.submit(check) for name, check in self.checks.items()}
        failing = []
        for name, future in running.items():
            try:
                if not future.result(timeout=self.timeout):
                    failing.append(name)
            except Exception:  # noqa: BLE001 - whatever the reason, this replica cannot serve
                failing.append(name)
        if failing != self.failing:
            if failing:
                log.warning("not ready: %s unreachable", ", ".join(failing))
            else:
                log.info("ready again")
        self.failing = failing
        status = NOT_SERVING if failing else SERVING
        for name in self.names:
            self.servicer.set(name, status)
        return failing

    def start(self) -> Readiness:
        self._thread = threading.Thread(target=self._run, name="readiness", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        recheck = FIRST_RECHECK_SECONDS
        while not self._stopping.is_set():
            try:
                failing = bool(self.check_once())
            except Exception:  # noqa: BLE001 - the checker must outlive any one round
                log.exception("readiness check failed")
                failing = True
            if failing:
                wait, recheck = min(recheck, self.interval), recheck * 2
            else:
                wait, recheck = self.interval, FIRST_RECHECK_SECONDS
            self._stopping.wait(wait)

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(self.timeout + self.interval)
        self._pool.shutdown(wait=False, cancel_futures=True)


def for_bus(servicer, names: list[str], bus, interval: float = CHECK_INTERVAL_SECONDS) -> Readiness | None:
    """Readiness of a service process from its event bus: the bus's database and its NATS connection."""
    checks: dict[str, Callable[[], bool]] = {}
    if bus is not None and getattr(bus, "session_factory", None) is not None:
        checks["database"] = database_check(bus.session_factory)
    if bus is not None and getattr(bus, "connected", None) is not None:
        checks["nats"] = broker_check(bus)
    return Readiness(servicer, names, checks, interval) if checks else None
