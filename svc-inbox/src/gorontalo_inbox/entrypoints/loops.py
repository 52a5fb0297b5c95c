"""Background work of `serve` besides the bus: a periodic task on its own thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    """Runs `task()` every `interval` seconds (first at once) until stopped; a failure waits for the next run."""

    def __init__(self, name: str, interval: float, task: Callable[[], object]):
        self.name, self.interval, self.task = name, interval, task
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Periodic:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.task()
            except Exception:  # noqa: BLE001 - logged; the server keeps serving
                log.exception("%s failed", self.name)
            self._stop.wait(self.interval)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)
